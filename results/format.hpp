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
// constraint code 5 (no_group_open) and the overdue target measures.
inline constexpr Version run_version{2, 1};
// 1.2 added the record fields overdue_peak and overdue_person_days (one per product) and
// a sixth constraint_days column (no_group_open).
inline constexpr Version sweep_version{1, 2};
// The sweep journal (OUT.h5.journal) is vaxsim's own binary file: its magic ends in the
// major version, and a journal of another record layout must not be resumed.
inline constexpr std::string_view sweep_journal_magic = "VXSWEEP1";
inline constexpr std::int64_t sweep_journal_record_layout = 3;
// A CSV export folder (`vaxsim export FILE.h5 --csv DIR`) holds this hidden marker,
// written last: the header line, then the name of each file in the folder, one a line.
// `--force` replaces only a folder whose marker lists every file in it.
inline constexpr std::string_view export_marker = ".vaxsim-export";
inline constexpr std::string_view export_marker_header = "vaxsim-export 1";
// An output is written to `.NAME.vaxsim-tmp.HOST.PID.RANDOM` beside it, then renamed.
inline constexpr std::string_view temporary_tag = ".vaxsim-tmp.";

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
// quarterly plan, E epidemic age bands, n overrides. Every dataset with a symbol must
// agree on its extent.
struct Shape {
    static constexpr std::size_t max_rank = 4;
    std::array<std::string_view, max_rank> symbols{};
    std::size_t rank = 0;
    constexpr Shape() = default;
    constexpr Shape(std::initializer_list<std::string_view> s) : rank(s.size()) {
        std::copy(s.begin(), s.end(), symbols.begin());
    }
};

// When a dataset is in a run file.
enum class Presence : std::uint8_t {
    always,
    epidemic,      // the scenario has an `epidemic:` section
    counterfactual // the epidemic model also ran without vaccination
};

struct DatasetSpec {
    std::string_view group; // path of its group from the root, no leading '/'
    std::string_view name;
    Element type;
    Shape shape;
    Presence presence = Presence::always;

    std::string path() const { return std::string(group).append("/").append(name); }
    // As messages name it: /group/name.
    std::string where() const { return std::string("/").append(path()); }
    // A series with a row per day: stored chunked along days and compressed.
    constexpr bool daily() const { return shape.rank > 0 && shape.symbols[0] == "D"; }
};

using enum Element;

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
inline constexpr DatasetSpec date{group, "date", string, {"D"}};
inline constexpr DatasetSpec quarter{group, "quarter", string, {"D"}};
inline constexpr DatasetSpec month{group, "month", string, {"D"}};
inline constexpr DatasetSpec weekday{group, "weekday", int32, {"D"}};
} // namespace calendar

namespace bands {
inline constexpr std::string_view group = "bands";
inline constexpr DatasetSpec id{group, "id", string, {"B"}};
inline constexpr DatasetSpec min_age{group, "min_age", int64, {"B"}};
inline constexpr DatasetSpec max_age{group, "max_age", int64, {"B"}};
inline constexpr DatasetSpec count{group, "count", int64, {"B"}};
} // namespace bands

namespace groups {
inline constexpr std::string_view group = "groups";
inline constexpr DatasetSpec id{group, "id", string, {"G"}};
inline constexpr DatasetSpec label{group, "label", string, {"G"}};
inline constexpr DatasetSpec tier{group, "tier", string, {"G"}};
inline constexpr DatasetSpec size{group, "size", int64, {"G"}};
inline constexpr DatasetSpec uptake{group, "uptake", float64, {"G"}};
inline constexpr DatasetSpec willing{group, "willing", int64, {"G"}};
inline constexpr DatasetSpec priority{group, "priority", int64, {"G"}};
inline constexpr DatasetSpec opens{group, "opens", string, {"G"}};
inline constexpr DatasetSpec products{group, "products", string, {"G"}};
inline constexpr DatasetSpec bands{group, "bands", string, {"G"}};
inline constexpr DatasetSpec plan_quarter{group, "plan_quarter", string, {"G"}};
inline constexpr DatasetSpec plan_count{group, "plan_count", int64, {"G"}};
} // namespace groups

namespace products {
inline constexpr std::string_view group = "products";
inline constexpr DatasetSpec id{group, "id", string, {"P"}};
inline constexpr DatasetSpec label{group, "label", string, {"P"}};
inline constexpr DatasetSpec doses_in_series{group, "doses_in_series", int64, {"P"}};
inline constexpr DatasetSpec interval_days_at_start{group, "interval_days_at_start", int64, {"P"}};
inline constexpr DatasetSpec wastage{group, "wastage", float64, {"P"}};
inline constexpr DatasetSpec second_dose_completion{
    group, "second_dose_completion", float64, {"P"}};
inline constexpr DatasetSpec supply_before_modifiers{
    group, "supply_before_modifiers", int64, {"P"}};
inline constexpr DatasetSpec supply_scale{group, "supply_scale", float64, {"P"}};
inline constexpr DatasetSpec supply_shortfall{group, "supply_shortfall", float64, {"P"}};
inline constexpr DatasetSpec supply_delay_days{group, "supply_delay_days", int64, {"P"}};
inline constexpr DatasetSpec delivered_after_end{group, "delivered_after_end", int64, {"P"}};
// People overdue for a later dose (due, not given by the day's end): the most on one day,
// the first day with that many ("" if never), and the sum over days.
inline constexpr DatasetSpec overdue_peak{group, "overdue_peak", int64, {"P"}};
inline constexpr DatasetSpec overdue_peak_date{group, "overdue_peak_date", string, {"P"}};
inline constexpr DatasetSpec overdue_person_days{group, "overdue_person_days", int64, {"P"}};
} // namespace products

namespace daily {
inline constexpr std::string_view group = "daily";
inline constexpr DatasetSpec doses{group, "doses", int64, {"D", "G", "P", "K"}};
inline constexpr DatasetSpec first_dose_people{group, "first_dose_people", int64, {"D", "G"}};
inline constexpr DatasetSpec fully_vaccinated_people{
    group, "fully_vaccinated_people", int64, {"D", "G"}};
inline constexpr DatasetSpec deliveries{group, "deliveries", int64, {"D", "P"}};
inline constexpr DatasetSpec administered{group, "administered", int64, {"D", "P"}};
inline constexpr DatasetSpec wasted{group, "wasted", int64, {"D", "P"}};
inline constexpr DatasetSpec stock{group, "stock", int64, {"D", "P"}};
inline constexpr DatasetSpec second_doses_overdue{group, "second_doses_overdue", int64, {"D", "P"}};
inline constexpr DatasetSpec second_doses_outstanding{
    group, "second_doses_outstanding", int64, {"D", "P"}};
inline constexpr DatasetSpec target_value{group, "target_value", int64, {"D", "T"}};
inline constexpr DatasetSpec capacity{group, "capacity", int64, {"D"}};
inline constexpr DatasetSpec capacity_used{group, "capacity_used", int64, {"D"}};
inline constexpr DatasetSpec binding_constraint{group, "binding_constraint", int8, {"D"}};
inline constexpr DatasetSpec binding_product{group, "binding_product", int32, {"D"}};
inline constexpr std::string_view codes = "codes"; // attribute of binding_constraint
} // namespace daily

// /monthly and /quarterly hold the same datasets, one row per period.
struct PeriodDatasets {
    std::string_view group;
    DatasetSpec label, first_day, last_day, first_doses, second_doses, first_dose_people,
        fully_vaccinated_people, deliveries, administered, wasted, capacity, capacity_used;
};
constexpr PeriodDatasets period_datasets(std::string_view group, std::string_view rows) {
    return {group,
            {group, "label", string, {rows}},
            {group, "first_day", string, {rows}},
            {group, "last_day", string, {rows}},
            {group, "first_doses", int64, {rows, "G"}},
            {group, "second_doses", int64, {rows, "G"}},
            {group, "first_dose_people", int64, {rows, "G"}},
            {group, "fully_vaccinated_people", int64, {rows, "G"}},
            {group, "deliveries", int64, {rows, "P"}},
            {group, "administered", int64, {rows, "P"}},
            {group, "wasted", int64, {rows, "P"}},
            {group, "capacity", int64, {rows}},
            {group, "capacity_used", int64, {rows}}};
}
inline constexpr PeriodDatasets monthly = period_datasets("monthly", "M");
inline constexpr PeriodDatasets quarterly = period_datasets("quarterly", "Q");

namespace plan_check {
inline constexpr std::string_view group = "plan_check";
inline constexpr DatasetSpec group_id{group, "group", string, {"L"}};
inline constexpr DatasetSpec quarter{group, "quarter", string, {"L"}};
inline constexpr DatasetSpec planned{group, "planned", int64, {"L"}};
inline constexpr DatasetSpec started_in_quarter{group, "started_in_quarter", int64, {"L"}};
inline constexpr DatasetSpec met{group, "met", int64, {"L"}};
inline constexpr DatasetSpec quarter_in_run{group, "quarter_in_run", int64, {"L"}};
} // namespace plan_check

namespace targets {
inline constexpr std::string_view group = "targets";
inline constexpr DatasetSpec id{group, "id", string, {"T"}};
inline constexpr DatasetSpec label{group, "label", string, {"T"}};
inline constexpr DatasetSpec measure{group, "measure", string, {"T"}};
inline constexpr DatasetSpec population{group, "population", string, {"T"}};
inline constexpr DatasetSpec population_count{group, "population_count", int64, {"T"}};
inline constexpr DatasetSpec share{group, "share", float64, {"T"}};
inline constexpr DatasetSpec threshold{group, "threshold", int64, {"T"}};
inline constexpr DatasetSpec deadline{group, "deadline", string, {"T"}};
inline constexpr DatasetSpec since{group, "since", string, {"T"}};
inline constexpr DatasetSpec value_at_deadline{group, "value_at_deadline", int64, {"T"}};
inline constexpr DatasetSpec met{group, "met", int64, {"T"}};
inline constexpr DatasetSpec margin{group, "margin", int64, {"T"}};
inline constexpr DatasetSpec first_reached{group, "first_reached", string, {"T"}};
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
inline constexpr DatasetSpec band{group, "band", string, {"E"}, Presence::epidemic};
inline constexpr DatasetSpec population{group, "population", float64, {"E"}, Presence::epidemic};
} // namespace epidemic

// The expected series of one epidemic run: with this rollout in /epidemic, without any
// vaccination in /epidemic/counterfactual (with the same total_* attributes).
struct EpidemicSeriesDatasets {
    std::string_view group;
    DatasetSpec infections, hospitalisations, deaths;
};
constexpr EpidemicSeriesDatasets epidemic_series(std::string_view group, Presence presence) {
    return {group,
            {group, "infections", float64, {"D", "E"}, presence},
            {group, "hospitalisations", float64, {"D", "E"}, presence},
            {group, "deaths", float64, {"D", "E"}, presence}};
}
inline constexpr EpidemicSeriesDatasets vaccinated =
    epidemic_series("epidemic", Presence::epidemic);
inline constexpr EpidemicSeriesDatasets counterfactual =
    epidemic_series("epidemic/counterfactual", Presence::counterfactual);

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
    &daily::deliveries,
    &daily::administered,
    &daily::wasted,
    &daily::stock,
    &daily::second_doses_overdue,
    &daily::second_doses_outstanding,
    &daily::target_value,
    &daily::capacity,
    &daily::capacity_used,
    &daily::binding_constraint,
    &daily::binding_product,
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
    &epidemic::band,
    &epidemic::population,
    &vaccinated.infections,
    &vaccinated.hospitalisations,
    &vaccinated.deaths,
    &counterfactual.infections,
    &counterfactual.hospitalisations,
    &counterfactual.deaths,
};

// Sweep files (results/LAYOUT.md, "Sweep files"): names only, for now.
namespace sweep {
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
inline constexpr std::string_view text = "text"; // datasets
inline constexpr std::string_view base_text = "base_text";
inline constexpr std::string_view base_effective = "base_effective";
} // namespace sweep_group
namespace parameters {
inline constexpr std::string_view group = "parameters";
inline constexpr std::string_view path = "path";
inline constexpr std::string_view kind = "kind";
inline constexpr std::string_view description = "description";
inline constexpr std::string_view point_value = "point_value";
inline constexpr std::string_view point_text = "point_text";
} // namespace parameters
namespace runs {
inline constexpr std::string_view group = "runs";
inline constexpr std::string_view grid_point = "grid_point";
inline constexpr std::string_view sample = "sample";
inline constexpr std::string_view replicate = "replicate";
inline constexpr std::string_view future = "future";
inline constexpr std::string_view outcomes = "outcomes";
inline constexpr std::string_view constraint_codes = "constraint_codes";
inline constexpr std::string_view quarter_label = "quarter_label";
inline constexpr std::string_view plan_group = "plan_group";
} // namespace runs
// Fields of /runs/outcomes.
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
inline constexpr std::string_view overdue_peak = "overdue_peak";
inline constexpr std::string_view overdue_person_days = "overdue_person_days";
inline constexpr std::string_view epidemic_infections = "epidemic_infections";
inline constexpr std::string_view epidemic_deaths = "epidemic_deaths";
inline constexpr std::string_view epidemic_deaths_averted = "epidemic_deaths_averted";
} // namespace outcome
namespace targets {
inline constexpr std::string_view group = "targets";
inline constexpr std::string_view id = "id";
inline constexpr std::string_view label = "label";
inline constexpr std::string_view measure = "measure";
inline constexpr std::string_view deadline = "deadline";
inline constexpr std::string_view threshold = "threshold";
} // namespace targets
namespace summary {
inline constexpr std::string_view group = "summary";
inline constexpr std::string_view by_grid_point = "summary/by_grid_point";
inline constexpr std::string_view label = "label"; // of by_grid_point
inline constexpr std::string_view runs = "runs";
inline constexpr std::string_view runs_met = "runs_met";
inline constexpr std::string_view runs_reached = "runs_reached";
inline constexpr std::string_view p_met = "p_met";
inline constexpr std::string_view p_met_low = "p_met_low";
inline constexpr std::string_view p_met_high = "p_met_high";
inline constexpr std::string_view quantile_level = "quantile_level";
inline constexpr std::string_view first_reached_quantile = "first_reached_quantile";
} // namespace summary
namespace sensitivity {
inline constexpr std::string_view group = "sensitivity";
inline constexpr std::string_view target = "target"; // attribute
inline constexpr std::string_view parameter = "parameter";
inline constexpr std::string_view effect_days = "effect_days";
inline constexpr std::string_view earliest_value = "earliest_value";
inline constexpr std::string_view latest_value = "latest_value";
} // namespace sensitivity
namespace daily {
inline constexpr std::string_view group = "daily";
inline constexpr std::string_view runs = "runs";
inline constexpr std::string_view run_prefix = "run_"; // a kept run's group: run_<r>
inline constexpr std::string_view first_dose_people = "first_dose_people";
inline constexpr std::string_view fully_vaccinated_people = "fully_vaccinated_people";
inline constexpr std::string_view deliveries = "deliveries";
inline constexpr std::string_view administered = "administered";
inline constexpr std::string_view stock = "stock";
inline constexpr std::string_view second_doses_overdue = "second_doses_overdue";
inline constexpr std::string_view capacity_used = "capacity_used";
} // namespace daily
} // namespace sweep

} // namespace vaxsim::format
