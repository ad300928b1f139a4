#pragma once
// The epidemic's stochastic mode: the compartments, strata and flows of the deterministic
// integration (models/epidemic_run.cpp), in whole people, with each substep's events
// drawn (a chain binomial), and vaccination moving whole people. Equations and the order
// of events: models/EPIDEMIC.md, *Stochastic mode*.
#include <cstdint>
#include <vector>

#include "models/epidemic_state.hpp"
#include "models/random.hpp"

namespace vaxsim {

class ChainBinomial {
  public:
    // As the deterministic integrator: who infects whom, the waning flows, and the
    // substep's length h (days).
    ChainBinomial(const EpidemicModel& m, const Transmission& transmission,
                  std::vector<Wane> wanes, double h);

    // One substep: in each band and stratum holding anyone, infection S -> E (probability
    // 1 - exp(-lambda h)), onset E -> I and recovery I -> R (probability rate * h, which keeps
    // each mean stay exact), each a binomial draw of the people in the compartment at the
    // substep's start; then waning (each compartment of
    // a waning stratum, binomially, to its twin; of the immune who wane, a binomial share
    // `keep` stays immune); then the recovered losing immunity after infection. Strata
    // holding no one draw nothing.
    void step(EpiState& y, double contact_factor, RandomStream& rng) const;

  private:
    Transmission transmission_;
    std::vector<Wane> wanes_;
    std::vector<double> wane_probability_; // per flow, in a substep
    double h_, onset_, recovery_, immunity_lost_; // probabilities in a substep
};

// Splits `m` whole people among parts holding `sizes` (whole people, m no more than their
// total) so that each part gives its expected share sizes_j * m / total rounded down or
// up: systematic sampling with one uniform u in [0, 1). Exact in total, unbiased for every
// part, never more than a part holds.
void apportion(const double* sizes, int parts, double m, double u, double* out);

// Moves `people` whole people of band a into stratum `to` from the strata `from`, spread
// over those strata and their compartments by apportion() (the vaccinated are whoever
// comes, in any infection state). `immune`: the all-or-nothing efficacy per band and
// stratum; of the susceptible and recovered moved, a binomial share (immune_to -
// immune_from) / (1 - immune_from) becomes immune (V), when above 0. Returns the people
// moved: fewer than asked only when the strata hold fewer.
std::int64_t move_people(EpiState& y, const EpiBlock& immune, int a, const std::vector<int>& from,
                         int to, std::int64_t people, RandomStream& rng);

} // namespace vaxsim
