#include "models/epidemic.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Eigenvalues>

#include "models/error.hpp"

namespace vaxsim {
namespace {

EpiVector band_values(const std::vector<double>& values, double low, double high,
                      const std::string& path, const std::string& what) {
    if (values.size() != epi_bands)
        throw ModelError(path, "expected " + std::to_string(epi_bands) +
                                   " values (bands 0-4 ... 75+), got " +
                                   std::to_string(values.size()));
    EpiVector v;
    for (int a = 0; a < epi_bands; ++a) {
        v(a) = values[static_cast<std::size_t>(a)];
        if (!(v(a) >= low && v(a) <= high))
            throw ModelError(path + "." + std::to_string(a), what + " must be from " +
                                                                 std::to_string(low) + " to " +
                                                                 std::to_string(high));
    }
    return v;
}

} // namespace

std::string epi_band_label(int band) {
    return band == epi_bands - 1 ? "75+"
                                 : std::to_string(5 * band) + "-" + std::to_string(5 * band + 4);
}

EpidemicModel::EpidemicModel(const EpidemicSpec& spec, const std::vector<Product>& products,
                             const std::vector<AgeBand>& rollout_bands)
    : contacts(spec.contacts), severity_source(spec.severity_source),
      counterfactual(spec.counterfactual) {
    population = band_values(spec.populations, 0, 1e12, "populations", "a band's population");
    if (population.minCoeff() <= 0) throw ModelError("populations", "every band needs people");
    if (!contacts.allFinite() || contacts.minCoeff() < 0)
        throw ModelError("contacts", "expected contact rates, numbers of zero or more");
    r0 = spec.r0;
    if (!(r0 > 0 && r0 <= 30)) throw ModelError("r0", "r0 must be above 0 and at most 30");
    const auto days = [&](const char* key, double d) {
        if (!(d >= 0.1 && d <= 60))
            throw ModelError(key, std::string(key) + " must be from 0.1 to 60 days");
        return d;
    };
    sigma = 1.0 / days("latent_days", spec.latent_days);
    gamma = 1.0 / days("infectious_days", spec.infectious_days);
    const double radius =
        Eigen::EigenSolver<EpiMatrix>(contacts, false).eigenvalues().cwiseAbs().maxCoeff();
    if (!(radius > 0)) throw ModelError("contacts", "the contact matrix has no contacts");
    beta = r0 * gamma / radius;

    initial_exposed = check_share(spec.initial_exposed, "initial.exposed");
    initial_infectious = check_share(spec.initial_infectious, "initial.infectious");
    initial_immune = check_share(spec.initial_immune, "initial.immune");
    if (initial_exposed + initial_infectious + initial_immune > 1)
        throw ModelError("initial", "the shares add up to more than 1");
    if (spec.substeps < 1 || spec.substeps > 1000)
        throw ModelError("substeps", "substeps must be from 1 to 1000");
    substeps = static_cast<int>(spec.substeps);
    if (spec.severity_source.empty())
        throw ModelError("severity.source", "expected the source of the severity ratios");
    hospitalisation = band_values(spec.hospitalisation, 0, 1, "severity.hospitalisation",
                                  "a hospitalisation ratio");
    fatality = band_values(spec.fatality, 0, 1, "severity.fatality", "a fatality ratio");

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

    // Rollout band -> five-year bands, by shared years weighted by each band's people.
    for (const AgeBand& band : rollout_bands) {
        std::array<double, epi_bands> share{};
        double total = 0;
        for (int a = 0; a < epi_bands; ++a) {
            const int lo = 5 * a, hi = a == epi_bands - 1 ? AgeBand::open_end : 5 * a + 4;
            const int overlap = std::min(hi, band.max_age) - std::max(lo, band.min_age) + 1;
            if (overlap <= 0) continue;
            share[a] = population(a) * overlap / static_cast<double>(hi - lo + 1);
            total += share[a];
        }
        for (double& s : share) s = total > 0 ? s / total : 0;
        band_share.push_back(share);
    }
}

double EpidemicModel::contact_factor(DayNumber day) const {
    double factor = 1.0;
    for (const auto& [from, f] : contact_scaling)
        if (from <= day) factor = f;
    return factor;
}

} // namespace vaxsim
