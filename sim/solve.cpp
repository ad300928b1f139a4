#include "sim/solve.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>

#include "models/date.hpp"
#include "models/error.hpp"
#include "models/names.hpp"
#include "models/text.hpp"
#include "sim/cli.hpp"
#include "sim/pipeline.hpp"
#include "sim/parallel_runs.hpp"
#include "sim/progress.hpp"
#include "sim/search_values.hpp"

namespace vaxsim {
namespace {

// The values searched: from + i * step for i = 0 .. n, the last one `to` itself.
class Grid {
  public:
    Grid(ValueKind kind, const SolveRequest& r) : kind_(kind) {
        const std::string what = "solve: --range " + r.from + ":" + r.to;
        if (kind == ValueKind::date) {
            const auto a = parse_iso_date(r.from), b = parse_iso_date(r.to);
            if (!a || !b)
                throw UsageError(what + ": " + r.path + " is a date: give dates YYYY-MM-DD");
            lo_ = *a;
            hi_ = *b;
        } else if (kind == ValueKind::count || kind == ValueKind::integer) {
            const auto a = parse_whole(r.from), b = parse_whole(r.to);
            if (!a || !b)
                throw UsageError(what + ": " + r.path + " is a whole number: give whole numbers");
            lo_ = static_cast<double>(*a);
            hi_ = static_cast<double>(*b);
        } else {
            const auto a = parse_real(r.from), b = parse_real(r.to);
            if (!a || !b) throw UsageError(what + ": " + r.path + " is a number: give numbers");
            lo_ = *a;
            hi_ = *b;
        }
        if (!(lo_ < hi_)) throw UsageError(what + ": the range's first end must be below its second");
        whole_ = kind != ValueKind::number && kind != ValueKind::share;
        step_text_ = r.step.empty() ? (whole_ ? "1" : "0.01") : r.step;
        if (whole_) {
            const auto s = parse_whole(step_text_);
            if (!s || *s < 1)
                throw UsageError("solve: --step " + step_text_ + ": " + r.path + " takes " +
                                 (kind == ValueKind::date ? "a whole number of days" : "a whole number") +
                                 " of 1 or more");
            step_ = static_cast<double>(*s);
            n_ = static_cast<std::int64_t>((hi_ - lo_ + step_ - 1) / step_);
        } else {
            const auto s = parse_real(step_text_);
            if (!s || *s <= 0) throw UsageError("solve: --step " + step_text_ + ": give a number above 0");
            step_ = *s;
            n_ = static_cast<std::int64_t>(std::ceil((hi_ - lo_) / step_ - 1e-9));
            decimals_ = std::max({decimals_of(step_text_), decimals_of(r.from), decimals_of(r.to)});
        }
        if (n_ > 1'000'000'000)
            throw UsageError("solve: the range holds more than 10^9 steps: give a larger --step");
    }
    std::int64_t n() const { return n_; }
    const std::string& step_text() const { return step_text_; }
    std::string text(std::int64_t i) const {
        const double v = i >= n_ ? hi_ : lo_ + static_cast<double>(i) * step_;
        if (kind_ == ValueKind::date) return format_iso_date(static_cast<DayNumber>(v));
        if (whole_) return std::to_string(static_cast<std::int64_t>(v));
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", decimals_, v);
        return buf;
    }

  private:
    ValueKind kind_;
    double lo_ = 0, hi_ = 0, step_ = 1;
    bool whole_ = true;
    int decimals_ = 0;
    std::int64_t n_ = 0;
    std::string step_text_;
};

class Search {
  public:
    Search(const Scenario& base, const SolveRequest& r, const Parameter& parameter,
           const Grid& grid, std::vector<std::size_t> targets, SolveRecord& record)
        : base_(base), request_(r), parameter_(parameter), grid_(grid),
          targets_(std::move(targets)), record_(record),
          runs_per_value_(std::max<std::int64_t>(r.futures, 1)),
          progress_("solve",
                    (7 + static_cast<std::int64_t>(std::ceil(std::log2(
                             static_cast<double>(std::max<std::int64_t>(grid.n(), 2)))))) *
                        runs_per_value_,
                    0, r.show_progress) {}

    // The scenario at grid index i; a value the scenario refuses is a usage error.
    Scenario at(std::int64_t i) const {
        const std::string value = grid_.text(i);
        ScenarioSpec spec = base_.spec();
        Provenance provenance = base_.provenance();
        try {
            parameter_.set(spec, ParameterValue::parse(value));
            provenance.overrides.push_back(request_.path + "=" + value);
            return Scenario(std::move(spec), std::move(provenance));
        } catch (const ModelError& e) {
            throw UsageError("solve: " + request_.path + " = " + value +
                             " (in --range): the scenario refuses it: " + e.what());
        }
    }

    // Evaluates the grid indices not yet evaluated, all their runs on the worker threads.
    void evaluate(std::vector<std::int64_t> indices) {
        std::erase_if(indices, [&](std::int64_t i) { return index_.count(i) > 0; });
        std::sort(indices.begin(), indices.end());
        indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
        if (indices.empty()) return;
        std::vector<Scenario> scenarios;
        for (std::int64_t i : indices) scenarios.push_back(at(i));
        const std::int64_t jobs = static_cast<std::int64_t>(indices.size()) * runs_per_value_;
        std::vector<char> met(static_cast<std::size_t>(jobs), 0);
        run_in_parallel(jobs, request_.threads, [&](RunPipeline& pipeline, std::int64_t job) {
            const auto& s = scenarios[static_cast<std::size_t>(job / runs_per_value_)];
            const RunOutput& out = pipeline.run(
                s, {.future = static_cast<std::uint64_t>(job % runs_per_value_),
                    .period_summaries = false,
                    .epidemic = false,
                    .counterfactual = false});
            bool all = true;
            for (std::size_t t : targets_) all = all && out.outcomes.targets[t].met;
            met[static_cast<std::size_t>(job)] = all;
            progress_.update(done_.fetch_add(1) + 1);
        });
        for (std::size_t v = 0; v < indices.size(); ++v) {
            SolveEvaluation e{grid_.text(indices[v]), 0, runs_per_value_, false};
            for (std::int64_t f = 0; f < runs_per_value_; ++f)
                e.met += met[v * static_cast<std::size_t>(runs_per_value_) + static_cast<std::size_t>(f)];
            e.meets = request_.futures == 0
                          ? e.met == e.runs
                          : static_cast<double>(e.met) >=
                                request_.p * static_cast<double>(e.runs) - 1e-9;
            index_[indices[v]] = record_.evaluations.size();
            record_.evaluations.push_back(std::move(e));
        }
    }

    bool meets(std::int64_t i) const { return record_.evaluations[index_.at(i)].meets; }
    std::size_t evaluation(std::int64_t i) const { return index_.at(i); }
    // Every grid index evaluated, ascending.
    std::vector<std::int64_t> evaluated() const {
        std::vector<std::int64_t> out;
        for (const auto& [i, e] : index_) out.push_back(i);
        return out;
    }
    void finish() { progress_.finish(); }

  private:
    const Scenario& base_;
    const SolveRequest& request_;
    const Parameter& parameter_;
    const Grid& grid_;
    std::vector<std::size_t> targets_;
    SolveRecord& record_;
    std::int64_t runs_per_value_;
    std::map<std::int64_t, std::size_t> index_; // grid index -> evaluation
    std::atomic<std::int64_t> done_{0};
    ProgressLine progress_;
};

std::vector<std::size_t> targets_asked(const Scenario& base, const SolveRequest& r) {
    std::vector<std::string> ids;
    for (const auto& t : base.targets) ids.push_back(t.id);
    const std::string known = joined(ids);
    if (base.targets.empty()) throw UsageError("solve: the scenario declares no targets");
    std::vector<std::size_t> out;
    if (r.all_targets) {
        if (!r.targets.empty()) throw UsageError("solve: give --target or --all-targets, not both");
        for (std::size_t t = 0; t < base.targets.size(); ++t) out.push_back(t);
        return out;
    }
    if (r.targets.empty())
        throw UsageError("solve: name the target to meet with --target ID (or --all-targets); "
                         "the scenario's targets: " + known);
    for (const auto& id : r.targets) {
        std::size_t t = 0;
        while (t < base.targets.size() && base.targets[t].id != id) ++t;
        if (t == base.targets.size())
            throw UsageError("solve: --target " + id + ": no such target" +
                             did_you_mean(id, ids, "; the scenario's targets: " + known));
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
    }
    return out;
}

} // namespace

SolveRecord solve(const Scenario& base, const SolveRequest& r) {
    const std::vector<std::size_t> targets = targets_asked(base, r);
    // Solve never runs the epidemic: only the rollout's uncertain inputs matter.
    if (base.rollout_is_stochastic() && r.futures == 0)
        throw UsageError("solve: the scenario has uncertain inputs: say over how many futures "
                         "and with what probability, e.g. --futures 200 --p 0.9");
    if (!base.rollout_is_stochastic() && r.futures > 0)
        throw UsageError("solve: --futures: the scenario has no uncertain inputs, so every "
                         "future is the same run; leave --futures out");
    if (r.futures < 0 || r.futures > 1'000'000)
        throw UsageError("solve: --futures takes 1 to 1,000,000");
    if (r.futures > 0 && !(r.p > 0 && r.p <= 1))
        throw UsageError("solve: --p takes a probability above 0 and at most 1");

    const ParameterSpace space(base.spec());
    std::optional<Parameter> parameter;
    try {
        parameter.emplace(space.resolve(r.path));
    } catch (const ModelError& e) {
        throw UsageError(std::string("solve: --vary: ") + e.what());
    }
    const std::string kind = kind_name(parameter->kind());
    if (kind.empty())
        throw UsageError("solve: --vary " + r.path +
                         ": solve searches numbers and dates; this path takes words");
    const Grid grid(parameter->kind(), r);

    SolveRecord record;
    record.path = r.path;
    record.display_name = parameter_display_name(base.spec(), r.path);
    record.kind = kind;
    record.range_from = grid.text(0);
    record.range_to = grid.text(grid.n());
    record.step = grid.step_text();
    for (std::size_t t : targets) record.targets.push_back(base.targets[t].id);
    record.futures = r.futures;
    record.p = r.futures > 0 ? r.p : 1.0;
    record.direction_stated = r.direction.has_value();

    Search search(base, r, *parameter, grid, targets, record);
    // Both ends first, before any run: a value the scenario refuses is an input error.
    search.at(0);
    search.at(grid.n());
    const std::int64_t n = grid.n();
    std::vector<std::int64_t> probes{0, n};
    for (int k = 1; k <= 5; ++k) probes.push_back(n * k / 6);
    search.evaluate(probes);

    // Direction: met at the upper end and not the lower -> the smallest value; the reverse
    // -> the latest (largest) value.
    std::optional<SolveDirection> direction = r.direction;
    if (!direction && search.meets(0) != search.meets(n))
        direction = search.meets(n) ? SolveDirection::smallest : SolveDirection::latest;
    // A stated direction the ends contradict: met at the end it asks to move away from.
    // Not "not monotone" (the values may rise or fall cleanly): the other question.
    if (r.direction && search.meets(0) != search.meets(n) &&
        (*r.direction == SolveDirection::smallest) != search.meets(n)) {
        search.finish();
        const bool smallest = *r.direction == SolveDirection::smallest;
        const std::string met_at = smallest ? grid.text(0) : grid.text(n);
        const std::string not_at = smallest ? grid.text(n) : grid.text(0);
        throw UsageError(std::string("solve: ") + (smallest ? "--smallest" : "--latest") +
                         " asks for the " + (smallest ? "smallest" : "latest (largest)") +
                         " value that still meets the targets, but they are met at " + met_at +
                         " (the " + (smallest ? "lower" : "upper") + " end of the range) and not at " +
                         not_at + ": did you mean " + (smallest ? "--latest" : "--smallest") +
                         "? (Or leave the direction out: the ends decide it.)");
    }
    // Position j along the search: the grid index, or its mirror for the latest value, so
    // that a monotone response fails then meets as j grows.
    const auto index_of = [&](std::int64_t j) {
        return direction == SolveDirection::latest ? n - j : j;
    };
    const auto pattern_monotone = [&] {
        std::vector<std::int64_t> js;
        for (std::int64_t i : search.evaluated()) js.push_back(direction == SolveDirection::latest ? n - i : i);
        std::sort(js.begin(), js.end());
        bool seen_meet = false;
        for (std::int64_t j : js) {
            if (search.meets(index_of(j)))
                seen_meet = true;
            else if (seen_meet)
                return false;
        }
        return true;
    };

    const auto finish = [&](SolveStatus status) {
        search.finish();
        record.status = status;
        record.direction = !direction ? "unknown"
                           : *direction == SolveDirection::smallest ? "smallest"
                                                                    : "latest";
        return record;
    };
    if (!direction) {
        // The ends agree: met at both, or at neither.
        bool any_differs = false;
        for (std::int64_t i : search.evaluated())
            any_differs = any_differs || search.meets(i) != search.meets(0);
        if (any_differs) return finish(SolveStatus::not_monotone);
        if (!search.meets(0)) return finish(SolveStatus::met_nowhere);
        search.finish();
        throw UsageError("solve: the targets are met at both ends of the range (" +
                         grid.text(0) + " and " + grid.text(n) +
                         "), so which end is the answer depends on the question: say --smallest "
                         "or --latest, or widen the range");
    }
    if (!pattern_monotone()) return finish(SolveStatus::not_monotone);
    // The last probe that fails and the first that meets, along j.
    std::int64_t fail_j = -1, meet_j = -1;
    for (std::int64_t i : search.evaluated()) {
        const std::int64_t j = direction == SolveDirection::latest ? n - i : i;
        if (search.meets(i))
            meet_j = meet_j < 0 ? j : std::min(meet_j, j);
        else
            fail_j = std::max(fail_j, j);
    }
    if (meet_j < 0) return finish(SolveStatus::met_nowhere);
    if (fail_j < 0) {
        record.answer = search.evaluation(index_of(0));
        return finish(SolveStatus::met_everywhere);
    }
    while (meet_j - fail_j > 1) {
        const std::int64_t mid = fail_j + (meet_j - fail_j) / 2;
        search.evaluate({index_of(mid)});
        if (search.meets(index_of(mid)))
            meet_j = mid;
        else
            fail_j = mid;
    }
    if (!pattern_monotone()) return finish(SolveStatus::not_monotone);
    record.answer = search.evaluation(index_of(meet_j));
    record.last_failing = search.evaluation(index_of(fail_j));
    return finish(SolveStatus::solved);
}

} // namespace vaxsim
