#pragma once
// Reads a run file (results/LAYOUT.md) into typed tables for check, report and export.
// Opening validates the file against results/format.hpp: its filetype and major format
// version, and the presence, element type and shape of every dataset. A file that fails
// is refused with a FormatError naming every problem, before anything is read, so no
// reader indexes past a dataset that was emptied or reshaped.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "models/ledger.hpp"
#include "results/format.hpp"
#include "results/hdf5_interface.hpp"
#include "results/solve_record.hpp"

namespace vaxsim {

// The file is not one this vaxsim can read: each problem is one sentence.
class FormatError : public std::runtime_error {
  public:
    FormatError(const std::filesystem::path& file, std::vector<std::string> problems);
    const std::vector<std::string>& problems() const { return problems_; }

  private:
    std::vector<std::string> problems_;
};

// What every vaxsim file says about itself in its root attributes.
struct FileIdentity {
    std::string filetype;
    format::Version version;
    std::string program_version; // empty when not recorded
    std::string creation_time;
    std::string command_line;
    std::int64_t seed = 0;
    std::string version_text() const; // "2.0"
};
// Opens a results file for a typed reader; throws FormatError if it does not exist or is
// not an HDF5 file.
hdf5::Handle open_results_file(const std::filesystem::path& path);
// A command's input (report, export, compare), checked before anything is read: throws
// std::runtime_error "'PATH' is not an HDF5 results file" when it is not HDF5.
void require_hdf5_input(const std::filesystem::path& path);
// Throws FormatError when the file has no filetype or format version (not a vaxsim file).
FileIdentity read_identity(hid_t file, const std::filesystem::path& path);
// "format 3.0 is not one this vaxsim reads (2.x)", or nothing when `found` is readable.
std::optional<std::string> version_problem(const format::Version& found,
                                           const format::Version& supported);

// The datasets of a file checked against a table of results/format.hpp: each expected
// dataset present, of its element type and rank, and every dimension symbol of one
// extent. `fixed` gives the extents known in advance (a symbol not voted on).
struct Layout {
    std::map<std::string_view, std::size_t> extents;
    std::vector<const format::DatasetSpec*> present;
    std::vector<std::string> problems;
};
Layout check_layout(hid_t file, const std::vector<const format::DatasetSpec*>& expected,
                    const std::map<std::string_view, std::size_t>& fixed = {});

// What value rules (format::Values) need to know of the file.
struct ValueContext {
    const std::map<std::string_view, std::size_t>* extents = nullptr;
    int first_day = 0; // the run's first day (a DayNumber) and its days
    std::size_t days = 0;
};
// "/daily/stock: 2 values break its rule (a count from 0 to 2^53), e.g. [100, 1] = -5,
// [101, 1] = -3", or nothing when every value keeps the dataset's rule.
template <class T>
std::optional<std::string> value_problem(const std::string& where, format::Values rule,
                                         std::string_view of, const std::vector<T>& values,
                                         const std::vector<hsize_t>& dims,
                                         const ValueContext& context);

struct ScenarioInfo {
    std::string name, description, source_file, base_file;
    std::string first_dose_allocation, second_dose_reserve;
    double second_dose_reserve_share = 0;
    std::string text, base_text, effective;
    std::vector<std::string> overrides;
};

struct Calendar {
    std::vector<std::string> date, quarter, month; // [D]
    std::vector<std::int32_t> weekday;
};

struct BandTable {
    std::vector<std::string> id;
    std::vector<std::int64_t> min_age, max_age, count;
};

struct GroupTable {
    std::vector<std::string> id, label, tier, opens, products, bands, plan_quarter;
    std::vector<std::int64_t> size, willing, priority, plan_count;
    std::vector<double> uptake;
};

struct ProductTable {
    std::vector<std::string> id, label;
    std::vector<std::int64_t> doses_in_series, interval_days_at_start, supply_before_modifiers,
        supply_delay_days, delivered_after_end;
    std::vector<std::int64_t> exports_not_made; // zeros in a file before 2.2
    std::vector<double> wastage, second_dose_completion, supply_scale, supply_shortfall;
};

// Kinds of site (one "all" site giving every product in a file before 2.2).
struct SiteTable {
    std::vector<std::string> id, label, kind, products; // products: ids separated by spaces
};

struct TargetTable {
    std::vector<std::string> id, label, measure, population, deadline, since, first_reached;
    std::vector<std::int64_t> population_count, threshold, value_at_deadline, met, margin;
    std::vector<double> share;
    // Target k bounds an overdue measure from above (is_bound in models/target.hpp).
    bool bound(std::size_t k) const {
        return measure[k] == "overdue_peak" || measure[k] == "overdue_person_days";
    }
};

struct PlanCheckTable {
    std::vector<std::string> group, quarter;
    std::vector<std::size_t> group_index; // of each row's group in GroupTable
    std::vector<std::int64_t> planned, started_in_quarter, met, quarter_in_run;
};

struct PeriodTable {
    std::vector<std::string> label, first_day, last_day;
    CountMatrix first_doses, second_doses, first_dose_people, fully_vaccinated_people; // [., G]
    CountMatrix deliveries, administered, wasted;                                      // [., P]
    std::vector<std::int64_t> capacity, capacity_used;
};

// The daily series except the doses, [D, ...] each.
struct DailySeries {
    CountMatrix first_dose_people, fully_vaccinated_people; // [D, G]
    // [D, G]; 0 x 0 in a file before 2.2, which does not hold them.
    CountMatrix boosted_people, up_to_date_people;
    CountMatrix deliveries, administered, wasted, stock, second_doses_overdue,
        second_doses_outstanding;                      // [D, P]
    // Supply as it came, [D, P]; zeros in a file before 2.2 (none of it then).
    CountMatrix extracted, imported, exported;
    CountMatrix dropped_out; // [D, P]; zeros in a file older than 2.2
    CountMatrix target_value;                          // [D, T]
    std::vector<std::int64_t> capacity, capacity_used; // [D]
    std::vector<std::int8_t> binding_constraint;       // a Constraint code, checked in range
    std::vector<std::int32_t> binding_product;         // -1 or an index into the products
    // [D, S]: each site's capacity and doses given (in a file before 2.2, one site: the
    // day's capacity and capacity used); [D]: the site that stopped the day, or -1.
    CountMatrix site_capacity, site_capacity_used;
    std::vector<std::int32_t> binding_site;
    // [D, G] row-major: what held each group at each day's end, and the product named
    // (-1: none); empty in a file before 2.4.
    std::vector<std::int8_t> group_binding_constraint;
    std::vector<std::int32_t> group_binding_product;
};

// /initial: the opening balance of a run started mid-campaign (since 2.3; an older file,
// or a run that starts from nothing, reads as no as_of and zeros).
struct InitialTable {
    std::string as_of;                       // "" when none
    std::vector<std::int64_t> doses;         // [G, P, K]: people given dose k + 1 before the start
    std::vector<std::int64_t> stock;         // [P]: doses on hand at the end of as_of
    std::vector<std::int64_t> replaced_deliveries; // [P]: deliveries on or before as_of
    std::size_t groups = 0, products = 0, doses_per_person = 0;
    std::int64_t at(std::size_t g, std::size_t p, std::size_t k) const {
        return doses[(g * products + p) * doses_per_person + k];
    }
};

// /daily/doses: [D, G, P, K], K the longest series.
struct DoseTable {
    std::vector<std::int64_t> values;
    std::size_t days = 0, groups = 0, products = 0, doses = 0;
    std::int64_t at(std::size_t d, std::size_t g, std::size_t p, std::size_t k) const {
        return values[((d * groups + g) * products + p) * doses + k];
    }
};

using RealMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct EpidemicSeries {
    RealMatrix infections, hospitalisations, deaths; // [D, E]
    double total_infections = 0, total_hospitalisations = 0, total_deaths = 0;
    // Since 2.6 (absent from older files): everyone in a band each day, over all strata
    // [D, E], and the least any compartment held.
    std::optional<RealMatrix> people;
    std::optional<double> smallest_compartment;
};

// Since 2.6: each dose of each product's series in the epidemic, [P, K] (zeros above the
// series): given in the rollout, moved into its stratum, given too late to protect.
struct EpidemicDoseData {
    RealMatrix given, moved, after_end;
};

// Since 2.7, when the epidemic has a hospital section: one run's hospital load.
struct HospitalLoadSeries {
    RealMatrix admissions, deaths_by_date;                    // [D, E] by day of admission, death
    std::vector<double> admissions_after_end, deaths_after_end; // [E]
    std::vector<double> ward_occupancy, icu_occupancy;          // [D]
    std::int64_t days_over_beds = 0, days_over_icu_beds = 0;
    // The most people in bed, and the first day they were (0 when no one ever was).
    static std::pair<double, std::size_t> peak(const std::vector<double>& occupancy);
};
struct HospitalData {
    std::string source;
    std::int64_t beds = 0, icu_beds = 0;
    std::vector<double> icu_share; // [E]
    HospitalLoadSeries vaccinated;
    std::optional<HospitalLoadSeries> counterfactual;
};

struct EpidemicData {
    double r0 = 0, beta = 0, latent_days = 0, infectious_days = 0;
    std::int64_t substeps = 0;
    std::string severity_source;
    // Since 2.9 (false and 0 before): whole people with random events, and the future drawn.
    bool stochastic = false;
    std::int64_t future = 0;
    std::vector<std::string> band;        // labels: "0-4", ..., "75+", or the scenario's bands
    std::vector<std::int64_t> band_min_age; // since 2.8 (empty before): each band's youngest age
    std::vector<double> population;
    EpidemicSeries vaccinated;
    std::optional<EpidemicSeries> counterfactual;
    std::optional<EpidemicDoseData> doses; // since 2.6
    std::optional<HospitalData> hospital;  // since 2.7
};

// /places (since 2.5; none in a run without places). Series [D, A, X] are flat,
// day-major: at(values, d, a, x).
struct PlaceData {
    std::vector<std::string> id, label;
    CountMatrix people; // [A, B]
    std::string rule;
    std::int64_t transfer_lag_days = 0;
    std::int64_t rebalance_every_days = 0; // 0 never (and in files before 2.6)
    std::size_t days = 0, places = 0, products = 0, groups = 0, targets = 0;
    std::vector<std::int64_t> deliveries, administered, stock;                         // [D, A, P]
    std::vector<std::int64_t> moved_in, moved_out; // [D, A, P]; zeros before 2.6
    std::vector<std::int64_t> first_dose_people, fully_vaccinated_people, up_to_date_people; // [D, A, G]
    std::vector<std::int8_t> group_binding_constraint;                                  // [D, A, G]
    std::vector<std::int64_t> target_value;                                             // [D, A, T]
    CountMatrix capacity, capacity_used;                                                // [D, A]
    std::vector<std::int8_t> binding_constraint;                                        // [D, A]
    CountMatrix target_population, target_threshold, target_met;                        // [A, T]
    // Since 2.10 (empty in an older file): each place's plan check, [A, L] (L: the rows
    // of /plan_check).
    CountMatrix plan_planned, plan_started_in_quarter, plan_met;
    std::vector<std::string> target_first_reached;                                      // [A, T], "" never
    RealMatrix equity_range, equity_ratio, equity_gini;                                 // [D, T]

    template <class T> static T at(const std::vector<T>& v, std::size_t d, std::size_t a,
                                   std::size_t x, std::size_t places, std::size_t width) {
        return v[(d * places + a) * width + x];
    }
    std::int64_t people_of(std::size_t a) const { return people.row(static_cast<Eigen::Index>(a)).sum(); }
};

class RunReader {
  public:
    // Throws FormatError: not a vaxsim run file, a format this vaxsim does not read, or
    // any dataset of the format table missing, of another type or shape.
    explicit RunReader(const std::filesystem::path& path);
    // The same for a file already open (not closed by the reader); `name` for messages.
    RunReader(hid_t file, const std::filesystem::path& name);

    const std::filesystem::path& path() const { return path_; }
    const FileIdentity& identity() const { return identity_; }
    // The extent of a dimension symbol of results/format.hpp ("D", "G", ...).
    std::size_t extent(std::string_view symbol) const;
    bool has_epidemic() const { return epidemic_; }
    // Is the dataset in the file? (Only one added by a later minor may be absent.)
    bool has(const format::DatasetSpec& spec) const;

    ScenarioInfo scenario() const;
    Calendar calendar() const; // throws FormatError unless the dates are consecutive days
    BandTable bands() const;
    GroupTable groups() const;
    ProductTable products() const;
    SiteTable sites() const;
    TargetTable targets() const;
    PlanCheckTable plan_check() const; // throws FormatError for a group not in /groups
    PeriodTable periods(const format::PeriodDatasets& which) const;
    DailySeries daily() const; // throws FormatError for a code or product out of range
    DoseTable doses() const;
    InitialTable initial() const;
    std::optional<EpidemicData> epidemic() const;
    bool has_places() const { return places_; }
    // What `vaxsim solve` asked and found (/solve), when the file is its record.
    std::optional<SolveRecord> solve() const;
    std::optional<PlaceData> places() const;
    // Every dataset whose values break its rule in results/format.hpp (the typed reads
    // above throw FormatError on the first such dataset they read).
    std::vector<std::string> value_problems() const;

  private:
    void validate();
    template <hdf5::Element T> std::vector<T> read(const format::DatasetSpec& spec) const;
    CountMatrix matrix(const format::DatasetSpec& spec) const;
    RealMatrix real_matrix(const format::DatasetSpec& spec) const;
    template <hdf5::Element T> T attribute(std::string_view group, std::string_view name) const;
    EpidemicSeries epidemic_series(const format::EpidemicSeriesDatasets& which) const;
    HospitalLoadSeries hospital_load(const format::HospitalLoadDatasets& which) const;
    [[noreturn]] void fail(const std::string& problem) const;

    std::filesystem::path path_;
    hdf5::Handle file_;
    FileIdentity identity_;
    std::map<std::string_view, std::size_t> extents_;
    std::vector<const format::DatasetSpec*> present_;
    ValueContext context_;
    bool epidemic_ = false;
    bool counterfactual_ = false;
    bool places_ = false;
    bool hospital_ = false;
};

} // namespace vaxsim
