#include "models/policy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "models/error.hpp"
#include "models/names.hpp"
#include "models/rounding.hpp"
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
            throw ModelError(at, "unknown product '" + r.product + "'" +
                                     did_you_mean(r.product, product_ids,
                                                  "; declared products: " + joined(product_ids)));
        if (seen[it->second]) throw ModelError(at, "product '" + r.product + "' is listed twice");
        seen[it->second] = 1;
        reserve[it->second] = check_share(r.share, at);
    }
}

// Sets the listed groups' shares (by id), each a finite weight of 0 or more, no group twice.
void apply_shares(std::vector<std::pair<std::string, double>>& shares,
                  const std::vector<std::pair<std::string, double>>& listed, const std::string& path,
                  std::vector<std::pair<std::string, std::string>>& paths) {
    for (std::size_t i = 0; i < listed.size(); ++i) {
        // Plain names: clang 14 cannot capture a structured binding in the lambda below.
        const std::string& group = listed[i].first;
        const double share = listed[i].second;
        const std::string at = path + "." + group;
        if (group.empty()) throw ModelError(path, "a share needs a group id");
        if (!std::isfinite(share) || share < 0)
            throw ModelError(at, "a group's share of first doses is a number of 0 or more, got " +
                                     number_text(share));
        if (share > 1e6)
            throw ModelError(at, "a share is at most 1,000,000 (shares are relative: 1:3 is 0.25:0.75)");
        for (std::size_t j = 0; j < i; ++j)
            if (listed[j].first == group)
                throw ModelError(at, "group '" + group + "' is listed twice");
        auto it = std::find_if(shares.begin(), shares.end(),
                               [&](const auto& s) { return s.first == group; });
        if (it == shares.end())
            shares.emplace_back(group, share);
        else
            it->second = share;
        paths.emplace_back(group, at);
    }
}

// A step allocating by shares needs a group with a share above 0.
void check_shares_used(const PolicyStep& step, const std::string& path) {
    if (step.allocation != Policy::shares_allocation) return;
    for (const auto& [group, share] : step.shares)
        if (std::llround(share * static_cast<double>(share_parts)) > 0) return;
    throw ModelError(path, "first_dose_allocation 'shares' needs the groups' shares: e.g. "
                           "shares: {aged_65_plus: 0.6, adults_18_49: 0.4}");
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
                     walk_ins, {}};
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
    apply_shares(first.shares, spec.shares, "shares", share_paths_);
    check_shares_used(first, spec.shares.empty() ? "first_dose_allocation" : "shares");
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
            !c.walk_ins && c.shares.empty())
            throw ModelError(path, "a policy change needs first_dose_allocation, "
                                   "second_dose_reserve, shares or walk_ins");
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
        apply_shares(step.shares, c.shares, path + ".shares", share_paths_);
        check_shares_used(step, c.shares.empty() ? path + ".first_dose_allocation"
                                                 : path + ".shares");
        steps.push_back(std::move(step));
    }
}

const PolicyStep& Policy::on(DayNumber day) const {
    // Few steps: the last whose date has come, else the first.
    std::size_t k = 0;
    while (k + 1 < steps.size() && steps[k + 1].from <= day) ++k;
    return steps[k];
}

std::vector<std::vector<std::int64_t>> Policy::share_weights(
    const std::vector<std::string>& group_ids) const {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t g = 0; g < group_ids.size(); ++g) index.emplace(group_ids[g], g);
    for (const auto& [group, path] : share_paths_)
        if (!index.count(group))
            throw ModelError(path, "unknown group '" + group + "'" +
                                       did_you_mean(group, group_ids, "; the groups: " + joined(group_ids)));
    std::vector<std::vector<std::int64_t>> out;
    for (const PolicyStep& step : steps) {
        std::vector<std::int64_t> weights(group_ids.size(), 0);
        for (const auto& [group, share] : step.shares) {
            const auto it = index.find(group);
            if (it == index.end())
                throw ModelError("shares." + group,
                                 "unknown group '" + group + "'" + did_you_mean(group, group_ids));
            weights[it->second] = std::llround(share * static_cast<double>(share_parts));
        }
        out.push_back(std::move(weights));
    }
    return out;
}

std::vector<std::string> Policy::allocations() const {
    std::vector<std::string> names;
    for (const PolicyStep& s : steps)
        if (std::find(names.begin(), names.end(), s.allocation) == names.end())
            names.push_back(s.allocation);
    return names;
}

} // namespace vaxsim
