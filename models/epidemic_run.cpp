#include "models/epidemic_run.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <stdexcept>

#include "models/chain_binomial.hpp"
#include "models/epidemic_state.hpp"
#include "models/random.hpp"

namespace vaxsim {
namespace {

using Block = EpiBlock;
using Column = EpiColumn;
using State = EpiState;

// The strata: 0 is unvaccinated; product p's dose k of the series (0-based) protects
// stratum first[p] + k, and a booster of p stratum booster[p] (-1: p is given as no
// booster). Those are the `fresh` strata; when any product's protection wanes, each
// vaccinated stratum s has a waned twin, s + fresh - 1. Without a rollout nobody leaves
// stratum 0, so it is the only one.
struct Strata {
    int count = 1, fresh = 1;
    bool waned = false;
    std::vector<int> first, booster;

    Strata(const Scenario& sc, bool vaccinated) {
        const std::size_t P = sc.products.size();
        first.assign(P, 0);
        booster.assign(P, -1);
        if (!vaccinated) return;
        for (std::size_t p = 0; p < P; ++p) {
            first[p] = count;
            count += sc.products[p].doses_in_series();
            const bool boosts =
                std::any_of(sc.boosters.begin(), sc.boosters.end(), [&](const BoosterCampaign& c) {
                    return std::find(c.products.begin(), c.products.end(), static_cast<int>(p)) !=
                           c.products.end();
                });
            if (boosts) booster[p] = count++;
        }
        fresh = count;
        waned = sc.epidemic->wanes();
        if (waned) count = 2 * fresh - 1;
    }
    int twin(int s) const { return s + fresh - 1; }
    // A stratum and, when protection wanes, its waned twin (people move out of both).
    std::vector<int> with_twin(int s) const {
        if (waned && s > 0) return {s, twin(s)};
        return {s};
    }
};

class Integrator {
  public:
    Integrator(const EpidemicModel& m, const Transmission& transmission, int strata,
               std::vector<Wane> wanes)
        : m_(m), transmission_(transmission), wanes_(std::move(wanes)),
          recovered_wane_(m.infection_waning_rate),
          flows_(!wanes_.empty() || recovered_wane_ > 0), k1_(m.bands(), strata),
          k2_(m.bands(), strata), k3_(m.bands(), strata), k4_(m.bands(), strata),
          stage_(m.bands(), strata) {}

    void derivative(const State& y, double contact_factor, State& dy) const {
        const Column force = transmission_.force(y.i, contact_factor);
        dy.inc = (y.s.colwise() * force) * transmission_.susceptibility();
        dy.s = -dy.inc;
        dy.e = dy.inc - m_.sigma * y.e;
        dy.i = m_.sigma * y.e - m_.gamma * y.i;
        if (flows_) {
            dy.n.setZero();
            dy.v.setZero();
        }
        // Everyone of a protected stratum leaves it for its waned twin at the product's
        // rate, in every state; of the all-or-nothing immune a share `keep` stays immune
        // and the rest become susceptible.
        for (const Wane& w : wanes_) {
            for (auto [x, dx] : {std::pair{&y.s, &dy.s}, std::pair{&y.e, &dy.e},
                                 std::pair{&y.i, &dy.i}, std::pair{&y.n, &dy.n}}) {
                const Column flow = w.rate * x->col(w.from);
                dx->col(w.from) -= flow;
                dx->col(w.to) += flow;
            }
            const Column immune = w.rate * y.v.col(w.from);
            dy.v.col(w.from) -= immune;
            dy.v.col(w.to) += immune * w.keep;
            dy.s.col(w.to) += immune * (1 - w.keep);
        }
        // The recovered (R: neither S, E, I nor made immune by an all-or-nothing dose, V)
        // lose their immunity after infection.
        if (recovered_wane_ > 0) dy.s += recovered_wane_ * (y.n - y.s - y.e - y.i - y.v);
    }

    // One classic Runge-Kutta step of length h; each stage is formed in one pass.
    void step(State& y, double h, double contact_factor) {
        derivative(y, contact_factor, k1_);
        stage(y, k1_, h / 2);
        derivative(stage_, contact_factor, k2_);
        stage(y, k2_, h / 2);
        derivative(stage_, contact_factor, k3_);
        stage(y, k3_, h);
        derivative(stage_, contact_factor, k4_);
        const double w = h / 6;
        y.s += w * (k1_.s + 2 * k2_.s + 2 * k3_.s + k4_.s);
        y.e += w * (k1_.e + 2 * k2_.e + 2 * k3_.e + k4_.e);
        y.i += w * (k1_.i + 2 * k2_.i + 2 * k3_.i + k4_.i);
        y.inc += w * (k1_.inc + 2 * k2_.inc + 2 * k3_.inc + k4_.inc);
        if (flows_) {
            y.n += w * (k1_.n + 2 * k2_.n + 2 * k3_.n + k4_.n);
            y.v += w * (k1_.v + 2 * k2_.v + 2 * k3_.v + k4_.v);
        }
    }

  private:
    void stage(const State& y, const State& k, double h) {
        stage_.s = y.s + h * k.s;
        stage_.e = y.e + h * k.e;
        stage_.i = y.i + h * k.i;
        if (flows_) {
            stage_.n = y.n + h * k.n;
            stage_.v = y.v + h * k.v;
        }
    }

    const EpidemicModel& m_;
    Transmission transmission_;
    std::vector<Wane> wanes_;
    double recovered_wane_; // per day
    bool flows_;            // whether people and V change within a day (any waning)
    State k1_, k2_, k3_, k4_, stage_;
};

// Moves `people` of band a from one stratum to another, in proportion in every compartment
// (a vaccinated person keeps their infection state). Never more than the stratum holds:
// returns the people moved. `immune`: the all-or-nothing efficacy of each band and stratum
// (0 where leaky or unvaccinated): of the susceptible people moved, the share
// (immune_to - immune_from) / (1 - immune_from) become immune (V), if above 0; so do that
// share of the recovered moved (R to V: immune now by infection and by the dose, they stay
// immune when their immunity after infection wanes).
double move(State& y, const Block& immune, int a, int from, int to, double people) {
    const double total = y.n(a, from);
    if (people <= 0 || total <= 0) return 0;
    const double share = std::min(1.0, people / total);
    const double susceptible_moved = y.s(a, from) * share;
    const double recovered_moved = y.recovered(a, from) * share;
    for (Block* c : {&y.s, &y.e, &y.i, &y.v, &y.n}) {
        const double moved = (*c)(a, from) * share;
        (*c)(a, from) -= moved;
        (*c)(a, to) += moved;
    }
    const double gain = immune(a, to) - immune(a, from);
    if (gain > 0) {
        const double take = gain / (1 - immune(a, from));
        y.s(a, to) -= susceptible_moved * take;
        y.v(a, to) += (susceptible_moved + recovered_moved) * take;
    }
    return total * share;
}

// Moves `people` of band a into stratum `to` from the strata `from`, in proportion to the
// people each holds (those who got a dose are any of them: the fresh and the waned, or
// everyone who completed a series, whichever product). Returns the people moved.
double move_from(State& y, const Block& immune, int a, const std::vector<int>& from, int to,
                 double people) {
    if (from.size() == 1) return move(y, immune, a, from[0], to, people);
    double total = 0;
    for (int s : from) total += y.n(a, s);
    if (people <= 0 || total <= 0) return 0;
    const double share = std::min(1.0, people / total);
    PerSourceStratum amount(from.size());
    for (std::size_t j = 0; j < from.size(); ++j) amount[j] = y.n(a, from[j]) * share;
    double moved = 0;
    for (std::size_t j = 0; j < from.size(); ++j) moved += move(y, immune, a, from[j], to, amount[j]);
    return moved;
}

// A kind of dose the epidemic moves people for: product p's dose k (0-based dose number,
// boosters above the series), from the strata `from` into stratum `to`.
struct Channel {
    int product, k, to;
    std::vector<int> from;
};

} // namespace

EpidemicResult simulate_epidemic(const Scenario& sc, const Ledger* rollout) {
    if (!sc.epidemic)
        throw std::logic_error("simulate_epidemic: the scenario has no epidemic model");
    const EpidemicModel& m = *sc.epidemic;
    const int D = sc.days(), P = static_cast<int>(sc.products.size());
    if (rollout && !rollout->has_cohort_doses())
        throw std::logic_error("simulate_epidemic: the rollout did not record doses by cohort");
    const Strata strata(sc, rollout != nullptr);
    const auto series_doses = [&](int p) {
        return sc.products[static_cast<std::size_t>(p)].doses_in_series();
    };
    const int K0 = sc.primary_doses(), K = rollout ? rollout->doses_per_person() : K0;
    const int B = m.bands();

    // Per band and stratum: relative susceptibility, severity (given infection) and
    // infectiousness, and the all-or-nothing efficacy (the share a dose made immune).
    Block susceptibility = Block::Ones(B, strata.count), severity = susceptibility,
          infectiousness = susceptibility, immune = Block::Zero(B, strata.count);
    bool weighted = false;
    const auto protect = [&](const Protection& pr, int s, const Efficacy& e) {
        for (int a = 0; a < B; ++a) {
            const double infection = pr.by_age(a) * e.infection;
            if (pr.type == EfficacyType::all_or_nothing)
                immune(a, s) = infection;
            else
                susceptibility(a, s) = 1 - infection;
            severity(a, s) = (1 - pr.by_age(a) * e.severe) / (1 - infection);
            infectiousness(a, s) = 1 - pr.by_age(a) * e.transmission;
            weighted = weighted || infectiousness(a, s) != 1;
        }
    };
    std::vector<Wane> wanes;
    // Of the immune who wane, the share A_waned / A stays immune. In a leaky stratum the
    // immune came from an all-or-nothing dose before (a leaky booster or heterologous
    // dose keeps them immune): as that stratum's protection wanes, theirs does, and they
    // become susceptible with the waned leaky protection.
    const auto wane = [&](const Protection& pr, int s) {
        Wane w{s, strata.twin(s), pr.waning_rate, Column::Zero(B)};
        for (int a = 0; a < B; ++a)
            if (immune(a, s) > 0) w.keep(a) = immune(a, w.to) / immune(a, s);
        wanes.push_back(w);
    };
    if (rollout)
        for (int p = 0; p < P; ++p) {
            const Protection& pr = m.protection[static_cast<std::size_t>(p)];
            const int first = strata.first[static_cast<std::size_t>(p)];
            const int booster = strata.booster[static_cast<std::size_t>(p)];
            for (int k = 0; k < series_doses(p); ++k) {
                protect(pr, first + k, pr.series(static_cast<std::size_t>(k), false));
                if (strata.waned && pr.waning_rate > 0)
                    protect(pr, strata.twin(first + k), pr.series(static_cast<std::size_t>(k), true));
            }
            if (booster >= 0) {
                protect(pr, booster, *pr.booster);
                if (strata.waned && pr.waning_rate > 0) protect(pr, strata.twin(booster), *pr.waned_booster);
            }
            // A product that does not wane keeps its twins empty; one that does flows
            // there (the twins' efficacies set above, before `keep` reads them).
            if (strata.waned && pr.waning_rate > 0) {
                for (int k = 0; k < series_doses(p); ++k) wane(pr, first + k);
                if (booster >= 0) wane(pr, booster);
            }
        }

    // The kinds of dose: each dose of each product's series, from the stratum of the
    // dose before (and its waned twin); each booster number b of a product given as a
    // booster, from the strata of everyone who completed a series (b = 1) or had a
    // booster (b > 1), of any product, fresh or waned.
    std::vector<Channel> channels; // the series' doses, then (from `series_channels`) boosters
    int series_channels = 0;
    std::vector<int> completed, boosted;
    std::vector<int> channel_of; // [product * K + k]: -1 when no dose is expected there
    EpidemicResult out;
    if (rollout) {
        for (int p = 0; p < P; ++p) {
            for (int s : strata.with_twin(strata.first[static_cast<std::size_t>(p)] + series_doses(p) - 1))
                completed.push_back(s);
            if (const int b = strata.booster[static_cast<std::size_t>(p)]; b >= 0)
                for (int s : strata.with_twin(b)) boosted.push_back(s);
        }
        channel_of.assign(static_cast<std::size_t>(P * K), -1);
        const auto add = [&](int p, int k, int to, std::vector<int> from) {
            channel_of[static_cast<std::size_t>(p * K + k)] = static_cast<int>(channels.size());
            channels.push_back({p, k, to, std::move(from)});
        };
        for (int p = 0; p < P; ++p) {
            const int first = strata.first[static_cast<std::size_t>(p)];
            for (int k = 0; k < series_doses(p); ++k)
                add(p, k, first + k, k == 0 ? std::vector<int>{0} : strata.with_twin(first + k - 1));
        }
        series_channels = static_cast<int>(channels.size());
        // By booster number, then product: a second booster arriving the day a first one
        // does (of another product) finds the people that first one boosted.
        for (int k = K0; k < K; ++k)
            for (int p = 0; p < P; ++p)
                if (const int b = strata.booster[static_cast<std::size_t>(p)]; b >= 0)
                    add(p, k, b, k == K0 ? completed : boosted);
        out.doses.assign(static_cast<std::size_t>(P), std::vector<EpidemicDoses>(static_cast<std::size_t>(K)));
    }
    const int C = static_cast<int>(channels.size());

    // Protection arrives `delay_days` after each dose: people moving for each channel, by
    // day and band, in one block [day][channel][band].
    std::vector<double> moves;
    const auto move_index = [&](int t, int c) {
        return (static_cast<std::size_t>(t) * static_cast<std::size_t>(C) +
                static_cast<std::size_t>(c)) *
               static_cast<std::size_t>(B);
    };
    if (rollout) {
        moves.assign(move_index(D, 0), 0.0);
        const auto& cohorts = sc.population.cohorts();
        for (int t = 0; t < D; ++t)
            for (int c = 0; c < rollout->cohorts(); ++c) {
                const auto& share = m.band_share[static_cast<std::size_t>(
                    cohorts[static_cast<std::size_t>(c)].band)];
                for (int p = 0; p < P; ++p) {
                    const int arrives = t + m.protection[static_cast<std::size_t>(p)].delay_days;
                    for (int k = 0; k < K; ++k) {
                        const double n = static_cast<double>(rollout->cohort_dose(t, c, p, k));
                        if (n == 0) continue;
                        const int channel = channel_of[static_cast<std::size_t>(p * K + k)];
                        if (channel < 0)
                            throw std::logic_error("simulate_epidemic: dose " + std::to_string(k + 1) +
                                                   " of product " + sc.products[static_cast<std::size_t>(p)].id() +
                                                   " given, which no stratum receives");
                        EpidemicDoses& counted =
                            out.doses[static_cast<std::size_t>(p)][static_cast<std::size_t>(k)];
                        counted.given += n;
                        if (arrives >= D) {
                            counted.after_end += n;
                            continue;
                        }
                        double* to = &moves[move_index(arrives, channel)];
                        for (int a = 0; a < B; ++a)
                            to[a] += n * share[static_cast<std::size_t>(a)];
                    }
                }
            }
    }

    // Heterologous doses of the series move people from the stratum of their dose
    // before's product, not from the previous stratum of the product given: taken out of
    // the moves above and made on their own, [day][band] per switch.
    struct Cross {
        int day, to, product, k; // product given, its dose k (0-based)
        int rounding;            // its own whole-people rounding (stochastic mode): C + kind
        std::vector<int> from;
        std::vector<double> people; // per band
    };
    std::vector<Cross> cross;
    std::map<std::array<int, 3>, int> cross_kinds; // (from product, to product, k)
    if (rollout) {
        const auto& cohorts = sc.population.cohorts();
        for (const Ledger::Switch& sw : rollout->switches) {
            const int arrives = sw.day + m.protection[static_cast<std::size_t>(sw.to)].delay_days;
            if (arrives >= D || sw.k < 1 || sw.k >= series_doses(sw.to) || sw.k > series_doses(sw.from))
                continue;
            const auto& share = m.band_share[static_cast<std::size_t>(
                cohorts[static_cast<std::size_t>(sw.cohort)].band)];
            const int kind =
                cross_kinds.try_emplace({sw.from, sw.to, sw.k}, static_cast<int>(cross_kinds.size()))
                    .first->second;
            Cross c{arrives, strata.first[static_cast<std::size_t>(sw.to)] + sw.k, sw.to, sw.k, C + kind,
                    strata.with_twin(strata.first[static_cast<std::size_t>(sw.from)] + sw.k - 1),
                    std::vector<double>(static_cast<std::size_t>(B))};
            double* normal = &moves[move_index(arrives, channel_of[static_cast<std::size_t>(sw.to * K + sw.k)])];
            for (int a = 0; a < B; ++a) {
                c.people[a] = static_cast<double>(sw.n) * share[static_cast<std::size_t>(a)];
                normal[a] -= c.people[a];
            }
            cross.push_back(c);
        }
        std::stable_sort(cross.begin(), cross.end(),
                         [](const Cross& a, const Cross& b) { return a.day < b.day; });
    }
    std::size_t next_cross = 0;

    State y(B, strata.count);
    for (int a = 0; a < B; ++a) {
        const double n = m.band_people(a);
        y.n(a, 0) = n;
        y.e(a, 0) = n * m.initial_exposed;
        y.i(a, 0) = n * m.initial_infectious;
        double immune_at_start = n * m.immune_share(a);
        if (m.stochastic) { // whole people: the nearest, the immune within what is left
            y.e(a, 0) = std::round(y.e(a, 0));
            y.i(a, 0) = std::min(std::round(y.i(a, 0)), n - y.e(a, 0));
            immune_at_start = std::min(std::round(immune_at_start), n - y.e(a, 0) - y.i(a, 0));
        }
        y.s(a, 0) = n - y.e(a, 0) - y.i(a, 0) - immune_at_start;
    }
    const Column infected_at_start = (y.e.col(0) + y.i.col(0)).eval();
    // The stochastic mode's draws: the epidemic's events (the same stream with and
    // without vaccination, so the two are the same epidemic until the first protection
    // arrives), and vaccination's whole people (models/EPIDEMIC.md, *Stochastic mode*).
    RandomStream events(sc.seed, sc.future, "epidemic"), vaccination(sc.seed, sc.future, "epidemic doses");
    // Per channel and band, in the stochastic mode: the people its doses have asked for so
    // far, those moved, and the offset of their systematic rounding to whole people (the
    // people moved up to a day are floor(asked + offset), less any the strata could not
    // yet give, which later days ask for again). Heterologous doses round on their own,
    // per switch of product and dose (after the channels), so their people are not mixed
    // with those of the dose kind they are taken from.
    std::vector<double> asked, whole_moved, offset;
    if (const int kinds = C + static_cast<int>(cross_kinds.size()); m.stochastic && kinds > 0) {
        asked.assign(static_cast<std::size_t>(kinds * B), 0.0);
        whole_moved = asked;
        offset.resize(asked.size());
        for (double& u : offset) u = vaccination.uniform();
    }
    // People of band a for channel c (a dose kind): `people` more expected; moves them
    // (whole people in the stochastic mode) and returns the people moved.
    const auto move_for = [&](int c, int a, const std::vector<int>& from, int to, double people) {
        if (!m.stochastic) return move_from(y, immune, a, from, to, people);
        const auto at = static_cast<std::size_t>(c * B + a);
        asked[at] += people;
        const double due = std::floor(asked[at] + offset[at]) - whole_moved[at];
        if (due <= 0) return 0.0;
        const auto moved = static_cast<double>(
            move_people(y, immune, a, from, to, static_cast<std::int64_t>(due), vaccination));
        whole_moved[at] += moved;
        return moved;
    };

    out.infections = EpiSeries::Zero(D, B);
    out.hospitalisations = out.infections;
    out.deaths = out.infections;
    out.population_check = out.infections;
    const double h = 1.0 / m.substeps;
    std::optional<Integrator> integrator;
    std::optional<ChainBinomial> chain;
    const Transmission transmission(m, susceptibility, infectiousness, weighted);
    if (m.stochastic)
        chain.emplace(m, transmission, std::move(wanes), h);
    else
        integrator.emplace(m, transmission, strata.count, std::move(wanes));
    const Eigen::ArrayXd severity_row = severity.row(0).transpose();
    const bool same_severity_in_every_band =
        (severity.rowwise() - severity_row.transpose()).abs().maxCoeff() == 0;
    Block before(B, strata.count), infected(B, strata.count);
    // The series' doses first, then heterologous doses, then boosters: a booster given
    // the day its series dose protects finds that dose's people.
    const auto apply = [&](int from_channel, int to_channel, int t) {
        for (int c = from_channel; c < to_channel; ++c) {
            const Channel& ch = channels[static_cast<std::size_t>(c)];
            const double* in = &moves[move_index(t, c)];
            double& moved =
                out.doses[static_cast<std::size_t>(ch.product)][static_cast<std::size_t>(ch.k)].moved;
            for (int a = 0; a < B; ++a) moved += move_for(c, a, ch.from, ch.to, in[a]);
        }
    };
    for (int t = 0; t < D; ++t) {
        apply(0, series_channels, t);
        for (; next_cross < cross.size() && cross[next_cross].day == t; ++next_cross) {
            const Cross& c = cross[next_cross];
            double& moved =
                out.doses[static_cast<std::size_t>(c.product)][static_cast<std::size_t>(c.k)].moved;
            for (int a = 0; a < B; ++a) moved += move_for(c.rounding, a, c.from, c.to, c.people[a]);
        }
        apply(series_channels, C, t);
        before = y.inc;
        if (const double imported = m.imported(sc.start + t); imported > 0) {
            // Infection from outside: a force of infection per_day / N on everyone, which
            // exposes per_day people a day in a wholly susceptible population and fewer as
            // people become immune, vaccinated or less susceptible (u_a, 1 - VE). A person
            // of band a, stratum k is exposed with probability per_day / N * u_a *
            // (1 - VE_inf,k), at most 1.
            const double rate = imported / m.population.sum();
            for (int a = 0; a < B; ++a)
                for (int k = 0; k < strata.count; ++k) {
                    const double p = std::min(1.0, rate * m.susceptibility(a) * susceptibility(a, k));
                    const double n =
                        m.stochastic
                            ? static_cast<double>(events.binomial(static_cast<std::int64_t>(y.s(a, k)), p))
                            : y.s(a, k) * p;
                    y.s(a, k) -= n;
                    y.e(a, k) += n;
                    y.inc(a, k) += n;
                }
        }
        const double factor = m.contact_factor(sc.start + t) * m.transmissibility(sc.start + t);
        for (int k = 0; k < m.substeps; ++k)
            if (chain)
                chain->step(y, factor, events);
            else
                integrator->step(y, h, factor);
        infected = y.inc - before;
        const double variant_severity = m.severity_factor(sc.start + t);
        out.infections.row(t) = infected.rowwise().sum().matrix().transpose();
        if (m.stochastic) {
            // Whole people: of each band and stratum's infections, those hospitalised and
            // those who die, each a binomial draw (the first day's with the people infected
            // at the start, unvaccinated).
            if (t == 0) out.infections.row(0) += infected_at_start.matrix().transpose();
            for (int a = 0; a < B; ++a)
                for (int k = 0; k < strata.count; ++k) {
                    const double n = infected(a, k) + (t == 0 && k == 0 ? infected_at_start(a) : 0);
                    const double severe = severity(a, k) * variant_severity;
                    out.hospitalisations(t, a) += static_cast<double>(events.binomial(
                        static_cast<std::int64_t>(n), std::min(1.0, severe * m.hospitalisation(a))));
                    out.deaths(t, a) += static_cast<double>(events.binomial(
                        static_cast<std::int64_t>(n), std::min(1.0, severe * m.fatality(a))));
                }
        } else {
            // With the same severity in every band (no by_age), as a row: Eigen then sums the
            // strata in the order it always has, so outcomes stay the same to the last bit.
            const Column severe =
                (same_severity_in_every_band
                     ? (infected.rowwise() * severity_row.transpose()).rowwise().sum().eval()
                     : (infected * severity).rowwise().sum().eval()) *
                variant_severity;
            out.hospitalisations.row(t) = (severe * m.hospitalisation.array()).matrix().transpose();
            out.deaths.row(t) = (severe * m.fatality.array()).matrix().transpose();
            if (t == 0) {
                // The people infected at the start (exposed or infectious) are counted as the
                // first day's infections, unvaccinated, with their outcomes: no one else will.
                const Column initial =
                    m.population.array() * (m.initial_exposed + m.initial_infectious);
                out.infections.row(0) += initial.matrix().transpose();
                out.hospitalisations.row(0) +=
                    (initial * m.hospitalisation.array() * variant_severity).matrix().transpose();
                out.deaths.row(0) +=
                    (initial * m.fatality.array() * variant_severity).matrix().transpose();
            }
        }
        out.population_check.row(t) = y.n.rowwise().sum().matrix().transpose();
        const double least = std::min({y.s.minCoeff(), y.e.minCoeff(), y.i.minCoeff(),
                                       (y.n - y.s - y.e - y.i).minCoeff(), y.v.minCoeff(),
                                       (y.n - y.s - y.e - y.i - y.v).minCoeff()});
        out.smallest_compartment = t == 0 ? least : std::min(out.smallest_compartment, least);
    }
    return out;
}

double epidemic_dose_slack(bool stochastic, int bands, int products, double given) {
    return 1e-6 * std::max(1.0, given) + (stochastic ? 2.0 * bands * products : 0.0);
}

std::optional<EpidemicOutcome> run_epidemic(const Scenario& sc, const Ledger& rollout) {
    if (!sc.epidemic) return std::nullopt;
    EpidemicOutcome out{simulate_epidemic(sc, &rollout), std::nullopt};
    if (sc.epidemic->counterfactual) out.counterfactual = simulate_epidemic(sc, nullptr);
    if (const auto& h = sc.epidemic->hospital) // the load here, not in every simulate_epidemic
        for (EpidemicResult* r : {&out.vaccinated, out.counterfactual ? &*out.counterfactual : nullptr})
            if (r) r->hospital = hospital_load(*h, r->hospitalisations, r->deaths);
    return out;
}

} // namespace vaxsim
