#include "sim/parameter_space.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string_view>

#include "models/error.hpp"
#include "sim/engine/allocation.hpp"
#include "sim/input/yaml_input.hpp"

namespace vaxsim {

// A value converted to what its kind's setter takes.
struct Converted {
    double number = 0;
    std::int64_t whole = 0;
    DayNumber day = 0;
    std::string text;
};

namespace {

// The elements of a list a path goes through: their ids ("" for an element without one),
// given the elements already chosen on the way (a product's interval changes).
// Each element's id ("" for none) and date (none for an undated list).
using Elements = std::vector<ListElement>;
using ListIds = Elements (*)(const ScenarioSpec&, const Indices&);

template <class T> Elements ids(const std::vector<T>& items) {
    Elements out;
    for (const auto& item : items) out.push_back({item.id, std::nullopt});
    return out;
}
// (name, value) pairs, by name: a place's band shares, opening dates by group.
template <class T> Elements named(const std::vector<std::pair<std::string, T>>& items) {
    Elements out;
    for (const auto& item : items) out.push_back({item.first, std::nullopt});
    return out;
}
Elements unnamed(std::size_t n) {
    return Elements(n);
}
// Dated elements: by id (when they have one) and by their date.
template <class T, class Date> Elements dated(const std::vector<T>& items, Date date) {
    Elements out;
    for (const auto& item : items) {
        ListElement e{"", date(item)};
        if constexpr (requires { item.id; }) e.id = item.id;
        out.push_back(std::move(e));
    }
    return out;
}
const EpidemicSpec& epidemic(const ScenarioSpec& s) {
    return *s.epidemic;
}
EpidemicSpec& epidemic(ScenarioSpec& s) {
    return *s.epidemic;
}

struct List {
    std::string_view name; // the placeholder in a pattern, e.g. "{product}"
    ListIds ids;
};

const List lists[] = {
    {"{product}", [](const ScenarioSpec& s, const Indices&) { return ids(s.products); }},
    {"{group}", [](const ScenarioSpec& s, const Indices&) { return ids(s.population.groups); }},
    {"{band}", [](const ScenarioSpec& s, const Indices&) { return ids(s.population.bands); }},
    {"{target}", [](const ScenarioSpec& s, const Indices&) { return ids(s.targets); }},
    {"{period}",
     [](const ScenarioSpec& s, const Indices&) {
         return dated(s.capacity.periods, [](const CapacityPeriod& p) { return p.from; });
     }},
    {"{weekday}",
     [](const ScenarioSpec& s, const Indices&) {
         return unnamed(s.capacity.weekday_factors ? s.capacity.weekday_factors->size() : 0);
     }},
    {"{interval_change}",
     [](const ScenarioSpec& s, const Indices& i) {
         return dated(s.products[i[0]].interval_changes,
                      [](const IntervalChange& c) { return c.from; });
     }},
    {"{uptake_change}",
     [](const ScenarioSpec& s, const Indices& i) {
         return dated(s.population.groups[i[0]].uptake_changes,
                      [](const std::pair<DayNumber, double>& c) { return c.first; });
     }},
    {"{policy_change}",
     [](const ScenarioSpec& s, const Indices&) {
         return dated(s.policy.changes, [](const PolicyChangeSpec& c) { return c.from; });
     }},
    {"{eligibility}",
     [](const ScenarioSpec& s, const Indices& i) {
         return unnamed(s.products[i[0]].eligibility.size());
     }},
    {"{delivery}",
     [](const ScenarioSpec& s, const Indices& i) {
         return dated(s.products[i[0]].supply.deliveries, [](const Delivery& d) { return d.day; });
     }},
    {"{recurring}",
     [](const ScenarioSpec& s, const Indices& i) {
         return dated(s.products[i[0]].supply.recurring,
                      [](const RecurringDelivery& r) { return r.from; });
     }},
    {"{interval}",
     [](const ScenarioSpec& s, const Indices& i) { return unnamed(s.products[i[0]].intervals.size()); }},
    {"{protection}",
     [](const ScenarioSpec& s, const Indices& i) {
         return unnamed(s.products[i[0]].protection_days.size());
     }},
    {"{export}",
     [](const ScenarioSpec& s, const Indices& i) {
         return dated(s.products[i[0]].supply.exports, [](const Delivery& d) { return d.day; });
     }},
    {"{return}",
     [](const ScenarioSpec& s, const Indices& i) {
         return dated(s.products[i[0]].supply.returns, [](const Delivery& d) { return d.day; });
     }},
    {"{heterologous}",
     [](const ScenarioSpec& s, const Indices&) { return unnamed(s.heterologous.size()); }},
    {"{booster}", [](const ScenarioSpec& s, const Indices&) { return ids(s.boosters); }},
    {"{site}", [](const ScenarioSpec& s, const Indices&) { return ids(s.capacity.sites); }},
    {"{place}", [](const ScenarioSpec& s, const Indices&) { return ids(s.places); }},
    {"{place_band}",
     [](const ScenarioSpec& s, const Indices& i) { return named(s.places[i[0]].band_shares); }},
    {"{place_period}",
     [](const ScenarioSpec& s, const Indices& i) {
         const auto& c = s.places[i[0]].capacity;
         return c ? dated(c->periods, [](const CapacityPeriod& p) { return p.from; }) : Elements{};
     }},
    // Any group may open on a date of its own in a place, named or not in its `opens`
    // (as --set adds one): a sweep of a district's opening needs none written first.
    {"{place_open}", [](const ScenarioSpec& s, const Indices&) { return ids(s.population.groups); }},
    {"{share_step}",
     [](const ScenarioSpec& s, const Indices&) {
         return dated(s.place_supply.shares, [](const PlaceShareStepSpec& p) { return p.from; });
     }},
    {"{share_place}",
     [](const ScenarioSpec& s, const Indices& i) { return named(s.place_supply.shares[i[0]].shares); }},
    {"{site_period}",
     [](const ScenarioSpec& s, const Indices& i) {
         return dated(s.capacity.sites[i[0]].periods, [](const CapacityPeriod& p) { return p.from; });
     }},
    {"{site_weekday}",
     [](const ScenarioSpec& s, const Indices& i) {
         const auto& f = s.capacity.sites[i[0]].weekday_factors;
         return unnamed(f ? f->size() : 0);
     }},
    {"{epi_band}",
     [](const ScenarioSpec& s, const Indices&) { return unnamed(epidemic(s).populations.size()); }},
    {"{hospitalisation}",
     [](const ScenarioSpec& s, const Indices&) {
         return unnamed(epidemic(s).hospitalisation.size());
     }},
    {"{fatality}",
     [](const ScenarioSpec& s, const Indices&) { return unnamed(epidemic(s).fatality.size()); }},
    {"{scaling}",
     [](const ScenarioSpec& s, const Indices&) {
         return dated(epidemic(s).contact_scaling, [](const ContactScaling& c) { return c.from; });
     }},
    // Protection is a mapping by product id; only the ids of products that have one.
    {"{protected}",
     [](const ScenarioSpec& s, const Indices&) {
         Elements out;
         for (const auto& [id, p] : epidemic(s).protection) out.push_back({id, std::nullopt});
         return out;
     }},
    {"{infection_dose}",
     [](const ScenarioSpec& s, const Indices& i) {
         return unnamed(std::next(epidemic(s).protection.begin(), static_cast<std::ptrdiff_t>(i[0]))
                            ->second.infection.size());
     }},
    {"{severe_dose}",
     [](const ScenarioSpec& s, const Indices& i) {
         return unnamed(std::next(epidemic(s).protection.begin(), static_cast<std::ptrdiff_t>(i[0]))
                            ->second.severe.size());
     }},
};

ProtectionSpec& protection(ScenarioSpec& s, std::size_t i) {
    return std::next(epidemic(s).protection.begin(), static_cast<std::ptrdiff_t>(i))->second;
}

struct Entry {
    std::string_view pattern;
    ValueKind kind;
    Setter set;
};

using K = ValueKind;
using C = Converted;
using S = ScenarioSpec;
using I = Indices;

// The group's share in a list of (group id, share): replaced, or added at the end.
void set_group_share(std::vector<std::pair<std::string, double>>& shares, const ScenarioSpec& s,
                     std::size_t group, double value) {
    const std::string& id = s.population.groups[group].id;
    for (auto& [g, share] : shares)
        if (g == id) {
            share = value;
            return;
        }
    shares.emplace_back(id, value);
}

// products.P.supply.scale@FROM..TO: the scale of the window with those dates, else a new one.
void set_scale_window(ScenarioSpec& s, const Indices& i, const Converted& v) {
    const auto from = static_cast<DayNumber>(i[1]), to = static_cast<DayNumber>(i[2]);
    auto& windows = s.products[i[0]].supply.scale_windows;
    for (auto& w : windows)
        if (w.from == from && w.to == to) {
            w.scale = v.number;
            return;
        }
    windows.push_back({from, to, v.number, ""});
}

// Every path a sweep can set. Start, end, targets and plans are left out on purpose: they
// fix the shape of a run's record, which every run of a sweep shares.
const Entry entries[] = {
    {"products.{product}.doses", K::count,
     [](S& s, const I& i, const C& v) { s.products[i[0]].doses = v.whole; }},
    {"products.{product}.interval_days", K::count,
     [](S& s, const I& i, const C& v) { s.products[i[0]].interval_days = v.whole; }},
    {"products.{product}.interval_changes.{interval_change}.from", K::date,
     [](S& s, const I& i, const C& v) { s.products[i[0]].interval_changes[i[1]].from = v.day; }},
    {"products.{product}.interval_changes.{interval_change}.days", K::count,
     [](S& s, const I& i, const C& v) { s.products[i[0]].interval_changes[i[1]].days = v.whole; }},
    {"products.{product}.second_dose_completion", K::share,
     [](S& s, const I& i, const C& v) { s.products[i[0]].second_dose_completion = v.number; }},
    {"products.{product}.wastage", K::share,
     [](S& s, const I& i, const C& v) { s.products[i[0]].wastage = v.number; }},
    {"products.{product}.eligibility.{eligibility}.from", K::date,
     [](S& s, const I& i, const C& v) { s.products[i[0]].eligibility[i[1]].from = v.day; }},
    {"products.{product}.eligibility.{eligibility}.min_age", K::count,
     [](S& s, const I& i, const C& v) { s.products[i[0]].eligibility[i[1]].min_age = v.whole; }},
    {"products.{product}.eligibility.{eligibility}.max_age", K::count,
     [](S& s, const I& i, const C& v) { s.products[i[0]].eligibility[i[1]].max_age = v.whole; }},
    {"products.{product}.supply.scale", K::number,
     [](S& s, const I& i, const C& v) { s.products[i[0]].supply.scale = v.number; }},
    {"products.{product}.supply.shortfall", K::share,
     [](S& s, const I& i, const C& v) { s.products[i[0]].supply.shortfall = v.number; }},
    {"products.{product}.supply.delay_days", K::integer,
     [](S& s, const I& i, const C& v) { s.products[i[0]].supply.delay_days = v.whole; }},
    {"products.{product}.supply.deliveries.{delivery}.date", K::date,
     [](S& s, const I& i, const C& v) { s.products[i[0]].supply.deliveries[i[1]].day = v.day; }},
    {"products.{product}.supply.deliveries.{delivery}.doses", K::count,
     [](S& s, const I& i, const C& v) {
         s.products[i[0]].supply.deliveries[i[1]].doses = v.whole;
     }},
    {"products.{product}.supply.recurring.{recurring}.from", K::date,
     [](S& s, const I& i, const C& v) { s.products[i[0]].supply.recurring[i[1]].from = v.day; }},
    {"products.{product}.supply.recurring.{recurring}.to", K::date,
     [](S& s, const I& i, const C& v) { s.products[i[0]].supply.recurring[i[1]].to = v.day; }},
    {"products.{product}.supply.recurring.{recurring}.every_days", K::count,
     [](S& s, const I& i, const C& v) {
         s.products[i[0]].supply.recurring[i[1]].every_days = v.whole;
     }},
    {"products.{product}.supply.recurring.{recurring}.doses", K::count,
     [](S& s, const I& i, const C& v) { s.products[i[0]].supply.recurring[i[1]].doses = v.whole; }},
    {"products.{product}.intervals.{interval}.days", K::count,
     [](S& s, const I& i, const C& v) { s.products[i[0]].intervals[i[1]].days = v.whole; }},
    {"products.{product}.intervals.{interval}.min_days", K::count,
     [](S& s, const I& i, const C& v) { s.products[i[0]].intervals[i[1]].min_days = v.whole; }},
    {"products.{product}.intervals.{interval}.max_days", K::count,
     [](S& s, const I& i, const C& v) { s.products[i[0]].intervals[i[1]].max_days = v.whole; }},
    {"products.{product}.interval_changes.{interval_change}.to", K::date,
     [](S& s, const I& i, const C& v) { s.products[i[0]].interval_changes[i[1]].to = v.day; }},
    {"products.{product}.protection_days.{protection}", K::count,
     [](S& s, const I& i, const C& v) { s.products[i[0]].protection_days[i[1]] = v.whole; }},
    // Doses drawn per vial: a product without a vial gets one of that many labelled doses.
    {"products.{product}.supply.vial.extracted_doses", K::count,
     [](S& s, const I& i, const C& v) {
         auto& vial = s.products[i[0]].supply.vial;
         if (!vial) vial.emplace();
         vial->extracted_doses = v.whole;
     }},
    {"products.{product}.supply.vial.labelled_doses", K::count,
     [](S& s, const I& i, const C& v) {
         auto& vial = s.products[i[0]].supply.vial;
         if (!vial) vial.emplace();
         vial->labelled_doses = v.whole;
     }},
    {"products.{product}.supply.exports.{export}.date", K::date,
     [](S& s, const I& i, const C& v) { s.products[i[0]].supply.exports[i[1]].day = v.day; }},
    {"products.{product}.supply.exports.{export}.doses", K::count,
     [](S& s, const I& i, const C& v) { s.products[i[0]].supply.exports[i[1]].doses = v.whole; }},
    {"products.{product}.supply.returns.{return}.date", K::date,
     [](S& s, const I& i, const C& v) { s.products[i[0]].supply.returns[i[1]].day = v.day; }},
    {"products.{product}.supply.returns.{return}.doses", K::count,
     [](S& s, const I& i, const C& v) { s.products[i[0]].supply.returns[i[1]].doses = v.whole; }},
    {"heterologous.{heterologous}.from", K::date,
     [](S& s, const I& i, const C& v) { s.heterologous[i[0]].from = v.day; }},
    {"heterologous.{heterologous}.to", K::date,
     [](S& s, const I& i, const C& v) { s.heterologous[i[0]].to = v.day; }},
    {"heterologous.{heterologous}.min_age", K::count,
     [](S& s, const I& i, const C& v) { s.heterologous[i[0]].min_age = v.whole; }},
    {"heterologous.{heterologous}.max_age", K::count,
     [](S& s, const I& i, const C& v) { s.heterologous[i[0]].max_age = v.whole; }},
    {"population.bands.{band}.count", K::count,
     [](S& s, const I& i, const C& v) { s.population.bands[i[0]].count = v.whole; }},
    {"groups.{group}.opens", K::date,
     [](S& s, const I& i, const C& v) { s.population.groups[i[0]].opens = v.day; }},
    {"groups.{group}.priority", K::integer,
     [](S& s, const I& i, const C& v) { s.population.groups[i[0]].priority = v.whole; }},
    // A fixed uptake replaces a drawn one, as it replaces it in the file.
    {"groups.{group}.uptake", K::share,
     [](S& s, const I& i, const C& v) {
         s.population.groups[i[0]].uptake = v.number;
         s.population.groups[i[0]].uptake_distribution.reset();
     }},
    {"groups.{group}.closes", K::date,
     [](S& s, const I& i, const C& v) { s.population.groups[i[0]].closes = v.day; }},
    {"groups.{group}.uptake_changes.{uptake_change}.from", K::date,
     [](S& s, const I& i, const C& v) {
         s.population.groups[i[0]].uptake_changes[i[1]].first = v.day;
     }},
    {"groups.{group}.uptake_changes.{uptake_change}.uptake", K::share,
     [](S& s, const I& i, const C& v) {
         s.population.groups[i[0]].uptake_changes[i[1]].second = v.number;
     }},
    // Booking windows: a group without an arrival gets one (it needs both values).
    {"groups.{group}.arrival.windows", K::count,
     [](S& s, const I& i, const C& v) {
         auto& a = s.population.groups[i[0]].arrival;
         if (!a) a.emplace();
         a->curve.clear();
         a->windows = v.whole;
     }},
    {"groups.{group}.arrival.over_days", K::count,
     [](S& s, const I& i, const C& v) {
         auto& a = s.population.groups[i[0]].arrival;
         if (!a) a.emplace();
         a->curve.clear();
         a->over_days = v.whole;
     }},
    {"groups.{group}.size", K::count,
     [](S& s, const I& i, const C& v) { s.population.groups[i[0]].size = v.whole; }},
    {"groups.{group}.plan.count", K::count,
     [](S& s, const I& i, const C& v) {
         if (auto& plan = s.population.groups[i[0]].plan) plan->count = v.whole;
     }},
    {"capacity.periods.{period}.from", K::date,
     [](S& s, const I& i, const C& v) { s.capacity.periods[i[0]].from = v.day; }},
    {"capacity.periods.{period}.doses_per_day", K::count,
     [](S& s, const I& i, const C& v) { s.capacity.periods[i[0]].doses_per_day = v.whole; }},
    {"capacity.weekday_factors.{weekday}", K::number,
     [](S& s, const I& i, const C& v) { (*s.capacity.weekday_factors)[i[0]] = v.number; }},
    {"capacity.holiday_factor", K::number,
     [](S& s, const I&, const C& v) { s.capacity.holiday_factor = v.number; }},
    {"capacity.sites.{site}.periods.{site_period}.from", K::date,
     [](S& s, const I& i, const C& v) { s.capacity.sites[i[0]].periods[i[1]].from = v.day; }},
    {"capacity.sites.{site}.periods.{site_period}.doses_per_day", K::count,
     [](S& s, const I& i, const C& v) {
         s.capacity.sites[i[0]].periods[i[1]].doses_per_day = v.whole;
     }},
    {"capacity.sites.{site}.weekday_factors.{site_weekday}", K::number,
     [](S& s, const I& i, const C& v) { (*s.capacity.sites[i[0]].weekday_factors)[i[1]] = v.number; }},
    {"capacity.sites.{site}.holiday_factor", K::number,
     [](S& s, const I& i, const C& v) { s.capacity.sites[i[0]].holiday_factor = v.number; }},
    // Places: who lives where, their own capacity and opening dates, the supply rule.
    {"places.{place}.band_shares.{place_band}", K::share,
     [](S& s, const I& i, const C& v) { s.places[i[0]].band_shares[i[1]].second = v.number; }},
    {"places.{place}.capacity.periods.{place_period}.doses_per_day", K::count,
     [](S& s, const I& i, const C& v) { s.places[i[0]].capacity->periods[i[1]].doses_per_day = v.whole; }},
    {"places.{place}.capacity.periods.{place_period}.from", K::date,
     [](S& s, const I& i, const C& v) { s.places[i[0]].capacity->periods[i[1]].from = v.day; }},
    {"places.{place}.opens.{place_open}", K::date,
     [](S& s, const I& i, const C& v) {
         auto& opens = s.places[i[0]].opens;
         const std::string& group = s.population.groups[i[1]].id;
         const auto at = std::find_if(opens.begin(), opens.end(),
                                      [&](const auto& o) { return o.first == group; });
         if (at != opens.end())
             at->second = v.day;
         else
             opens.emplace_back(group, v.day);
     }},
    {"place_supply.rule", K::place_rule,
     [](S& s, const I&, const C& v) { s.place_supply.rule = *place_rule_named(v.text); }},
    {"place_supply.transfer_lag_days", K::count,
     [](S& s, const I&, const C& v) { s.place_supply.transfer_lag_days = v.whole; }},
    {"place_supply.rebalance_every_days", K::count,
     [](S& s, const I&, const C& v) { s.place_supply.rebalance_every_days = v.whole; }},
    {"place_supply.shares.{share_step}.shares.{share_place}", K::share,
     [](S& s, const I& i, const C& v) { s.place_supply.shares[i[0]].shares[i[1]].second = v.number; }},
    {"boosters.{booster}.from", K::date,
     [](S& s, const I& i, const C& v) { s.boosters[i[0]].from = v.day; }},
    {"boosters.{booster}.to", K::date,
     [](S& s, const I& i, const C& v) { s.boosters[i[0]].to = v.day; }},
    // Days after the last dose replace "when protection lapses", as in the file.
    {"boosters.{booster}.after_days", K::count,
     [](S& s, const I& i, const C& v) { s.boosters[i[0]].after_days = v.whole; }},
    {"boosters.{booster}.uptake", K::share,
     [](S& s, const I& i, const C& v) { s.boosters[i[0]].uptake = v.number; }},
    {"boosters.{booster}.doses", K::count,
     [](S& s, const I& i, const C& v) { s.boosters[i[0]].doses = v.whole; }},
    {"policy.walk_ins", K::boolean,
     [](S& s, const I&, const C& v) { s.policy.walk_ins = v.whole != 0; }},
    {"policy.first_dose_allocation", K::allocation,
     [](S& s, const I&, const C& v) {
         s.policy.allocation = v.text;
     }},
    {"policy.second_dose_reserve", K::reserve,
     [](S& s, const I&, const C& v) {
         // One reserve for every product replaces a per-product map, as in the file.
         s.policy.second_dose_reserve = v.number;
         s.policy.reserve_label = v.text;
         s.policy.reserve_by_product.clear();
     }},
    {"policy.second_dose_reserve.{product}", K::reserve,
     [](S& s, const I& i, const C& v) {
         const std::string& id = s.products[i[0]].id;
         auto& listed = s.policy.reserve_by_product;
         auto it = std::find_if(listed.begin(), listed.end(),
                                [&](const ProductReserveSpec& r) { return r.product == id; });
         if (it == listed.end()) it = listed.insert(listed.end(), ProductReserveSpec{id, 1.0, {}});
         it->share = v.number;
         it->label = v.text;
         s.policy.reserve_label.clear(); // named anew from the shares
     }},
    {"policy.changes.{policy_change}.from", K::date,
     [](S& s, const I& i, const C& v) { s.policy.changes[i[0]].from = v.day; }},
    {"policy.changes.{policy_change}.first_dose_allocation", K::allocation,
     [](S& s, const I& i, const C& v) { s.policy.changes[i[0]].allocation = v.text; }},
    {"policy.changes.{policy_change}.second_dose_reserve", K::reserve,
     [](S& s, const I& i, const C& v) {
         s.policy.changes[i[0]].second_dose_reserve = v.number;
         s.policy.changes[i[0]].reserve_by_product.clear();
     }},
    // A group's share of first doses (the allocation `shares`): set, or added when the
    // policy does not list the group.
    {"policy.shares.{group}", K::number,
     [](S& s, const I& i, const C& v) { set_group_share(s.policy.shares, s, i[0], v.number); }},
    {"policy.changes.{policy_change}.shares.{group}", K::number,
     [](S& s, const I& i, const C& v) {
         set_group_share(s.policy.changes[i[0]].shares, s, i[1], v.number);
     }},
    {"targets.{target}.share", K::share,
     [](S& s, const I& i, const C& v) { s.targets[i[0]].share = v.number; }},
    {"targets.{target}.count", K::count,
     [](S& s, const I& i, const C& v) {
         s.targets[i[0]].share.reset();
         s.targets[i[0]].count = v.whole;
     }},
    {"targets.{target}.deadline", K::date,
     [](S& s, const I& i, const C& v) { s.targets[i[0]].deadline = v.day; }},
    {"targets.{target}.since", K::date,
     [](S& s, const I& i, const C& v) { s.targets[i[0]].since = v.day; }},
    {"epidemic.r0", K::number, [](S& s, const I&, const C& v) { epidemic(s).r0 = v.number; }},
    {"epidemic.stochastic", K::boolean,
     [](S& s, const I&, const C& v) { epidemic(s).stochastic = v.whole != 0; }},
    {"epidemic.latent_days", K::number,
     [](S& s, const I&, const C& v) { epidemic(s).latent_days = v.number; }},
    {"epidemic.infectious_days", K::number,
     [](S& s, const I&, const C& v) { epidemic(s).infectious_days = v.number; }},
    {"epidemic.initial.exposed", K::share,
     [](S& s, const I&, const C& v) { epidemic(s).initial_exposed = v.number; }},
    {"epidemic.initial.infectious", K::share,
     [](S& s, const I&, const C& v) { epidemic(s).initial_infectious = v.number; }},
    {"epidemic.initial.immune", K::share,
     [](S& s, const I&, const C& v) {
         // One share for every band, as `--set epidemic.initial.immune=X` replaces a list
         // of 16 in the file.
         epidemic(s).initial_immune = v.number;
         epidemic(s).initial_immune_by_band.clear();
     }},
    {"epidemic.substeps", K::count,
     [](S& s, const I&, const C& v) { epidemic(s).substeps = v.whole; }},
    {"epidemic.populations.{epi_band}", K::number,
     [](S& s, const I& i, const C& v) { epidemic(s).populations[i[0]] = v.number; }},
    {"epidemic.severity.hospitalisation.{hospitalisation}", K::number,
     [](S& s, const I& i, const C& v) { epidemic(s).hospitalisation[i[0]] = v.number; }},
    {"epidemic.severity.fatality.{fatality}", K::number,
     [](S& s, const I& i, const C& v) { epidemic(s).fatality[i[0]] = v.number; }},
    {"epidemic.contact_scaling.{scaling}.from", K::date,
     [](S& s, const I& i, const C& v) { epidemic(s).contact_scaling[i[0]].from = v.day; }},
    {"epidemic.contact_scaling.{scaling}.factor", K::number,
     [](S& s, const I& i, const C& v) { epidemic(s).contact_scaling[i[0]].factor = v.number; }},
    {"epidemic.protection.{protected}.delay_days", K::count,
     [](S& s, const I& i, const C& v) { protection(s, i[0]).delay_days = v.whole; }},
    {"epidemic.protection.{protected}.infection.{infection_dose}", K::share,
     [](S& s, const I& i, const C& v) { protection(s, i[0]).infection[i[1]] = v.number; }},
    {"epidemic.protection.{protected}.severe.{severe_dose}", K::share,
     [](S& s, const I& i, const C& v) { protection(s, i[0]).severe[i[1]] = v.number; }},
    // Without a waning section the product's waned efficacies are missing, which the
    // model then names.
    {"epidemic.protection.{protected}.waning.mean_days", K::number,
     [](S& s, const I& i, const C& v) {
         auto& waning = protection(s, i[0]).waning;
         if (!waning) waning.emplace();
         waning->mean_days = v.number;
     }},
    {"epidemic.infection_immunity_days", K::number,
     [](S& s, const I&, const C& v) { epidemic(s).infection_immunity_days = v.number; }},
};

std::vector<std::string> split(std::string_view path) {
    std::vector<std::string> out;
    std::size_t from = 0;
    for (;;) {
        const std::size_t dot = path.find('.', from);
        out.emplace_back(path.substr(from, dot - from));
        if (dot == std::string_view::npos) return out;
        from = dot + 1;
    }
}

const List* list_named(std::string_view name) {
    for (const List& l : lists)
        if (l.name == name) return &l;
    return nullptr;
}

// How a path's words read for people: "periods" -> "period", "doses_per_day" -> "doses/day".
std::string display_word(const std::string& seg) {
    static const std::pair<std::string_view, std::string_view> words[] = {
        {"products", ""}, {"groups", ""},  {"boosters", ""},  {"targets", "target"},
        {"periods", "period"}, {"doses_per_day", "doses/day"}, {"deliveries", "delivery"},
        {"recurring", "recurring delivery"}, {"interval_changes", "interval change"},
        {"uptake_changes", "uptake change"}, {"changes", "change"}, {"sites", "site"},
        {"exports", "export"}, {"returns", "return"}, {"bands", "band"}, {"population", ""},
        {"policy", ""}};
    for (const auto& [from, to] : words)
        if (seg == from) return std::string(to);
    std::string out = seg;
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

std::string kind_words(ValueKind kind) {
    switch (kind) {
    case K::count:
        return "a whole number of zero or more";
    case K::integer:
        return "a whole number";
    case K::number:
        return "a number";
    case K::share:
        return "a share between 0 and 1";
    case K::date:
        return "a date YYYY-MM-DD";
    case K::reserve:
        return "hold_second_doses, none, or a share from 0 to 1";
    case K::allocation:
        return allocation_policy_names();
    case K::boolean:
        return "true or false";
    case K::place_rule: {
        std::string names;
        for (const std::string& n : place_rule_names()) names += (names.empty() ? "" : ", ") + n;
        return "one of " + names;
    }
    }
    return "";
}

Converted convert(const std::string& path, ValueKind kind, const ParameterValue& value) {
    // A word for a kind of words ('nnoe' for none) gets a "did you mean".
    const auto wrong = [&]() -> ModelError {
        std::vector<std::string> words;
        if (kind == K::reserve) words = {"hold_second_doses", "none"};
        if (kind == K::boolean) words = {"true", "false"};
        if (kind == K::allocation) words = allocation_policy_ids();
        if (kind == K::place_rule) words = place_rule_names();
        return ModelError(path, "expected " + kind_words(kind) + ", got '" + value.text() + "'" +
                                    (value.number ? "" : did_you_mean(value.text(), words)));
    };
    Converted c;
    switch (kind) {
    case K::count:
    case K::integer: {
        const double x = value.number.value_or(NAN);
        // Within ±2^62: a whole double there converts exactly, and no count is larger.
        if (!(std::fabs(x) < 4.6e18) || x != std::floor(x)) throw wrong();
        c.whole = static_cast<std::int64_t>(x);
        if (kind == K::count) check_count(c.whole, path);
        break;
    }
    case K::number:
        if (!value.number) throw wrong();
        c.number = *value.number;
        break;
    case K::share:
        if (!value.number) throw wrong();
        c.number = check_share(*value.number, path);
        break;
    case K::date: {
        const auto day = value.number ? std::nullopt : parse_iso_date(value.written);
        if (!day) throw wrong();
        c.day = *day;
        break;
    }
    case K::reserve:
        c.text = value.text();
        if (value.number)
            c.number = check_share(*value.number, path);
        else if (c.text == "hold_second_doses")
            c.number = 1.0;
        else if (c.text == "none")
            c.number = 0.0;
        else
            throw wrong();
        break;
    case K::boolean:
        if (value.number || (value.written != "true" && value.written != "false")) throw wrong();
        c.whole = value.written == "true";
        c.text = value.written;
        break;
    case K::allocation:
        c.text = value.text();
        if (!is_allocation_policy(c.text)) throw wrong();
        break;
    case K::place_rule:
        c.text = value.text();
        if (!place_rule_named(c.text)) throw wrong();
        break;
    }
    return c;
}

} // namespace

std::string ParameterValue::text() const {
    if (!written.empty() || !number) return written;
    return SampledValue{*number, ""}.as_text();
}

ParameterValue ParameterValue::parse(const std::string& written) {
    ParameterValue v;
    v.written = written;
    char* end = nullptr;
    const double x = std::strtod(written.c_str(), &end);
    if (!written.empty() && end == written.c_str() + written.size() && std::isfinite(x))
        v.number = x;
    return v;
}

ParameterValue ParameterValue::drawn(const SampledValue& value) {
    if (value.is_text()) return parse(value.text);
    ParameterValue v;
    v.number = value.number;
    return v;
}

void Parameter::set(ScenarioSpec& spec, const ParameterValue& value) const {
    setter_(spec, indices_, convert(path_, kind_, value));
}

void Parameter::check(const ParameterValue& value) const {
    convert(path_, kind_, value);
}

Parameter ParameterSpace::resolve(const std::string& full_path) const {
    // "products.P.supply.scale@FROM..TO": the scale of a window of dates.
    std::string path = full_path;
    std::optional<std::pair<DayNumber, DayNumber>> window;
    if (const auto at = full_path.find('@'); at != std::string::npos) {
        path = full_path.substr(0, at);
        const std::string w = full_path.substr(at + 1);
        const auto dots = w.find("..");
        const auto from = dots == std::string::npos ? std::nullopt : parse_iso_date(w.substr(0, dots));
        const auto to = dots == std::string::npos ? std::nullopt : parse_iso_date(w.substr(dots + 2));
        if (!from || !to)
            throw ModelError(full_path, "expected a window of dates FROM..TO after '@', e.g. "
                                        "products.pfizer.supply.scale@2021-07-01..2021-09-30, got '@" +
                                            w + "'");
        if (*to < *from) throw ModelError(full_path, "the window '@" + w + "' ends before it starts");
        window.emplace(*from, *to);
    }
    const std::vector<std::string> segments = split(path);
    for (const auto& seg : segments)
        if (seg.empty()) throw ModelError(path, "empty segment in path '" + path + "'");
    if (segments.front() == "epidemic" && !base_.epidemic)
        throw ModelError(path, "the base scenario has no epidemic model to vary");
    // The entry that matches, else the deepest any entry got, and what it could not find.
    std::size_t deepest = 0;
    std::string missing_element;
    std::vector<std::string> could_set;
    for (const Entry& e : entries) {
        const std::vector<std::string> pattern = split(e.pattern);
        Indices indices;
        std::string model_path, walked, display;
        std::size_t k = 0;
        std::string missing;
        for (; k < pattern.size() && k < segments.size(); ++k) {
            const std::string& seg = segments[k];
            std::string canonical = seg;
            if (const List* list = list_named(pattern[k])) {
                const Elements names = list->ids(base_, indices);
                std::string error;
                const auto found = find_list_element(names, seg, walked, error);
                if (!found) {
                    missing = error;
                    break;
                }
                indices.push_back(*found);
                const ListElement& e = names[*found];
                canonical = e.id.empty() ? std::to_string(*found) : e.id;
                display += (display.empty() ? "" : " ") + canonical;
                if (e.date) display += " (from " + format_iso_date(*e.date) + ")";
            } else if (pattern[k] != seg) {
                break;
            } else if (const std::string word = display_word(seg); !word.empty()) {
                display += (display.empty() ? "" : " ") + word;
            }
            walked += (walked.empty() ? "" : ".") + seg;
            model_path += (model_path.empty() ? "" : ".") + canonical;
        }
        if (k == pattern.size() && k == segments.size()) {
            if (!window)
                return Parameter(path, model_path, e.kind, std::move(indices), e.set, display);
            if (e.pattern != "products.{product}.supply.scale")
                throw ModelError(full_path, "a window '@FROM..TO' applies to a supply's scale "
                                            "only (products.P.supply.scale@FROM..TO)");
            // The window's dates ride in the indices, after the product's.
            indices.push_back(static_cast<std::size_t>(window->first));
            indices.push_back(static_cast<std::size_t>(window->second));
            return Parameter(full_path, model_path + "_windows", K::number, std::move(indices),
                             set_scale_window,
                             display + " from " + format_iso_date(window->first) + " to " +
                                 format_iso_date(window->second));
        }
        if (k > deepest) {
            deepest = k;
            could_set.clear();
            missing_element.clear();
        }
        if (k < deepest) continue;
        if (!missing.empty() && missing_element.empty()) missing_element = missing;
        if (missing.empty() && k < pattern.size() && !list_named(pattern[k]))
            could_set.push_back(pattern[k]);
    }
    if (!missing_element.empty()) throw ModelError(path, missing_element);
    std::string known;
    for (const auto& name : could_set)
        if (known.find("'" + name + "'") == std::string::npos)
            known += (known.empty() ? "'" : ", '") + name + "'";
    std::string where;
    for (std::size_t k = 0; k < deepest; ++k) where += (k ? "." : "") + segments[k];
    // The part after the deepest one understood, most often misspelt.
    const std::string can_set =
        known.empty() ? "" : "; it can set " + known + " under '" + (where.empty() ? "the scenario" : where) + "'";
    throw ModelError(path, "a sweep cannot set '" + path + "'" +
                               (deepest < segments.size() ? did_you_mean(segments[deepest], could_set, can_set)
                                                          : can_set));
}

std::string parameter_display_name(const ScenarioSpec& spec, const std::string& path) {
    try {
        return ParameterSpace(spec).resolve(path).display_name();
    } catch (const ModelError&) {
        return path;
    }
}

} // namespace vaxsim
