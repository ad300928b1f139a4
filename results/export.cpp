// `vaxsim export`: the tables of a run or a sweep file, as tidy CSV (one file per table) or
// as one workbook (a sheet per table).
#include "results/export.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "models/constraint.hpp"
#include "models/date.hpp"
#include "models/text.hpp"
#include "results/format.hpp"
#include "results/hdf5_interface.hpp"
#include "results/output_file.hpp"
#include "results/report.hpp"
#include "results/run_file.hpp"
#include "results/run_reader.hpp"
#include "results/slip_reasons.hpp"
#include "results/solve_record.hpp"
#include "results/sweep_summary.hpp"
#include "results/sweep_reader.hpp"
#include "results/table.hpp"
#include "results/xlsx.hpp"

namespace vaxsim {
namespace {

namespace fs = std::filesystem;
using hdf5::Handle;

} // namespace

namespace {

// A whole decimal number (-5, +1.5, 2e-3): a spreadsheet reads it as the number it is.
bool plain_number(const std::string& text) {
    std::size_t i = 0, digits = 0;
    const auto skip_digits = [&] {
        std::size_t n = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++n;
        return n;
    };
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    digits += skip_digits();
    if (i < text.size() && text[i] == '.') ++i, digits += skip_digits();
    if (digits == 0) return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
        if (skip_digits() == 0) return false;
    }
    return i == text.size();
}

} // namespace

// A text cell (an id, a label, a name, a date as stored): a cell a spreadsheet would take
// for a formula, one beginning with =, +, -, @, a tab or a carriage return (or their
// full-width forms ＝ ＋ － ＠), gets a leading ' (OWASP's rule against CSV injection)
// unless it is a plain number; then a cell with a comma, quote or line break is quoted.
std::string csv_field(const std::string& text) {
    static constexpr std::string_view formula_starts[] = {"=", "+", "-", "@", "\t", "\r",
                                                          "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"};
    std::string cell = text;
    for (std::string_view start : formula_starts)
        if (cell.starts_with(start) && !plain_number(cell)) {
            cell.insert(0, 1, '\'');
            break;
        }
    if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
    std::string out = "\"";
    for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

namespace {

using Kind = ColumnKind;
using std::int64_t;

Cell text(std::string_view s) { return std::string(s); }
// A date as stored ("YYYY-MM-DD"), or an empty cell when none was recorded.
Cell date(const std::string& s) { return s.empty() ? Cell{} : Cell{s}; }
Eigen::Index at(std::size_t i) { return static_cast<Eigen::Index>(i); }

// /epidemic: a row per day and epidemic band with the expected infections,
// hospitalisations and deaths (by day of infection) with this rollout and, when the run
// has it, without vaccination; and with a hospital section a row per day of the hospital
// load: admissions and deaths by date, people in ward and ICU beds, and the beds.
void add_epidemic_tables(std::vector<Table>& tables, const EpidemicData& e,
                         const std::vector<std::string>& dates) {
    const bool without = e.counterfactual.has_value();
    std::vector<Column> columns{{"date", Kind::date},           {"band", Kind::text},
                                {"infections", Kind::real},     {"hospitalisations", Kind::real},
                                {"deaths", Kind::real}};
    if (without)
        for (const char* c : {"infections_without_vaccination",
                              "hospitalisations_without_vaccination", "deaths_without_vaccination"})
            columns.push_back({c, Kind::real});
    Table daily("epidemic_daily", std::move(columns));
    const std::size_t D = dates.size(), E = e.band.size();
    for (std::size_t d = 0; d < D; ++d)
        for (std::size_t b = 0; b < E; ++b) {
            const auto row = [&](const EpidemicSeries& s) {
                return std::vector<Cell>{s.infections(at(d), at(b)), s.hospitalisations(at(d), at(b)),
                                         s.deaths(at(d), at(b))};
            };
            std::vector<Cell> cells{date(dates[d]), text(e.band[b])};
            for (Cell& c : row(e.vaccinated)) cells.push_back(std::move(c));
            if (without)
                for (Cell& c : row(*e.counterfactual)) cells.push_back(std::move(c));
            daily.add_row(std::move(cells));
        }
    tables.push_back(std::move(daily));
    if (!e.hospital) return;
    const HospitalData& h = *e.hospital;
    std::vector<Column> hc{{"date", Kind::date},       {"admissions", Kind::real},
                           {"deaths", Kind::real},     {"ward_occupancy", Kind::real},
                           {"icu_occupancy", Kind::real}, {"ward_beds", Kind::integer},
                           {"icu_beds", Kind::integer}};
    if (h.counterfactual)
        for (const char* c : {"admissions_without_vaccination", "deaths_without_vaccination",
                              "ward_occupancy_without_vaccination", "icu_occupancy_without_vaccination"})
            hc.push_back({c, Kind::real});
    Table load("hospital_daily", std::move(hc));
    for (std::size_t d = 0; d < D; ++d) {
        const auto cells = [&](const HospitalLoadSeries& s) {
            return std::vector<Cell>{s.admissions.row(at(d)).sum(), s.deaths_by_date.row(at(d)).sum(),
                                     s.ward_occupancy[d], s.icu_occupancy[d]};
        };
        std::vector<Cell> row{date(dates[d])};
        for (Cell& c : cells(h.vaccinated)) row.push_back(std::move(c));
        row.push_back(h.beds);
        row.push_back(h.icu_beds);
        if (h.counterfactual)
            for (Cell& c : cells(*h.counterfactual)) row.push_back(std::move(c));
        load.add_row(std::move(row));
    }
    tables.push_back(std::move(load));
}

// /solve (a file `vaxsim solve` wrote): the question and its answer in one row, and a row
// per value tried, in order of value, with its runs, how many met, P(met) and its 95%
// interval, and which is the answer and which the value one step before it.
void add_solve_tables(std::vector<Table>& tables, const SolveRecord& r) {
    const auto value = [&](const std::optional<std::size_t>& i) {
        return i ? text(r.evaluations[*i].value) : Cell{};
    };
    Table question("solve_question",
                   {{"path", Kind::text}, {"parameter", Kind::text}, {"kind", Kind::text},
                    {"direction", Kind::text}, {"range_from", Kind::text}, {"range_to", Kind::text},
                    {"step", Kind::text}, {"targets", Kind::text}, {"futures", Kind::integer},
                    {"p", Kind::real}, {"status", Kind::text}, {"answer", Kind::text},
                    {"last_failing", Kind::text}});
    question.add_row({text(r.path), text(r.display_name), text(r.kind), text(r.direction),
                      text(r.range_from), text(r.range_to), text(r.step), text(joined(r.targets, " ")),
                      r.futures, r.p, text(status_name(r.status)), value(r.answer), value(r.last_failing)});
    tables.push_back(std::move(question));
    Table values("solve_values", {{"value", Kind::text}, {"runs", Kind::integer},
                                  {"runs_met", Kind::integer}, {"p_met", Kind::real},
                                  {"p_met_low", Kind::real}, {"p_met_high", Kind::real},
                                  {"meets", Kind::integer}, {"is_answer", Kind::integer},
                                  {"is_last_failing", Kind::integer}});
    for (std::size_t i : solve_values_in_order(r)) {
        const SolveEvaluation& e = r.evaluations[i];
        const WilsonInterval w = wilson_interval(e.met, e.runs);
        values.add_row({text(e.value), e.runs, e.met,
                        e.p_met(), w.low,
                        w.high, static_cast<int64_t>(e.meets), static_cast<int64_t>(r.answer == i),
                        static_cast<int64_t>(r.last_failing == i)});
    }
    tables.push_back(std::move(values));
}

// /places (run files 2.5 with places): a row per place with its people, coverage at the
// end and each target's result there; and a row per day and place with its coverage
// (summed over groups), supply (summed over products), capacity and what bound it; and
// (since 2.10) a row per place and planned group with its quarterly plan check.
void add_place_tables(std::vector<Table>& tables, const RunReader& reader, const PlaceData& pd,
                      const std::vector<std::string>& dates) {
    const std::size_t D = pd.days, A = pd.places, G = pd.groups, P = pd.products, T = pd.targets;
    const auto sum = [&](const std::vector<int64_t>& v, std::size_t d, std::size_t a,
                         std::size_t width) {
        int64_t s = 0;
        for (std::size_t x = 0; x < width; ++x) s += PlaceData::at(v, d, a, x, A, width);
        return s;
    };
    const auto share = [](int64_t n, int64_t of) {
        return of > 0 ? Cell{static_cast<double>(n) / static_cast<double>(of)} : Cell{};
    };
    const std::vector<std::string> target_ids = reader.targets().id;
    std::vector<Column> columns{{"place", Kind::text},
                                {"label", Kind::text},
                                {"people", Kind::integer},
                                {"first_dose_people_at_end", Kind::integer},
                                {"first_dose_share_at_end", Kind::real},
                                {"fully_vaccinated_people_at_end", Kind::integer},
                                {"fully_vaccinated_share_at_end", Kind::real}};
    for (std::size_t t = 0; t < T; ++t) {
        // Three columns per target, named by its id (a header cell is neutralised as any).
        const std::string& id = target_ids[t];
        columns.push_back({id + "_threshold", Kind::integer});
        columns.push_back({id + "_met", Kind::integer});
        columns.push_back({id + "_first_reached", Kind::date});
    }
    Table places("places", std::move(columns));
    for (std::size_t a = 0; a < A; ++a) {
        const int64_t people = pd.people_of(a);
        const int64_t first = D > 0 ? sum(pd.first_dose_people, D - 1, a, G) : 0;
        const int64_t full = D > 0 ? sum(pd.fully_vaccinated_people, D - 1, a, G) : 0;
        std::vector<Cell> row{text(pd.id[a]), text(pd.label[a]), people, first, share(first, people),
                              full, share(full, people)};
        for (std::size_t t = 0; t < T; ++t) {
            row.emplace_back(std::in_place_type<int64_t>, pd.target_threshold(at(a), at(t)));
            row.emplace_back(std::in_place_type<int64_t>, pd.target_met(at(a), at(t)));
            row.push_back(date(pd.target_first_reached[a * T + t]));
        }
        places.add_row(std::move(row));
    }
    tables.push_back(std::move(places));

    Table daily("places_daily",
                {{"date", Kind::date}, {"place", Kind::text}, {"first_dose_people", Kind::integer},
                 {"fully_vaccinated_people", Kind::integer}, {"up_to_date_people", Kind::integer},
                 {"deliveries", Kind::integer}, {"moved_in", Kind::integer},
                 {"moved_out", Kind::integer}, {"administered", Kind::integer},
                 {"stock", Kind::integer}, {"capacity", Kind::integer},
                 {"capacity_used", Kind::integer}, {"binding_constraint", Kind::text}});
    for (std::size_t d = 0; d < D; ++d)
        for (std::size_t a = 0; a < A; ++a)
            daily.add_row({date(dates[d]), text(pd.id[a]), sum(pd.first_dose_people, d, a, G),
                           sum(pd.fully_vaccinated_people, d, a, G),
                           sum(pd.up_to_date_people, d, a, G), sum(pd.deliveries, d, a, P),
                           sum(pd.moved_in, d, a, P), sum(pd.moved_out, d, a, P),
                           sum(pd.administered, d, a, P), sum(pd.stock, d, a, P),
                           pd.capacity(at(d), at(a)), pd.capacity_used(at(d), at(a)),
                           text(constraint_info(pd.binding_constraint[d * A + a]).label)});
    tables.push_back(std::move(daily));

    // Since 2.10: each place's quarterly plan check, a row per place and /plan_check row.
    const PlanCheckTable plan = reader.plan_check();
    const auto L = static_cast<Eigen::Index>(plan.group.size());
    if (L == 0 || pd.plan_planned.cols() != L) return;
    Table plans("places_plan", {{"place", Kind::text}, {"group", Kind::text}, {"quarter", Kind::text},
                                {"planned", Kind::integer}, {"started_in_quarter", Kind::integer},
                                {"met", Kind::integer}, {"quarter_in_run", Kind::integer}});
    for (std::size_t a = 0; a < A; ++a)
        for (Eigen::Index k = 0; k < L; ++k)
            plans.add_row({text(pd.id[a]), text(plan.group[static_cast<std::size_t>(k)]),
                           text(plan.quarter[static_cast<std::size_t>(k)]), pd.plan_planned(at(a), k),
                           pd.plan_started_in_quarter(at(a), k), pd.plan_met(at(a), k),
                           plan.quarter_in_run[static_cast<std::size_t>(k)]});
    tables.push_back(std::move(plans));
}

std::vector<Table> run_tables(const RunReader& reader) {
    std::vector<Table> tables;
    const std::vector<std::string> dates = reader.calendar().date;
    const GroupTable groups = reader.groups();
    const std::vector<std::string> products = reader.products().id;
    const std::size_t D = dates.size(), G = groups.id.size(), P = products.size();
    {
        const DoseTable doses = reader.doses();
        Table t("daily_doses", {{"date", Kind::date}, {"group", Kind::text},
                                {"product", Kind::text}, {"dose", Kind::integer},
                                {"doses", Kind::integer}});
        for (std::size_t d = 0; d < D; ++d)
            for (std::size_t g = 0; g < G; ++g)
                for (std::size_t p = 0; p < P; ++p)
                    for (std::size_t k = 0; k < doses.doses; ++k)
                        if (const int64_t n = doses.at(d, g, p, k); n != 0)
                            t.add_row({date(dates[d]), text(groups.id[g]), text(products[p]),
                                       static_cast<int64_t>(k + 1), n});
        tables.push_back(std::move(t));
    }
    {
        // The opening balance (run files 2.3; an older file, or a run that started from
        // nothing, has no rows): people given each dose number before the first day, and
        // per product the stock on hand and the deliveries it replaced.
        const InitialTable initial = reader.initial();
        Table people("initial_people", {{"as_of", Kind::date}, {"group", Kind::text},
                                        {"product", Kind::text}, {"dose", Kind::integer},
                                        {"people", Kind::integer}});
        Table stock("initial_stock", {{"as_of", Kind::date}, {"product", Kind::text},
                                      {"stock", Kind::integer},
                                      {"replaced_deliveries", Kind::integer}});
        if (!initial.as_of.empty()) {
            for (std::size_t g = 0; g < G; ++g)
                for (std::size_t p = 0; p < P; ++p)
                    for (std::size_t k = 0; k < initial.doses_per_person; ++k)
                        if (const int64_t n = initial.at(g, p, k); n != 0)
                            people.add_row({date(initial.as_of), text(groups.id[g]),
                                            text(products[p]), static_cast<int64_t>(k + 1), n});
            for (std::size_t p = 0; p < P; ++p)
                stock.add_row({date(initial.as_of), text(products[p]), initial.stock[p],
                               initial.replaced_deliveries[p]});
        }
        tables.push_back(std::move(people));
        tables.push_back(std::move(stock));
    }
    const DailySeries daily = reader.daily();
    {
        // Boosted and up-to-date people came with run files 2.2: empty cells for an older
        // file, which did not record them.
        const bool boosters = daily.boosted_people.rows() == static_cast<Eigen::Index>(D);
        const auto cell = [&](const CountMatrix& m, std::size_t d, std::size_t g) {
            return boosters ? Cell{m(at(d), at(g))} : Cell{};
        };
        Table t("daily_coverage",
                {{"date", Kind::date}, {"group", Kind::text}, {"first_dose_people", Kind::integer},
                 {"fully_vaccinated_people", Kind::integer}, {"boosted_people", Kind::integer},
                 {"up_to_date_people", Kind::integer}});
        for (std::size_t d = 0; d < D; ++d)
            for (std::size_t g = 0; g < G; ++g)
                t.add_row({date(dates[d]), text(groups.id[g]),
                           daily.first_dose_people(at(d), at(g)),
                           daily.fully_vaccinated_people(at(d), at(g)),
                           cell(daily.boosted_people, d, g), cell(daily.up_to_date_people, d, g)});
        tables.push_back(std::move(t));
    }
    {
        // Movements and drop-outs came with run files 2.2; the reader gives zeros for an
        // older file, which had none.
        const std::pair<const char*, const CountMatrix*> series[] = {
            {"deliveries", &daily.deliveries},
            {"extracted", &daily.extracted},
            {"imported", &daily.imported},
            {"exported", &daily.exported},
            {"administered", &daily.administered},
            {"wasted", &daily.wasted},
            {"stock", &daily.stock},
            {"second_doses_overdue", &daily.second_doses_overdue},
            {"dropped_out", &daily.dropped_out}};
        std::vector<Column> columns{{"date", Kind::date}, {"product", Kind::text}};
        for (const auto& [name, m] : series) columns.push_back({name, Kind::integer});
        Table t("daily_products", std::move(columns));
        for (std::size_t d = 0; d < D; ++d)
            for (std::size_t p = 0; p < P; ++p) {
                std::vector<Cell> row{date(dates[d]), text(products[p])};
                for (const auto& [name, m] : series) row.push_back((*m)(at(d), at(p)));
                t.add_row(std::move(row));
            }
        tables.push_back(std::move(t));
    }
    {
        Table t("daily_capacity", {{"date", Kind::date}, {"capacity", Kind::integer},
                                   {"capacity_used", Kind::integer},
                                   {"binding_constraint", Kind::text},
                                   {"binding_product", Kind::text}});
        for (std::size_t d = 0; d < D; ++d) {
            const int64_t product = daily.binding_product[d];
            t.add_row({date(dates[d]), daily.capacity[d], daily.capacity_used[d],
                       text(constraint_info(daily.binding_constraint[d]).label),
                       product >= 0 ? text(products[static_cast<std::size_t>(product)]) : Cell{}});
        }
        tables.push_back(std::move(t));
    }
    for (const format::PeriodDatasets* period : {&format::monthly, &format::quarterly}) {
        const PeriodTable p = reader.periods(*period);
        Table t(std::string(period->group), {{"period", Kind::text}, {"group", Kind::text},
                                {"first_doses", Kind::integer}, {"second_doses", Kind::integer},
                                {"first_dose_people_at_end", Kind::integer},
                                {"fully_vaccinated_people_at_end", Kind::integer}});
        for (std::size_t k = 0; k < p.label.size(); ++k)
            for (std::size_t g = 0; g < G; ++g)
                t.add_row({text(p.label[k]), text(groups.id[g]), p.first_doses(at(k), at(g)),
                           p.second_doses(at(k), at(g)), p.first_dose_people(at(k), at(g)),
                           p.fully_vaccinated_people(at(k), at(g))});
        tables.push_back(std::move(t));
    }
    {
        Table t("groups", {{"group", Kind::text}, {"label", Kind::text}, {"tier", Kind::text},
                           {"size", Kind::integer}, {"willing", Kind::integer}});
        for (std::size_t g = 0; g < G; ++g)
            t.add_row({text(groups.id[g]), text(groups.label[g]), text(groups.tier[g]),
                       groups.size[g], groups.willing[g]});
        tables.push_back(std::move(t));
    }
    if (const PlanCheckTable plan = reader.plan_check(); !plan.group.empty()) {
        Table t("plan_check", {{"group", Kind::text}, {"quarter", Kind::text},
                               {"planned", Kind::integer}, {"started_in_quarter", Kind::integer},
                               {"met", Kind::integer}});
        for (std::size_t k = 0; k < plan.group.size(); ++k)
            t.add_row({text(plan.group[k]), text(plan.quarter[k]), plan.planned[k],
                       plan.started_in_quarter[k], plan.met[k]});
        tables.push_back(std::move(t));
    }
    if (const PlanCheckTable plan = reader.plan_check(); !plan.group.empty()) {
        // Why each slipped group slipped (run files 2.4 and later; only the header before):
        // a row per thing that held it in its quarter, with its days.
        Table t("slipped_groups",
                {{"group", Kind::text}, {"quarter", Kind::text}, {"planned", Kind::integer},
                 {"started_in_quarter", Kind::integer}, {"finished", Kind::date},
                 {"first_dose_people_at_end", Kind::integer}, {"before_quarter", Kind::integer},
                 {"last_first_dose", Kind::date}, {"held_by", Kind::text},
                 {"product", Kind::text}, {"days", Kind::integer}});
        for (const SlipReason& r : slip_reasons(reader, groups, plan, daily))
            for (const auto& [key, days] : r.held) {
                const auto colon = key.find(':');
                t.add_row({text(groups.id[r.group]), text(r.quarter), r.planned, r.started,
                           date(r.finished), r.final_people, r.before_quarter, date(r.final_date),
                           text(key.substr(0, colon)),
                           colon == std::string::npos ? Cell{} : text(key.substr(colon + 1)),
                           static_cast<int64_t>(days)});
            }
        tables.push_back(std::move(t));
    }
    {
        const TargetTable targets = reader.targets();
        Table t("targets", {{"target", Kind::text}, {"label", Kind::text},
                            {"deadline", Kind::date}, {"threshold", Kind::integer},
                            {"value_at_deadline", Kind::integer}, {"met", Kind::integer},
                            {"margin", Kind::integer}, {"first_reached", Kind::date}});
        for (std::size_t i = 0; i < targets.id.size(); ++i)
            t.add_row({text(targets.id[i]), text(targets.label[i]), date(targets.deadline[i]),
                       targets.threshold[i], targets.value_at_deadline[i], targets.met[i],
                       targets.margin[i], date(targets.first_reached[i])});
        tables.push_back(std::move(t));
    }
    if (const auto solved = reader.solve()) add_solve_tables(tables, *solved);
    if (const auto places = reader.places()) add_place_tables(tables, reader, *places, dates);
    if (const auto epidemic = reader.epidemic()) add_epidemic_tables(tables, *epidemic, dates);
    return tables;
}

std::vector<Table> sweep_tables(const SweepReader& reader) {
    namespace f = format::sweep::outcome;
    std::vector<Table> tables;
    const auto ids = reader.targets().id;
    const std::size_t T = ids.size();
    const SweepRunIndex index = reader.run_index();
    const auto met = reader.outcome(f::target_met);
    const auto day = reader.outcome(f::target_first_reached_day);
    const auto margin = reader.outcome(f::target_margin);
    // Each run's values of the varied parameters, a column each (named by its path), so
    // that P(met) against an input can be redone in a spreadsheet: numbers as numbers
    // (shortest form that reads back the same), words as written.
    const ParameterOddsInput params = reader.parameter_odds_input();
    const std::size_t n = params.path.size();
    const std::int64_t points = params.grid_points * params.samples;
    const auto word = [&](std::int64_t point, std::size_t k) -> const std::string* {
        const std::size_t at = static_cast<std::size_t>(point) * n + k;
        if (at < params.point_text.size() && !params.point_text[at].empty() &&
            !plain_number(params.point_text[at]))
            return &params.point_text[at];
        return nullptr;
    };
    std::vector<char> words(n, 0); // a parameter with any word value: a text column
    std::vector<char> whole(n, 1); // every value a whole number: an integer column
    for (std::size_t k = 0; k < n; ++k)
        for (std::int64_t p = 0; p < points; ++p) {
            words[k] = words[k] || word(p, k) != nullptr;
            const double x = params.point_value[static_cast<std::size_t>(p) * n + k];
            whole[k] = whole[k] && !std::isnan(x) && x == std::floor(x) && std::fabs(x) < 1e15;
        }
    const auto param_value = [&](std::int64_t point, std::size_t k) -> Cell {
        if (const std::string* w = word(point, k)) return text(*w);
        const double x = params.point_value[static_cast<std::size_t>(point) * n + k];
        if (std::isnan(x)) return Cell{};
        if (!words[k]) return whole[k] ? Cell(static_cast<int64_t>(x)) : Cell(x);
        char buf[32];
        const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
        return text(std::string(buf, ec == std::errc{} ? end : buf));
    };
    const auto start_day = parse_iso_date(reader.info().start);
    std::vector<Column> run_columns{
        {"run", Kind::integer},       {"grid_point", Kind::integer},
        {"sample", Kind::integer},    {"replicate", Kind::integer}};
    for (std::size_t k = 0; k < n; ++k)
        run_columns.push_back({params.path[k], words[k] ? Kind::text : whole[k] ? Kind::integer : Kind::real});
    for (Column c : std::vector<Column>{{"target", Kind::text}, {"met", Kind::integer},
                                                      {"first_reached", Kind::date},
                                                      {"first_reached_day", Kind::integer},
                                                      {"margin", Kind::integer}})
        run_columns.push_back(c);
    Table runs("runs", std::move(run_columns));
    for (std::size_t r = 0; r < index.grid_point.size(); ++r) {
        const std::int64_t point = index.grid_point[r] * params.samples + index.sample[r];
        std::vector<Cell> head{static_cast<int64_t>(r), index.grid_point[r], index.sample[r],
                               index.replicate[r]};
        for (std::size_t k = 0; k < n; ++k) head.push_back(param_value(point, k));
        for (std::size_t t = 0; t < T; ++t) {
            std::vector<Cell> row = head;
            const std::int64_t d = day[r * T + t];
            row.push_back(text(ids[t]));
            row.push_back(met[r * T + t]);
            // The day a target was first reached, as a date (-1: never, an empty cell).
            row.push_back(d >= 0 && start_day ? date(format_iso_date(*start_day + static_cast<int>(d))) : Cell{});
            row.push_back(d);
            row.push_back(margin[r * T + t]);
            runs.add_row(std::move(row));
        }
    }
    tables.push_back(std::move(runs));
    const auto labels = reader.grid_labels();
    const SweepOdds odds = reader.odds(format::sweep::by_grid_point);
    // Per grid point and target: the runs, how many met, P(met) with its interval, and
    // the first-reached date at each quantile level (nearest rank; "never" when fewer
    // runs reached it).
    const std::size_t V = odds.quantile_level.size();
    std::vector<Column> summary_columns{
        {"grid_point", Kind::integer}, {"label", Kind::text}, {"target", Kind::text},
        {"runs", Kind::integer},       {"runs_met", Kind::integer}, {"p_met", Kind::real},
        {"p_met_low", Kind::real},     {"p_met_high", Kind::real}};
    for (std::size_t v = 0; v < V; ++v)
        summary_columns.push_back(
            {"first_reached_p" + std::to_string(static_cast<int>(std::lround(odds.quantile_level[v] * 100))),
             Kind::text});
    Table summary("summary", std::move(summary_columns));
    for (std::size_t g = 0; g < labels.size(); ++g)
        for (std::size_t t = 0; t < T; ++t) {
            const std::size_t at = g * T + t;
            std::vector<Cell> row{static_cast<int64_t>(g), text(labels[g]), text(ids[t]),
                                  odds.runs[at], odds.runs_met[at], odds.p_met[at],
                                  odds.p_met_low[at], odds.p_met_high[at]};
            for (std::size_t v = 0; v < V; ++v) row.push_back(text(odds.first_reached_quantile[at * V + v]));
            summary.add_row(std::move(row));
        }
    tables.push_back(std::move(summary));

    // Daily coverage quantiles per grid point (a file of format 1.4 on).
    const SweepCoverage coverage = reader.coverage();
    if (coverage.days > 0) {
        const auto start = *parse_iso_date(reader.info().start);
        constexpr std::size_t V = format::sweep::quantile_levels;
        const std::size_t D = coverage.days;
        Table q("coverage_quantiles",
                {{"grid_point", Kind::integer}, {"label", Kind::text}, {"date", Kind::date},
                 {"measure", Kind::text}, {"population", Kind::integer}, {"p5", Kind::integer},
                 {"p25", Kind::integer}, {"p50", Kind::integer}, {"p75", Kind::integer},
                 {"p95", Kind::integer}});
        for (std::size_t g = 0; g < labels.size(); ++g)
            for (const auto& [measure, series] :
                 {std::pair{"first_dose_people", &coverage.first_dose_people},
                  std::pair{"fully_vaccinated_people", &coverage.fully_vaccinated_people}})
                for (std::size_t d = 0; d < D; ++d) {
                    // A named pointer: clang 14 cannot capture a structured binding.
                    const auto* values = series;
                    const auto at = [&](std::size_t l) { return (*values)[(g * D + d) * V + l]; };
                    q.add_row({static_cast<int64_t>(g), text(labels[g]),
                               date(format_iso_date(start + static_cast<int>(d))),
                               text(measure), coverage.population, at(0), at(1), at(2), at(3),
                               at(4)});
                }
        tables.push_back(std::move(q));
    }

    // P(met) of each target against each varied parameter's value (or bin).
    Table by("p_met_by_parameter",
             {{"parameter", Kind::text}, {"kind", Kind::text}, {"bin", Kind::integer},
              {"value", Kind::text}, {"grid_point", Kind::integer}, {"target", Kind::text},
              {"runs", Kind::integer}, {"runs_met", Kind::integer}, {"p_met", Kind::real},
              {"p_met_low", Kind::real}, {"p_met_high", Kind::real}});
    for (const ParameterOdds& po : odds_by_parameter(reader.parameter_odds_input()))
        for (std::size_t k = 0; k < po.cells.size(); ++k)
            for (std::size_t b = 0; b < po.bin_label.size(); ++b)
                for (std::size_t t = 0; t < T; ++t) {
                    const ParameterOdds::Cell& cell = po.cells[k][b][t];
                    if (cell.runs == 0) continue;
                    const std::int64_t g = po.series_grid_point[k];
                    by.add_row({text(po.path), text(po.sampled ? "sample" : "grid"),
                                static_cast<int64_t>(b), text(po.bin_label[b]),
                                g >= 0 ? Cell(g) : Cell(std::monostate{}), text(ids[t]),
                                cell.runs, cell.met, cell.p, cell.low, cell.high});
                }
    tables.push_back(std::move(by));
    return tables;
}

} // namespace

std::vector<Table> export_table_data(hid_t file, const fs::path& results) {
    const FileIdentity id = read_identity(file, results);
    if (id.filetype == format::run_filetype) return run_tables(RunReader(file, results));
    if (id.filetype == format::sweep_filetype) return sweep_tables(SweepReader(file, results));
    throw FormatError(results, {"not a vaxsim results file (filetype " + id.filetype + ")"});
}

std::vector<std::pair<std::string, std::string>> export_tables(hid_t file,
                                                                const fs::path& results) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Table& t : export_table_data(file, results)) out.push_back({t.name() + ".csv", to_csv(t)});
    return out;
}


std::vector<std::string> export_csv(const fs::path& results, const fs::path& dir, bool force,
                                    bool byte_order_mark) {
    const OutputTarget output{dir, force, OutputKind::export_folder, {results}};
    check_output(output);
    require_hdf5_input(results);
    const Handle file = hdf5::open_file(results);
    const auto tables = export_tables(file, results);
    // The folder appears whole or not at all, marked as vaxsim's (results/output_file.hpp).
    // The byte-order mark is what Excel needs to read UTF-8 (Korean labels) as UTF-8.
    write_atomically(output, [&](const fs::path& temp) {
        fs::create_directory(temp);
        for (const auto& [name, content] : tables)
            write_text(temp / name, byte_order_mark ? "\xEF\xBB\xBF" + content : content);
    });
    std::vector<std::string> names;
    for (const auto& t : tables) names.push_back(t.first);
    return names;
}

std::vector<std::string> export_xlsx(const fs::path& results, const fs::path& workbook,
                                     bool force) {
    const OutputTarget output{workbook, force, OutputKind::file, {results}};
    check_output(output);
    require_hdf5_input(results);
    const Handle file = hdf5::open_file(results);
    const FileIdentity id = read_identity(file, results);
    const std::vector<Table> tables = export_table_data(file, results);
    write_atomically(output, [&](const fs::path& temp) { write_xlsx(temp, tables, id); });
    std::vector<std::string> names;
    for (const auto& t : tables) names.push_back(t.name());
    return names;
}

} // namespace vaxsim
