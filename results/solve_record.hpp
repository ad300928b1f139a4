#pragma once
// The record of `vaxsim solve` (the inverse question: the smallest or latest value of one
// scenario path at which targets are met). It is kept in the run file of the run at the
// answer, as the group /solve (results/format.hpp, namespace solve; results/LAYOUT.md),
// so `report`, `export` and `check` read that file as any run file. Plain data: the
// search itself is sim/solve.hpp.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <hdf5.h>

namespace vaxsim {

enum class SolveStatus { solved, met_everywhere, met_nowhere, not_monotone };
std::string status_name(SolveStatus status);

// One value tried: how many runs (futures) met every target solved for, of how many.
struct SolveEvaluation {
    std::string value; // as --set takes it: a number or a date
    std::int64_t met = 0;
    std::int64_t runs = 0;
    bool meets = false; // all runs met (deterministic), or met / runs >= p
    double p_met() const { return runs ? static_cast<double>(met) / static_cast<double>(runs) : 0.0; }
};

// A target's result in one run, for the printed summary.
struct SolveTargetLine {
    std::string id, label;
    bool met = false;
    std::int64_t value = 0, threshold = 0, margin = 0;
    std::string deadline, first_reached; // first_reached empty: not reached
};

struct SolveRecord {
    std::string path;         // as given to --vary
    std::string display_name; // for people
    std::string kind;         // count, integer, number, share or date
    std::string direction;    // "smallest" or "latest"
    bool direction_stated = false;
    std::string range_from, range_to, step;
    std::vector<std::string> targets; // ids of the targets that must all be met
    std::int64_t futures = 0;         // 0: deterministic (one run per value)
    double p = 1.0;                   // P(met) asked for (1 when deterministic)
    SolveStatus status = SolveStatus::solved;
    std::vector<SolveEvaluation> evaluations; // in the order evaluated
    std::optional<std::size_t> answer;        // index into evaluations
    std::optional<std::size_t> last_failing;  // the value one step before it, failing
    std::int64_t future = 0;                  // which future the file's run is
    // Not stored: the targets in the run at the answer and at the last failing value.
    std::vector<SolveTargetLine> at_answer, at_last_failing;
};

// 104000 -> "104,000"; a date or a fraction as it is: a value as people read it.
std::string solve_value_shown(const std::string& value);
// The evaluations' indices in order of value (they are kept in the order evaluated).
std::vector<std::size_t> solve_values_in_order(const SolveRecord& r);

// Writes /solve into an open run file (the writer of results/run_file.hpp calls it last).
void write_solve_record(hid_t file, const SolveRecord& record);
// The /solve record of an open run file, if it has one (RunReader::solve, after it
// validated the file).
std::optional<SolveRecord> read_solve_record(hid_t file, const std::filesystem::path& run_file);

// What `vaxsim solve` prints: the answer, its bracket, P(met) with its interval when
// uncertain, the targets at the answer and one step before, and every value tried.
std::string format_solve(const SolveRecord& record);

} // namespace vaxsim
