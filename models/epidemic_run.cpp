#include "models/epidemic_run.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace vaxsim {
namespace {

using Block = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, five_year_bands,
                           Eigen::Dynamic>; // [band x stratum]

// Compartments per band and vaccination stratum: stratum 0 is unvaccinated, the others
// are protected by dose k of product p (simulate_epidemic numbers them). R is not integrated: it is what a
// stratum holds (`people`, changed only by vaccination) less S, E and I.
struct State {
    Block s, e, i, inc; // inc: cumulative infections, to split outcomes by stratum
    State(int bands, int strata) : s(Block::Zero(bands, strata)), e(s), i(s), inc(s) {}
};

class Integrator {
  public:
    // susceptibility, infectiousness: relative, per band and stratum; `weighted`: whether
    // any stratum's infectiousness is below 1 (otherwise infectious people are just summed).
    Integrator(const EpidemicModel& m, const Block& susceptibility, const Block& infectiousness,
               bool weighted, int strata)
        : m_(m), susceptibility_(susceptibility), stratum_infectiousness_(infectiousness),
          weighted_(weighted),
          infectiousness_per_person_(m.infectiousness.cwiseProduct(m.population.cwiseInverse())),
          k1_(m.bands(), strata), k2_(m.bands(), strata), k3_(m.bands(), strata),
          k4_(m.bands(), strata), stage_(m.bands(), strata) {}

    void derivative(const State& y, double contact_factor, State& dy) const {
        // Force of infection on each band: its susceptibility * beta * contacts * (infectious
        // share of each band, weighted by the band's infectiousness).
        EpiArray infectious;
        if (weighted_)
            infectious = (y.i * stratum_infectiousness_).rowwise().sum();
        else
            infectious = y.i.rowwise().sum();
        const EpiVector prevalence = infectious.matrix().cwiseProduct(infectiousness_per_person_);
        const EpiArray force =
            (m_.beta * contact_factor * (m_.contacts * prevalence)).array() *
            m_.susceptibility.array();
        dy.inc = (y.s.colwise() * force) * susceptibility_;
        dy.s = -dy.inc;
        dy.e = dy.inc - m_.sigma * y.e;
        dy.i = m_.sigma * y.e - m_.gamma * y.i;
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
    }

  private:
    void stage(const State& y, const State& k, double h) {
        stage_.s = y.s + h * k.s;
        stage_.e = y.e + h * k.e;
        stage_.i = y.i + h * k.i;
    }

    const EpidemicModel& m_;
    Block susceptibility_, stratum_infectiousness_;
    bool weighted_;
    EpiVector infectiousness_per_person_; // infectiousness / population, per band
    State k1_, k2_, k3_, k4_, stage_;
};

// Moves `people` of band a from one stratum to another, in proportion in every compartment
// (a vaccinated person keeps their infection state). Never more than the stratum holds:
// returns the people moved. `immune`: the all-or-nothing efficacy of each band and stratum
// (0 where leaky or unvaccinated): of the susceptible people moved, the share
// (immune_to - immune_from) / (1 - immune_from) become immune (removed), if above 0.
double move(State& y, Block& people_in, const Block& immune, int a, int from, int to,
            double people) {
    const double total = people_in(a, from);
    if (people <= 0 || total <= 0) return 0;
    const double share = std::min(1.0, people / total);
    const double susceptible_moved = y.s(a, from) * share;
    for (Block* c : {&y.s, &y.e, &y.i, &people_in}) {
        const double moved = (*c)(a, from) * share;
        (*c)(a, from) -= moved;
        (*c)(a, to) += moved;
    }
    const double gain = immune(a, to) - immune(a, from);
    if (gain > 0) y.s(a, to) -= susceptible_moved * gain / (1 - immune(a, from));
    return total * share;
}

} // namespace

EpidemicResult simulate_epidemic(const Scenario& sc, const Ledger* rollout) {
    if (!sc.epidemic)
        throw std::logic_error("simulate_epidemic: the scenario has no epidemic model");
    const EpidemicModel& m = *sc.epidemic;
    const int D = sc.days(), P = static_cast<int>(sc.products.size());
    if (rollout && !rollout->has_cohort_doses())
        throw std::logic_error("simulate_epidemic: the rollout did not record doses by cohort");

    // Strata: 0 is unvaccinated; product p's dose k (0-based) protects stratum
    // first_stratum[p] + k. Without a rollout nobody leaves stratum 0, so it is the only one.
    std::vector<int> first_stratum(static_cast<std::size_t>(P));
    int strata = 1;
    if (rollout)
        for (int p = 0; p < P; ++p) {
            first_stratum[static_cast<std::size_t>(p)] = strata;
            strata += sc.products[static_cast<std::size_t>(p)].doses_in_series();
        }

    // Per band and stratum: relative susceptibility, severity (given infection) and
    // infectiousness, and the all-or-nothing efficacy (the share a dose made immune).
    Block susceptibility = Block::Ones(m.bands(), strata), severity = susceptibility,
          infectiousness = susceptibility, immune = Block::Zero(m.bands(), strata);
    bool weighted = false;
    if (rollout)
        for (int p = 0; p < P; ++p) {
            const Protection& pr = m.protection[static_cast<std::size_t>(p)];
            for (std::size_t k = 0; k < pr.infection.size(); ++k) {
                const int s = first_stratum[static_cast<std::size_t>(p)] + static_cast<int>(k);
                for (int a = 0; a < m.bands(); ++a) {
                    const double infection = pr.by_age(a) * pr.infection[k];
                    if (pr.type == EfficacyType::all_or_nothing)
                        immune(a, s) = infection;
                    else
                        susceptibility(a, s) = 1 - infection;
                    severity(a, s) = (1 - pr.by_age(a) * pr.severe[k]) / (1 - infection);
                    infectiousness(a, s) = 1 - pr.by_age(a) * pr.transmission[k];
                    weighted = weighted || infectiousness(a, s) != 1;
                }
            }
        }

    // Protection arrives `delay_days` after each dose: people moving into each vaccinated
    // stratum, by day and band, in one block [day][stratum][band].
    std::vector<double> moves;
    const auto move_index = [&](int t, int s) {
        return (static_cast<std::size_t>(t) * static_cast<std::size_t>(strata) +
                static_cast<std::size_t>(s)) *
               static_cast<std::size_t>(m.bands());
    };
    EpidemicResult out;
    if (rollout) {
        out.doses.resize(static_cast<std::size_t>(P));
        for (int p = 0; p < P; ++p)
            out.doses[static_cast<std::size_t>(p)].resize(
                static_cast<std::size_t>(sc.products[static_cast<std::size_t>(p)].doses_in_series()));
        moves.assign(move_index(D, 0), 0.0);
        const auto& cohorts = sc.population.cohorts();
        for (int t = 0; t < D; ++t)
            for (int c = 0; c < rollout->cohorts(); ++c) {
                const auto& share = m.band_share[static_cast<std::size_t>(
                    cohorts[static_cast<std::size_t>(c)].band)];
                for (int p = 0; p < P; ++p) {
                    const int arrives = t + m.protection[static_cast<std::size_t>(p)].delay_days;
                    const int K = sc.products[static_cast<std::size_t>(p)].doses_in_series();
                    for (int k = 0; k < K; ++k) {
                        const double n = static_cast<double>(rollout->cohort_dose(t, c, p, k));
                        if (n == 0) continue;
                        EpidemicDoses& counted =
                            out.doses[static_cast<std::size_t>(p)][static_cast<std::size_t>(k)];
                        counted.given += n;
                        if (arrives >= D) {
                            counted.after_end += n;
                            continue;
                        }
                        double* to = &moves[move_index(
                            arrives, first_stratum[static_cast<std::size_t>(p)] + k)];
                        for (int a = 0; a < m.bands(); ++a)
                            to[a] += n * share[static_cast<std::size_t>(a)];
                    }
                }
            }
    }

    // Heterologous doses move people from the stratum of their dose before's product,
    // not from the previous stratum of the product given: taken out of the moves above
    // and made on their own, [day][band] per switch.
    struct Cross {
        int day, from, to, product, k; // product given, its dose k (0-based)
        std::vector<double> people;
    };
    std::vector<Cross> cross;
    if (rollout) {
        const auto& cohorts = sc.population.cohorts();
        for (const Ledger::Switch& sw : rollout->switches) {
            const int arrives = sw.day + m.protection[static_cast<std::size_t>(sw.to)].delay_days;
            if (arrives >= D) continue;
            const auto& share = m.band_share[static_cast<std::size_t>(
                cohorts[static_cast<std::size_t>(sw.cohort)].band)];
            Cross c{arrives, first_stratum[static_cast<std::size_t>(sw.from)] + sw.k - 1,
                    first_stratum[static_cast<std::size_t>(sw.to)] + sw.k, sw.to, sw.k,
                    std::vector<double>(static_cast<std::size_t>(m.bands()))};
            double* normal = &moves[move_index(arrives, c.to)];
            for (int a = 0; a < m.bands(); ++a) {
                c.people[a] = static_cast<double>(sw.n) * share[static_cast<std::size_t>(a)];
                normal[a] -= c.people[a];
            }
            cross.push_back(c);
        }
        std::stable_sort(cross.begin(), cross.end(),
                         [](const Cross& a, const Cross& b) { return a.day < b.day; });
    }
    std::size_t next_cross = 0;

    State y(m.bands(), strata);
    Block people = Block::Zero(m.bands(), strata); // everyone in a stratum, whatever their state
    for (int a = 0; a < m.bands(); ++a) {
        const double n = m.population(a);
        people(a, 0) = n;
        y.e(a, 0) = n * m.initial_exposed;
        y.i(a, 0) = n * m.initial_infectious;
        y.s(a, 0) = n - y.e(a, 0) - y.i(a, 0) - n * m.immune_share(a);
    }

    out.infections = EpiSeries::Zero(D, m.bands());
    out.hospitalisations = out.infections;
    out.deaths = out.infections;
    out.population_check = out.infections;
    Integrator integrator(m, susceptibility, infectiousness, weighted, strata);
    const Eigen::ArrayXd severity_row = severity.row(0).transpose();
    const bool same_severity_in_every_band =
        (severity.rowwise() - severity_row.transpose()).abs().maxCoeff() == 0;
    const double h = 1.0 / m.substeps;
    Block before(m.bands(), strata), infected(m.bands(), strata);
    for (int t = 0; t < D; ++t) {
        if (rollout)
            for (int p = 0; p < P; ++p) {
                const int first = first_stratum[static_cast<std::size_t>(p)];
                const int K = sc.products[static_cast<std::size_t>(p)].doses_in_series();
                for (int k = 0; k < K; ++k) {
                    const double* in = &moves[move_index(t, first + k)];
                    double& moved =
                        out.doses[static_cast<std::size_t>(p)][static_cast<std::size_t>(k)].moved;
                    for (int a = 0; a < m.bands(); ++a)
                        moved += move(y, people, immune, a, k == 0 ? 0 : first + k - 1, first + k,
                                      in[a]);
                }
            }
        for (; next_cross < cross.size() && cross[next_cross].day == t; ++next_cross) {
            const Cross& c = cross[next_cross];
            double& moved =
                out.doses[static_cast<std::size_t>(c.product)][static_cast<std::size_t>(c.k)].moved;
            for (int a = 0; a < m.bands(); ++a)
                moved += move(y, people, immune, a, c.from, c.to, c.people[a]);
        }
        before = y.inc;
        if (const double imported = m.imported(sc.start + t); imported > 0) {
            // Infection from outside: a force of infection per_day / N on everyone, which
            // exposes per_day people a day in a wholly susceptible population and fewer as
            // people become immune, vaccinated or less susceptible (u_a, 1 - VE). A person
            // of band a, stratum k is exposed with probability per_day / N * u_a *
            // (1 - VE_inf,k), at most 1.
            const double rate = imported / m.population.sum();
            for (int a = 0; a < m.bands(); ++a)
                for (int k = 0; k < strata; ++k) {
                    const double n = y.s(a, k) *
                                     std::min(1.0, rate * m.susceptibility(a) * susceptibility(a, k));
                    y.s(a, k) -= n;
                    y.e(a, k) += n;
                    y.inc(a, k) += n;
                }
        }
        const double factor = m.contact_factor(sc.start + t) * m.transmissibility(sc.start + t);
        for (int k = 0; k < m.substeps; ++k) integrator.step(y, h, factor);
        infected = y.inc - before;
        const double variant_severity = m.severity_factor(sc.start + t);
        // With the same severity in every band (no by_age), as a row: Eigen then sums the
        // strata in the order it always has, so outcomes stay the same to the last bit.
        const EpiArray severe =
            (same_severity_in_every_band
                 ? (infected.rowwise() * severity_row.transpose()).rowwise().sum().eval()
                 : (infected * severity).rowwise().sum().eval()) *
            variant_severity;
        out.infections.row(t) = infected.rowwise().sum().matrix().transpose();
        out.hospitalisations.row(t) = (severe * m.hospitalisation.array()).matrix().transpose();
        out.deaths.row(t) = (severe * m.fatality.array()).matrix().transpose();
        if (t == 0) {
            // The people infected at the start (exposed or infectious) are counted as the
            // first day's infections, unvaccinated, with their outcomes: no one else will.
            const EpiArray initial =
                m.population.array() * (m.initial_exposed + m.initial_infectious);
            out.infections.row(0) += initial.matrix().transpose();
            out.hospitalisations.row(0) +=
                (initial * m.hospitalisation.array() * variant_severity).matrix().transpose();
            out.deaths.row(0) +=
                (initial * m.fatality.array() * variant_severity).matrix().transpose();
        }
        out.population_check.row(t) = people.rowwise().sum().matrix().transpose();
        const double least = std::min({y.s.minCoeff(), y.e.minCoeff(), y.i.minCoeff(),
                                       (people - y.s - y.e - y.i).minCoeff()});
        out.smallest_compartment = t == 0 ? least : std::min(out.smallest_compartment, least);
    }
    return out;
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
