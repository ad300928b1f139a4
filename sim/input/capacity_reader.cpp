// Daily administration capacity: dated periods and a weekday profile, for one site giving
// every product or for each kind of site; public holidays.
#include "sim/input/section_readers.hpp"

namespace vaxsim {
namespace {

std::vector<CapacityPeriod> read_periods(const InputNode& node) {
    std::vector<CapacityPeriod> out;
    for (const InputNode& item : node.items()) {
        MapReader p(item, "a capacity period");
        CapacityPeriod period;
        if (auto id = p.optional("id")) period.id = id->as_string();
        period.from = p.required("from").as_date();
        period.doses_per_day = p.required("doses_per_day").as_count();
        p.finish();
        out.push_back(period);
    }
    return out;
}

std::vector<double> read_factors(const InputNode& node) {
    std::vector<double> values;
    for (const InputNode& item : node.items()) values.push_back(item.as_number());
    return values;
}

SiteSpec read_site(const InputNode& node) {
    MapReader r(node, "a site");
    SiteSpec s;
    s.id = r.required("id").as_string();
    if (auto label = r.optional("label")) s.label = label->as_string();
    if (auto kind = r.optional("kind")) s.kind = kind->as_string();
    if (auto products = r.optional("products")) s.products = products->as_string_list();
    s.periods = read_periods(r.required("periods"));
    if (auto factors = r.optional("weekday_factors")) s.weekday_factors = read_factors(*factors);
    if (auto factor = r.optional("holiday_factor")) s.holiday_factor = factor->as_number();
    r.finish();
    return s;
}

} // namespace

CapacitySpec read_capacity(const InputNode& node) {
    MapReader r(node, "capacity");
    CapacitySpec spec;
    // Without sites, the periods are required (as they always were); not both.
    if (!r.has("sites") || r.exactly_one_of({"periods", "sites"}) == "periods") {
        spec.periods = read_periods(r.required("periods"));
    } else {
        for (const InputNode& item : r.required("sites").items())
            spec.sites.push_back(read_site(item));
    }
    if (auto factors = r.optional("weekday_factors")) spec.weekday_factors = read_factors(*factors);
    if (auto days = r.optional("holidays"))
        for (const InputNode& item : days->items()) spec.holidays.push_back(item.as_date());
    if (auto factor = r.optional("holiday_factor")) spec.holiday_factor = factor->as_number();
    r.finish();
    return spec;
}

} // namespace vaxsim
