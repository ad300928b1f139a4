// The policy: the allocation by name, the second-dose reserve (for every product or per
// product), the groups' shares of first doses, dated changes of these, and walk-ins.
#include <algorithm>
#include <cctype>

#include "sim/engine/allocation.hpp"
#include "models/text.hpp"
#include "sim/input/section_readers.hpp"

namespace vaxsim {
namespace {

// hold_second_doses, none, or a share; `label` gets the value as written.
double read_reserve_share(const InputNode& s, std::string& label) {
    const std::string value = s.as_string();
    label = value;
    if (value == "hold_second_doses") return 1.0;
    if (value == "none") return 0.0;
    if (!value.empty() && (std::isdigit(static_cast<unsigned char>(value[0])) || value[0] == '.'))
        return s.as_share();
    s.fail("expected hold_second_doses, none, or a share from 0 to 1, got '" + value + "'" +
           did_you_mean(value, {"hold_second_doses", "none"}));
}

// A reserve for every product (a scalar) or per product (a map product: reserve).
void read_reserve(const InputNode& s, std::optional<double>& all,
                  std::vector<ProductReserveSpec>& by_product, std::string& label) {
    if (!s.is_map()) {
        all = read_reserve_share(s, label);
        return;
    }
    label.clear();
    // An unknown product is the key's mistake, not its value's.
    for (auto& [product, reserve] : read_named(s, "a second-dose reserve per product", [](const InputNode& n) {
             ProductReserveSpec r;
             r.share = read_reserve_share(n, r.label);
             return r;
         })) {
        reserve.product = product;
        by_product.push_back(std::move(reserve));
    }
    if (by_product.empty()) s.fail("expected at least one product: reserve");
}

std::string read_allocation(const InputNode& a) {
    const std::string name = a.as_string();
    if (!is_allocation_policy(name))
        a.fail("expected " + allocation_policy_names() + ", got '" + name + "'" +
               did_you_mean(name, allocation_policy_ids()));
    return name;
}

// `walk_ins: true` or `walk_ins: {enabled: true}`.
bool read_walk_ins(const InputNode& node) {
    if (!node.is_map()) return node.as_bool();
    MapReader r(node, "walk-ins");
    const bool enabled = r.required("enabled").as_bool();
    r.finish();
    return enabled;
}

// `shares: {aged_65_plus: 0.6, adults_18_49: 0.4}`: each a known group (an unknown one is
// the key's mistake, with the nearest id), each a number of 0 or more.
std::vector<std::pair<std::string, double>> read_shares(const InputNode& node,
                                                        const std::vector<std::string>& groups) {
    if (!node.is_map()) node.fail("expected the groups' shares, e.g. {aged_65_plus: 0.6, adults_18_49: 0.4}");
    auto shares = read_named(node, "the groups' shares", [](const InputNode& n) {
        const double share = n.as_number();
        if (share < 0) n.fail("expected a share of 0 or more, got " + n.as_string());
        return share;
    });
    if (shares.empty()) node.fail("expected at least one group: share");
    for (auto it = node.yaml().begin(); it != node.yaml().end(); ++it) {
        const InputNode key = node.at(it->first, node.path());
        const std::string name = key.as_string();
        if (std::find(groups.begin(), groups.end(), name) != groups.end()) continue;
        const std::string hint = closest_name(name, groups);
        key.fail("unknown group '" + name + "'" +
                 (hint.empty() ? "; the groups: " + joined(groups) : "; did you mean '" + hint + "'?"));
    }
    return shares;
}

} // namespace

PolicySpec read_policy(const InputNode& node, const std::vector<std::string>& groups) {
    MapReader r(node, "policy");
    PolicySpec spec;
    if (auto a = r.optional("first_dose_allocation")) spec.allocation = read_allocation(*a);
    if (auto s = r.optional("second_dose_reserve")) {
        std::optional<double> all;
        read_reserve(*s, all, spec.reserve_by_product, spec.reserve_label);
        if (all) spec.second_dose_reserve = *all;
    }
    if (auto shares = r.optional("shares")) spec.shares = read_shares(*shares, groups);
    if (auto changes = r.optional("changes")) {
        for (const InputNode& item : changes->items()) {
            MapReader c(item, "a policy change");
            PolicyChangeSpec change;
            if (auto id = c.optional("id")) change.id = id->as_string();
            change.from = c.required("from").as_date();
            if (auto a = c.optional("first_dose_allocation")) change.allocation = read_allocation(*a);
            if (auto s = c.optional("second_dose_reserve")) {
                std::string label;
                read_reserve(*s, change.second_dose_reserve, change.reserve_by_product, label);
            }
            if (auto w = c.optional("walk_ins")) change.walk_ins = read_walk_ins(*w);
            if (auto sh = c.optional("shares")) change.shares = read_shares(*sh, groups);
            c.finish();
            spec.changes.push_back(std::move(change));
        }
    }
    if (auto w = r.optional("walk_ins")) spec.walk_ins = read_walk_ins(*w);
    r.finish();
    return spec;
}

} // namespace vaxsim
