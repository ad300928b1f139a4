#include "models/chain_binomial.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace vaxsim {
namespace {

// The probability of at least one event of a Poisson process of `rate` over `time`.
double within(double rate, double time) {
    return -std::expm1(-rate * time);
}

// The probability of leaving a compartment in a substep of length h, for a mean stay of
// 1 / rate: rate * h (at most 1), so the mean number of substeps spent there, 1 / (rate *
// h), is the mean stay exactly (1 - exp(-rate h) would lengthen it by about h / 2, and
// with it every infectious person's infections: R by about gamma h / 2).
double leaving(double rate, double h) {
    return std::min(1.0, rate * h);
}

double draw(RandomStream& rng, double people, double p) {
    return static_cast<double>(rng.binomial(static_cast<std::int64_t>(people), p));
}

} // namespace

ChainBinomial::ChainBinomial(const EpidemicModel& m, const Transmission& transmission,
                             std::vector<Wane> wanes, double h)
    : transmission_(transmission), wanes_(std::move(wanes)), h_(h), onset_(leaving(m.sigma, h)),
      recovery_(leaving(m.gamma, h)), immunity_lost_(leaving(m.infection_waning_rate, h)) {
    for (const Wane& w : wanes_) wane_probability_.push_back(leaving(w.rate, h));
}

void ChainBinomial::step(EpiState& y, double contact_factor, RandomStream& rng) const {
    const EpiColumn force = transmission_.force(y.i, contact_factor);
    const EpiBlock& susceptibility = transmission_.susceptibility();
    const Eigen::Index B = y.s.rows(), K = y.s.cols();
    for (Eigen::Index k = 0; k < K; ++k)
        for (Eigen::Index a = 0; a < B; ++a) {
            if (y.n(a, k) <= 0) continue;
            const double infected = draw(rng, y.s(a, k), within(force(a) * susceptibility(a, k), h_));
            const double onset = draw(rng, y.e(a, k), onset_);
            const double recovered = draw(rng, y.i(a, k), recovery_);
            y.s(a, k) -= infected;
            y.e(a, k) += infected - onset;
            y.i(a, k) += onset - recovered;
            y.inc(a, k) += infected;
        }
    for (std::size_t j = 0; j < wanes_.size(); ++j) {
        const Wane& w = wanes_[j];
        const double p = wane_probability_[j];
        for (Eigen::Index a = 0; a < B; ++a) {
            if (y.n(a, w.from) <= 0) continue;
            double moved = draw(rng, y.recovered(a, w.from), p);
            for (EpiBlock* c : {&y.s, &y.e, &y.i}) {
                const double x = draw(rng, (*c)(a, w.from), p);
                (*c)(a, w.from) -= x;
                (*c)(a, w.to) += x;
                moved += x;
            }
            const double immune = draw(rng, y.v(a, w.from), p);
            const double kept = draw(rng, immune, w.keep(a));
            y.v(a, w.from) -= immune;
            y.v(a, w.to) += kept;
            y.s(a, w.to) += immune - kept;
            moved += immune;
            y.n(a, w.from) -= moved;
            y.n(a, w.to) += moved;
        }
    }
    if (immunity_lost_ > 0)
        for (Eigen::Index k = 0; k < K; ++k)
            for (Eigen::Index a = 0; a < B; ++a) {
                if (y.n(a, k) <= 0) continue;
                y.s(a, k) += draw(rng, y.recovered(a, k), immunity_lost_);
            }
}

void apportion(const double* sizes, int parts, double m, double u, double* out) {
    double total = 0;
    for (int j = 0; j < parts; ++j) total += sizes[j];
    double held = 0, before = 0; // floor(0 * m / total + u) = 0
    for (int j = 0; j < parts; ++j) {
        held += sizes[j];
        const double upto = total > 0 ? std::floor(held * m / total + u) : 0;
        out[j] = upto - before;
        before = upto;
    }
}

std::int64_t move_people(EpiState& y, const EpiBlock& immune, int a, const std::vector<int>& from,
                         int to, std::int64_t people, RandomStream& rng) {
    if (people <= 0) return 0;
    double total = 0;
    for (int s : from) total += y.n(a, s);
    const double m = std::min(static_cast<double>(people), total);
    if (m <= 0) return 0;
    PerSourceStratum sizes(from.size()), takes(from.size());
    for (std::size_t j = 0; j < from.size(); ++j) sizes[j] = y.n(a, from[j]);
    apportion(sizes.data(), static_cast<int>(from.size()), m, rng.uniform(), takes.data());
    for (std::size_t j = 0; j < from.size(); ++j) {
        if (takes[j] <= 0) continue;
        const int s = from[j];
        // S, E, I, V, R of the stratum, and how many of each move.
        const std::array<double, 5> held{y.s(a, s), y.e(a, s), y.i(a, s), y.v(a, s), y.recovered(a, s)};
        std::array<double, 5> x{};
        apportion(held.data(), 5, takes[j], rng.uniform(), x.data());
        EpiBlock* compartments[] = {&y.s, &y.e, &y.i, &y.v};
        for (int c = 0; c < 4; ++c) {
            (*compartments[c])(a, s) -= x[static_cast<std::size_t>(c)];
            (*compartments[c])(a, to) += x[static_cast<std::size_t>(c)];
        }
        y.n(a, s) -= takes[j];
        y.n(a, to) += takes[j];
        const double gain = immune(a, to) - immune(a, s);
        if (gain > 0) {
            const double take = gain / (1 - immune(a, s));
            const double susceptible = draw(rng, x[0], take), recovered = draw(rng, x[4], take);
            y.s(a, to) -= susceptible;
            y.v(a, to) += susceptible + recovered;
        }
    }
    return static_cast<std::int64_t>(m);
}

} // namespace vaxsim
