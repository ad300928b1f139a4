#include "models/epidemic.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <Eigen/Eigenvalues>

namespace vaxsim {
namespace {

EpiVector read_band_values(const InputNode& node, double low, double high,
                           const std::string& what) {
    const auto items = node.items();
    if (items.size() != epi_bands)
        node.fail("expected " + std::to_string(epi_bands) + " values (bands 0-4 ... 75+), got " +
                  std::to_string(items.size()));
    EpiVector v;
    for (int a = 0; a < epi_bands; ++a) {
        v(a) = items[a].as_number();
        if (v(a) < low || v(a) > high)
            items[a].fail(what + " must be from " + std::to_string(low) + " to " +
                          std::to_string(high));
    }
    return v;
}

EpiMatrix read_contact_csv(const InputNode& node, const std::filesystem::path& base_dir) {
    const std::filesystem::path path = base_dir / node.as_string();
    std::ifstream in(path, std::ios::binary);
    if (!in) node.fail("cannot open the contact matrix '" + path.string() + "'");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const InputSource csv(path.string(), buffer.str());
    const auto fail_at = [&](int line, const std::string& message) {
        YAML::Mark mark;
        mark.line = line;
        mark.column = 0;
        csv.fail(mark, message);
    };
    if (csv.lines.size() < epi_bands + 1)
        fail_at(0, "expected a header line and 16 rows of 16 numbers");
    EpiMatrix m;
    for (int a = 0; a < epi_bands; ++a) {
        std::stringstream row(csv.lines[static_cast<std::size_t>(a + 1)]);
        std::string cell;
        int b = 0;
        while (std::getline(row, cell, ',')) {
            char* end = nullptr;
            const double v = std::strtod(cell.c_str(), &end);
            if (b >= epi_bands || end == cell.c_str() || !std::isfinite(v) || v < 0)
                fail_at(a + 1, "expected 16 contact rates, numbers of zero or more");
            m(a, b++) = v;
        }
        if (b != epi_bands) fail_at(a + 1, "expected 16 contact rates, got " + std::to_string(b));
    }
    return m;
}

} // namespace

std::string epi_band_label(int band) {
    return band == epi_bands - 1 ? "75+"
                                 : std::to_string(5 * band) + "-" + std::to_string(5 * band + 4);
}

EpidemicModel::EpidemicModel(const InputNode& node, const std::vector<Product>& products,
                             const std::vector<AgeBand>& rollout_bands,
                             const std::filesystem::path& base_dir) {
    MapReader r(node, "the epidemic model");
    population = read_band_values(r.required("populations"), 0, 1e12, "a band's population");
    if (population.minCoeff() <= 0) r.required("populations").fail("every band needs people");
    contacts = read_contact_csv(r.required("contacts_csv"), base_dir);
    const InputNode r0_node = r.required("r0");
    r0 = r0_node.as_number();
    if (r0 <= 0 || r0 > 30) r0_node.fail("r0 must be above 0 and at most 30");
    const auto days = [&](const char* key) {
        const InputNode n = r.required(key);
        const double d = n.as_number();
        if (d < 0.1 || d > 60) n.fail(std::string(key) + " must be from 0.1 to 60 days");
        return d;
    };
    sigma = 1.0 / days("latent_days");
    gamma = 1.0 / days("infectious_days");
    const double radius =
        Eigen::EigenSolver<EpiMatrix>(contacts, false).eigenvalues().cwiseAbs().maxCoeff();
    if (!(radius > 0)) r.required("contacts_csv").fail("the contact matrix has no contacts");
    beta = r0 * gamma / radius;

    if (auto initial = r.optional("initial")) {
        MapReader i(*initial, "the epidemic's initial state");
        if (auto v = i.optional("exposed")) initial_exposed = v->as_share();
        if (auto v = i.optional("infectious")) initial_infectious = v->as_share();
        if (auto v = i.optional("immune")) initial_immune = v->as_share();
        i.finish();
        if (initial_exposed + initial_infectious + initial_immune > 1)
            initial->fail("the shares add up to more than 1");
    }
    if (auto s = r.optional("substeps")) {
        const std::int64_t n = s->as_count();
        if (n < 1 || n > 1000) s->fail("substeps must be from 1 to 1000");
        substeps = static_cast<int>(n);
    }
    {
        MapReader sv(r.required("severity"), "the severity ratios");
        severity_source = sv.required("source").as_string();
        hospitalisation =
            read_band_values(sv.required("hospitalisation"), 0, 1, "a hospitalisation ratio");
        fatality = read_band_values(sv.required("fatality"), 0, 1, "a fatality ratio");
        sv.finish();
    }
    protection.resize(products.size());
    {
        const InputNode list = r.required("protection");
        MapReader pr(list, "the protection of each product");
        for (std::size_t p = 0; p < products.size(); ++p) {
            const InputNode spec = pr.required(products[p].id());
            MapReader s(spec, "a product's protection");
            Protection& out = protection[p];
            if (auto d = s.optional("delay_days")) {
                const std::int64_t v = d->as_count();
                if (v > 365) d->fail("delay_days must be at most 365");
                out.delay_days = static_cast<int>(v);
            }
            const std::size_t doses = static_cast<std::size_t>(products[p].doses_in_series());
            for (const char* key : {"infection", "severe"}) {
                const InputNode values = s.required(key);
                const auto items = values.items();
                if (items.size() != doses)
                    values.fail("expected one efficacy per dose of the series (" +
                                std::to_string(doses) + ")");
                auto& target = std::string(key) == "infection" ? out.infection : out.severe;
                for (std::size_t d = 0; d < doses; ++d) target[d] = items[d].as_share();
                if (doses == 1) target[1] = target[0];
            }
            for (std::size_t d = 0; d < 2; ++d)
                if (out.severe[d] < out.infection[d] || out.infection[d] >= 1)
                    spec.fail(
                        "efficacy against severe disease must be at least that against infection, "
                        "and infection below 1");
            s.finish();
        }
        pr.finish();
    }
    if (auto list = r.optional("contact_scaling")) {
        for (const InputNode& item : list->items()) {
            MapReader c(item, "a contact scaling period");
            const InputNode from = c.required("from");
            const DayNumber day = from.as_date();
            if (!contact_scaling.empty() && day <= contact_scaling.back().first)
                from.fail("contact scaling periods must be in date order");
            const InputNode f = c.required("factor");
            const double factor = f.as_number();
            if (factor < 0 || factor > 10) f.fail("factor must be from 0 to 10");
            contact_scaling.push_back({day, factor});
            c.finish();
        }
    }
    if (auto c = r.optional("counterfactual")) {
        const std::string v = c->as_string();
        if (v != "true" && v != "false") c->fail("expected true or false");
        counterfactual = v == "true";
    }
    r.finish();

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
