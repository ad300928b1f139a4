#pragma once
// The scenario's epidemic, run day by day alongside a rollout's doses (or without any,
// the counterfactual). Equations: models/EPIDEMIC.md.
#include <optional>

#include <Eigen/Core>

#include "models/ledger.hpp"
#include "models/scenario.hpp"

namespace vaxsim {

using EpiSeries = Eigen::Matrix<double, Eigen::Dynamic, epi_bands, Eigen::RowMajor>;

struct EpidemicResult {
    EpiSeries infections;       // new infections per day and five-year band (expected numbers)
    EpiSeries hospitalisations; // new hospitalisations from those infections
    EpiSeries deaths;           // deaths from those infections
    EpiSeries population_check; // everyone in a band, over all strata, per day: the band's people
    double smallest_compartment = 0; // the least S, E, I or R seen in any band and stratum (>= 0)
    double total_infections() const { return infections.sum(); }
    double total_hospitalisations() const { return hospitalisations.sum(); }
    double total_deaths() const { return deaths.sum(); }
};

// The epidemic of a run, and of the same inputs without vaccination when the model asks.
struct EpidemicOutcome {
    EpidemicResult vaccinated;
    std::optional<EpidemicResult> counterfactual;
};
std::optional<EpidemicOutcome> run_epidemic(const Scenario& scenario, const Ledger& rollout);

// `rollout`: the run whose doses vaccinate (it must come from simulate() of this scenario);
// nullptr runs the epidemic with no vaccination at all.
EpidemicResult simulate_epidemic(const Scenario& scenario, const Ledger* rollout);

} // namespace vaxsim
