// Places (districts) and how the city's deliveries reach them.
#include "sim/input/section_readers.hpp"

namespace vaxsim {
PlaceSpec read_place(const InputNode& node) {
    MapReader r(node, "a place");
    PlaceSpec p;
    p.id = r.required("id").as_string();
    if (auto label = r.optional("label")) p.label = label->as_string();
    if (auto shares = r.optional("band_shares"))
        p.band_shares = read_named(*shares, "a place's share of each age band",
                                           [](const InputNode& n) { return n.as_share(); });
    if (auto people = r.optional("band_people"))
        p.band_people = read_named(*people, "a place's people in each age band",
                                                 [](const InputNode& n) { return n.as_count(); });
    if (auto capacity = r.optional("capacity")) p.capacity = read_capacity(*capacity);
    if (auto opens = r.optional("opens"))
        p.opens = read_named(*opens, "the groups' opening dates in a place",
                                        [](const InputNode& n) { return n.as_date(); });
    r.finish();
    return p;
}

PlaceSupplySpec read_place_supply(const InputNode& node) {
    MapReader r(node, "the supply to places");
    PlaceSupplySpec s;
    if (auto rule = r.optional("rule")) {
        const std::string name = rule->as_string();
        const auto found = place_rule_named(name);
        if (!found) {
            std::string names;
            for (const std::string& n : place_rule_names()) names += (names.empty() ? "" : ", ") + n;
            const std::string hint = closest_name(name, place_rule_names());
            rule->fail("expected one of " + names + ", got '" + name + "'" +
                       (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
        }
        s.rule = *found;
    }
    if (auto lag = r.optional("transfer_lag_days")) s.transfer_lag_days = lag->as_count();
    if (auto list = r.optional("shares"))
        for (const InputNode& item : list->items()) {
            MapReader step(item, "the places' shares from a date");
            PlaceShareStepSpec spec;
            spec.from = step.required("from").as_date();
            spec.shares = read_named(step.required("shares"), "the places' shares",
                                             [](const InputNode& n) { return n.as_share(); });
            step.finish();
            s.shares.push_back(std::move(spec));
        }
    r.finish();
    return s;
}

} // namespace vaxsim
