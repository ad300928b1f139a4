#pragma once
// The epidemic's state during a run, shared by its two ways of advancing it: the
// deterministic integration (models/epidemic_run.cpp) and the stochastic chain binomial
// (models/chain_binomial.hpp). Internal to models/; equations: models/EPIDEMIC.md.
#include <array>
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
    // R of band a, stratum k: what the stratum holds less S, E, I and V.
    double recovered(Eigen::Index a, Eigen::Index k) const {
        return n(a, k) - s(a, k) - e(a, k) - i(a, k) - v(a, k);
    }
};

// One value per stratum people move from (a dose's source strata), on the stack for the
// usual few: moves run for every band, dose kind and day, so they do not allocate.
class PerSourceStratum {
  public:
    explicit PerSourceStratum(std::size_t strata) {
        if (strata > fixed_.size()) more_.resize(strata);
        values_ = strata > fixed_.size() ? more_.data() : fixed_.data();
    }
    PerSourceStratum(const PerSourceStratum&) = delete;
    PerSourceStratum& operator=(const PerSourceStratum&) = delete;
    double* data() { return values_; }
    double& operator[](std::size_t j) { return values_[j]; }

  private:
    std::array<double, 64> fixed_{};
    std::vector<double> more_;
    double* values_;
};

// A flow of a product's protected people to the waned stratum, at the product's rate;
// `keep`: per band, the share of the all-or-nothing immune who stay immune (A_to / A_from).
struct Wane {
    int from, to;
    double rate;
    EpiColumn keep;
};

// Who infects whom: the model's contacts, and each band and stratum's relative
// susceptibility and infectiousness (`weighted`: whether any stratum's infectiousness is
// below 1; otherwise infectious people are just summed). Both ways of advancing the state
// ask it for the force of infection.
class Transmission {
  public:
    Transmission(const EpidemicModel& m, const EpiBlock& susceptibility,
                 const EpiBlock& infectiousness, bool weighted)
        : m_(m), susceptibility_(susceptibility), infectiousness_(infectiousness),
          weighted_(weighted),
          per_person_(m.infectiousness.cwiseProduct(m.population.cwiseInverse())) {}

    // The force of infection on each band (per day, before a stratum's relative
    // susceptibility): its susceptibility * beta * contact factor * contacts * (infectious
    // share of each band, weighted by the band's infectiousness and each stratum's).
    EpiColumn force(const EpiBlock& infectious_people, double contact_factor) const {
        EpiColumn infectious;
        if (weighted_)
            infectious = (infectious_people * infectiousness_).rowwise().sum();
        else
            infectious = infectious_people.rowwise().sum();
        const EpiVector prevalence = infectious.matrix().cwiseProduct(per_person_);
        return (m_.beta * contact_factor * (m_.contacts * prevalence)).array() *
               m_.susceptibility.array();
    }
    // Relative susceptibility per band and stratum (1 - leaky efficacy against infection).
    const EpiBlock& susceptibility() const { return susceptibility_; }

  private:
    const EpidemicModel& m_;
    EpiBlock susceptibility_, infectiousness_;
    bool weighted_;
    EpiVector per_person_; // infectiousness / population, per band
};

} // namespace vaxsim
