#include "models/heterologous.hpp"

#include <algorithm>
#include <climits>

#include "models/error.hpp"
#include "models/names.hpp"
#include "models/product.hpp"
#include "models/text.hpp"

namespace vaxsim {
namespace {

std::vector<int> product_list(const std::vector<std::string>& ids,
                              const std::vector<Product>& products, const std::string& key,
                              std::int64_t dose) {
    if (ids.empty()) throw ModelError(key, "expected at least one product");
    std::vector<int> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::string at = key + "." + std::to_string(i);
        const auto it = std::find_if(products.begin(), products.end(),
                                     [&](const Product& p) { return p.id() == ids[i]; });
        if (it == products.end()) {
            const std::vector<std::string> declared = product_ids(products);
            throw ModelError(at, "unknown product '" + ids[i] + "'" +
                                     did_you_mean(ids[i], declared, "; declared products: " + joined(declared)));
        }
        if (dose > it->doses_in_series())
            throw ModelError("dose", "dose " + std::to_string(dose) + " is beyond the series of '" +
                                     it->id() + "' (" + std::to_string(it->doses_in_series()) +
                                     (it->doses_in_series() == 1 ? " dose)" : " doses)"));
        const int index = static_cast<int>(it - products.begin());
        if (std::find(out.begin(), out.end(), index) != out.end())
            throw ModelError(at, "product '" + ids[i] + "' is listed twice");
        out.push_back(index);
    }
    return out;
}

} // namespace

HeterologousRule::HeterologousRule(const HeterologousSpec& spec,
                                   const std::vector<Product>& products)
    : when_(spec.when) {
    if (spec.dose < 2 || spec.dose > Product::max_series)
        throw ModelError("dose", "dose must be a later dose of a series, 2 to " +
                                     std::to_string(Product::max_series));
    k_ = static_cast<int>(spec.dose) - 1;
    after_ = product_list(spec.after, products, "after", spec.dose);
    give_ = product_list(spec.give, products, "give", spec.dose);
    min_age_ = static_cast<int>(std::min<std::int64_t>(check_count(spec.min_age, "min_age"), 1000));
    if (spec.max_age) {
        const std::int64_t v = check_count(*spec.max_age, "max_age");
        if (v < min_age_) throw ModelError("max_age", "max_age is below min_age");
        max_age_ = static_cast<int>(std::min<std::int64_t>(v, AgeBand::open_end));
    }
    from_ = spec.from.value_or(INT_MIN / 2);
    to_ = spec.to.value_or(INT_MAX / 2);
    if (to_ < from_) throw ModelError("to", "'to' is before 'from'");
}

bool HeterologousRule::covers(int p, int k, const AgeBand& band, DayNumber day) const {
    return k == k_ && day >= from_ && day <= to_ && band.min_age >= min_age_ &&
           band.max_age <= max_age_ && std::find(after_.begin(), after_.end(), p) != after_.end();
}

std::vector<HeterologousRule> build_heterologous(const std::vector<HeterologousSpec>& specs,
                                                 const std::vector<Product>& products) {
    std::vector<HeterologousRule> rules;
    for (std::size_t i = 0; i < specs.size(); ++i)
        rules.push_back(build_within("heterologous." + std::to_string(i),
                                     [&] { return HeterologousRule(specs[i], products); }));
    return rules;
}

} // namespace vaxsim
