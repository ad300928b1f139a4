#include "models/epidemic.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <Eigen/Eigenvalues>

#include "models/epidemic_bands.hpp"
#include "models/error.hpp"
#include "models/text.hpp"

namespace vaxsim {
namespace {

EpiVector band_values(const std::vector<double>& values, double low, double high,
                      const std::string& path, const std::string& what,
                      const std::string& expected = "") {
    if (values.size() != five_year_bands)
        throw ModelError(path, expected.empty()
                                   ? "expected " + std::to_string(five_year_bands) +
                                         " values (bands 0-4 ... 75+), got " +
                                         std::to_string(values.size())
                                   : expected + ", got " + std::to_string(values.size()));
    return checked_values(values, low, high, path, what);
}

// The ages [lo, hi] of a five-year band; the open top band runs to AgeBand::open_end.
std::pair<int, int> epi_ages(int a) {
    return {5 * a, a == five_year_bands - 1 ? AgeBand::open_end : 5 * a + 4};
}

int shared_years(int lo1, int hi1, int lo2, int hi2) {
    return std::max(0, std::min(hi1, hi2) - std::max(lo1, lo2) + 1);
}

std::string epi_bands_text(int first, int last) {
    return first == last ? five_year_band_label(first)
                         : five_year_band_label(first) + " to " + five_year_band_label(last);
}

// A booster's or a waned dose's efficacy, checked as the series' are: severe at least
// infection, infection below 1, and so with every band's age multiplier.
Efficacy check_efficacy(const EfficacySpec& in, const EpiVector& by_age, const std::string& path) {
    const Efficacy e{check_share(in.infection, path + ".infection"),
                     check_share(in.severe, path + ".severe"),
                     in.transmission ? check_share(*in.transmission, path + ".transmission") : 0.0};
    if (e.severe < e.infection || e.infection >= 1)
        throw ModelError(path, "efficacy against severe disease must be at least that against "
                               "infection, and infection below 1");
    const double most = by_age.maxCoeff();
    if (most * e.infection >= 1 || most * e.severe > 1 || most * e.transmission > 1)
        throw ModelError(path, "with the product's by_age multipliers an efficacy is above 1 "
                               "(against infection: 1 or above)");
    return e;
}

// The first of infection, severe and transmission in which `waned` is above `fresh`.
const char* rises(const Efficacy& waned, const Efficacy& fresh) {
    return waned.infection > fresh.infection         ? "infection"
           : waned.severe > fresh.severe             ? "severe"
           : waned.transmission > fresh.transmission ? "transmission"
                                                     : nullptr;
}

// A product's waning: its rate, and the waned efficacy of each dose of the series (and of
// a booster), none above the efficacy before it waned.
void read_waning(const WaningSpec& in, Protection& out, const std::string& path) {
    if (!(in.mean_days >= 1 && in.mean_days <= 36500))
        throw ModelError(path + ".mean_days", "mean_days must be from 1 to 36500 days");
    out.waning_rate = 1.0 / in.mean_days;
    const std::size_t doses = out.infection.size();
    const auto per_dose = [&](const std::vector<double>& values, const char* key) {
        if (values.size() != doses)
            throw ModelError(path + "." + key, "expected one waned efficacy per dose of the series (" +
                                                   std::to_string(doses) + ")");
    };
    per_dose(in.infection, "infection");
    per_dose(in.severe, "severe");
    if (!in.transmission.empty()) per_dose(in.transmission, "transmission");
    for (std::size_t d = 0; d < doses; ++d) {
        const std::string n = "." + std::to_string(d);
        const Efficacy waned{
            check_share(in.infection[d], path + ".infection" + n),
            check_share(in.severe[d], path + ".severe" + n),
            in.transmission.empty() ? 0.0 : check_share(in.transmission[d], path + ".transmission" + n)};
        if (waned.severe < waned.infection)
            throw ModelError(path + ".severe" + n, "a waned efficacy against severe disease must be "
                                                   "at least that against infection");
        if (const char* key = rises(waned, out.series(d, false)))
            throw ModelError(path + "." + key + n, "a waned efficacy cannot be above the dose's "
                                                   "own (dose " + std::to_string(d + 1) + ")");
        out.waned.push_back(waned);
    }
    if (in.booster && !out.booster)
        throw ModelError(path + ".booster", "a waned booster efficacy needs the booster's own "
                                            "(the product's 'booster')");
    if (out.booster && !in.booster)
        throw ModelError(path, "expected 'booster', the efficacy after a booster once waned: the "
                               "product has a booster efficacy and its protection wanes");
    if (in.booster) {
        out.waned_booster = check_efficacy(*in.booster, out.by_age, path + ".booster");
        if (const char* key = rises(*out.waned_booster, *out.booster))
            throw ModelError(path + ".booster." + key,
                             "a waned efficacy cannot be above the booster's own");
    }
}

} // namespace

// The people in both rollout band r and five-year band a, X[r][a], are fitted so that
// each rollout band's row adds up to its people (the band's count and the people outside
// the bands who take its ages) and each five-year band's column to its population. Ages no
// rollout band holds form free rows (people never vaccinated), which take what is left.
// Two sets of age intervals overlap along a chain, so where the bands leave no free row
// X is the only table with those sums; iterative proportional fitting finds it from a
// start of shared years weighted by population (which only decides between free rows).
// A five-year band's people are never counted by its width: an open 75+ band shared
// with a rollout band 70-79 gets what 70-79 holds beyond 70-74, not 5/76 of it.
std::vector<std::array<double, five_year_bands>>
spread_rollout_bands(const std::vector<AgeBand>& bands, const EpiVector& population) {
    struct Row {
        int lo, hi;
        double people;
        bool free; // ages no rollout band holds
        std::string name;
    };
    std::vector<Row> rows;
    std::vector<int> row_of_band(bands.size(), -1);
    for (std::size_t b = 0; b < bands.size(); ++b)
        if (bands[b].outside_of < 0) {
            row_of_band[b] = static_cast<int>(rows.size());
            rows.push_back({bands[b].min_age, bands[b].max_age,
                            static_cast<double>(bands[b].count), false, bands[b].id});
        }
    for (std::size_t b = 0; b < bands.size(); ++b)
        if (bands[b].outside_of >= 0) {
            const int r = row_of_band[static_cast<std::size_t>(bands[b].outside_of)];
            row_of_band[b] = r;
            rows[static_cast<std::size_t>(r)].people += static_cast<double>(bands[b].count);
        }
    {
        std::vector<std::pair<int, int>> held;
        for (const Row& r : rows) held.push_back({r.lo, r.hi});
        std::sort(held.begin(), held.end());
        int next = 0;
        for (const auto& [lo, hi] : held) {
            if (lo > next) rows.push_back({next, lo - 1, 0, true, ""});
            next = std::max(next, hi + 1);
        }
        if (next <= AgeBand::open_end) rows.push_back({next, AgeBand::open_end, 0, true, ""});
    }
    const std::size_t R = rows.size();

    // Blocks: the rows and five-year bands linked by shared years (union-find over
    // R rows then five_year_bands columns).
    std::vector<std::size_t> parent(R + five_year_bands);
    for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = i;
    const auto root = [&](std::size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    };
    std::vector<std::array<double, five_year_bands>> x(R);
    for (std::size_t r = 0; r < R; ++r)
        for (int a = 0; a < five_year_bands; ++a) {
            const auto [lo, hi] = epi_ages(a);
            const int years = shared_years(rows[r].lo, rows[r].hi, lo, hi);
            x[r][static_cast<std::size_t>(a)] = population(a) * years / (hi - lo + 1);
            if (years > 0) parent[root(r)] = root(R + static_cast<std::size_t>(a));
        }

    // Each block's people must agree: exactly (to 0.1%) without free rows, and the rollout's
    // no more than the five-year bands' with them.
    constexpr double agree = 1e-3;
    std::vector<double> column_target(five_year_bands);
    for (int a = 0; a < five_year_bands; ++a) {
        const std::size_t block = root(R + static_cast<std::size_t>(a));
        double rollout = 0, epidemic = 0;
        bool free = false;
        std::string names;
        int first = five_year_bands, last = -1;
        for (std::size_t r = 0; r < R; ++r)
            if (root(r) == block) {
                rollout += rows[r].people;
                free = free || rows[r].free;
                if (!rows[r].free) names += (names.empty() ? "'" : ", '") + rows[r].name + "'";
            }
        for (int b = 0; b < five_year_bands; ++b)
            if (root(R + static_cast<std::size_t>(b)) == block) {
                epidemic += population(b);
                first = std::min(first, b);
                last = std::max(last, b);
            }
        const bool fits = free ? rollout <= epidemic * (1 + agree)
                               : std::fabs(rollout - epidemic) <= agree * std::max(rollout, epidemic);
        if (!fits)
            throw ModelError(
                "populations",
                "the five-year bands " + epi_bands_text(first, last) + " hold " +
                    with_commas(std::llround(epidemic)) + " people, but the rollout's band" +
                    (names.find(',') == std::string::npos ? " " : "s ") + names + " of the same ages hold " +
                    with_commas(std::llround(rollout)) +
                    (free ? ": the epidemic must hold at least the rollout's people"
                          : ": the epidemic's populations must be the rollout's people, spread over "
                            "five-year bands (to 0.1%)"));
        // Without free rows the columns are scaled to the rollout's people, so that the
        // two sums agree exactly and every row can be met.
        column_target[static_cast<std::size_t>(a)] =
            free || epidemic <= 0 ? population(a) : population(a) * rollout / epidemic;
    }

    // Iterative proportional fitting: rows (the free ones excepted) to their people, then
    // columns to their targets, until both hold to 1e-12.
    const auto row_sum = [&](std::size_t r) {
        double s = 0;
        for (double v : x[r]) s += v;
        return s;
    };
    double error = HUGE_VAL;
    for (int iteration = 0; iteration < 100000 && error > 1e-12; ++iteration) {
        for (std::size_t r = 0; r < R; ++r) {
            const double s = row_sum(r);
            if (!rows[r].free && s > 0)
                for (double& v : x[r]) v *= rows[r].people / s;
        }
        error = 0;
        for (std::size_t a = 0; a < five_year_bands; ++a) {
            double s = 0;
            for (std::size_t r = 0; r < R; ++r) s += x[r][a];
            if (s > 0)
                for (std::size_t r = 0; r < R; ++r) x[r][a] *= column_target[a] / s;
        }
        for (std::size_t r = 0; r < R; ++r)
            if (!rows[r].free)
                error = std::max(error, std::fabs(row_sum(r) - rows[r].people) /
                                            std::max(1.0, rows[r].people));
    }
    for (std::size_t r = 0; r < R; ++r)
        if (!rows[r].free && !(std::fabs(row_sum(r) - rows[r].people) <=
                               1e-6 * std::max(1.0, rows[r].people)))
            throw ModelError("populations",
                             "the five-year bands cannot hold the rollout's band '" +
                                 rows[r].name + "' (" + with_commas(rows[r].people > 0 ? std::llround(rows[r].people) : 0) +
                                 " people) beside its neighbours: a five-year band it shares "
                                 "holds more or fewer people than the rollout's bands of its ages");

    std::vector<std::array<double, five_year_bands>> share(bands.size());
    for (std::size_t b = 0; b < bands.size(); ++b) {
        const std::size_t r = static_cast<std::size_t>(row_of_band[b]);
        double s = row_sum(r);
        std::array<double, five_year_bands> row = x[r];
        if (!(s > 0)) { // a band of nobody: by shared years, for completeness
            for (int a = 0; a < five_year_bands; ++a) {
                const auto [lo, hi] = epi_ages(a);
                row[static_cast<std::size_t>(a)] = shared_years(rows[r].lo, rows[r].hi, lo, hi);
            }
            s = 0;
            for (double v : row) s += v;
        }
        for (std::size_t a = 0; a < five_year_bands; ++a) share[b][a] = row[a] / s;
    }
    return share;
}

std::string five_year_band_label(int band) {
    return band == five_year_bands - 1 ? "75+"
                                 : std::to_string(5 * band) + "-" + std::to_string(5 * band + 4);
}

EpidemicModel::EpidemicModel(const EpidemicSpec& spec, const std::vector<Product>& products,
                             const std::vector<AgeBand>& rollout_bands)
    : contacts(spec.contacts), severity_source(spec.severity_source),
      counterfactual(spec.counterfactual), stochastic(spec.stochastic) {
    {
        EpiBands b = epi_bands_of(spec.bands); // models/epidemic_bands.cpp
        band_labels = std::move(b.labels);
        band_min_age = std::move(b.min_age);
        band_of_five_year = std::move(b.of_five_year);
    }
    const int B = bands();
    five_year_population =
        band_values(spec.populations, 0, 1e12, "populations", "a band's population",
                    B == five_year_bands
                        ? ""
                        : "expected 16 values (bands 0-4 ... 75+): the five-year bands' people "
                          "weight the contacts' aggregation to the epidemic's bands");
    if (five_year_population.minCoeff() <= 0)
        throw ModelError("populations", "every band needs people");
    population = B == five_year_bands ? five_year_population
                                      : sum_per_band(five_year_population, band_of_five_year, B);
    if (spec.hospital)
        hospital = build_within("hospital", [&] {
            return HospitalModel(hospital_per_band(*this, *spec.hospital), B);
        });
    if (contacts.rows() != five_year_bands || contacts.cols() != five_year_bands)
        throw ModelError("contacts", "expected 16 rows of 16 contact rates");
    if (!contacts.allFinite() || contacts.minCoeff() < 0)
        throw ModelError("contacts", "expected contact rates, numbers of zero or more");
    if (B != five_year_bands)
        contacts = aggregate_contacts(contacts, five_year_population, band_of_five_year, B);
    susceptibility = clinical_fraction = EpiVector::Ones(B);
    r0 = spec.r0;
    if (!(r0 > 0 && r0 <= 30)) throw ModelError("r0", "r0 must be above 0 and at most 30");
    const auto days = [&](const char* key, double d) {
        if (!(d >= 0.1 && d <= 60))
            throw ModelError(key, std::string(key) + " must be from 0.1 to 60 days");
        return d;
    };
    sigma = 1.0 / days("latent_days", spec.latent_days);
    gamma = 1.0 / days("infectious_days", spec.infectious_days);
    if (!spec.susceptibility.empty())
        susceptibility = band_rates(*this, spec.susceptibility, 0, 10, "susceptibility",
                                    "a relative susceptibility");
    if (!spec.clinical_fraction.empty()) {
        clinical_fraction = band_rates(*this, spec.clinical_fraction, 0, 1, "clinical_fraction",
                                       "a clinical fraction");
        if (!spec.subclinical_infectiousness)
            throw ModelError("clinical_fraction",
                             "expected subclinical_infectiousness (the relative infectiousness "
                             "of subclinical cases) with clinical_fraction");
    }
    if (spec.subclinical_infectiousness) {
        if (spec.clinical_fraction.empty())
            throw ModelError("subclinical_infectiousness",
                             "expected clinical_fraction with subclinical_infectiousness");
        subclinical_infectiousness =
            check_share(*spec.subclinical_infectiousness, "subclinical_infectiousness");
    }
    infectiousness = clinical_fraction +
                     subclinical_infectiousness * (EpiVector::Ones(B) - clinical_fraction);
    // The next-generation matrix beta/gamma * u_a C_ab w_b N_a / N_b is similar (by
    // diag(N)) to beta/gamma * diag(u) C diag(w): its spectral radius fixes beta.
    const EpiMatrix transmission =
        susceptibility.asDiagonal() * contacts * infectiousness.asDiagonal();
    const double radius =
        Eigen::EigenSolver<EpiMatrix>(transmission, false).eigenvalues().cwiseAbs().maxCoeff();
    if (!(radius > 0))
        throw ModelError(infectiousness.maxCoeff() == 0 ? "clinical_fraction"
                         : spec.susceptibility.empty() ? "contacts"
                                                       : "susceptibility",
                         "no one can infect anyone: the contact matrix (with the "
                         "susceptibility and infectiousness) has no contacts");
    beta = r0 * gamma / radius;

    initial_exposed = check_share(spec.initial_exposed, "initial.exposed");
    initial_infectious = check_share(spec.initial_infectious, "initial.infectious");
    initial_immune = check_share(spec.initial_immune, "initial.immune");
    if (spec.initial_immune_by_band.empty())
        immune_share.setConstant(B, initial_immune);
    else
        immune_share = band_rates(*this, spec.initial_immune_by_band, 0, 1, "initial.immune",
                                  "an immune share");
    if (initial_exposed + initial_infectious + immune_share.maxCoeff() > 1)
        throw ModelError("initial", "the shares add up to more than 1");
    if (spec.substeps < 1 || spec.substeps > 1000)
        throw ModelError("substeps", "substeps must be from 1 to 1000");
    substeps = static_cast<int>(spec.substeps);
    if (spec.severity_source.empty())
        throw ModelError("severity.source", "expected the source of the severity ratios");
    hospitalisation = band_rates(*this, spec.hospitalisation, 0, 1, "severity.hospitalisation",
                                 "a hospitalisation ratio");
    fatality = band_rates(*this, spec.fatality, 0, 1, "severity.fatality", "a fatality ratio");

    protection.resize(products.size());
    for (std::size_t p = 0; p < products.size(); ++p) {
        const std::string path = "protection." + products[p].id();
        const auto given = spec.protection.find(products[p].id());
        if (given == spec.protection.end())
            throw ModelError("protection", "missing required key '" + products[p].id() +
                                               "' in the protection of each product");
        const ProtectionSpec& in = given->second;
        Protection& out = protection[p];
        if (in.delay_days < 0 || in.delay_days > 365)
            throw ModelError(path + ".delay_days", "delay_days must be at most 365");
        out.delay_days = static_cast<int>(in.delay_days);
        const std::size_t doses = static_cast<std::size_t>(products[p].doses_in_series());
        for (const char* key : {"infection", "severe"}) {
            const auto& values = std::string(key) == "infection" ? in.infection : in.severe;
            if (values.size() != doses)
                throw ModelError(path + "." + key,
                                 "expected one efficacy per dose of the series (" +
                                     std::to_string(doses) + ")");
            auto& target = std::string(key) == "infection" ? out.infection : out.severe;
            target.resize(doses);
            for (std::size_t d = 0; d < doses; ++d)
                target[d] = check_share(values[d], path + "." + key + "." + std::to_string(d));
        }
        for (std::size_t d = 0; d < doses; ++d)
            if (out.severe[d] < out.infection[d] || out.infection[d] >= 1)
                throw ModelError(path,
                                 "efficacy against severe disease must be at least that against "
                                 "infection, and infection below 1");
        if (in.type == "leaky")
            out.type = EfficacyType::leaky;
        else if (in.type == "all_or_nothing")
            out.type = EfficacyType::all_or_nothing;
        else
            throw ModelError(path + ".type", "expected leaky or all_or_nothing, got '" +
                                                 in.type + "'");
        // All-or-nothing: a dose makes immune a share of those its dose before left
        // susceptible; a later dose cannot make immune people susceptible again.
        if (out.type == EfficacyType::all_or_nothing)
            for (std::size_t d = 1; d < doses; ++d)
                if (out.infection[d] < out.infection[d - 1])
                    throw ModelError(path + ".infection." + std::to_string(d),
                                     "an all-or-nothing efficacy cannot fall from one dose to "
                                     "the next (those a dose made immune stay immune)");
        if (in.transmission.empty())
            out.transmission.assign(doses, 0.0);
        else if (in.transmission.size() != doses)
            throw ModelError(path + ".transmission",
                             "expected one efficacy per dose of the series (" +
                                 std::to_string(doses) + ")");
        else
            for (std::size_t d = 0; d < doses; ++d)
                out.transmission.push_back(
                    check_share(in.transmission[d], path + ".transmission." + std::to_string(d)));
        out.by_age = EpiVector::Ones(B);
        if (!in.by_age.empty()) {
            out.by_age = band_rates(*this, in.by_age, 0, 10, path + ".by_age",
                                    "an age multiplier of efficacy");
            // The values as given (a band's mean of five-year values is within them).
            for (std::size_t a = 0; a < in.by_age.size(); ++a)
                for (std::size_t d = 0; d < doses; ++d) {
                    const double m = in.by_age[a];
                    if (m * out.infection[d] >= 1 || m * out.severe[d] > 1 ||
                        m * out.transmission[d] > 1)
                        throw ModelError(path + ".by_age." + std::to_string(a),
                                         "with this multiplier an efficacy of dose " +
                                             std::to_string(d + 1) +
                                             " is above 1 (against infection: 1 or above)");
                }
        }
        if (in.booster) {
            out.booster = check_efficacy(*in.booster, out.by_age, path + ".booster");
            if (out.type == EfficacyType::all_or_nothing &&
                out.booster->infection < out.infection.back())
                throw ModelError(path + ".booster.infection",
                                 "an all-or-nothing booster cannot protect fewer people than the "
                                 "series it follows (those the series made immune stay immune)");
        }
        if (in.waning) read_waning(*in.waning, out, path + ".waning");
    }
    if (spec.infection_immunity_days) {
        const double d = *spec.infection_immunity_days;
        if (!(d >= 1 && d <= 36500))
            throw ModelError("infection_immunity_days",
                             "infection_immunity_days must be from 1 to 36500 days");
        infection_waning_rate = 1.0 / d;
    }
    for (const auto& given : spec.protection) {
        const std::string& id = given.first; // a plain name: clang 14 cannot capture a binding
        if (std::none_of(products.begin(), products.end(),
                         [&](const Product& p) { return p.id() == id; }))
            throw ModelError("protection." + id, "no product '" + id + "' in the scenario");
    }
    for (std::size_t i = 0; i < spec.contact_scaling.size(); ++i) {
        const ContactScaling& c = spec.contact_scaling[i];
        const std::string path = "contact_scaling." + std::to_string(i);
        if (!contact_scaling.empty() && c.from <= contact_scaling.back().first)
            throw ModelError(path + ".from", "contact scaling periods must be in date order");
        if (!(c.factor >= 0 && c.factor <= 10))
            throw ModelError(path + ".factor", "factor must be from 0 to 10");
        contact_scaling.push_back({c.from, c.factor});
    }

    for (std::size_t i = 0; i < spec.variants.size(); ++i) {
        const Variant& v = spec.variants[i];
        const std::string path = "variants." + std::to_string(i);
        if (!variants.empty() && v.from <= variants.back().from)
            throw ModelError(path + ".from", "variants must be in date order");
        if (!(v.transmissibility > 0 && v.transmissibility <= 10))
            throw ModelError(path + ".transmissibility",
                             "transmissibility must be above 0 and at most 10");
        if (!(v.severity >= 0 && v.severity * hospitalisation.maxCoeff() <= 1 &&
              v.severity * fatality.maxCoeff() <= 1))
            throw ModelError(path + ".severity",
                             "severity must be 0 or more and keep every hospitalisation and "
                             "fatality ratio at most 1");
        variants.push_back(v);
    }
    for (std::size_t i = 0; i < spec.importations.size(); ++i) {
        const Importation& im = spec.importations[i];
        const std::string path = "importations." + std::to_string(i);
        if (im.to < im.from) throw ModelError(path + ".to", "to must not be before from");
        if (!(im.per_day >= 0 && im.per_day <= 1e7))
            throw ModelError(path + ".per_day", "per_day must be from 0 to 10,000,000 people");
        importations.push_back(im);
    }

    // Classic RK4 is stable for a decay rate r only while r * h < 2.78 (h = 1/substeps
    // days); beyond, compartments swing negative and grow without bound. The fastest
    // rates: sigma, gamma, and the force of infection at its ceiling (every contact
    // infectious) with the largest contact factor and transmissibility of the run.
    {
        double factor = 1, most = 1;
        for (const auto& [from, f] : contact_scaling) factor = std::max(factor, f);
        for (const Variant& v : variants) most = std::max(most, v.transmissibility);
        // Named, not reduced in place: GCC 12 warns of a maybe-uninitialized read in
        // Eigen's reduction of the product with bounded sizes.
        const EpiVector reach = susceptibility.asDiagonal() * contacts * infectiousness;
        const double force = beta * factor * most * reach.maxCoeff();
        // A protected person also leaves their stratum as protection wanes, the
        // recovered theirs as immunity does.
        double waning = 0;
        for (const Protection& p : protection) waning = std::max(waning, p.waning_rate);
        const double fastest =
            std::max({sigma, gamma, force, infection_waning_rate}) + waning;
        if (!stochastic && fastest / substeps > 2.5) { // the chain binomial has no such limit
            char text[200];
            std::snprintf(text, sizeof text,
                          "with these rates a Runge-Kutta step of 1/%d day is unstable (the "
                          "fastest rate is %.3g a day); give substeps of at least %d",
                          substeps, fastest, static_cast<int>(std::ceil(fastest / 2.5)));
            throw ModelError("substeps", text);
        }
        // The chain binomial leaves a compartment with probability rate * h: a substep may
        // be no longer than the shortest mean stay.
        const double leaving = std::max({sigma, gamma, infection_waning_rate, waning});
        if (stochastic && leaving / substeps > 1) {
            char text[200];
            std::snprintf(text, sizeof text,
                          "in the stochastic mode a substep of 1/%d day is longer than the "
                          "shortest mean stay in a compartment (%.3g days); give substeps of "
                          "at least %d",
                          substeps, 1 / leaving, static_cast<int>(std::ceil(leaving)));
            throw ModelError("substeps", text);
        }
    }

    // Over the five-year bands, where the populations are given and checked against the
    // rollout's; then each band's share is the sum of its five-year bands'.
    for (const auto& five_year : spread_rollout_bands(rollout_bands, five_year_population)) {
        std::vector<double>& row = band_share.emplace_back(static_cast<std::size_t>(B), 0.0);
        for (int a = 0; a < five_year_bands; ++a)
            row[static_cast<std::size_t>(band_of_five_year[static_cast<std::size_t>(a)])] +=
                five_year[static_cast<std::size_t>(a)];
    }
}

double EpidemicModel::transmissibility(DayNumber day) const {
    double t = 1.0;
    for (const Variant& v : variants)
        if (v.from <= day) t = v.transmissibility;
    return t;
}

double EpidemicModel::severity_factor(DayNumber day) const {
    double s = 1.0;
    for (const Variant& v : variants)
        if (v.from <= day) s = v.severity;
    return s;
}

double EpidemicModel::imported(DayNumber day) const {
    double n = 0;
    for (const Importation& im : importations)
        if (im.from <= day && day <= im.to) n += im.per_day;
    return n;
}

bool EpidemicModel::wanes() const {
    return std::any_of(protection.begin(), protection.end(),
                       [](const Protection& p) { return p.waning_rate > 0; });
}

double EpidemicModel::band_people(int a) const {
    return stochastic ? std::round(population(a)) : population(a);
}

double EpidemicModel::contact_factor(DayNumber day) const {
    double factor = 1.0;
    for (const auto& [from, f] : contact_scaling)
        if (from <= day) factor = f;
    return factor;
}

} // namespace vaxsim
