#include "models/policy.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "models/error.hpp"
#include "models/text.hpp"

namespace vaxsim {
namespace {

std::string share_label(double share) {
    if (share == 1.0) return "hold_second_doses";
    if (share == 0.0) return "none";
    char text[32];
    std::snprintf(text, sizeof text, "%g", share);
    return text;
}

// Sets the listed products' reserves, checking each share and name.
void apply_reserves(std::vector<double>& reserve, const std::vector<ProductReserveSpec>& listed,
                    const std::unordered_map<std::string, int>& index,
                    const std::vector<std::string>& product_ids, const std::string& path) {
    std::vector<char> seen(reserve.size(), 0);
    for (const ProductReserveSpec& r : listed) {
        const std::string at = path + "." + r.product;
        const auto it = index.find(r.product);
        if (it == index.end())
            throw ModelError(at, "unknown product '" + r.product +
                                     "'; declared products: " + joined(product_ids));
        if (seen[it->second]) throw ModelError(at, "product '" + r.product + "' is listed twice");
        seen[it->second] = 1;
        reserve[it->second] = check_share(r.share, at);
    }
}

} // namespace

Policy::Policy(const PolicySpec& spec) : Policy(spec, {}, 0) {}

Policy::Policy(const PolicySpec& spec, const std::vector<std::string>& product_ids,
               DayNumber start)
    : allocation(spec.allocation),
      second_dose_reserve(check_share(spec.second_dose_reserve, "second_dose_reserve")),
      reserve_label(spec.reserve_label), walk_ins(spec.walk_ins) {
    if (allocation.empty()) throw ModelError("first_dose_allocation", "name an allocation policy");
    std::unordered_map<std::string, int> index;
    for (std::size_t p = 0; p < product_ids.size(); ++p)
        index.emplace(product_ids[p], static_cast<int>(p));

    PolicyStep first{start, allocation, std::vector<double>(product_ids.size(), second_dose_reserve),
                     walk_ins};
    apply_reserves(first.reserve, spec.reserve_by_product, index, product_ids,
                   "second_dose_reserve");
    if (reserve_label.empty()) {
        if (spec.reserve_by_product.empty()) {
            reserve_label = share_label(second_dose_reserve);
        } else {
            // "pfizer: hold_second_doses, astrazeneca: 0.5"; products not listed are named
            // by the share they keep.
            reserve_label.clear();
            for (std::size_t p = 0; p < product_ids.size(); ++p)
                reserve_label += (p == 0 ? "" : ", ") + product_ids[p] + ": " +
                                 share_label(first.reserve[p]);
        }
    }
    steps.push_back(std::move(first));

    std::vector<std::string> change_ids;
    for (const PolicyChangeSpec& c : spec.changes) change_ids.push_back(c.id);
    check_element_ids(change_ids, "changes");
    for (std::size_t i = 0; i < spec.changes.size(); ++i) {
        const PolicyChangeSpec& c = spec.changes[i];
        const std::string path = "changes." + std::to_string(i);
        if (!product_ids.empty() && c.from <= start)
            throw ModelError(path + ".from", "a policy change must come after the run's start (" +
                                                 format_iso_date(start) + "), got " +
                                                 format_iso_date(c.from) +
                                                 "; set the policy itself for the first day");
        if (c.from <= steps.back().from && i > 0)
            throw ModelError(path + ".from", "policy changes must be in date order: " +
                                                 format_iso_date(c.from) + " is not after " +
                                                 format_iso_date(steps.back().from));
        if (!c.allocation && !c.second_dose_reserve && c.reserve_by_product.empty() &&
            !c.walk_ins)
            throw ModelError(path, "a policy change needs first_dose_allocation, "
                                   "second_dose_reserve or walk_ins");
        PolicyStep step = steps.back();
        step.from = c.from;
        if (c.allocation) {
            if (c.allocation->empty())
                throw ModelError(path + ".first_dose_allocation", "name an allocation policy");
            step.allocation = *c.allocation;
        }
        if (c.second_dose_reserve)
            std::fill(step.reserve.begin(), step.reserve.end(),
                      check_share(*c.second_dose_reserve, path + ".second_dose_reserve"));
        apply_reserves(step.reserve, c.reserve_by_product, index, product_ids,
                       path + ".second_dose_reserve");
        if (c.walk_ins) step.walk_ins = *c.walk_ins;
        steps.push_back(std::move(step));
    }
}

const PolicyStep& Policy::on(DayNumber day) const {
    // Few steps: the last whose date has come, else the first.
    std::size_t k = 0;
    while (k + 1 < steps.size() && steps[k + 1].from <= day) ++k;
    return steps[k];
}

std::vector<std::string> Policy::allocations() const {
    std::vector<std::string> names;
    for (const PolicyStep& s : steps)
        if (std::find(names.begin(), names.end(), s.allocation) == names.end())
            names.push_back(s.allocation);
    return names;
}

} // namespace vaxsim
