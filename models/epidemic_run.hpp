#pragma once
// The scenario's epidemic, run day by day alongside a rollout's doses (or without any,
// the counterfactual). Equations: models/EPIDEMIC.md.
#include <optional>

#include <Eigen/Core>

#include "models/ledger.hpp"
#include "models/scenario.hpp"

namespace vaxsim {

using EpiSeries = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Doses of one dose number of a product in the epidemic (a dose of its series, or a
// booster: dose numbers above the longest series): every dose `given` in the rollout
// either `moved` people into its protected stratum, or was given too late for its
// protection to begin by the end of the run (`after_end`).
struct EpidemicDoses {
    double given = 0, moved = 0, after_end = 0;
};
// How far a dose kind's `given` may be from `moved` + `after_end`: 1e-6 of the doses with
// expected numbers; in the stochastic mode also two whole people per band and product
// (each band's people moved are the doses' expected people rounded to whole people - once
// for the dose kind and once for each product whose series it completes heterologously -
// and at most one rounded up may not yet have found anyone left in the strata they come
// from).
double epidemic_dose_slack(bool stochastic, int bands, int products, double given);

struct EpidemicResult {
    // New infections per day and band of the model (expected numbers). Day 0 also holds the
    // people infected at the start (initial exposed and infectious), with their outcomes.
    EpiSeries infections;
    EpiSeries hospitalisations; // new hospitalisations from those infections
    EpiSeries deaths;           // deaths from those infections
    EpiSeries population_check; // everyone in a band, over all strata, per day: the band's people
    double smallest_compartment = 0; // the least S, E, I, R or V in any band and stratum (>= 0)
    std::vector<std::vector<EpidemicDoses>> doses; // [product][dose k < K]; empty without a rollout
    // The hospital load, when the model has a hospital section: set by run_epidemic, not by
    // simulate_epidemic (a caller needing it, or only its peaks, calls hospital_load or
    // hospital_peaks on the series).
    std::optional<HospitalLoad> hospital;
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
