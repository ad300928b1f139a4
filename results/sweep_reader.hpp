#pragma once
// Reads a sweep file (results/LAYOUT.md, "Sweep files") for check, report and export.
// Opening validates it against results/format.hpp like a run file: filetype, major
// version, the /sweep attributes, every dataset's presence, type and shape, and the
// fields of the /runs/outcomes records; each read checks its values' rule. A file that
// fails is refused with a FormatError naming every problem.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "results/format.hpp"
#include "results/hdf5_interface.hpp"
#include "results/run_reader.hpp"
#include "results/sweep_summary.hpp"

namespace vaxsim {

struct SweepInfo {
    std::string name, source_file, base_file, sampling, start;
    std::int64_t runs = 0, grid_points = 0, samples = 0, replicates = 0;
};

struct SweepTargets {
    std::vector<std::string> id, label, measure, deadline; // [T]
    std::vector<std::int64_t> threshold;
};

struct SweepRunIndex {
    std::vector<std::int64_t> grid_point, sample, replicate, future; // [R]
};

// /summary ([T]) or /summary/by_grid_point ([G, T]), row-major.
struct SweepOdds {
    std::vector<std::int64_t> runs, runs_met, runs_reached;
    std::vector<double> p_met, p_met_low, p_met_high, quantile_level;
    std::vector<std::string> first_reached_quantile; // [..., V]
};

struct SweepSensitivity {
    std::vector<std::string> parameter, earliest_value, latest_value;
    std::vector<double> effect_days;
    std::vector<double> noise_days; // empty before 1.6; -1: could not be told
};

// /coverage (since 1.4): daily quantiles across each grid point's runs of the people of
// `population` with a first dose and fully vaccinated, [G, D, V] row-major. Empty (days 0)
// in an older file.
struct SweepCoverage {
    std::int64_t population = 0;
    std::string population_label;
    std::vector<std::int64_t> target_on_chart; // [T] flags
    std::size_t days = 0;
    std::vector<std::int64_t> first_dose_people, fully_vaccinated_people;
};

class SweepReader {
  public:
    explicit SweepReader(const std::filesystem::path& path);
    // A file already open (not closed by the reader); `name` for messages.
    SweepReader(hid_t file, const std::filesystem::path& name);

    const std::filesystem::path& path() const { return path_; }
    const FileIdentity& identity() const { return identity_; }
    const SweepInfo& info() const { return info_; }
    // The extent of a dimension symbol of the sweep table ("R", "T", "G", ...).
    std::size_t extent(std::string_view symbol) const;
    bool has_epidemic() const { return epidemic_; }
    // A sweep of a scenario with places (since 1.7): its records count the places that
    // met each target (places_met).
    bool has_places() const { return places_; }

    SweepTargets targets() const;
    SweepRunIndex run_index() const;
    // One field of every run's record: [R, width] row-major (width 1 for a scalar field,
    // none for a field 0 wide).
    std::vector<std::int64_t> outcome(std::string_view field) const;
    std::size_t width(std::string_view field) const;
    SweepOdds odds(const format::sweep::OddsDatasets& which) const;
    std::vector<std::string> grid_labels() const;
    std::vector<std::string> quarter_labels() const;
    SweepCoverage coverage() const;
    // What odds_by_parameter (results/sweep_summary.hpp) needs: /parameters, the run
    // index and every run's target_met.
    ParameterOddsInput parameter_odds_input() const;
    SweepSensitivity sensitivity() const;
    // Each varied parameter's name for people, by its path (/parameters/display_name, 1.5
    // on); in a file before 1.5, the path.
    std::map<std::string, std::string> parameter_display_names() const;
    // Every dataset and record field whose values break its rule.
    std::vector<std::string> value_problems() const;

  private:
    void validate();
    template <hdf5::Element T> std::vector<T> read(const format::DatasetSpec& spec) const;
    const format::sweep::RecordFieldSpec& field_spec(std::string_view field) const;
    // Whether the file's minor version has the field (a later minor may add one).
    bool has_field(const format::sweep::RecordFieldSpec& spec) const;
    [[noreturn]] void fail(const std::string& problem) const;

    std::filesystem::path path_;
    hdf5::Handle file_;
    FileIdentity identity_;
    SweepInfo info_;
    std::map<std::string_view, std::size_t> extents_;
    std::vector<const format::DatasetSpec*> present_;
    ValueContext context_;
    bool epidemic_ = false;
    bool places_ = false;
};

} // namespace vaxsim
