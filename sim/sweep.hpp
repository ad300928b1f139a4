#pragma once
// Sweeps and Monte Carlo: one base scenario run many times, with values varied by the
// same paths as --set (grids of listed values, random or Latin-hypercube samples) and
// replicates over the scenario's own uncertain inputs.
//
// Run order: run = (grid_point * samples + sample) * replicates + replicate.
// Futures: future = sample * replicates + replicate, so runs that differ only in grid
// values (e.g. two policies) see identical supply and uptake draws.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/constraint.hpp"
#include "models/distribution.hpp"
#include "models/scenario.hpp"
#include "sim/input/yaml_input.hpp"

namespace vaxsim {

struct SweepParameter {
    std::string path;
    bool sampled = false;            // false: a grid of listed values
    std::vector<std::string> values; // grid values as YAML text
    std::optional<Distribution> distribution;
    YAML::Mark mark; // where the sweep file names it
};

class SweepSpec {
  public:
    explicit SweepSpec(const std::filesystem::path& path);

    std::string name;
    std::filesystem::path base_path;
    std::uint64_t seed = 0;
    std::vector<SweepParameter> parameters;
    std::int64_t samples = 1; // sample points (1 when nothing is sampled)
    bool latin_hypercube = true;
    std::int64_t replicates = 1;
    std::vector<std::int64_t> keep_daily; // run indices whose daily series are stored

    std::int64_t grid_points() const;
    std::int64_t runs() const { return grid_points() * samples * replicates; }
    const InputSource& source() const { return *source_; }
    const std::string& base_text() const { return base_text_; }

    // Index decomposition of a run.
    struct RunIndex {
        std::int64_t grid_point, sample, replicate, future;
    };
    RunIndex decompose(std::int64_t run) const;
    // The values (YAML text) a run's point sets, one per parameter, in declaration order.
    std::vector<std::string> values_for(std::int64_t grid_point, std::int64_t sample) const;
    // The base scenario as written, with nothing varied.
    Scenario base() const;
    // The scenario of one point (grid point x sample), validated; errors name the sweep file.
    Scenario build_point(std::int64_t grid_point, std::int64_t sample) const;
    // The scenario with the parameters set to these values (YAML text, one per parameter).
    Scenario build_with(const std::vector<std::string>& values, const std::string& what) const;
    // A short fingerprint of everything that decides the results (for --resume).
    std::uint64_t fingerprint() const;

  private:
    std::shared_ptr<InputSource> source_;
    std::string base_text_;
    // Latin hypercube: for each sampled parameter, the stratum of each sample.
    std::vector<std::vector<std::int64_t>> strata_;
};

// What one run contributes to a sweep is a fixed-length record of whole numbers: for
// each target met (0/1), for each target the first day reached (days since start, -1
// never), for each the value at the deadline, for each the margin; per planned group the people
// started in its quarter; per quarter people with a first dose and fully vaccinated at its end;
// doses wasted; capacity used; days bound by each constraint code. The shape of every run's record,
// fixed by the base scenario.
struct MetricLayout {
    int targets = 0;
    int plan_checks = 0;
    int quarters = 0;
    std::vector<int> quarter_last_day; // day index of each quarter's last day in the run
    
    bool epidemic = false; // three more fields: infections, deaths, deaths averted
    std::size_t size() const {
        return static_cast<std::size_t>(4 * targets + plan_checks + 2 * quarters + 2 +
                                        constraint_codes + (epidemic ? 3 : 0));
    }
    // Offsets into the record.
    // Each field is a contiguous block of columns (all targets' "met", then all targets'
    // first days, ...), so the file writes each block straight from the records.
    std::size_t target(int t, int field) const {
        return static_cast<std::size_t>(field * targets + t);
    }
    std::size_t plan(int k) const { return static_cast<std::size_t>(4 * targets + k); }
    std::size_t quarter_first(int q) const {
        return static_cast<std::size_t>(4 * targets + plan_checks + q);
    }
    std::size_t quarter_full(int q) const {
        return quarter_first(q) + static_cast<std::size_t>(quarters);
    }
    std::size_t wasted() const {
        return static_cast<std::size_t>(4 * targets + plan_checks + 2 * quarters);
    }
    std::size_t capacity_used() const { return wasted() + 1; }
    std::size_t constraint_days(int code) const {
        return wasted() + 2 + static_cast<std::size_t>(code);
    }
    // With an epidemic model: expected infections and deaths, rounded to whole people,
    // and deaths averted against the same point's run without vaccination.
    std::size_t epidemic_infections() const { return constraint_days(constraint_codes); }
    std::size_t epidemic_deaths() const { return epidemic_infections() + 1; }
    std::size_t epidemic_deaths_averted() const { return epidemic_infections() + 2; }
};

MetricLayout metric_layout(const Scenario& scenario);
// `deaths_without_vaccination`: the point's counterfactual, for deaths averted (epidemic only).
std::vector<std::int64_t> run_metrics(const Scenario& scenario, const MetricLayout& layout,
                                      const struct Ledger& run,
                                      double deaths_without_vaccination = 0);

} // namespace vaxsim
