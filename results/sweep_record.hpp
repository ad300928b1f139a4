#pragma once
// The record one run contributes to a sweep file: a fixed row of whole numbers, declared
// here once, field by field (name and width, the widths fixed by the base scenario). The
// offsets into a record, the HDF5 compound type of /runs/outcomes and the fingerprint
// that keeps a journal from resuming under another layout all derive from this
// declaration. Fields, in order:
//   target_met, target_first_reached_day (days since start, -1 never),
//   target_value_at_deadline, target_margin               one per target
//   plan_started_in_quarter                                 one per planned group
//   quarter_first_dose_people, quarter_fully_vaccinated_people   one per quarter
//   wasted, capacity_used                                   doses over the run
//   constraint_days                                         one per constraint code
//   overdue_peak, overdue_person_days                       one per product
//   epidemic_infections, epidemic_deaths, epidemic_deaths_averted  with an epidemic model
//   daily_first_dose_people, daily_fully_vaccinated_people  one per day: the coverage
//                                                           population's people
//   places_met                                              one per target, with places:
//                                                           how many places met it
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/epidemic_run.hpp"
#include "models/ledger.hpp"
#include "models/outcomes.hpp"
#include "models/scenario.hpp"
#include "results/format.hpp"
#include "results/hdf5_interface.hpp"

namespace vaxsim {

enum class RecordField {
    target_met,
    target_first_reached_day,
    target_value_at_deadline,
    target_margin,
    plan_started_in_quarter,
    quarter_first_dose_people,
    quarter_fully_vaccinated_people,
    wasted,
    capacity_used,
    constraint_days,
    overdue_peak,
    overdue_person_days,
    epidemic_infections,
    epidemic_deaths,
    epidemic_deaths_averted,
    daily_first_dose_people,
    daily_fully_vaccinated_people,
    places_met,
};
inline constexpr std::array<std::string_view, 18> record_field_names{
    "target_met",
    "target_first_reached_day",
    "target_value_at_deadline",
    "target_margin",
    "plan_started_in_quarter",
    "quarter_first_dose_people",
    "quarter_fully_vaccinated_people",
    "wasted",
    "capacity_used",
    "constraint_days",
    "overdue_peak",
    "overdue_person_days",
    "epidemic_infections",
    "epidemic_deaths",
    "epidemic_deaths_averted",
    "daily_first_dose_people",
    "daily_fully_vaccinated_people",
    "places_met",
};

// The record's fields are results/format.hpp's, in its order.
constexpr bool record_fields_agree() {
    if (record_field_names.size() != format::sweep::record_fields.size()) return false;
    for (std::size_t i = 0; i < record_field_names.size(); ++i)
        if (record_field_names[i] != format::sweep::record_fields[i].name) return false;
    return true;
}
static_assert(record_fields_agree(), "results/sweep_record.hpp and results/format.hpp list other record fields");

class SweepRecordLayout {
  public:
    SweepRecordLayout() = default;
    explicit SweepRecordLayout(const Scenario& base);

    // Whole numbers in one record.
    std::size_t size() const { return offset_.back(); }
    int width(RecordField f) const { return width_[index(f)]; }
    // Each field is a contiguous block of columns (all targets' "met", then all targets'
    // first days, ...), so a reader takes each field straight from the records.
    std::size_t offset(RecordField f, int i = 0) const {
        return offset_[index(f)] + static_cast<std::size_t>(i);
    }
    int targets() const { return width(RecordField::target_met); }
    int quarters() const { return width(RecordField::quarter_first_dose_people); }
    int products() const { return width(RecordField::overdue_peak); }
    bool epidemic() const { return width(RecordField::epidemic_deaths) > 0; }
    // Day index of each quarter's last day in the run.
    const std::vector<int>& quarter_last_day() const { return quarter_last_day_; }
    int days() const { return width(RecordField::daily_first_dose_people); }
    // Places of the base scenario (0 without places; then no places_met).
    int places() const { return places_; }
    // The population whose daily coverage a record holds: the main (first) target's when
    // it counts people with a first dose or fully vaccinated (from its first day), else
    // every group's. Its head count in the base, and a name for it.
    bool coverage_of_main_target() const { return coverage_of_main_target_; }
    std::int64_t coverage_population() const { return coverage_population_; }
    const std::string& coverage_label() const { return coverage_label_; }
    // Per target: 1 when it counts the coverage population's people with a first dose or
    // fully vaccinated from its first day (its threshold reads against the coverage).
    const std::vector<std::int64_t>& target_on_chart() const { return target_on_chart_; }
    // Do runs of both scenarios make records of the same fields, quarters and places?
    bool same_shape(const SweepRecordLayout& other) const {
        return width_ == other.width_ && quarter_last_day_ == other.quarter_last_day_ &&
               places_ == other.places_;
    }

    // The compound type of a record (a scalar member for a field one wide, an array
    // otherwise; empty fields left out), laid out as a record is in memory.
    hdf5::Handle hdf5_type() const;
    // Folds the declaration (names and widths) into a hash.
    std::uint64_t fingerprint(std::uint64_t h) const;

  private:
    static std::size_t index(RecordField f) { return static_cast<std::size_t>(f); }
    std::array<int, record_field_names.size()> width_{};
    std::array<std::size_t, record_field_names.size() + 1> offset_{};
    std::vector<int> quarter_last_day_;
    bool coverage_of_main_target_ = false;
    std::int64_t coverage_population_ = 0;
    std::string coverage_label_;
    std::vector<std::int64_t> target_on_chart_;
    int places_ = 0;
};

// Fills `record` (layout.size() values) from one run of `scenario` (its uncertain inputs
// drawn): its ledger, outcomes, with places each place's outcome, and, with an epidemic
// model, its epidemic and the deaths of the same point without vaccination (for deaths
// averted).
void fill_record(const SweepRecordLayout& layout, const Scenario& scenario, const Ledger& run,
                 const Outcomes& outcomes, const std::vector<PlaceOutcome>& places,
                 const std::optional<EpidemicOutcome>& epidemic, double deaths_without_vaccination,
                 std::int64_t* record);

} // namespace vaxsim
