// vaxsim's epidemic against an independent solution of the stated equations
// (models/EPIDEMIC.md) for two age groups, and fourth-order convergence with the new
// features on. The reference integrator below shares no code with models/epidemic_run.cpp.
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "models/epidemic_run.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

// Two groups: bands 0-7 ("young") and 8-15 ("old"), 62,500 people in each band. Contacts
// are constant within blocks, so every band of a group stays alike and the 16-band model
// is a two-group one: a person of group I meets K_IJ people of group J a day, the sum of
// their row over J's eight bands.
constexpr double c_yy = 1.2, c_yo = 0.4, c_oy = 0.3, c_oo = 0.8; // per band pair
constexpr double K[2][2] = {{8 * c_yy, 8 * c_yo}, {8 * c_oy, 8 * c_oo}};
constexpr double u[2] = {0.6, 1.0};        // susceptibility
constexpr double y[2] = {0.3, 0.7};        // clinical fraction
constexpr double alpha = 0.5;              // subclinical infectiousness
constexpr double w[2] = {y[0] + alpha * (1 - y[0]), y[1] + alpha * (1 - y[1])};
constexpr double ihr[2] = {0.01, 0.08}, ifr[2] = {0.0005, 0.02};
constexpr double r0 = 2.2, sigma = 1.0 / 3, gamma_ = 1.0 / 5;
constexpr double n_group = 8 * 62500, e0 = 0.0002, i0 = 0.0001, immune0[2] = {0.1, 0.05};
constexpr int days = 241, variant_day = 90, import_from = 20, import_to = 29; // day numbers
constexpr double variant_t = 1.5, variant_s = 1.3, imports = 40;             // per day
constexpr int scaling_day = 60;
constexpr double scaling = 0.7;

std::string values(double young, double old) {
    std::ostringstream out;
    out.precision(17);
    out << "[";
    for (int i = 0; i < 16; ++i) out << (i ? ", " : "") << (i < 8 ? young : old);
    out << "]";
    return out.str();
}

std::filesystem::path contacts_dir() {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("vaxsim-epi-reference-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream csv(dir / "blocks.csv");
    for (int b = 0; b < 16; ++b) csv << (b ? "," : "") << "V" << b + 1;
    csv << "\n";
    csv.precision(17);
    for (int a = 0; a < 16; ++a) {
        for (int b = 0; b < 16; ++b)
            csv << (b ? "," : "")
                << (a < 8 ? (b < 8 ? c_yy : c_yo) : (b < 8 ? c_oy : c_oo));
        csv << "\n";
    }
    return dir;
}

Scenario scenario(int substeps) {
    std::ostringstream text;
    text.precision(17);
    text << million_people("epi-reference", "2021-08-29", 0, 500000, 20000) << R"(  contacts_csv: blocks.csv
  r0: )" << r0 << R"(
  latent_days: 3
  infectious_days: 5
  initial: {exposed: )"
         << e0 << ", infectious: " << i0 << ", immune: " << values(immune0[0], immune0[1])
         << "}\n  substeps: " << substeps << "\n  susceptibility: " << values(u[0], u[1])
         << "\n  clinical_fraction: " << values(y[0], y[1])
         << "\n  subclinical_infectiousness: " << alpha
         << "\n  contact_scaling: [{from: 2021-03-02, factor: " << scaling << "}]"
         << "\n  variants: [{from: 2021-04-01, transmissibility: " << variant_t
         << ", severity: " << variant_s << "}]"
         << "\n  importations: [{from: 2021-01-21, to: 2021-01-30, per_day: " << imports
         << "}]\n  counterfactual: false\n  severity:\n    source: test\n    hospitalisation: "
         << values(ihr[0], ihr[1]) << "\n    fatality: " << values(ifr[0], ifr[1])
         << "\n  protection:\n    vax: {infection: [0.5], severe: [0.8]}\n";
    const auto dir = contacts_dir();
    Scenario sc = load_scenario_text("epi-reference.yaml", text.str(), dir.string());
    std::filesystem::remove_all(dir); // the matrix is read at load
    return sc;
}

// The reference: the two-group equations, S E I and cumulative infections per group,
// classic RK4 with a given number of steps a day; Richardson extrapolation of two step
// sizes below. Returns {infections, hospitalisations, deaths} over the run.
using Y = std::array<double, 8>; // S0 S1 E0 E1 I0 I1 C0 C1

std::array<double, 3> reference(int steps) {
    // beta from the 2x2 matrix diag(u) K diag(w): its larger eigenvalue.
    const double a = u[0] * K[0][0] * w[0], b = u[0] * K[0][1] * w[1],
                 c = u[1] * K[1][0] * w[0], d = u[1] * K[1][1] * w[1];
    const double radius = (a + d) / 2 + std::sqrt((a - d) * (a - d) / 4 + b * c);
    const double beta = r0 * gamma_ / radius;
    Y s{};
    for (int g = 0; g < 2; ++g) {
        s[4 + g] = i0 * n_group;
        s[2 + g] = e0 * n_group;
        s[g] = n_group * (1 - e0 - i0 - immune0[g]);
    }
    double infections = 2 * (e0 + i0) * n_group;
    double hospital = (e0 + i0) * n_group * (ihr[0] + ihr[1]);
    double deaths = (e0 + i0) * n_group * (ifr[0] + ifr[1]);
    const auto f = [&](const Y& v, double factor) {
        Y dv{};
        for (int g = 0; g < 2; ++g) {
            double force = 0;
            for (int h = 0; h < 2; ++h) force += K[g][h] * w[h] * v[4 + h] / n_group;
            const double inc = u[g] * beta * factor * force * v[g];
            dv[g] = -inc;
            dv[2 + g] = inc - sigma * v[2 + g];
            dv[4 + g] = sigma * v[2 + g] - gamma_ * v[4 + g];
            dv[6 + g] = inc;
        }
        return dv;
    };
    const double dt = 1.0 / steps;
    for (int t = 0; t < days; ++t) {
        const Y start = s;
        if (t >= import_from && t <= import_to)
            for (int g = 0; g < 2; ++g) { // from S to E at imports / N a day, times u
                const double n = s[g] * imports / (2 * n_group) * u[g];
                s[g] -= n;
                s[2 + g] += n;
                s[6 + g] += n;
            }
        const double factor = (t >= scaling_day ? scaling : 1.0) * (t >= variant_day ? variant_t : 1.0);
        for (int k = 0; k < steps; ++k) {
            const Y k1 = f(s, factor);
            Y tmp;
            for (int j = 0; j < 8; ++j) tmp[j] = s[j] + dt / 2 * k1[j];
            const Y k2 = f(tmp, factor);
            for (int j = 0; j < 8; ++j) tmp[j] = s[j] + dt / 2 * k2[j];
            const Y k3 = f(tmp, factor);
            for (int j = 0; j < 8; ++j) tmp[j] = s[j] + dt * k3[j];
            const Y k4 = f(tmp, factor);
            for (int j = 0; j < 8; ++j) s[j] += dt / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
        }
        const double severity = t >= variant_day ? variant_s : 1.0;
        for (int g = 0; g < 2; ++g) {
            const double today = s[6 + g] - start[6 + g];
            infections += today;
            hospital += today * ihr[g] * severity;
            deaths += today * ifr[g] * severity;
        }
    }
    return {infections, hospital, deaths};
}

} // namespace

TEST_CASE("the epidemic agrees with an independent two-group solution to 1e-6", "[epidemic]") {
    // RK4 with 256 and 512 steps a day, Richardson-extrapolated (error ~ h^4: the
    // combination (16 x_fine - x_coarse) / 15 cancels it).
    const auto coarse = reference(256), fine = reference(512);
    const Scenario sc = scenario(64);
    REQUIRE(sc.days() == days);
    const EpidemicResult r = simulate_epidemic(sc, nullptr);
    const double got[3] = {r.total_infections(), r.total_hospitalisations(), r.total_deaths()};
    for (int q = 0; q < 3; ++q) {
        const double exact = (16 * fine[q] - coarse[q]) / 15;
        INFO("quantity " << q << ": reference " << exact << ", vaxsim " << got[q]);
        CHECK(std::fabs(fine[q] - coarse[q]) < 1e-9 * exact); // the reference has converged
        CHECK(std::fabs(got[q] - exact) < 1e-6 * exact);
    }
    CHECK(r.total_infections() > 0.2 * 1e6); // a real epidemic, not a stalled one
}

TEST_CASE("fourth-order convergence holds with susceptibility, variants and importations",
          "[epidemic]") {
    const double reference_total = simulate_epidemic(scenario(64), nullptr).total_deaths();
    double previous_error = HUGE_VAL;
    for (int substeps : {1, 2, 4, 8}) {
        const double error =
            std::fabs(simulate_epidemic(scenario(substeps), nullptr).total_deaths() -
                      reference_total) /
            reference_total;
        INFO("substeps " << substeps << ": relative error " << error);
        CHECK(error < previous_error / 8); // fourth order: about 16x per halving
        previous_error = error;
    }
    CHECK(previous_error < 1e-6);
}

// The same two groups with vaccination, waning and a booster: 40% of everyone vaccinated
// (leaky, with efficacy against transmission) on day 0, protection waning at a mean of 60
// days, everyone vaccinated boosted on day 100, immunity after infection waning at a mean
// of 90 days. The reference integrates five strata per group: unvaccinated, vaccinated,
// vaccinated and waned, boosted, boosted and waned.
namespace {

constexpr int booster_day = 100;
constexpr double wane = 1.0 / 60, recovered_wane = 1.0 / 90;
// Per stratum: efficacy against infection, severe disease and transmission.
constexpr double ve_inf[5] = {0, 0.5, 0.2, 0.7, 0.35}, ve_sev[5] = {0, 0.8, 0.5, 0.9, 0.7},
                 ve_tr[5] = {0, 0.3, 0.1, 0.4, 0.2};

Scenario waning_scenario(int substeps) {
    std::ostringstream text;
    text.precision(17);
    text << million_people("epi-reference-waning", "2021-08-29", 800000, 400000, 1000000)
         << R"(  contacts_csv: blocks.csv
  r0: )" << r0 << R"(
  latent_days: 3
  infectious_days: 5
  infection_immunity_days: 90
  initial: {exposed: )"
         << e0 << ", infectious: " << i0 << ", immune: " << values(immune0[0], immune0[1])
         << "}\n  substeps: " << substeps << "\n  susceptibility: " << values(u[0], u[1])
         << "\n  clinical_fraction: " << values(y[0], y[1])
         << "\n  subclinical_infectiousness: " << alpha
         << "\n  counterfactual: false\n  severity:\n    source: test\n    hospitalisation: "
         << values(ihr[0], ihr[1]) << "\n    fatality: " << values(ifr[0], ifr[1]) << R"(
  protection:
    vax:
      delay_days: 0
      infection: [0.5]
      severe: [0.8]
      transmission: [0.3]
      booster: {infection: 0.7, severe: 0.9, transmission: 0.4}
      waning:
        mean_days: 60
        infection: [0.2]
        severe: [0.5]
        transmission: [0.1]
        booster: {infection: 0.35, severe: 0.7, transmission: 0.2}
boosters:
  - {id: again, population: {all: true}, from: 2021-01-01, after_days: 100, products: [vax]}
)";
    const auto dir = contacts_dir();
    Scenario sc = load_scenario_text("epi-reference-waning.yaml", text.str(), dir.string());
    std::filesystem::remove_all(dir);
    return sc;
}

// [group][stratum]: S, E, I, N (people) and C (cumulative infections).
struct W {
    double s[2][5], e[2][5], i[2][5], n[2][5], c[2][5];
};

W derivative(const W& v, double beta) {
    W d{};
    for (int g = 0; g < 2; ++g) {
        double force = 0;
        for (int h = 0; h < 2; ++h) {
            double infectious = 0;
            for (int j = 0; j < 5; ++j) infectious += (1 - ve_tr[j]) * v.i[h][j];
            force += K[g][h] * w[h] * infectious / n_group;
        }
        for (int j = 0; j < 5; ++j) {
            const double inc = (1 - ve_inf[j]) * u[g] * beta * force * v.s[g][j];
            const double r = v.n[g][j] - v.s[g][j] - v.e[g][j] - v.i[g][j];
            d.c[g][j] = inc;
            d.s[g][j] = -inc + recovered_wane * r;
            d.e[g][j] = inc - sigma * v.e[g][j];
            d.i[g][j] = sigma * v.e[g][j] - gamma_ * v.i[g][j];
        }
        for (int j : {1, 3}) // vaccinated and boosted wane to the stratum after them
            for (auto x : {&W::s, &W::e, &W::i, &W::n}) {
                const double flow = wane * (v.*x)[g][j];
                (d.*x)[g][j] -= flow;
                (d.*x)[g][j + 1] += flow;
            }
    }
    return d;
}

W add(const W& a, const W& b, double h) {
    W out = a;
    for (auto x : {&W::s, &W::e, &W::i, &W::n, &W::c})
        for (int g = 0; g < 2; ++g)
            for (int j = 0; j < 5; ++j) (out.*x)[g][j] += h * (b.*x)[g][j];
    return out;
}

// Moves a share of every compartment of the strata `from` of each group to stratum `to`.
void vaccinate(W& v, std::initializer_list<int> from, int to, double share) {
    for (int g = 0; g < 2; ++g)
        for (int j : from)
            for (auto x : {&W::s, &W::e, &W::i, &W::n}) {
                const double moved = (v.*x)[g][j] * share;
                (v.*x)[g][j] -= moved;
                (v.*x)[g][to] += moved;
            }
}

std::array<double, 3> waning_reference(int steps) {
    const double a = u[0] * K[0][0] * w[0], b = u[0] * K[0][1] * w[1],
                 c = u[1] * K[1][0] * w[0], d = u[1] * K[1][1] * w[1];
    const double beta = r0 * gamma_ / ((a + d) / 2 + std::sqrt((a - d) * (a - d) / 4 + b * c));
    W v{};
    for (int g = 0; g < 2; ++g) {
        v.n[g][0] = n_group;
        v.e[g][0] = e0 * n_group;
        v.i[g][0] = i0 * n_group;
        v.s[g][0] = n_group * (1 - e0 - i0 - immune0[g]);
    }
    double infections = 2 * (e0 + i0) * n_group;
    double hospital = (e0 + i0) * n_group * (ihr[0] + ihr[1]);
    double deaths = (e0 + i0) * n_group * (ifr[0] + ifr[1]);
    const double dt = 1.0 / steps;
    for (int t = 0; t < days; ++t) {
        if (t == 0) vaccinate(v, {0}, 1, 0.4);
        if (t == booster_day) vaccinate(v, {1, 2}, 3, 1.0);
        const W start = v;
        for (int k = 0; k < steps; ++k) {
            const W k1 = derivative(v, beta);
            const W k2 = derivative(add(v, k1, dt / 2), beta);
            const W k3 = derivative(add(v, k2, dt / 2), beta);
            const W k4 = derivative(add(v, k3, dt), beta);
            v = add(add(add(add(v, k1, dt / 6), k2, dt / 3), k3, dt / 3), k4, dt / 6);
        }
        for (int g = 0; g < 2; ++g)
            for (int j = 0; j < 5; ++j) {
                const double today = v.c[g][j] - start.c[g][j];
                const double severity = (1 - ve_sev[j]) / (1 - ve_inf[j]);
                infections += today;
                hospital += today * severity * ihr[g];
                deaths += today * severity * ifr[g];
            }
    }
    return {infections, hospital, deaths};
}

} // namespace

TEST_CASE("with waning and a booster the epidemic agrees with an independent solution",
          "[epidemic]") {
    const auto coarse = waning_reference(256), fine = waning_reference(512);
    const Scenario sc = waning_scenario(64);
    const Ledger rollout = run_checked(sc);
    REQUIRE(rollout.dose(0, 0, 0, 0) == 400000);
    REQUIRE(rollout.dose(booster_day, 0, 0, 1) == 400000); // everyone boosted on day 100
    const EpidemicResult r = simulate_epidemic(sc, &rollout);
    const double got[3] = {r.total_infections(), r.total_hospitalisations(), r.total_deaths()};
    for (int q = 0; q < 3; ++q) {
        const double exact = (16 * fine[q] - coarse[q]) / 15;
        INFO("quantity " << q << ": reference " << exact << ", vaxsim " << got[q]);
        CHECK(std::fabs(fine[q] - coarse[q]) < 1e-9 * exact);
        CHECK(std::fabs(got[q] - exact) < 1e-6 * exact);
    }
    CHECK(r.total_infections() > 0.2 * 1e6);
    CHECK(r.doses[0][1].moved == Approx(400000).epsilon(1e-9));

    // Fourth-order convergence with waning on.
    double previous_error = HUGE_VAL;
    for (int substeps : {1, 2, 4, 8}) {
        const Scenario s = waning_scenario(substeps);
        const double error =
            std::fabs(simulate_epidemic(s, &rollout).total_deaths() - got[2]) / got[2];
        INFO("substeps " << substeps << ": relative error " << error);
        CHECK(error < previous_error / 8);
        previous_error = error;
    }
    CHECK(previous_error < 1e-6);
}
