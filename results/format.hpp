#pragma once
// The one place that names what is in a vaxsim file: the file types, the format versions,
// and every group, dataset and attribute of a run file, with each dataset's element type
// and shape. The run-file writer, the run reader's validation and `vaxsim check` all work
// from the table `run_datasets` below, so a new output dataset is a line here (and in the
// table), a line in the writer and one in the reader. results/LAYOUT.md documents the same
// names for people.
#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "models/constraint.hpp"

namespace vaxsim::format {

inline constexpr std::string_view run_filetype = "vaxsim-run";
inline constexpr std::string_view sweep_filetype = "vaxsim-sweep";

// A reader refuses a file of another major version; a minor bump only adds datasets or
// attributes, which older readers ignore.
struct Version {
    std::int64_t major = 0;
    std::int64_t minor = 0;
};
// 2.0: /daily/doses is [D, G, P, K] with K the longest series (1.x readers assumed K = 2),
// daily series are chunked along days and compressed. 1.1 added /daily/target_value.
// 2.1 added /products/overdue_peak, overdue_peak_date and overdue_person_days, binding
// constraint code 5 (no_group_open) and the overdue target measures. 2.2 added binding
// constraint code 6 (awaiting_arrivals); /daily/boosted_people and up_to_date_people and
// the target measures boosted, up_to_date and dose; /daily/extracted, imported and
// exported and /products/exports_not_made (supply as it came: vial extraction, returns,
// swaps, exports); /sites and /daily/site_capacity, site_capacity_used and binding_site
// (capacity by kind of site); /daily/dropped_out. 2.3 added /initial (the opening
// balance of a run started mid-campaign: as_of, doses, stock, replaced_deliveries; empty
// and zeros for a run that starts from nothing). 2.4 added /daily/group_binding_constraint
// and group_binding_product (what held each group each day: why a group slipped), and
// /solve (optional: the record of `vaxsim solve`, in the file of the run at its answer).
// 2.5 added /places (present when the scenario has places: each place's people, supply,
// capacity, coverage, what held it, its targets, and the equity across places).
// 2.6 added the epidemic's conservation: /epidemic/people and /epidemic/counterfactual/people
// (everyone in a band each day, over all strata), their attribute smallest_compartment,
// and /epidemic/doses_given, doses_moved and doses_after_end (each dose of a series, in
// the rollout and in the epidemic), and /places/moved_in and moved_out (stock moved
// between places by rebalancing).
// 2.7 added /optimize (optional: the record of `vaxsim optimize`, in the file of the run
// at its optimum), and /epidemic/hospital and /epidemic/counterfactual/hospital (when the
// epidemic has a hospital section): admissions and deaths dated by their delays, ward and
// ICU occupancy, the beds, days over capacity.
// 2.8 added /epidemic/band_min_age (each epidemic band's youngest age, beside its label in
// /epidemic/band): the epidemic's bands may be coarser than the sixteen five-year bands.
// And the epidemic models boosters (and waning), so /epidemic/doses_given, doses_moved
// and doses_after_end count boosters too (dose numbers above the longest series; zeros in
// an older file).
// 2.9 added the attributes stochastic and future of /epidemic: whether the epidemic ran
// in whole people with random events (a chain binomial, models/EPIDEMIC.md) and the future
// whose streams it drew from.
// 2.9 also added /optimize/period_from, start_shares and optimum_shares (optional: written by
// `vaxsim optimize --shares`, the groups' shares of first doses per period).
// 2.10 added /places/plan_planned, plan_started_in_quarter and plan_met: each place's
// quarterly plan check, a row per /plan_check row.
inline constexpr Version run_version{2, 10};
// From this minor, the epidemic's dose datasets count boosters (`vaxsim check` checks them).
inline constexpr std::int64_t epidemic_boosters_since_minor = 8;
// 1.2 added the record fields overdue_peak and overdue_person_days (one per product) and
// a sixth constraint_days column (no_group_open); 1.3 a seventh (awaiting_arrivals).
// 1.4 added the record fields daily_first_dose_people and daily_fully_vaccinated_people
// ([D] per run) and /coverage (their daily quantiles per grid point). 1.5 added
// /parameters/display_name (each parameter as people read it, for the report). 1.6 added
// /sensitivity/noise_days (how large an effect chance alone gives). 1.7 added the record
// field places_met ([T] per run, in a sweep of a scenario with places).
inline constexpr Version sweep_version{1, 7};
// The minor version from which a run file / a sweep file may hold each binding-constraint
// code (index = code; codes are only ever appended to models/constraint.hpp).
inline constexpr std::array<std::int64_t, constraint_codes> constraint_since_run_minor{
    0, 0, 0, 0, 0, 1, 2};
inline constexpr std::array<std::int64_t, constraint_codes> constraint_since_sweep_minor{
    0, 0, 0, 0, 0, 2, 3};
// The codes (a prefix of the table) a sweep file of that minor has constraint_days columns for.
constexpr std::int64_t constraint_codes_in_sweep(std::int64_t minor) {
    std::int64_t n = 0;
    for (std::int64_t since : constraint_since_sweep_minor) n += since <= minor ? 1 : 0;
    return n;
}
// A CSV export folder (`vaxsim export FILE.h5 --csv DIR`) holds this hidden marker,
// written last: the header line, then the name of each file in the folder, one a line.
// `--force` replaces only a folder whose marker lists every file in it.
inline constexpr std::string_view export_marker = ".vaxsim-export";
inline constexpr std::string_view export_marker_header = "vaxsim-export 1";
// An output is written to `.NAME.vaxsim-tmp.HOST.PID.RANDOM` beside it, then renamed.
inline constexpr std::string_view temporary_tag = ".vaxsim-tmp.";
// The sweep journal (OUT.h5.journal) is vaxsim's own binary file (results/LAYOUT.md): its
// magic ends in the journal format's version; a journal of another version, or of another
// sweep (its header's fingerprint), is not resumed. 2: records carry a checksum.
inline constexpr std::string_view sweep_journal_magic = "VXSWEEP2";

// Attributes on the root group of every vaxsim file.
namespace root {
inline constexpr std::string_view filetype = "filetype";
inline constexpr std::string_view format_version = "format_version";
inline constexpr std::string_view program = "program";
inline constexpr std::string_view program_version = "program_version";
inline constexpr std::string_view creation_time = "creation_time";
inline constexpr std::string_view command_line = "command_line";
inline constexpr std::string_view seed = "seed";
} // namespace root

enum class Element : std::uint8_t { string, int8, int32, int64, float64 };

template <class T> constexpr Element element_of();
template <> constexpr Element element_of<std::string>() {
    return Element::string;
}
template <> constexpr Element element_of<std::int8_t>() {
    return Element::int8;
}
template <> constexpr Element element_of<std::int32_t>() {
    return Element::int32;
}
template <> constexpr Element element_of<std::int64_t>() {
    return Element::int64;
}
template <> constexpr Element element_of<double>() {
    return Element::float64;
}

constexpr std::string_view element_name(Element e) {
    constexpr std::array<std::string_view, 5> names{"string", "int8", "int32", "int64", "float64"};
    return names[static_cast<std::size_t>(e)];
}

// A dataset's shape as dimension symbols, outermost first; rank 0 is a scalar. The
// symbols of run files (results/LAYOUT.md): D days, G groups, P products, K dose numbers
// (the longest series), B age bands, M months, Q quarters, T targets, L groups with a
// quarterly plan, E epidemic age bands, n overrides, S sites (since 2.2), A places (since
// 2.5). Every dataset with a symbol must agree on its extent.
struct Shape {
    static constexpr std::size_t max_rank = 4;
    std::array<std::string_view, max_rank> symbols{};
    std::size_t rank = 0;
    constexpr Shape() = default;
    constexpr Shape(std::initializer_list<std::string_view> s) : rank(s.size()) {
        std::copy(s.begin(), s.end(), symbols.begin());
    }
};

// When a dataset is in a file.
enum class Presence : std::uint8_t {
    always,
    epidemic,       // the scenario has an `epidemic:` section
    counterfactual, // the epidemic model also ran without vaccination
    places,         // the scenario has places (since 2.5)
    hospital,       // the epidemic has a hospital section (since 2.7)
    hospital_counterfactual, // both: the hospital load of the run without vaccination
    optional        // may be absent; when present, of its type and shape
};

// The largest count a file may hold: 2^53, the largest whole number a float64 (and so a
// report's chart or a spreadsheet) holds exactly. A scenario's counts stop at 10^12.
inline constexpr std::int64_t max_count = std::int64_t{1} << 53;

// What values a dataset may hold. Every reader checks them before using the values (a
// value out of its rule is a FormatError naming the dataset, index and value), and
// `vaxsim check` reports every dataset that breaks its rule.
enum class Values : std::uint8_t {
    any,                 // no rule (text)
    count,               // a whole number from 0 to max_count
    signed_count,        // a whole number from -max_count to max_count (a margin)
    flag,                // 0 or 1
    share,               // a finite real from 0 to 1
    share_or_unset,      // a share, or -1 (a target given as a count)
    amount,              // a finite real from 0 to max_count (expected people)
    amount_or_unset,     // an amount, or -1 (could not be told)
    positive_amount,     // the same, above 0
    weekday,             // 0 (Monday) to 6
    series_length,       // 1 to max_count doses
    constraint_code,     // a code of models/constraint.hpp
    index,               // an index below the extent of the dimension `of`
    index_or_none,       // the same, or -1
    day_or_never,        // a day of the run (0 to the days `of` - 1), or -1
    date,                // an ISO date (YYYY-MM-DD)
    date_or_none,        // an ISO date, or empty
    date_in_run,         // a date of the run's calendar
    date_in_run_or_none, // the same, or empty
};

struct DatasetSpec {
    std::string_view group; // path of its group from the root, no leading '/'
    std::string_view name;
    Element type;
    Shape shape;
    Values values = Values::any;
    Presence presence = Presence::always;
    std::string_view of{}; // the dimension an index or day rule refers to
    // The minor version of the current major that added it: a file of an older minor need
    // not hold it (a reader treats it as absent), one of this minor or newer must.
    std::uint8_t since_minor = 0;

    std::string path() const { return std::string(group).append("/").append(name); }
    // As messages name it: /group/name.
    std::string where() const { return std::string("/").append(path()); }
    // A series with a row per day: stored chunked along days and compressed.
    constexpr bool daily() const { return shape.rank > 0 && shape.symbols[0] == "D"; }
};

using enum Element;
using V = Values;

namespace scenario {
inline constexpr std::string_view group = "scenario";
inline constexpr std::string_view name = "name"; // attributes
inline constexpr std::string_view description = "description";
inline constexpr std::string_view source_file = "source_file";
inline constexpr std::string_view base_file = "base_file";
inline constexpr std::string_view first_dose_allocation = "first_dose_allocation";
inline constexpr std::string_view second_dose_reserve = "second_dose_reserve";
inline constexpr std::string_view second_dose_reserve_share = "second_dose_reserve_share";
inline constexpr DatasetSpec text{group, "text", string, {}};
inline constexpr DatasetSpec base_text{group, "base_text", string, {}};
inline constexpr DatasetSpec overrides{group, "overrides", string, {"n"}};
inline constexpr DatasetSpec effective{group, "effective", string, {}};
} // namespace scenario

namespace calendar {
inline constexpr std::string_view group = "calendar";
inline constexpr DatasetSpec date{group, "date", string, {"D"}, V::date};
inline constexpr DatasetSpec quarter{group, "quarter", string, {"D"}};
inline constexpr DatasetSpec month{group, "month", string, {"D"}};
inline constexpr DatasetSpec weekday{group, "weekday", int32, {"D"}, V::weekday};
} // namespace calendar

namespace bands {
inline constexpr std::string_view group = "bands";
inline constexpr DatasetSpec id{group, "id", string, {"B"}};
inline constexpr DatasetSpec min_age{group, "min_age", int64, {"B"}, V::count};
inline constexpr DatasetSpec max_age{group, "max_age", int64, {"B"}, V::count};
inline constexpr DatasetSpec count{group, "count", int64, {"B"}, V::count};
} // namespace bands

namespace groups {
inline constexpr std::string_view group = "groups";
inline constexpr DatasetSpec id{group, "id", string, {"G"}};
inline constexpr DatasetSpec label{group, "label", string, {"G"}};
inline constexpr DatasetSpec tier{group, "tier", string, {"G"}};
inline constexpr DatasetSpec size{group, "size", int64, {"G"}, V::count};
inline constexpr DatasetSpec uptake{group, "uptake", float64, {"G"}, V::share};
inline constexpr DatasetSpec willing{group, "willing", int64, {"G"}, V::count};
inline constexpr DatasetSpec priority{group, "priority", int64, {"G"}, V::signed_count};
inline constexpr DatasetSpec opens{group, "opens", string, {"G"}, V::date};
inline constexpr DatasetSpec products{group, "products", string, {"G"}};
inline constexpr DatasetSpec bands{group, "bands", string, {"G"}};
inline constexpr DatasetSpec plan_quarter{group, "plan_quarter", string, {"G"}};
inline constexpr DatasetSpec plan_count{group, "plan_count", int64, {"G"}, V::count};
} // namespace groups

namespace products {
inline constexpr std::string_view group = "products";
inline constexpr DatasetSpec id{group, "id", string, {"P"}};
inline constexpr DatasetSpec label{group, "label", string, {"P"}};
inline constexpr DatasetSpec doses_in_series{group, "doses_in_series", int64, {"P"}, V::series_length};
inline constexpr DatasetSpec interval_days_at_start{group, "interval_days_at_start", int64, {"P"}, V::count};
inline constexpr DatasetSpec wastage{group, "wastage", float64, {"P"}, V::share};
inline constexpr DatasetSpec second_dose_completion{
    group, "second_dose_completion", float64, {"P"}, V::share};
inline constexpr DatasetSpec supply_before_modifiers{
    group, "supply_before_modifiers", int64, {"P"}, V::count};
inline constexpr DatasetSpec supply_scale{group, "supply_scale", float64, {"P"}, V::amount};
inline constexpr DatasetSpec supply_shortfall{group, "supply_shortfall", float64, {"P"}, V::share};
inline constexpr DatasetSpec supply_delay_days{group, "supply_delay_days", int64, {"P"}, V::signed_count};
inline constexpr DatasetSpec delivered_after_end{group, "delivered_after_end", int64, {"P"}, V::count};
// People overdue for a later dose (due, not given by the day's end): the most on one day,
// the first day with that many ("" if never), and the sum over days. Since 2.1.
inline constexpr DatasetSpec overdue_peak{group, "overdue_peak", int64, {"P"}, V::count,
                                          Presence::always, {}, 1};
inline constexpr DatasetSpec overdue_peak_date{group, "overdue_peak_date", string, {"P"},
                                               V::date_in_run_or_none, Presence::always, {}, 1};
inline constexpr DatasetSpec overdue_person_days{group, "overdue_person_days", int64, {"P"},
                                                 V::count, Presence::always, {}, 1};
// Doses exports and swaps asked to send that were not in stock on their day. Since 2.2.
inline constexpr DatasetSpec exports_not_made{group, "exports_not_made", int64, {"P"}, V::count,
                                              Presence::always, {}, 2};
} // namespace products

// Kinds of site with capacity of their own (one, "all", giving every product, when the
// scenario has no `capacity.sites`); products: ids separated by spaces. Since 2.2.
namespace sites {
inline constexpr std::string_view group = "sites";
inline constexpr DatasetSpec id{group, "id", string, {"S"}, V::any, Presence::always, {}, 2};
inline constexpr DatasetSpec label{group, "label", string, {"S"}, V::any, Presence::always, {}, 2};
inline constexpr DatasetSpec kind{group, "kind", string, {"S"}, V::any, Presence::always, {}, 2};
inline constexpr DatasetSpec products{group, "products", string, {"S"}, V::any, Presence::always,
                                      {}, 2};
} // namespace sites

// The opening balance, since 2.3: the state at the end of `as_of` (the day before the
// first day; "" when the run starts from nothing) that a scenario's initial_state gives.
// Every cumulative series is it plus the days' movements: people given dose k by day t
// (/daily/first_dose_people, fully_vaccinated_people) include /initial/doses, and per
// product stock + administered + wasted + exported = /initial/stock + delivered +
// extracted + imported, day by day. replaced_deliveries: doses of deliveries dated on or
// before as_of, which the stock on hand replaces (not in /daily/deliveries).
namespace initial {
inline constexpr std::string_view group = "initial";
inline constexpr DatasetSpec as_of{group, "as_of", string, {}, V::date_or_none, Presence::always,
                                   {}, 3};
inline constexpr DatasetSpec doses{group, "doses", int64, {"G", "P", "K"}, V::count,
                                   Presence::always, {}, 3};
inline constexpr DatasetSpec stock{group, "stock", int64, {"P"}, V::count, Presence::always, {}, 3};
inline constexpr DatasetSpec replaced_deliveries{group, "replaced_deliveries", int64, {"P"},
                                                 V::count, Presence::always, {}, 3};
} // namespace initial

namespace daily {
inline constexpr std::string_view group = "daily";
inline constexpr DatasetSpec doses{group, "doses", int64, {"D", "G", "P", "K"}, V::count};
inline constexpr DatasetSpec first_dose_people{group, "first_dose_people", int64, {"D", "G"}, V::count};
inline constexpr DatasetSpec fully_vaccinated_people{
    group, "fully_vaccinated_people", int64, {"D", "G"}, V::count};
// People with at least one booster, and people up to date (a series or booster whose
// protection has not lapsed), at the end of each day. Since 2.2.
inline constexpr DatasetSpec boosted_people{group, "boosted_people", int64, {"D", "G"}, V::count,
                                            Presence::always, {}, 2};
inline constexpr DatasetSpec up_to_date_people{group, "up_to_date_people", int64, {"D", "G"},
                                               V::count, Presence::always, {}, 2};
inline constexpr DatasetSpec deliveries{group, "deliveries", int64, {"D", "P"}, V::count};
inline constexpr DatasetSpec administered{group, "administered", int64, {"D", "P"}, V::count};
inline constexpr DatasetSpec wasted{group, "wasted", int64, {"D", "P"}, V::count};
inline constexpr DatasetSpec stock{group, "stock", int64, {"D", "P"}, V::count};
// Supply as it came, since 2.2: extra doses drawn from the vials delivered (beyond the
// label), doses in by returns and swaps, doses out by exports and swaps.
inline constexpr DatasetSpec extracted{group, "extracted", int64, {"D", "P"}, V::count,
                                       Presence::always, {}, 2};
inline constexpr DatasetSpec imported{group, "imported", int64, {"D", "P"}, V::count,
                                      Presence::always, {}, 2};
inline constexpr DatasetSpec exported{group, "exported", int64, {"D", "P"}, V::count,
                                      Presence::always, {}, 2};
inline constexpr DatasetSpec second_doses_overdue{group, "second_doses_overdue", int64, {"D", "P"}, V::count};
inline constexpr DatasetSpec second_doses_outstanding{
    group, "second_doses_outstanding", int64, {"D", "P"}, V::count};
// People whose booked dose passed its max_days that day (products with after_max: drop_out).
inline constexpr DatasetSpec dropped_out{group, "dropped_out", int64, {"D", "P"}, V::count,
                                         Presence::always, {}, 2};
inline constexpr DatasetSpec target_value{group, "target_value", int64, {"D", "T"}, V::count};
inline constexpr DatasetSpec capacity{group, "capacity", int64, {"D"}, V::count};
inline constexpr DatasetSpec capacity_used{group, "capacity_used", int64, {"D"}, V::count};
inline constexpr DatasetSpec binding_constraint{group, "binding_constraint", int8, {"D"}, V::constraint_code};
inline constexpr DatasetSpec binding_product{group, "binding_product", int32, {"D"}, V::index_or_none, Presence::always, "P"};
// Per site, since 2.2: the day's capacity and the doses given there; with `capacity`, the
// site whose capacity stopped the day (-1: all sites were full, or another constraint).
inline constexpr DatasetSpec site_capacity{group, "site_capacity", int64, {"D", "S"}, V::count,
                                           Presence::always, {}, 2};
inline constexpr DatasetSpec site_capacity_used{group, "site_capacity_used", int64, {"D", "S"},
                                                V::count, Presence::always, {}, 2};
inline constexpr DatasetSpec binding_site{group, "binding_site", int32, {"D"}, V::index_or_none,
                                          Presence::always, "S", 2};
inline constexpr std::string_view codes = "codes"; // attribute of binding_constraint
} // namespace daily

// Why a group slipped, since 2.4: per day and group, what held the group at the day's end
// (a code of models/constraint.hpp: no_group_open while the group is not open, none or
// awaiting_arrivals when nobody of it waits, else what stopped it) and the product that
// code names (-1 when none).
namespace group_binding {
inline constexpr DatasetSpec constraint{"daily", "group_binding_constraint", int8, {"D", "G"},
                                        V::constraint_code, Presence::always, {}, 4};
inline constexpr DatasetSpec product{"daily", "group_binding_product", int32, {"D", "G"},
                                     V::index_or_none, Presence::always, "P", 4};
} // namespace group_binding

// /places: a run with places (districts). The city's datasets elsewhere in the file are
// the places' added up; these are each place's own.
namespace places {
inline constexpr std::string_view group = "places";
constexpr DatasetSpec place_set(std::string_view name, Element type, Shape shape, Values values,
                                std::string_view of = {}) {
    return {group, name, type, shape, values, Presence::places, of, 5};
}
inline constexpr DatasetSpec id = place_set("id", string, {"A"}, V::any);
inline constexpr DatasetSpec label = place_set("label", string, {"A"}, V::any);
inline constexpr DatasetSpec people = place_set("people", int64, {"A", "B"}, V::count);
inline constexpr DatasetSpec rule = place_set("rule", string, {}, V::any);
inline constexpr DatasetSpec transfer_lag_days = place_set("transfer_lag_days", int64, {}, V::count);
inline constexpr DatasetSpec deliveries = place_set("deliveries", int64, {"D", "A", "P"}, V::count);
inline constexpr DatasetSpec administered = place_set("administered", int64, {"D", "A", "P"}, V::count);
inline constexpr DatasetSpec stock = place_set("stock", int64, {"D", "A", "P"}, V::count);
// Since 2.6: doses moved into and out of each place's stock by rebalancing (zeros without).
inline constexpr DatasetSpec moved_in{group, "moved_in", int64, {"D", "A", "P"}, V::count, Presence::places, {}, 6};
inline constexpr DatasetSpec moved_out{group, "moved_out", int64, {"D", "A", "P"}, V::count, Presence::places, {}, 6};
inline constexpr DatasetSpec rebalance_every_days{group, "rebalance_every_days", int64, {}, V::count, Presence::places, {}, 6};
inline constexpr DatasetSpec capacity = place_set("capacity", int64, {"D", "A"}, V::count);
inline constexpr DatasetSpec capacity_used = place_set("capacity_used", int64, {"D", "A"}, V::count);
inline constexpr DatasetSpec first_dose_people =
    place_set("first_dose_people", int64, {"D", "A", "G"}, V::count);
inline constexpr DatasetSpec fully_vaccinated_people =
    place_set("fully_vaccinated_people", int64, {"D", "A", "G"}, V::count);
inline constexpr DatasetSpec up_to_date_people =
    place_set("up_to_date_people", int64, {"D", "A", "G"}, V::count);
inline constexpr DatasetSpec binding_constraint =
    place_set("binding_constraint", int8, {"D", "A"}, V::constraint_code);
inline constexpr DatasetSpec group_binding_constraint =
    place_set("group_binding_constraint", int8, {"D", "A", "G"}, V::constraint_code);
inline constexpr DatasetSpec target_value = place_set("target_value", int64, {"D", "A", "T"}, V::count);
inline constexpr DatasetSpec target_population =
    place_set("target_population", int64, {"A", "T"}, V::count);
inline constexpr DatasetSpec target_threshold = place_set("target_threshold", int64, {"A", "T"}, V::count);
inline constexpr DatasetSpec target_met = place_set("target_met", int64, {"A", "T"}, V::flag);
inline constexpr DatasetSpec target_first_reached =
    place_set("target_first_reached", string, {"A", "T"}, V::date_in_run_or_none);
inline constexpr DatasetSpec equity_range = place_set("equity_range", float64, {"D", "T"}, V::share);
inline constexpr DatasetSpec equity_ratio = place_set("equity_ratio", float64, {"D", "T"}, V::share);
inline constexpr DatasetSpec equity_gini = place_set("equity_gini", float64, {"D", "T"}, V::share);
// Since 2.10: each place's quarterly plan check, the rows of /plan_check (L): the people
// its plan counts (the group's count split as its people are), given a first dose within
// the quarter, and whether that met it.
inline constexpr DatasetSpec plan_planned{group, "plan_planned", int64, {"A", "L"}, V::count, Presence::places, {}, 10};
inline constexpr DatasetSpec plan_started_in_quarter{group, "plan_started_in_quarter", int64, {"A", "L"}, V::count, Presence::places, {}, 10};
inline constexpr DatasetSpec plan_met{group, "plan_met", int64, {"A", "L"}, V::flag, Presence::places, {}, 10};
} // namespace places

// /monthly and /quarterly hold the same datasets, one row per period.
struct PeriodDatasets {
    std::string_view group;
    DatasetSpec label, first_day, last_day, first_doses, second_doses, first_dose_people,
        fully_vaccinated_people, deliveries, administered, wasted, capacity, capacity_used;
};
constexpr PeriodDatasets period_datasets(std::string_view group, std::string_view rows) {
    return {group,
            {group, "label", string, {rows}},
            {group, "first_day", string, {rows}, V::date_in_run},
            {group, "last_day", string, {rows}, V::date_in_run},
            {group, "first_doses", int64, {rows, "G"}, V::count},
            {group, "second_doses", int64, {rows, "G"}, V::count},
            {group, "first_dose_people", int64, {rows, "G"}, V::count},
            {group, "fully_vaccinated_people", int64, {rows, "G"}, V::count},
            {group, "deliveries", int64, {rows, "P"}, V::count},
            {group, "administered", int64, {rows, "P"}, V::count},
            {group, "wasted", int64, {rows, "P"}, V::count},
            {group, "capacity", int64, {rows}, V::count},
            {group, "capacity_used", int64, {rows}, V::count}};
}
inline constexpr PeriodDatasets monthly = period_datasets("monthly", "M");
inline constexpr PeriodDatasets quarterly = period_datasets("quarterly", "Q");

namespace plan_check {
inline constexpr std::string_view group = "plan_check";
inline constexpr DatasetSpec group_id{group, "group", string, {"L"}};
inline constexpr DatasetSpec quarter{group, "quarter", string, {"L"}};
inline constexpr DatasetSpec planned{group, "planned", int64, {"L"}, V::count};
inline constexpr DatasetSpec started_in_quarter{group, "started_in_quarter", int64, {"L"}, V::count};
inline constexpr DatasetSpec met{group, "met", int64, {"L"}, V::flag};
inline constexpr DatasetSpec quarter_in_run{group, "quarter_in_run", int64, {"L"}, V::flag};
} // namespace plan_check

namespace targets {
inline constexpr std::string_view group = "targets";
inline constexpr DatasetSpec id{group, "id", string, {"T"}};
inline constexpr DatasetSpec label{group, "label", string, {"T"}};
inline constexpr DatasetSpec measure{group, "measure", string, {"T"}};
inline constexpr DatasetSpec population{group, "population", string, {"T"}};
inline constexpr DatasetSpec population_count{group, "population_count", int64, {"T"}, V::count};
inline constexpr DatasetSpec share{group, "share", float64, {"T"}, V::share_or_unset};
inline constexpr DatasetSpec threshold{group, "threshold", int64, {"T"}, V::count};
inline constexpr DatasetSpec deadline{group, "deadline", string, {"T"}, V::date_in_run};
inline constexpr DatasetSpec since{group, "since", string, {"T"}, V::date_or_none};
inline constexpr DatasetSpec value_at_deadline{group, "value_at_deadline", int64, {"T"}, V::count};
inline constexpr DatasetSpec met{group, "met", int64, {"T"}, V::flag};
inline constexpr DatasetSpec margin{group, "margin", int64, {"T"}, V::signed_count};
inline constexpr DatasetSpec first_reached{group, "first_reached", string, {"T"}, V::date_in_run_or_none};
} // namespace targets

namespace epidemic {
inline constexpr std::string_view group = "epidemic";
inline constexpr std::string_view r0 = "r0"; // attributes
inline constexpr std::string_view beta = "beta";
inline constexpr std::string_view latent_days = "latent_days";
inline constexpr std::string_view infectious_days = "infectious_days";
inline constexpr std::string_view substeps = "substeps";
inline constexpr std::string_view severity_source = "severity_source";
inline constexpr std::string_view total_infections = "total_infections";
inline constexpr std::string_view total_hospitalisations = "total_hospitalisations";
inline constexpr std::string_view total_deaths = "total_deaths";
inline constexpr std::string_view infections_averted = "infections_averted";
inline constexpr std::string_view hospitalisations_averted = "hospitalisations_averted";
inline constexpr std::string_view deaths_averted = "deaths_averted";
inline constexpr std::string_view smallest_compartment = "smallest_compartment"; // since 2.6
// Since 2.9: 1 when the epidemic ran in whole people with random events (0: expected
// numbers), and the future whose streams it drew from (int64 each).
inline constexpr std::string_view stochastic = "stochastic";
inline constexpr std::string_view future = "future";
inline constexpr std::int64_t stochastic_since_minor = 9;
inline constexpr std::uint8_t since = 6;
inline constexpr DatasetSpec band{group, "band", string, {"E"}, V::any, Presence::epidemic};
// Since 2.8: each band's youngest age (the bands run from 0, the last open).
inline constexpr DatasetSpec band_min_age{group, "band_min_age", int64, {"E"}, V::count,
                                          Presence::epidemic, {}, 8};
inline constexpr DatasetSpec population{group, "population", float64, {"E"}, V::positive_amount,
                                          Presence::epidemic};
// Each dose k + 1 of each product's series (zeros above it: boosters are not modelled):
// given in the rollout, and of those, the people moved into its stratum and the doses
// given too late for protection to begin by the end.
inline constexpr DatasetSpec doses_given{group, "doses_given", float64, {"P", "K"}, V::amount,
                                         Presence::epidemic, {}, since};
inline constexpr DatasetSpec doses_moved{group, "doses_moved", float64, {"P", "K"}, V::amount,
                                         Presence::epidemic, {}, since};
inline constexpr DatasetSpec doses_after_end{group, "doses_after_end", float64, {"P", "K"},
                                             V::amount, Presence::epidemic, {}, since};
} // namespace epidemic

// The expected series of one epidemic run: with this rollout in /epidemic, without any
// vaccination in /epidemic/counterfactual (with the same total_* attributes).
struct EpidemicSeriesDatasets {
    std::string_view group;
    DatasetSpec infections, hospitalisations, deaths;
    DatasetSpec people; // since 2.6: everyone in the band that day, over all strata
};
constexpr EpidemicSeriesDatasets epidemic_series(std::string_view group, Presence presence) {
    return {group,
            {group, "infections", float64, {"D", "E"}, V::amount, presence},
            {group, "hospitalisations", float64, {"D", "E"}, V::amount, presence},
            {group, "deaths", float64, {"D", "E"}, V::amount, presence},
            {group, "people", float64, {"D", "E"}, V::amount, presence, {}, epidemic::since}};
}
inline constexpr EpidemicSeriesDatasets vaccinated =
    epidemic_series("epidemic", Presence::epidemic);
inline constexpr EpidemicSeriesDatasets counterfactual =
    epidemic_series("epidemic/counterfactual", Presence::counterfactual);

// Since 2.7, when the epidemic has a hospital section (models/hospital_load.hpp): the
// beds, in /epidemic/hospital (attribute `source`), and each run's load, with this
// rollout in /epidemic/hospital, without vaccination in /epidemic/counterfactual/hospital.
namespace hospital {
inline constexpr std::string_view group = "epidemic/hospital";
inline constexpr std::string_view source = "source"; // attribute
inline constexpr std::uint8_t since = 7;
inline constexpr DatasetSpec beds{group, "beds", int64, {}, V::count, Presence::hospital, {}, since};
inline constexpr DatasetSpec icu_beds{group, "icu_beds", int64, {}, V::count, Presence::hospital,
                                      {}, since};
inline constexpr DatasetSpec icu_share{group, "icu_share", float64, {"E"}, V::share,
                                       Presence::hospital, {}, since};
} // namespace hospital
struct HospitalLoadDatasets {
    std::string_view group;
    DatasetSpec admissions;                  // [D, E] by day of admission
    DatasetSpec deaths_by_date;              // [D, E] by day of death
    DatasetSpec admissions_after_end, deaths_after_end; // [E]: would fall after the last day
    DatasetSpec ward_occupancy, icu_occupancy;          // [D]: people in bed
    DatasetSpec days_over_beds, days_over_icu_beds;     // scalars: days above the beds
};
constexpr HospitalLoadDatasets hospital_load(std::string_view group, Presence presence) {
    constexpr auto s = hospital::since;
    return {group,
            {group, "admissions", float64, {"D", "E"}, V::amount, presence, {}, s},
            {group, "deaths_by_date", float64, {"D", "E"}, V::amount, presence, {}, s},
            {group, "admissions_after_end", float64, {"E"}, V::amount, presence, {}, s},
            {group, "deaths_after_end", float64, {"E"}, V::amount, presence, {}, s},
            {group, "ward_occupancy", float64, {"D"}, V::amount, presence, {}, s},
            {group, "icu_occupancy", float64, {"D"}, V::amount, presence, {}, s},
            {group, "days_over_beds", int64, {}, V::count, presence, {}, s},
            {group, "days_over_icu_beds", int64, {}, V::count, presence, {}, s}};
}
inline constexpr HospitalLoadDatasets vaccinated_load =
    hospital_load("epidemic/hospital", Presence::hospital);
inline constexpr HospitalLoadDatasets counterfactual_load =
    hospital_load("epidemic/counterfactual/hospital", Presence::hospital_counterfactual);

// The record of `vaxsim solve` (since 2.4, only in a file it wrote: the run at its answer).
// Dimension symbols: X values evaluated (in the order evaluated), Y targets solved for.
// Values are written as the --set path takes them (a number, or a date YYYY-MM-DD).
namespace solve {
inline constexpr std::string_view group = "solve";
constexpr DatasetSpec scalar(std::string_view name, Element type, Values values = V::any) {
    return {group, name, type, {}, values, Presence::optional, {}, 4};
}
inline constexpr DatasetSpec path = scalar("path", string);         // as given to --vary
inline constexpr DatasetSpec display_name = scalar("display_name", string);
inline constexpr DatasetSpec kind = scalar("kind", string);         // count, date, share, ...
inline constexpr DatasetSpec direction = scalar("direction", string); // smallest or latest
inline constexpr DatasetSpec range_from = scalar("range_from", string);
inline constexpr DatasetSpec range_to = scalar("range_to", string);
inline constexpr DatasetSpec step = scalar("step", string);
// solved, met_everywhere, met_nowhere or not_monotone (then answer and bracket are empty)
inline constexpr DatasetSpec status = scalar("status", string);
inline constexpr DatasetSpec answer = scalar("answer", string);
inline constexpr DatasetSpec last_failing = scalar("last_failing", string); // or empty
inline constexpr DatasetSpec futures = scalar("futures", int64, V::count); // 0: deterministic
inline constexpr DatasetSpec p = scalar("p", float64, V::share); // P(met) asked for
inline constexpr DatasetSpec future = scalar("future", int64, V::count); // the run in this file
inline constexpr DatasetSpec targets{group, "targets", string, {"Y"}, V::any, Presence::optional,
                                     {}, 4};
inline constexpr DatasetSpec value{group, "value", string, {"X"}, V::any, Presence::optional,
                                   {}, 4};
inline constexpr DatasetSpec met{group, "met", int64, {"X"}, V::count, Presence::optional, {}, 4};
inline constexpr DatasetSpec runs{group, "runs", int64, {"X"}, V::count, Presence::optional, {},
                                  4};
} // namespace solve

// The record of `vaxsim optimize` (since 2.7, only in a file it wrote: the run at its
// optimum). Dimension symbols: Z what was searched over (groups reordered, or paths with
// their ranges), U allocations shown (the plan, the optimum, each scenario compared), W
// futures (1 when deterministic).
namespace optimize {
inline constexpr std::string_view group = "optimize";
constexpr DatasetSpec scalar(std::string_view name, Element type, Values values = V::any) {
    return {group, name, type, {}, values, Presence::optional, {}, 7};
}
inline constexpr DatasetSpec search = scalar("search", string);       // order or values
inline constexpr DatasetSpec objective = scalar("objective", string); // deaths, yll, ...
inline constexpr DatasetSpec target = scalar("target", string);       // time-to-target's id
inline constexpr DatasetSpec unit = scalar("unit", string);
inline constexpr DatasetSpec risk = scalar("risk", string); // mean or worst-decile
inline constexpr DatasetSpec method = scalar("method", string);
inline constexpr DatasetSpec exhaustive = scalar("exhaustive", int64, V::flag);
inline constexpr DatasetSpec evaluations = scalar("evaluations", int64, V::count);
inline constexpr DatasetSpec runs = scalar("runs", int64, V::count);
inline constexpr DatasetSpec budget = scalar("budget", int64, V::count);
inline constexpr DatasetSpec refused = scalar("refused", int64, V::count); // values skipped
inline constexpr DatasetSpec futures = scalar("futures", int64, V::count);
inline constexpr DatasetSpec future = scalar("future", int64, V::count);
inline constexpr DatasetSpec varied{group, "varied", string, {"Z"}, V::any, Presence::optional,
                                    {}, 7};
inline constexpr DatasetSpec name{group, "name", string, {"U"}, V::any, Presence::optional, {}, 7};
inline constexpr DatasetSpec settings{group, "settings", string, {"U"}, V::any,
                                      Presence::optional, {}, 7};
inline constexpr DatasetSpec order{group, "order", string, {"U"}, V::any, Presence::optional, {}, 7};
inline constexpr DatasetSpec value{group, "value", float64, {"U"}, V::amount, Presence::optional,
                                   {}, 7};
inline constexpr DatasetSpec per_future{group, "per_future", float64, {"U", "W"}, V::amount,
                                        Presence::optional, {}, 7};
// --shares (2.9): each period's first day, and the start's and the optimum's shares of first
// doses, [period][group of `varied`].
inline constexpr DatasetSpec period_from{group, "period_from", string, {"H"}, V::date,
                                         Presence::optional, {}, 9};
inline constexpr DatasetSpec start_shares{group, "start_shares", float64, {"H", "Z"}, V::share,
                                          Presence::optional, {}, 9};
inline constexpr DatasetSpec optimum_shares{group, "optimum_shares", float64, {"H", "Z"}, V::share,
                                            Presence::optional, {}, 9};
} // namespace optimize

// Every dataset of a run file, in the order that fixes the dimensions.
inline constexpr std::array run_datasets{
    &calendar::date,
    &calendar::quarter,
    &calendar::month,
    &calendar::weekday,
    &scenario::text,
    &scenario::base_text,
    &scenario::overrides,
    &scenario::effective,
    &bands::id,
    &bands::min_age,
    &bands::max_age,
    &bands::count,
    &groups::id,
    &groups::label,
    &groups::tier,
    &groups::size,
    &groups::uptake,
    &groups::willing,
    &groups::priority,
    &groups::opens,
    &groups::products,
    &groups::bands,
    &groups::plan_quarter,
    &groups::plan_count,
    &products::id,
    &products::label,
    &products::doses_in_series,
    &products::interval_days_at_start,
    &products::wastage,
    &products::second_dose_completion,
    &products::supply_before_modifiers,
    &products::supply_scale,
    &products::supply_shortfall,
    &products::supply_delay_days,
    &products::delivered_after_end,
    &products::overdue_peak,
    &products::overdue_peak_date,
    &products::overdue_person_days,
    &products::exports_not_made,
    &sites::id,
    &sites::label,
    &sites::kind,
    &sites::products,
    &targets::id,
    &targets::label,
    &targets::measure,
    &targets::population,
    &targets::population_count,
    &targets::share,
    &targets::threshold,
    &targets::deadline,
    &targets::since,
    &targets::value_at_deadline,
    &targets::met,
    &targets::margin,
    &targets::first_reached,
    &daily::doses,
    &daily::first_dose_people,
    &daily::fully_vaccinated_people,
    &daily::boosted_people,
    &daily::up_to_date_people,
    &daily::deliveries,
    &daily::administered,
    &daily::wasted,
    &daily::stock,
    &daily::extracted,
    &daily::imported,
    &daily::exported,
    &daily::second_doses_overdue,
    &daily::second_doses_outstanding,
    &daily::dropped_out,
    &daily::target_value,
    &daily::capacity,
    &daily::capacity_used,
    &daily::binding_constraint,
    &daily::binding_product,
    &daily::site_capacity,
    &daily::site_capacity_used,
    &daily::binding_site,
    &group_binding::constraint,
    &group_binding::product,
    &monthly.label,
    &monthly.first_day,
    &monthly.last_day,
    &monthly.first_doses,
    &monthly.second_doses,
    &monthly.first_dose_people,
    &monthly.fully_vaccinated_people,
    &monthly.deliveries,
    &monthly.administered,
    &monthly.wasted,
    &monthly.capacity,
    &monthly.capacity_used,
    &quarterly.label,
    &quarterly.first_day,
    &quarterly.last_day,
    &quarterly.first_doses,
    &quarterly.second_doses,
    &quarterly.first_dose_people,
    &quarterly.fully_vaccinated_people,
    &quarterly.deliveries,
    &quarterly.administered,
    &quarterly.wasted,
    &quarterly.capacity,
    &quarterly.capacity_used,
    &plan_check::group_id,
    &plan_check::quarter,
    &plan_check::planned,
    &plan_check::started_in_quarter,
    &plan_check::met,
    &plan_check::quarter_in_run,
    // After /daily, so that /daily/doses fixes K.
    &initial::as_of,
    &initial::doses,
    &initial::stock,
    &initial::replaced_deliveries,
    &epidemic::band,
    &epidemic::band_min_age,
    &epidemic::population,
    &vaccinated.infections,
    &vaccinated.hospitalisations,
    &vaccinated.deaths,
    &vaccinated.people,
    &epidemic::doses_given,
    &epidemic::doses_moved,
    &epidemic::doses_after_end,
    &counterfactual.infections,
    &counterfactual.hospitalisations,
    &counterfactual.deaths,
    &counterfactual.people,
    &hospital::beds,
    &hospital::icu_beds,
    &hospital::icu_share,
    &vaccinated_load.admissions,
    &vaccinated_load.deaths_by_date,
    &vaccinated_load.admissions_after_end,
    &vaccinated_load.deaths_after_end,
    &vaccinated_load.ward_occupancy,
    &vaccinated_load.icu_occupancy,
    &vaccinated_load.days_over_beds,
    &vaccinated_load.days_over_icu_beds,
    &counterfactual_load.admissions,
    &counterfactual_load.deaths_by_date,
    &counterfactual_load.admissions_after_end,
    &counterfactual_load.deaths_after_end,
    &counterfactual_load.ward_occupancy,
    &counterfactual_load.icu_occupancy,
    &counterfactual_load.days_over_beds,
    &counterfactual_load.days_over_icu_beds,
    &solve::path,
    &solve::display_name,
    &solve::kind,
    &solve::direction,
    &solve::range_from,
    &solve::range_to,
    &solve::step,
    &solve::status,
    &solve::answer,
    &solve::last_failing,
    &solve::futures,
    &solve::p,
    &solve::future,
    &solve::targets,
    &solve::value,
    &solve::met,
    &solve::runs,
    &optimize::search,
    &optimize::objective,
    &optimize::target,
    &optimize::unit,
    &optimize::risk,
    &optimize::method,
    &optimize::exhaustive,
    &optimize::evaluations,
    &optimize::runs,
    &optimize::budget,
    &optimize::refused,
    &optimize::futures,
    &optimize::future,
    &optimize::varied,
    &optimize::name,
    &optimize::settings,
    &optimize::order,
    &optimize::value,
    &optimize::per_future,
    &optimize::period_from,
    &optimize::start_shares,
    &optimize::optimum_shares,
    &places::id,
    &places::label,
    &places::people,
    &places::rule,
    &places::transfer_lag_days,
    &places::deliveries,
    &places::administered,
    &places::stock,
    &places::moved_in,
    &places::moved_out,
    &places::rebalance_every_days,
    &places::capacity,
    &places::capacity_used,
    &places::first_dose_people,
    &places::fully_vaccinated_people,
    &places::up_to_date_people,
    &places::binding_constraint,
    &places::group_binding_constraint,
    &places::target_value,
    &places::target_population,
    &places::target_threshold,
    &places::target_met,
    &places::target_first_reached,
    &places::equity_range,
    &places::equity_ratio,
    &places::equity_gini,
    &places::plan_planned,
    &places::plan_started_in_quarter,
    &places::plan_met,
};

// Sweep files (results/LAYOUT.md, "Sweep files"). Dimension symbols: R runs, N points
// (grid points x samples), n varied parameters, T targets, L groups with a quarterly plan,
// Q quarters, G grid points, m parameters ranked by effect, k kept runs, C constraint
// codes (fixed: models/constraint.hpp), V quantile levels (fixed: 5), D days (since 1.4:
// /coverage). R, G and N also
// follow from the /sweep attributes, which must agree.
namespace sweep {
inline constexpr std::size_t quantile_levels = 5;
namespace sweep_group {
inline constexpr std::string_view group = "sweep";
inline constexpr std::string_view name = "name"; // attributes
inline constexpr std::string_view source_file = "source_file";
inline constexpr std::string_view base_file = "base_file";
inline constexpr std::string_view sampling = "sampling";
inline constexpr std::string_view start = "start";
inline constexpr std::string_view runs = "runs";
inline constexpr std::string_view grid_points = "grid_points";
inline constexpr std::string_view samples = "samples";
inline constexpr std::string_view replicates = "replicates";
inline constexpr DatasetSpec text{group, "text", string, {}};
inline constexpr DatasetSpec base_text{group, "base_text", string, {}};
inline constexpr DatasetSpec base_effective{group, "base_effective", string, {}};
} // namespace sweep_group
namespace parameters {
inline constexpr std::string_view group = "parameters";
inline constexpr DatasetSpec path{group, "path", string, {"n"}};
inline constexpr DatasetSpec kind{group, "kind", string, {"n"}};
inline constexpr DatasetSpec description{group, "description", string, {"n"}};
inline constexpr DatasetSpec point_value{group, "point_value", float64, {"N", "n"}};
// Only when some value is a word.
inline constexpr DatasetSpec point_text{group, "point_text", string, {"N", "n"}, V::any,
                                        Presence::optional};
// Since 1.5: each parameter as people read it, naming what its path addresses ("capacity
// period q3 (from 2021-07-01) doses/day"); the path itself where there is nothing more to say.
inline constexpr DatasetSpec display_name{group, "display_name", string, {"n"}, V::any,
                                          Presence::always, {}, 5};
} // namespace parameters
namespace runs {
inline constexpr std::string_view group = "runs";
inline constexpr DatasetSpec grid_point{group, "grid_point", int64, {"R"}, V::index,
                                        Presence::always, "G"};
inline constexpr DatasetSpec sample{group, "sample", int64, {"R"}, V::count};
inline constexpr DatasetSpec replicate{group, "replicate", int64, {"R"}, V::count};
inline constexpr DatasetSpec future{group, "future", int64, {"R"}, V::count};
// A table of int64 records, one per run: its fields are `record_fields` below.
inline constexpr std::string_view outcomes = "outcomes";
inline constexpr DatasetSpec constraint_codes{group, "constraint_codes", string, {"C"}};
inline constexpr DatasetSpec quarter_label{group, "quarter_label", string, {"Q"}};
inline constexpr DatasetSpec plan_group{group, "plan_group", string, {"L"}};
} // namespace runs
// Fields of /runs/outcomes (declared for the writer in results/sweep_record.hpp).
namespace outcome {
inline constexpr std::string_view target_met = "target_met";
inline constexpr std::string_view target_first_reached_day = "target_first_reached_day";
inline constexpr std::string_view target_value_at_deadline = "target_value_at_deadline";
inline constexpr std::string_view target_margin = "target_margin";
inline constexpr std::string_view plan_started_in_quarter = "plan_started_in_quarter";
inline constexpr std::string_view quarter_first_dose_people = "quarter_first_dose_people";
inline constexpr std::string_view quarter_fully_vaccinated_people =
    "quarter_fully_vaccinated_people";
inline constexpr std::string_view wasted = "wasted";
inline constexpr std::string_view capacity_used = "capacity_used";
inline constexpr std::string_view constraint_days = "constraint_days";
// constraint_days has a column per code of models/constraint.hpp; files before 1.2 lack
// no_group_open, files before 1.3 awaiting_arrivals (constraint_codes_in_sweep).
inline constexpr std::int64_t no_group_open_since_minor = 2;
inline constexpr std::int64_t awaiting_arrivals_since_minor = 3;
inline constexpr std::string_view overdue_peak = "overdue_peak";
inline constexpr std::string_view overdue_person_days = "overdue_person_days";
inline constexpr std::string_view epidemic_infections = "epidemic_infections";
inline constexpr std::string_view epidemic_deaths = "epidemic_deaths";
inline constexpr std::string_view epidemic_deaths_averted = "epidemic_deaths_averted";
// Since 1.4: people of the coverage population (/coverage) with a first dose and fully
// vaccinated, on each day of the run.
inline constexpr std::string_view daily_first_dose_people = "daily_first_dose_people";
inline constexpr std::string_view daily_fully_vaccinated_people = "daily_fully_vaccinated_people";
inline constexpr std::int64_t daily_coverage_since_minor = 4;
// Since 1.7, in a sweep of a scenario with places: how many places met each target.
inline constexpr std::string_view places_met = "places_met";
inline constexpr std::int64_t places_met_since_minor = 7;
} // namespace outcome
// A field of the record: int64, as many per run as the extent of `width` (none: one). A
// field 0 wide is left out of the record, a field 1 wide is a scalar member, a wider one
// an array member. The epidemic fields are there together or not at all; a places field
// only in a sweep of a scenario with places.
struct RecordFieldSpec {
    std::string_view name;
    std::string_view width; // a dimension symbol, or empty for one value
    Values values;
    bool epidemic = false;
    std::string_view of{};
    std::int64_t since_minor = 0; // a file of an older minor lacks it
    bool places = false;
};
// first_reached_day counts days from the run's start; a run lasts at most 92 days a
// quarter it touches ("Q92" below: 92 x Q). A sweep file has no table of products: "P",
// the products, is the width of its overdue_peak field (a scenario has one at least).
inline constexpr std::array record_fields{
    RecordFieldSpec{outcome::target_met, "T", V::flag},
    RecordFieldSpec{outcome::target_first_reached_day, "T", V::day_or_never, false, "Q92"},
    RecordFieldSpec{outcome::target_value_at_deadline, "T", V::count},
    RecordFieldSpec{outcome::target_margin, "T", V::signed_count},
    RecordFieldSpec{outcome::plan_started_in_quarter, "L", V::count},
    RecordFieldSpec{outcome::quarter_first_dose_people, "Q", V::count},
    RecordFieldSpec{outcome::quarter_fully_vaccinated_people, "Q", V::count},
    RecordFieldSpec{outcome::wasted, "", V::count},
    RecordFieldSpec{outcome::capacity_used, "", V::count},
    RecordFieldSpec{outcome::constraint_days, "C", V::count},
    RecordFieldSpec{outcome::overdue_peak, "P", V::count, false, {}, 2},
    RecordFieldSpec{outcome::overdue_person_days, "P", V::count, false, {}, 2},
    RecordFieldSpec{outcome::epidemic_infections, "", V::count, true},
    RecordFieldSpec{outcome::epidemic_deaths, "", V::count, true},
    RecordFieldSpec{outcome::epidemic_deaths_averted, "", V::signed_count, true},
    RecordFieldSpec{outcome::daily_first_dose_people, "D", V::count, false, {},
                    outcome::daily_coverage_since_minor},
    RecordFieldSpec{outcome::daily_fully_vaccinated_people, "D", V::count, false, {},
                    outcome::daily_coverage_since_minor},
    RecordFieldSpec{outcome::places_met, "T", V::count, false, {}, outcome::places_met_since_minor, true},
};
namespace targets {
inline constexpr std::string_view group = "targets";
inline constexpr DatasetSpec id{group, "id", string, {"T"}};
inline constexpr DatasetSpec label{group, "label", string, {"T"}};
inline constexpr DatasetSpec measure{group, "measure", string, {"T"}};
inline constexpr DatasetSpec deadline{group, "deadline", string, {"T"}, V::date};
inline constexpr DatasetSpec threshold{group, "threshold", int64, {"T"}, V::count};
} // namespace targets
// /summary ([T] each) and /summary/by_grid_point ([G, T] each, and a label per point).
struct OddsDatasets {
    std::string_view group;
    DatasetSpec runs, runs_met, runs_reached, p_met, p_met_low, p_met_high, quantile_level,
        first_reached_quantile;
};
constexpr OddsDatasets odds_datasets(std::string_view group, Shape per_target,
                                     Shape per_quantile) {
    return {group,
            {group, "runs", int64, per_target, V::count},
            {group, "runs_met", int64, per_target, V::count},
            {group, "runs_reached", int64, per_target, V::count},
            {group, "p_met", float64, per_target, V::share},
            {group, "p_met_low", float64, per_target, V::share},
            {group, "p_met_high", float64, per_target, V::share},
            {group, "quantile_level", float64, {"V"}, V::share},
            {group, "first_reached_quantile", string, per_quantile, V::date_or_none}};
}
inline constexpr OddsDatasets summary = odds_datasets("summary", {"T"}, {"T", "V"});
inline constexpr OddsDatasets by_grid_point =
    odds_datasets("summary/by_grid_point", {"G", "T"}, {"G", "T", "V"});
inline constexpr DatasetSpec grid_label{"summary/by_grid_point", "label", string, {"G"}};
namespace sensitivity {
inline constexpr std::string_view group = "sensitivity";
inline constexpr std::string_view target = "target"; // attribute
inline constexpr DatasetSpec parameter{group, "parameter", string, {"m"}};
inline constexpr DatasetSpec effect_days{group, "effect_days", float64, {"m"}, V::amount};
inline constexpr DatasetSpec earliest_value{group, "earliest_value", string, {"m"}};
inline constexpr DatasetSpec latest_value{group, "latest_value", string, {"m"}};
// Since 1.6: the largest effect chance alone gives in one sweep of 20 (days), or -1 when
// it cannot be told (a single run at each value of a varying scenario).
inline constexpr DatasetSpec noise_days{group, "noise_days", float64, {"m"}, V::amount_or_unset,
                                        Presence::always, {}, 6};
} // namespace sensitivity

namespace daily {
inline constexpr std::string_view group = "daily";
inline constexpr DatasetSpec runs{group, "runs", int64, {"k"}, V::index, Presence::always, "R"};
inline constexpr std::string_view run_prefix = "run_"; // a kept run's group: run_<r>
// A kept run's series are those of a run file, under the same names (format::daily).
} // namespace daily

// Since 1.4: daily coverage across runs, per grid point. D days of the run, V the levels
// of /summary/quantile_level. `population` is the head count the shares are of (the main
// target's population when it counts people with a first dose or fully vaccinated, else
// every group's), `population_label` names it. Each quantile is nearest rank over the
// grid point's runs, as /summary's dates are.
namespace coverage {
inline constexpr std::string_view group = "coverage";
inline constexpr std::uint8_t since = 4;
inline constexpr DatasetSpec population{group, "population", int64, {}, V::count,
                                        Presence::always, {}, since};
inline constexpr DatasetSpec population_label{group, "population_label", string, {},
                                              V::any, Presence::always, {}, since};
// 1 for each target that counts this population's people with a first dose or fully
// vaccinated from its first day: its threshold reads against these quantiles.
inline constexpr DatasetSpec target_on_chart{group, "target_on_chart", int64, {"T"}, V::flag,
                                             Presence::always, {}, since};
inline constexpr DatasetSpec first_dose_people{group, "first_dose_people", int64,
                                               {"G", "D", "V"}, V::count, Presence::always,
                                               {}, since};
inline constexpr DatasetSpec fully_vaccinated_people{group, "fully_vaccinated_people", int64,
                                                     {"G", "D", "V"}, V::count,
                                                     Presence::always, {}, since};
} // namespace coverage

// Every dataset of a sweep file but the /runs/outcomes records.
inline constexpr std::array datasets{
    &sweep_group::text,
    &sweep_group::base_text,
    &sweep_group::base_effective,
    &parameters::path,
    &parameters::kind,
    &parameters::description,
    &parameters::point_value,
    &parameters::point_text,
    &parameters::display_name,
    &runs::grid_point,
    &runs::sample,
    &runs::replicate,
    &runs::future,
    &runs::constraint_codes,
    &runs::quarter_label,
    &runs::plan_group,
    &targets::id,
    &targets::label,
    &targets::measure,
    &targets::deadline,
    &targets::threshold,
    &summary.runs,
    &summary.runs_met,
    &summary.runs_reached,
    &summary.p_met,
    &summary.p_met_low,
    &summary.p_met_high,
    &summary.quantile_level,
    &summary.first_reached_quantile,
    &grid_label,
    &by_grid_point.runs,
    &by_grid_point.runs_met,
    &by_grid_point.runs_reached,
    &by_grid_point.p_met,
    &by_grid_point.p_met_low,
    &by_grid_point.p_met_high,
    &by_grid_point.quantile_level,
    &by_grid_point.first_reached_quantile,
    &sensitivity::parameter,
    &sensitivity::effect_days,
    &sensitivity::earliest_value,
    &sensitivity::latest_value,
    &sensitivity::noise_days,
    &daily::runs,
    &coverage::population,
    &coverage::population_label,
    &coverage::target_on_chart,
    &coverage::first_dose_people,
    &coverage::fully_vaccinated_people,
};
} // namespace sweep

} // namespace vaxsim::format
