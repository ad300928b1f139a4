#include "models/scenario.hpp"

#include <algorithm>
#include <unordered_set>

#include "models/error.hpp"

namespace vaxsim {
namespace {

std::vector<Product> build_products(const std::vector<ProductSpec>& specs) {
    std::vector<Product> products;
    std::unordered_set<std::string> ids;
    for (const ProductSpec& spec : specs) {
        const std::string path = "products." + spec.id;
        products.push_back(build_within(path, [&] { return Product(spec); }));
        if (!ids.insert(spec.id).second)
            throw ModelError(path, "product id '" + spec.id + "' is used twice");
    }
    if (products.empty()) throw ModelError("products", "expected at least one product");
    return products;
}

std::vector<std::string> ids_of(const std::vector<Product>& products) {
    std::vector<std::string> ids;
    for (const auto& p : products) ids.push_back(p.id());
    return ids;
}

} // namespace

Scenario::Scenario(ScenarioSpec spec, Provenance provenance)
    : name(spec.name), description(spec.description), start(spec.start), end(spec.end),
      seed(spec.seed), products(build_products(spec.products)),
      heterologous(build_heterologous(spec.heterologous, products)),
      population(spec.population, ids_of(products)),
      capacity(build_within("capacity", [&] { return Capacity(spec.capacity); })),
      policy(build_within("policy", [&] { return Policy(spec.policy); })) {
    if (name.empty()) throw ModelError("name", "a scenario needs a name");
    if (end < start) throw ModelError("end", "the run ends before it starts");
    if (days() > 3660) throw ModelError("end", "a run covers at most 3660 days (ten years)");
    const std::vector<std::string> product_ids = ids_of(products);
    std::unordered_set<std::string> target_ids;
    for (const TargetSpec& t : spec.targets) {
        const std::string path = "targets." + t.id;
        targets.push_back(build_within(path, [&] { return Target(t, population, product_ids); }));
        if (!target_ids.insert(t.id).second)
            throw ModelError(path, "target id '" + t.id + "' is used twice");
        if (t.deadline < start || t.deadline > end)
            throw ModelError(path + ".deadline", "the deadline " + format_iso_date(t.deadline) +
                                                     " is outside the run (" +
                                                     format_iso_date(start) + " to " +
                                                     format_iso_date(end) + ")");
    }
    if (spec.epidemic)
        epidemic.emplace(build_within("epidemic", [&] {
            return EpidemicModel(*spec.epidemic, products, population.bands());
        }));
    spec_ = std::make_shared<const ScenarioSpec>(std::move(spec));
    provenance_ = std::make_shared<const Provenance>(std::move(provenance));
}

bool Scenario::is_stochastic() const {
    return population.has_uncertain_uptake() ||
           std::any_of(products.begin(), products.end(),
                       [](const Product& p) { return p.supply().is_uncertain(); });
}

Scenario Scenario::realize(std::uint64_t future) const {
    Scenario drawn = *this;
    for (Product& p : drawn.products) p.realize_supply(seed, future);
    drawn.population.realize_uptake(seed, future);
    return drawn;
}

} // namespace vaxsim
