#pragma once
// Sweeps and Monte Carlo: one base scenario run many times, with values varied by the
// same paths as --set (grids of listed values, random or Latin-hypercube samples) and
// replicates over the scenario's own uncertain inputs. The base is read and parsed once;
// each point sets its values on a copy of the base's spec (sim/parameter_space.hpp).
//
// Run order: run = (grid_point * samples + sample) * replicates + replicate.
// Futures: future = sample * replicates + replicate, so runs that differ only in grid
// values (e.g. two policies) see identical supply and uptake draws.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/distribution.hpp"
#include "models/scenario.hpp"
#include "results/sweep_record.hpp"
#include "results/sweep_summary.hpp"
#include "sim/input/inputs_read.hpp"
#include "sim/input/yaml_input.hpp"
#include "sim/parameter_space.hpp"

namespace vaxsim {

struct SweepParameter {
    Parameter setter;
    std::vector<ParameterValue> values;       // grid values
    std::optional<Distribution> distribution; // sampled
    YAML::Mark mark;                          // where the sweep file names it
};

// Counts the command line gives in place of the sweep file's (`--samples`,
// `--replicates`): a smaller trial of a sweep without a copy of its file. Each is from 1
// to 10,000,000, as in the file.
struct SweepCounts {
    std::optional<std::int64_t> samples, replicates;
    // As the command line gave them: "--samples 20 --replicates 2", "" when neither.
    std::string flags() const {
        std::string given;
        if (samples) given += "--samples " + std::to_string(*samples);
        if (replicates) given += (given.empty() ? "" : " ") + std::string("--replicates ") + std::to_string(*replicates);
        return given;
    }
};

class SweepSpec {
  public:
    // Reads the sweep file and its scenario, and builds every point the sweep will run:
    // a value or combination of values the scenario refuses is an InputFileError here,
    // before any run. `vaxsim check` and `vaxsim sweep` both validate through this.
    // `counts` replace the file's samples' count and replicates (--samples needs a
    // `samples:` section to count).
    explicit SweepSpec(const std::filesystem::path& path, const SweepCounts& counts = {});
    // The design refers back to the spec (its sampled values): it stays where it is built.
    SweepSpec(const SweepSpec&) = delete;
    SweepSpec& operator=(const SweepSpec&) = delete;

    // What the results need to know of the sweep, as plain data.
    const SweepDesign& design() const { return design_; }
    std::int64_t grid_points() const { return design_.grid_points(); }
    std::int64_t points() const { return design_.points(); }
    std::int64_t runs() const { return design_.runs(); }
    SweepDesign::RunIndex decompose(std::int64_t run) const { return design_.decompose(run); }
    const std::vector<SweepParameter>& parameters() const { return parameters_; }
    // The record every run of this sweep makes.
    const SweepRecordLayout& layout() const { return layout_; }

    // The values a point (grid point x sample) sets, one per parameter, in declaration order.
    std::vector<ParameterValue> values_for(std::int64_t grid_point, std::int64_t sample) const;
    // The base scenario as written, with nothing varied.
    const Scenario& base() const { return *base_; }
    // The scenario of one point (grid point x sample), validated; errors name the sweep file.
    Scenario build_point(std::int64_t point) const;
    // A short fingerprint of everything that decides the results (for --resume): the
    // content of every file read (inputs()), the program version, the samples' count and
    // replicates, and the record layout.
    std::uint64_t fingerprint() const;
    // Replicates that cannot differ: more than one, and neither the base nor any point has
    // an uncertain input (supply, uptake, a stochastic epidemic), so every replicate of a
    // point is the same run and P(met) only 0 or 1.
    bool replicates_alike() const { return replicates_alike_; }
    // A trial (--samples, --replicates other than the file's) with keep_daily: its numbers
    // name the trial's runs, which are other points and futures than the whole sweep's.
    bool keep_daily_renumbered() const { return keep_daily_renumbered_; }
    // The runs keep_daily names that a trial with fewer runs does not make: their daily
    // series are not kept (sorted, each once).
    const std::vector<std::int64_t>& keep_daily_dropped() const { return keep_daily_dropped_; }
    // Every file the sweep read, in order: the sweep file, its base scenario and each file
    // of that base's `extends:` chain, supply CSVs and contact matrices.
    const std::vector<InputRead>& inputs() const { return inputs_; }

  private:
    // Builds every point, as the runs will: throws (InputFileError at the sweep file) for
    // the lowest point whose values the scenario refuses. Returns whether any point varies
    // between futures.
    bool check_every_point() const;
    // The base with the parameters set to these values; a value the scenario refuses is
    // reported at `mark` of the sweep file, after `what` (which point, or which value).
    // `note` follows the value in the message. `tested`: the parameter whose value is
    // under test beside the first point's others (whose own errors are the point's).
    Scenario build_with(const std::vector<ParameterValue>& values, const std::string& what,
                        const std::optional<YAML::Mark>& mark = std::nullopt,
                        const std::string& note = "", std::size_t tested = SIZE_MAX) const;
    // The point's sampled values, drawn from the sweep's seed (none for grid parameters).
    std::vector<std::optional<SampledValue>> draw(std::int64_t sample) const;

    std::shared_ptr<InputSource> source_;
    std::vector<InputRead> inputs_;
    std::unique_ptr<const Scenario> base_;
    SweepDesign design_;
    std::vector<SweepParameter> parameters_;
    SweepRecordLayout layout_;
    // Latin hypercube: for each sampled parameter, the stratum of each sample.
    std::vector<std::vector<std::int64_t>> strata_;
    bool replicates_alike_ = false;
    std::vector<std::int64_t> keep_daily_dropped_;
    bool keep_daily_renumbered_ = false;
};

} // namespace vaxsim
