#include "results/solve_record.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

#include "models/text.hpp"
#include "results/format.hpp"
#include "results/hdf5_interface.hpp"
#include "results/record_io.hpp"
#include "results/sweep_summary.hpp"

namespace vaxsim {

std::string status_name(SolveStatus status) {
    switch (status) {
    case SolveStatus::solved:
        return "solved";
    case SolveStatus::met_everywhere:
        return "met_everywhere";
    case SolveStatus::met_nowhere:
        return "met_nowhere";
    case SolveStatus::not_monotone:
        return "not_monotone";
    }
    return "";
}

std::string solve_value_shown(const std::string& value) {
    std::int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec == std::errc{} && ptr == value.data() + value.size()) return with_commas(n);
    return value;
}

std::vector<std::size_t> solve_values_in_order(const SolveRecord& r) {
    std::vector<std::size_t> order(r.evaluations.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    // Dates and numbers sort as they read once aligned: by position in the range, which
    // the evaluation order does not keep.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const std::string &x = r.evaluations[a].value, &y = r.evaluations[b].value;
        if (r.kind == "date") return x < y;
        return std::stod(x) < std::stod(y);
    });
    return order;
}

namespace {

namespace f = format::solve;

const auto shown = solve_value_shown;

using record_io::put;

std::optional<SolveStatus> status_named(const std::string& name) {
    for (SolveStatus s : {SolveStatus::solved, SolveStatus::met_everywhere,
                          SolveStatus::met_nowhere, SolveStatus::not_monotone})
        if (status_name(s) == name) return s;
    return std::nullopt;
}

std::string odds(const SolveEvaluation& e) {
    const WilsonInterval w = wilson_interval(e.met, e.runs);
    return "P(met) " + percent(e.p_met()) +
           " (95% CI " + percent(w.low) + "-" + percent(w.high) + ", " + with_commas(e.met) +
           "/" + with_commas(e.runs) + ")";
}

// What an answer over futures rests on: P(met) is estimated from the futures, the search
// tried only some values, and between them P(met) need not change steadily, so a value
// beyond the answer may fall back below p. Said always; when the answer's 95% interval
// reaches below p, or overlaps the failing value's, said too. Lines of at most 88
// characters, indented.
std::string uncertain_caution(const SolveRecord& r) {
    const SolveEvaluation& at = r.evaluations[*r.answer];
    const SolveEvaluation& before = r.evaluations[*r.last_failing];
    const WilsonInterval a = wilson_interval(at.met, at.runs);
    const WilsonInterval b = wilson_interval(before.met, before.runs);
    const bool dates = r.kind == "date";
    const std::string beyond = r.direction == "smallest" ? (dates ? "after" : "above") : (dates ? "before" : "below");
    std::string text = "Caution: P(met) is estimated from " + with_commas(r.futures) +
                       " futures and was found at " + std::to_string(r.evaluations.size()) +
                       " values only; it need not change steadily between them, so a value " +
                       beyond + " the answer may still fall below " + percent(r.p) + ".";
    if (a.low < r.p || b.high >= a.low)
        text += " Here the answer's 95% interval " +
                (a.low < r.p ? "reaches below " + percent(r.p) : std::string("overlaps the failing value's")) +
                ": the bracket rests on a few futures.";
    text += " Before relying on every value " + beyond + " " + shown(at.value) +
            ", sweep a grid around it (vaxsim sweep) with more futures.";
    std::string out, line;
    std::istringstream words(text);
    for (std::string word; words >> word;) {
        if (!line.empty() && line.size() + 1 + word.size() > 86) {
            out += "  " + line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    return out + "  " + line + "\n";
}

void target_lines(std::ostringstream& o, const std::vector<SolveTargetLine>& lines) {
    for (const auto& t : lines) {
        o << "    " << t.label << " [" << t.id << "]: " << (t.met ? "MET" : "NOT MET") << ", "
          << with_commas(t.value) << " by " << t.deadline << " (threshold "
          << with_commas(t.threshold) << ", margin " << signed_commas(t.margin) << "), "
          << (t.first_reached.empty() ? "not reached" : "first reached " + t.first_reached)
          << "\n";
    }
}

} // namespace

void write_solve_record(hid_t file, const SolveRecord& r) {
    hdf5::create_group(file, f::group);
    put(file, f::path, r.path);
    put(file, f::display_name, r.display_name);
    put(file, f::kind, r.kind);
    put(file, f::direction, r.direction);
    put(file, f::range_from, r.range_from);
    put(file, f::range_to, r.range_to);
    put(file, f::step, r.step);
    put(file, f::status, status_name(r.status));
    put(file, f::answer, r.answer ? r.evaluations[*r.answer].value : std::string());
    put(file, f::last_failing,
        r.last_failing ? r.evaluations[*r.last_failing].value : std::string());
    put(file, f::futures, r.futures);
    put(file, f::p, r.p);
    put(file, f::future, r.future);
    put(file, f::targets, r.targets);
    std::vector<std::string> values;
    std::vector<std::int64_t> met, runs;
    for (const auto& e : r.evaluations) {
        values.push_back(e.value);
        met.push_back(e.met);
        runs.push_back(e.runs);
    }
    put(file, f::value, values);
    put(file, f::met, met);
    put(file, f::runs, runs);
}

std::optional<SolveRecord> read_solve_record(hid_t file, const std::filesystem::path& run_file) {
    if (!hdf5::has_object(file, f::group)) return std::nullopt;
    const auto text = [&](const format::DatasetSpec& s) { return record_io::text(file, s); };
    const auto whole = [&](const format::DatasetSpec& s) { return record_io::whole(file, s); };
    SolveRecord r;
    r.path = text(f::path);
    r.display_name = text(f::display_name);
    r.kind = text(f::kind);
    r.direction = text(f::direction);
    r.range_from = text(f::range_from);
    r.range_to = text(f::range_to);
    r.step = text(f::step);
    const auto status = status_named(text(f::status));
    if (!status)
        throw std::runtime_error(run_file.string() + ": /solve/status is '" + text(f::status) +
                                 "', not one of solved, met_everywhere, met_nowhere, "
                                 "not_monotone");
    r.status = *status;
    r.futures = whole(f::futures);
    const auto p = hdf5::read_double_dataset(file, f::p.path());
    r.p = p.empty() ? 1.0 : p.front();
    r.future = whole(f::future);
    r.targets = hdf5::read_string_dataset(file, f::targets.path());
    const auto values = hdf5::read_string_dataset(file, f::value.path());
    const auto met = hdf5::read_int_dataset(file, f::met.path());
    const auto runs = hdf5::read_int_dataset(file, f::runs.path());
    if (met.size() != values.size() || runs.size() != values.size())
        throw std::runtime_error(run_file.string() +
                                 ": /solve/value, met and runs differ in length");
    const std::string answer = text(f::answer), failing = text(f::last_failing);
    for (std::size_t i = 0; i < values.size(); ++i) {
        SolveEvaluation e{values[i], met[i], runs[i], false};
        e.meets = r.futures == 0 ? e.met == e.runs
                                 : static_cast<double>(e.met) >= r.p * static_cast<double>(e.runs);
        if (!answer.empty() && values[i] == answer) r.answer = i;
        if (!failing.empty() && values[i] == failing) r.last_failing = i;
        r.evaluations.push_back(std::move(e));
    }
    return r;
}

std::string format_solve(const SolveRecord& r) {
    std::ostringstream o;
    std::string targets;
    for (const auto& t : r.targets) targets += (targets.empty() ? "" : " and ") + t;
    const bool dates = r.kind == "date";
    const std::string latest = dates ? "latest" : "largest";
    o << "Solving for the "
      << (r.direction == "smallest" ? "smallest"
          : r.direction == "latest" ? latest
                                    : "value of")
      << " "
      << r.display_name << (r.display_name == r.path ? "" : " (" + r.path + ")") << "\n"
      << "  such that " << targets << (r.targets.size() > 1 ? " are all" : " is") << " met";
    if (r.futures > 0)
        o << " with P(met) >= " << percent(r.p) << " over " << with_commas(r.futures)
          << " futures (the same futures for every value)";
    o << "\n  range " << shown(r.range_from) << " .. " << shown(r.range_to) << ", resolution "
      << shown(r.step) << (dates ? " day(s)" : "") << "; direction "
      << (r.direction_stated ? "as stated" : "found from the ends of the range") << "\n";

    const auto line = [&](const SolveEvaluation& e) {
        return shown(e.value) + (r.futures > 0 ? ": " + odds(e) : "") + (e.meets ? "  meets" : "  fails");
    };
    switch (r.status) {
    case SolveStatus::solved:
        o << "\nAnswer: " << shown(r.evaluations[*r.answer].value) << "\n";
        o << "  bracket: " << line(r.evaluations[*r.last_failing]) << "\n"
          << "           " << line(r.evaluations[*r.answer]) << "\n";
        if (r.futures > 0) o << uncertain_caution(r);
        break;
    case SolveStatus::met_everywhere:
        o << "\nMet across the whole range: the answer is at or beyond its "
          << (r.direction == "smallest" ? "lower" : "upper")
          << " end; widen the range to bracket it.\n  "
          << line(r.evaluations[*r.answer]) << "\n";
        break;
    case SolveStatus::met_nowhere:
        o << "\nNot met anywhere in the range: no value from " << shown(r.range_from) << " to "
          << shown(r.range_to) << " meets it; widen the range or change the question.\n";
        break;
    case SolveStatus::not_monotone:
        o << "\nNo single answer: the response is not monotone in this range (met, then not, "
             "then met again). Values tried, in order of value:\n";
        break;
    }
    if (!r.at_answer.empty()) {
        o << "\nTargets in " << (r.futures > 0 ? "one run" : "the run") << " at "
          << shown(r.evaluations[*r.answer].value)
          << (r.futures > 0 ? " (future " + std::to_string(r.future) + " of " +
                                  with_commas(r.futures) + "; P(met) above decides the answer)"
                            : "")
          << ":\n";
        target_lines(o, r.at_answer);
    }
    if (!r.at_last_failing.empty() && r.last_failing) {
        o << "... and at " << shown(r.evaluations[*r.last_failing].value)
          << (r.futures > 0 ? " (future " + std::to_string(r.future) + ")" : "") << ":\n";
        target_lines(o, r.at_last_failing);
    }
    // Every value tried, in order of value.
    std::vector<const SolveEvaluation*> sorted;
    for (std::size_t i : solve_values_in_order(r)) sorted.push_back(&r.evaluations[i]);
    std::int64_t runs = 0;
    for (const auto& e : r.evaluations) runs += e.runs;
    o << (r.status == SolveStatus::not_monotone ? "" : "\n") << "Values tried ("
      << r.evaluations.size() << ", " << with_commas(runs) << " runs):";
    for (const auto* e : sorted)
        o << "\n  " << shown(e->value)
          << (r.futures > 0 ? "  " + with_commas(e->met) + "/" + with_commas(e->runs) : "")
          << (e->meets ? "  meets" : "  fails");
    o << "\n";
    return o.str();
}

} // namespace vaxsim
