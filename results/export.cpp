// `vaxsim export`: the tables of a run or a sweep file as tidy CSV, one file per table.
#include "results/export.hpp"

#include <sstream>
#include <stdexcept>

#include "models/constraint.hpp"
#include "models/text.hpp"
#include "results/format.hpp"
#include "results/hdf5_interface.hpp"
#include "results/output_file.hpp"
#include "results/report.hpp"
#include "results/run_file.hpp"
#include "results/run_reader.hpp"
#include "results/slip_reasons.hpp"
#include "results/sweep_reader.hpp"

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

using Tables = std::vector<std::pair<std::string, std::string>>; // file name, content

Tables run_tables(const RunReader& reader) {
    Tables tables;
    const auto add = [&](const std::string& name, const std::ostringstream& content) {
        tables.push_back({name, content.str()});
    };
    const auto at = [](std::size_t i) { return static_cast<Eigen::Index>(i); };
    const std::vector<std::string> dates = reader.calendar().date;
    const GroupTable groups = reader.groups();
    const std::vector<std::string> products = reader.products().id;
    const std::size_t D = dates.size(), G = groups.id.size(), P = products.size();
    {
        const DoseTable doses = reader.doses();
        std::ostringstream o;
        o << "date,group,product,dose,doses\n";
        for (std::size_t d = 0; d < D; ++d)
            for (std::size_t g = 0; g < G; ++g)
                for (std::size_t p = 0; p < P; ++p)
                    for (std::size_t k = 0; k < doses.doses; ++k)
                        if (const std::int64_t n = doses.at(d, g, p, k); n != 0)
                            o << csv_field(dates[d]) << "," << csv_field(groups.id[g]) << ","
                              << csv_field(products[p]) << "," << k + 1 << "," << n << "\n";
        add("daily_doses.csv", o);
    }
    {
        // The opening balance (run files 2.3; an older file, or a run that started from
        // nothing, has no rows): people given each dose number before the first day, and
        // per product the stock on hand and the deliveries it replaced.
        const InitialTable initial = reader.initial();
        std::ostringstream people, stock;
        people << "as_of,group,product,dose,people\n";
        stock << "as_of,product,stock,replaced_deliveries\n";
        if (!initial.as_of.empty()) {
            for (std::size_t g = 0; g < G; ++g)
                for (std::size_t p = 0; p < P; ++p)
                    for (std::size_t k = 0; k < initial.doses_per_person; ++k)
                        if (const std::int64_t n = initial.at(g, p, k); n != 0)
                            people << csv_field(initial.as_of) << "," << csv_field(groups.id[g])
                                   << "," << csv_field(products[p]) << "," << k + 1 << "," << n
                                   << "\n";
            for (std::size_t p = 0; p < P; ++p)
                stock << csv_field(initial.as_of) << "," << csv_field(products[p]) << ","
                      << initial.stock[p] << "," << initial.replaced_deliveries[p] << "\n";
        }
        add("initial_people.csv", people);
        add("initial_stock.csv", stock);
    }
    const DailySeries daily = reader.daily();
    {
        std::ostringstream o;
        // Boosted and up-to-date people came with run files 2.2: empty cells for an older
        // file, which did not record them.
        const bool boosters = daily.boosted_people.rows() == static_cast<Eigen::Index>(D);
        const auto cell = [&](const CountMatrix& m, std::size_t d, std::size_t g) {
            return boosters ? std::to_string(m(at(d), at(g))) : std::string();
        };
        o << "date,group,first_dose_people,fully_vaccinated_people,boosted_people,"
             "up_to_date_people\n";
        for (std::size_t d = 0; d < D; ++d)
            for (std::size_t g = 0; g < G; ++g)
                o << csv_field(dates[d]) << "," << csv_field(groups.id[g]) << ","
                  << daily.first_dose_people(at(d), at(g)) << ","
                  << daily.fully_vaccinated_people(at(d), at(g)) << ","
                  << cell(daily.boosted_people, d, g) << ","
                  << cell(daily.up_to_date_people, d, g) << "\n";
        add("daily_coverage.csv", o);
    }
    {
        // Movements and drop-outs came with run files 2.2; the reader gives zeros for an
        // older file, which had none.
        const CountMatrix* m[] = {&daily.deliveries,   &daily.extracted, &daily.imported,
                                  &daily.exported,     &daily.administered, &daily.wasted,
                                  &daily.stock,        &daily.second_doses_overdue,
                                  &daily.dropped_out};
        std::ostringstream o;
        o << "date,product,deliveries,extracted,imported,exported,administered,wasted,stock,"
             "second_doses_overdue,dropped_out\n";
        for (std::size_t d = 0; d < D; ++d)
            for (std::size_t p = 0; p < P; ++p) {
                o << csv_field(dates[d]) << "," << csv_field(products[p]);
                for (const CountMatrix* x : m) o << "," << (*x)(at(d), at(p));
                o << "\n";
            }
        add("daily_products.csv", o);
    }
    {
        std::ostringstream o;
        o << "date,capacity,capacity_used,binding_constraint,binding_product\n";
        for (std::size_t d = 0; d < D; ++d)
            o << csv_field(dates[d]) << "," << daily.capacity[d] << "," << daily.capacity_used[d] << ","
              << constraint_info(daily.binding_constraint[d]).label << ","
              << (daily.binding_product[d] >= 0
                      ? csv_field(products[static_cast<std::size_t>(daily.binding_product[d])])
                      : "")
              << "\n";
        add("daily_capacity.csv", o);
    }
    for (const format::PeriodDatasets* period : {&format::monthly, &format::quarterly}) {
        const PeriodTable t = reader.periods(*period);
        std::ostringstream o;
        o << "period,group,first_doses,second_doses,first_dose_people_at_end,fully_vaccinated_"
             "people_at_end\n";
        for (std::size_t k = 0; k < t.label.size(); ++k)
            for (std::size_t g = 0; g < G; ++g)
                o << csv_field(t.label[k]) << "," << csv_field(groups.id[g]) << ","
                  << t.first_doses(at(k), at(g)) << "," << t.second_doses(at(k), at(g)) << ","
                  << t.first_dose_people(at(k), at(g)) << ","
                  << t.fully_vaccinated_people(at(k), at(g)) << "\n";
        add(std::string(period->group) + ".csv", o);
    }
    {
        std::ostringstream o;
        o << "group,label,tier,size,willing\n";
        for (std::size_t g = 0; g < G; ++g)
            o << csv_field(groups.id[g]) << "," << csv_field(groups.label[g]) << ","
              << csv_field(groups.tier[g]) << "," << groups.size[g] << "," << groups.willing[g]
              << "\n";
        add("groups.csv", o);
    }
    if (const PlanCheckTable plan = reader.plan_check(); !plan.group.empty()) {
        std::ostringstream o;
        o << "group,quarter,planned,started_in_quarter,met\n";
        for (std::size_t k = 0; k < plan.group.size(); ++k)
            o << csv_field(plan.group[k]) << "," << csv_field(plan.quarter[k]) << "," << plan.planned[k] << ","
              << plan.started_in_quarter[k] << "," << plan.met[k] << "\n";
        add("plan_check.csv", o);
    }
    if (const PlanCheckTable plan = reader.plan_check(); !plan.group.empty()) {
        // Why each slipped group slipped (run files 2.4 and later; only the header before):
        // a row per thing that held it in its quarter, with its days.
        const GroupTable groups = reader.groups();
        std::ostringstream o;
        o << "group,quarter,planned,started_in_quarter,finished,first_dose_people_at_end,"
             "before_quarter,last_first_dose,held_by,product,days\n";
        for (const SlipReason& r : slip_reasons(reader, groups, plan, reader.daily()))
            for (const auto& [key, days] : r.held) {
                const auto colon = key.find(':');
                o << csv_field(groups.id[r.group]) << "," << csv_field(r.quarter) << "," << r.planned
                  << "," << r.started << "," << csv_field(r.finished) << "," << r.final_people << ","
                  << r.before_quarter << "," << csv_field(r.final_date) << "," << csv_field(key.substr(0, colon)) << ","
                  << csv_field(colon == std::string::npos ? "" : key.substr(colon + 1)) << ","
                  << days << "\n";
            }
        add("slipped_groups.csv", o);
    }
    {
        const TargetTable t = reader.targets();
        std::ostringstream o;
        o << "target,label,deadline,threshold,value_at_deadline,met,margin,first_reached\n";
        for (std::size_t i = 0; i < t.id.size(); ++i)
            o << csv_field(t.id[i]) << "," << csv_field(t.label[i]) << "," << csv_field(t.deadline[i]) << ","
              << t.threshold[i] << "," << t.value_at_deadline[i] << "," << t.met[i] << ","
              << t.margin[i] << "," << csv_field(t.first_reached[i]) << "\n";
        add("targets.csv", o);
    }
    return tables;
}

} // namespace

std::vector<std::pair<std::string, std::string>> export_tables(hid_t file,
                                                                const fs::path& results) {
    const FileIdentity id = read_identity(file, results);
    if (id.filetype == format::run_filetype) return run_tables(RunReader(file, results));
    if (id.filetype != format::sweep_filetype)
        throw FormatError(results, {"not a vaxsim results file (filetype " + id.filetype + ")"});
    Tables tables;
    const auto add = [&](const std::string& name, const std::ostringstream& content) {
        tables.push_back({name, content.str()});
    };
    namespace f = format::sweep::outcome;
    const SweepReader reader(file, results);
    const auto ids = reader.targets().id;
    const std::size_t T = ids.size();
    const SweepRunIndex index = reader.run_index();
    const auto& grid = index.grid_point;
    const auto& sample = index.sample;
    const auto& replicate = index.replicate;
    const auto met = reader.outcome(f::target_met);
    const auto day = reader.outcome(f::target_first_reached_day);
    const auto margin = reader.outcome(f::target_margin);
    std::ostringstream o;
    o << "run,grid_point,sample,replicate,target,met,first_reached_day,margin\n";
    for (std::size_t r = 0; r < grid.size(); ++r)
        for (std::size_t t = 0; t < T; ++t)
            o << r << "," << grid[r] << "," << sample[r] << "," << replicate[r] << ","
              << csv_field(ids[t]) << "," << met[r * T + t] << "," << day[r * T + t] << ","
              << margin[r * T + t] << "\n";
    add("runs.csv", o);
    const auto labels = reader.grid_labels();
    const SweepOdds odds = reader.odds(format::sweep::by_grid_point);
    const auto& p = odds.p_met;
    const auto& lo = odds.p_met_low;
    const auto& hi = odds.p_met_high;
    std::ostringstream s;
    s << "grid_point,label,target,p_met,p_met_low,p_met_high\n";
    for (std::size_t g = 0; g < labels.size(); ++g)
        for (std::size_t t = 0; t < T; ++t)
            s << g << "," << csv_field(labels[g]) << "," << csv_field(ids[t]) << ","
              << p[g * T + t] << "," << lo[g * T + t] << "," << hi[g * T + t] << "\n";
    add("summary.csv", s);
    return tables;
}

std::vector<std::string> export_csv(const fs::path& results, const fs::path& dir, bool force) {
    const OutputTarget output{dir, force, OutputKind::export_folder, {results}};
    check_output(output);
    if (!hdf5::is_hdf5_file(results))
        throw std::runtime_error("'" + results.string() + "' is not an HDF5 results file");
    const Handle file = hdf5::open_file(results);
    const Tables tables = export_tables(file, results);
    // The folder appears whole or not at all, marked as vaxsim's (results/output_file.hpp).
    write_atomically(output, [&](const fs::path& temp) {
        fs::create_directory(temp);
        for (const auto& [name, content] : tables) write_text(temp / name, content);
    });
    std::vector<std::string> names;
    for (const auto& t : tables) names.push_back(t.first);
    return names;
}

} // namespace vaxsim
