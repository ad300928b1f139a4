#pragma once
// The epidemic's state during a run, shared by its two ways of advancing it: the
// deterministic integration (models/epidemic_run.cpp) and the stochastic chain binomial
// (models/chain_binomial.hpp). Internal to models/; equations: models/EPIDEMIC.md.
#include <vector>

#include <Eigen/Core>

#include "models/epidemic.hpp"

namespace vaxsim {

// [band x stratum], at most sixteen bands (kept on the stack, models/epidemic.hpp)
using EpiBlock = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor,
                              five_year_bands, Eigen::Dynamic>;
using EpiColumn = EpiArray; // one value per band

// Compartments per band and vaccination stratum. R is not kept: it is what a stratum
// holds (`n`) less S, E, I and V. V holds the people an all-or-nothing dose made immune;
// `n` changes with vaccination and, when protection wanes, as people move to the waned
// strata. Expected numbers in the deterministic mode, whole people in the stochastic.
struct EpiState {
    EpiBlock s, e, i, v, n, inc; // inc: cumulative infections, to split outcomes by stratum
    EpiState(int bands, int strata)
        : s(EpiBlock::Zero(bands, strata)), e(s), i(s), v(s), n(s), inc(s) {}
};

// A flow of a product's protected people to the waned stratum, at the product's rate;
// `keep`: per band, the share of the all-or-nothing immune who stay immune (A_to / A_from).
struct Wane {
    int from, to;
    double rate;
    EpiColumn keep;
};

// The force of infection on each band (per day, before a stratum's relative
// susceptibility): its susceptibility * beta * contact factor * contacts * (infectious
// share of each band, weighted by the band's infectiousness and, when `weighted`, each
// stratum's). `infectiousness_per_person`: the model's infectiousness / population.
inline EpiColumn force_of_infection(const EpidemicModel& m, const EpiBlock& infectious_people,
                                    const EpiBlock& stratum_infectiousness, bool weighted,
                                    const EpiVector& infectiousness_per_person,
                                    double contact_factor) {
    EpiColumn infectious;
    if (weighted)
        infectious = (infectious_people * stratum_infectiousness).rowwise().sum();
    else
        infectious = infectious_people.rowwise().sum();
    const EpiVector prevalence = infectious.matrix().cwiseProduct(infectiousness_per_person);
    return (m.beta * contact_factor * (m.contacts * prevalence)).array() * m.susceptibility.array();
}

} // namespace vaxsim
