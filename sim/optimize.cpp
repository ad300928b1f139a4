#include "sim/optimize.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <random>

#include <nlopt.h>

#include "models/date.hpp"
#include "models/error.hpp"
#include "models/rounding.hpp"
#include "sim/cli.hpp"
#include "sim/parallel_runs.hpp"
#include "sim/parameter_space.hpp"
#include "sim/pipeline.hpp"
#include "sim/progress.hpp"
#include "sim/search_values.hpp"
#include "models/names.hpp"
#include "models/text.hpp"

namespace vaxsim {

// e(x) at x = 2.5, 7.5, ..., 72.5 and at 80 for 75+ (most deaths of 75+ are past 80),
// read off KOSTAT's 2020 complete life table, both sexes, rounded to 0.1 year [assumed]:
// replace with --life-expectancy for another population or year.
const std::array<double, five_year_bands> korea_2020_life_expectancy{
    81.0, 76.1, 71.1, 66.2, 61.3, 56.4, 51.5, 46.6,
    41.8, 37.0, 32.4, 27.8, 23.4, 19.2, 15.2, 10.1};

namespace {

// A day count for a target never reached: the days to its deadline plus this many, so an
// allocation that reaches it (a run is at most 3,660 days) always beats one that does not.
constexpr double not_reached_penalty_days = 10000;

enum class Objective { deaths, hospitalisations, yll, time_to_target };

// One allocation: scenario paths set to values (as --set writes them).
struct Candidate {
    std::vector<std::pair<std::size_t, std::string>> values; // (parameter, value)
    std::string order; // an order's groups, first slot first; empty for values
    // Shares: [period][group] in parts per 10,000, each period's summing to 10,000.
    std::vector<std::int64_t> shares;
};

// --shares: the groups and the periods whose shares are searched.
struct SharesProblem {
    std::vector<std::string> groups;   // ids, as named
    std::vector<DayNumber> periods;    // each period's first day; the first is the run's start
    std::vector<double> people;        // each group's people: the start's shares
};

constexpr std::int64_t share_units = 10000; // shares are searched and written to 1/10,000

// A share in parts per 10,000 as text: 2500 -> "0.2500".
std::string share_text(std::int64_t units) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%04lld", static_cast<long long>(units / share_units),
                  static_cast<long long>(units % share_units));
    return buf;
}

// The --set overrides that make a candidate's shares: the allocation, the first period's
// shares in policy.shares, and one policy change per later period (the list made first,
// as `--set` reaches list elements only when they exist, then its shares by date).
std::vector<std::string> share_settings(const SharesProblem& p, const std::vector<std::int64_t>& units) {
    const std::size_t k = p.groups.size();
    std::vector<std::string> out{"policy.first_dose_allocation=" +
                                 std::string(Policy::shares_allocation)};
    for (std::size_t g = 0; g < k; ++g)
        out.push_back("policy.shares." + p.groups[g] + "=" + share_text(units[g]));
    if (p.periods.size() > 1) {
        std::string list = "policy.changes=[";
        for (std::size_t q = 1; q < p.periods.size(); ++q)
            list += std::string(q > 1 ? "," : "") + "{\"from\":\"" + format_iso_date(p.periods[q]) + "\"}";
        out.push_back(list + "]");
    }
    for (std::size_t q = 1; q < p.periods.size(); ++q)
        for (std::size_t g = 0; g < k; ++g)
            out.push_back("policy.changes." + format_iso_date(p.periods[q]) + ".shares." + p.groups[g] +
                          "=" + share_text(units[q * k + g]));
    return out;
}

// The same shares set on a spec directly, as the overrides above set them through the
// file's text (the scenario's own policy changes were refused before the search).
void set_shares(ScenarioSpec& spec, const SharesProblem& p, const std::vector<std::int64_t>& units) {
    const std::size_t k = p.groups.size();
    const auto value = [&](std::size_t i) { return *ParameterValue::parse(share_text(units[i])).number; };
    spec.policy.allocation = Policy::shares_allocation;
    for (std::size_t g = 0; g < k; ++g) {
        auto& listed = spec.policy.shares;
        auto it = std::find_if(listed.begin(), listed.end(),
                               [&](const auto& x) { return x.first == p.groups[g]; });
        if (it == listed.end())
            listed.emplace_back(p.groups[g], value(g));
        else
            it->second = value(g);
    }
    spec.policy.changes.clear();
    for (std::size_t q = 1; q < p.periods.size(); ++q) {
        PolicyChangeSpec change;
        change.from = p.periods[q];
        for (std::size_t g = 0; g < k; ++g) change.shares.emplace_back(p.groups[g], value(q * k + g));
        spec.policy.changes.push_back(std::move(change));
    }
}

// Stick-breaking: per period, k - 1 numbers in [0, 1] to k shares >= 0 summing to 1 (the
// first group's part of the whole, the next's part of what is left, ..., the last the
// rest), rounded to parts per 10,000 by largest remainder.
std::vector<std::int64_t> shares_of(const SharesProblem& p, const double* x) {
    const std::size_t k = p.groups.size();
    std::vector<std::int64_t> units;
    for (std::size_t q = 0; q < p.periods.size(); ++q) {
        std::vector<std::int64_t> weights;
        double left = 1.0;
        for (std::size_t g = 0; g + 1 < k; ++g) {
            const double part = left * std::clamp(x[q * (k - 1) + g], 0.0, 1.0);
            weights.push_back(std::llround(part * 1e15));
            left -= part;
        }
        weights.push_back(std::llround(std::max(left, 0.0) * 1e15));
        for (std::int64_t u : split_proportionally(share_units, weights)) units.push_back(u);
    }
    return units;
}

// The point whose shares are the groups' shares of their people, in every period.
std::vector<double> people_point(const SharesProblem& p) {
    const std::size_t k = p.groups.size();
    double total = 0;
    for (double n : p.people) total += n;
    std::vector<double> x;
    for (std::size_t q = 0; q < p.periods.size(); ++q) {
        double left = 1.0;
        for (std::size_t g = 0; g + 1 < k; ++g) {
            const double share = total > 0 ? p.people[g] / total : 1.0 / static_cast<double>(k);
            x.push_back(left > 1e-12 ? std::clamp(share / left, 0.0, 1.0) : 0.0);
            left -= share;
        }
    }
    return x;
}

// The objective of one run.
double objective_value(Objective measure, std::size_t target, const std::vector<double>& life,
                       const RunOutput& out) {
    switch (measure) {
    case Objective::deaths:
        return out.epidemic->vaccinated.total_deaths();
    case Objective::hospitalisations:
        return out.epidemic->vaccinated.total_hospitalisations();
    case Objective::yll: {
        const auto& deaths = out.epidemic->vaccinated.deaths;
        // Per band of the model, or per five-year band averaged over each band's people.
        if (static_cast<Eigen::Index>(life.size()) != deaths.cols() && life.size() != five_year_bands)
            throw UsageError("optimize: --life-expectancy takes 16 values or one per epidemic band");
        const EpiVector given = Eigen::Map<const EpiVector>(life.data(), static_cast<Eigen::Index>(life.size()));
        const EpiVector years_left = static_cast<Eigen::Index>(life.size()) == deaths.cols()
                                         ? given
                                         : out.scenario->epidemic->per_band(given);
        double years = 0;
        for (Eigen::Index a = 0; a < deaths.cols(); ++a)
            years += deaths.col(a).sum() * years_left(a);
        return years;
    }
    case Objective::time_to_target: {
        const Scenario& s = *out.scenario;
        const auto& reached = out.outcomes.targets[target].first_reached;
        if (reached) return static_cast<double>(*reached - s.start);
        return static_cast<double>(s.targets[target].deadline - s.start) + not_reached_penalty_days;
    }
    }
    return 0;
}

// "deaths", "hospitalisations", "yll" or "time-to-target:ID" (the id returned).
std::pair<Objective, std::string> parse_objective(const std::string& text) {
    if (text == "deaths") return {Objective::deaths, ""};
    if (text == "hospitalisations") return {Objective::hospitalisations, ""};
    if (text == "yll") return {Objective::yll, ""};
    if (text.rfind("time-to-target:", 0) == 0) return {Objective::time_to_target, text.substr(15)};
    throw UsageError("optimize: --objective " + text +
                     ": expected deaths, hospitalisations, yll or time-to-target:TARGET_ID");
}

std::vector<double> life_expectancy_of(const OptimizeRequest& r) {
    if (r.life_expectancy.empty())
        return {korea_2020_life_expectancy.begin(), korea_2020_life_expectancy.end()};
    return r.life_expectancy;
}

struct Evaluated {
    double value = 0;
    std::vector<double> per_future;
};

class Evaluator {
  public:
    Evaluator(const Scenario& base, const OptimizeRequest& r, Objective measure,
              std::size_t target, std::vector<double> life, std::vector<Parameter> parameters,
              std::int64_t expected_evaluations, const SharesProblem* shares = nullptr)
        : base_(base), request_(r), measure_(measure), target_(target), life_(std::move(life)),
          parameters_(std::move(parameters)), shares_(shares),
          runs_per_candidate_(std::max<std::int64_t>(r.futures, 1)),
          progress_("optimize", expected_evaluations * runs_per_candidate_, 0, r.show_progress) {}

    const Parameter& parameter(std::size_t i) const { return parameters_[i]; }
    std::int64_t evaluations() const { return evaluations_; }
    std::int64_t runs() const { return runs_; }

    std::vector<std::string> settings(const Candidate& c) const {
        std::vector<std::string> out;
        for (const auto& [p, v] : c.values) out.push_back(parameters_[p].path() + "=" + v);
        if (shares_ && !c.shares.empty())
            for (auto& x : share_settings(*shares_, c.shares)) out.push_back(std::move(x));
        return out;
    }

    // The scenario with a candidate's values; a value the scenario refuses is a usage error.
    Scenario at(const Candidate& c) const {
        ScenarioSpec spec = base_.spec();
        Provenance provenance = base_.provenance();
        try {
            for (const auto& [p, v] : c.values) parameters_[p].set(spec, ParameterValue::parse(v));
            if (shares_ && !c.shares.empty()) set_shares(spec, *shares_, c.shares);
            for (const auto& s : settings(c)) provenance.overrides.push_back(s);
            return Scenario(std::move(spec), std::move(provenance));
        } catch (const ModelError& e) {
            std::string what;
            for (const auto& s : settings(c)) what += (what.empty() ? "" : ", ") + s;
            throw UsageError("optimize: " + what + ": the scenario refuses it: " + e.what());
        }
    }

    double objective(const RunOutput& out) const {
        return objective_value(measure_, target_, life_, out);
    }

    // Each scenario's objective over the futures, its runs on the worker threads.
    std::vector<Evaluated> run(const std::vector<const Scenario*>& scenarios, bool counted) {
        const std::int64_t jobs = static_cast<std::int64_t>(scenarios.size()) * runs_per_candidate_;
        std::vector<double> values(static_cast<std::size_t>(jobs), 0.0);
        const RunRequest how{.future = 0,
                             .period_summaries = false,
                             .epidemic = measure_ != Objective::time_to_target,
                             .counterfactual = false};
        run_in_parallel(jobs, request_.threads, [&](RunPipeline& pipeline, std::int64_t job) {
            RunRequest r = how;
            r.future = static_cast<std::uint64_t>(job % runs_per_candidate_);
            const auto& s = *scenarios[static_cast<std::size_t>(job / runs_per_candidate_)];
            values[static_cast<std::size_t>(job)] = objective(pipeline.run(s, r));
            if (counted) progress_.update(done_.fetch_add(1) + 1);
        });
        std::vector<Evaluated> out;
        for (std::size_t c = 0; c < scenarios.size(); ++c) {
            Evaluated e;
            const auto first = values.begin() + static_cast<std::ptrdiff_t>(c * runs_per_candidate_);
            e.per_future.assign(first, first + runs_per_candidate_);
            e.value = risk(e.per_future);
            out.push_back(std::move(e));
        }
        if (counted) {
            evaluations_ += static_cast<std::int64_t>(scenarios.size());
            runs_ += jobs;
        }
        return out;
    }

    // Candidates in batches (a scenario each, built on the worker threads).
    std::vector<Evaluated> evaluate(const std::vector<Candidate>& candidates) {
        std::vector<Evaluated> out;
        constexpr std::size_t batch = 256;
        for (std::size_t from = 0; from < candidates.size(); from += batch) {
            const std::size_t n = std::min(batch, candidates.size() - from);
            std::vector<std::optional<Scenario>> built(n);
            run_in_parallel(static_cast<std::int64_t>(n), request_.threads,
                            [&](RunPipeline&, std::int64_t i) {
                                built[static_cast<std::size_t>(i)].emplace(
                                    at(candidates[from + static_cast<std::size_t>(i)]));
                            });
            std::vector<const Scenario*> scenarios;
            for (const auto& s : built) scenarios.push_back(&*s);
            for (auto& e : run(scenarios, true)) out.push_back(std::move(e));
        }
        return out;
    }

    double risk(std::vector<double> v) const {
        if (request_.risk == OptimizeRisk::mean || v.size() == 1) {
            double sum = 0;
            for (double x : v) sum += x;
            return sum / static_cast<double>(v.size());
        }
        // The worst tenth (rounded up): the largest values, which the search minimises.
        const std::size_t k = (v.size() + 9) / 10;
        std::sort(v.begin(), v.end(), std::greater<>());
        double sum = 0;
        for (std::size_t i = 0; i < k; ++i) sum += v[i];
        return sum / static_cast<double>(k);
    }

    void finish() { progress_.finish(); }

  private:
    const Scenario& base_;
    const OptimizeRequest& request_;
    Objective measure_;
    std::size_t target_;
    std::vector<double> life_;
    std::vector<Parameter> parameters_;
    const SharesProblem* shares_ = nullptr;
    std::int64_t runs_per_candidate_;
    std::int64_t evaluations_ = 0, runs_ = 0;
    std::atomic<std::int64_t> done_{0};
    ProgressLine progress_;
};

std::vector<std::string> known_groups(const Scenario& s) {
    std::vector<std::string> out;
    for (const auto& g : s.spec().population.groups) out.push_back(g.id);
    return out;
}

// --- orders -------------------------------------------------------------------------

struct Slot {
    DayNumber opens = 0;
    std::int64_t priority = 0;
};

struct OrderProblem {
    std::vector<std::size_t> groups; // spec indices, in the plan's order (by their slots)
    std::vector<Slot> slots;         // sorted: opening date, then priority, then file order
};

OrderProblem order_problem(const Scenario& base, const std::vector<std::string>& ids) {
    const auto& groups = base.spec().population.groups;
    if (ids.size() < 2) throw UsageError("optimize: --order names at least two groups to reorder");
    OrderProblem p;
    for (const auto& id : ids) {
        std::size_t g = 0;
        while (g < groups.size() && groups[g].id != id) ++g;
        if (g == groups.size())
            throw UsageError("optimize: --order " + id + ": no such group; the scenario's groups: " +
                             joined(known_groups(base), ", "));
        if (std::find(p.groups.begin(), p.groups.end(), g) != p.groups.end())
            throw UsageError("optimize: --order names " + id + " twice");
        p.groups.push_back(g);
    }
    std::stable_sort(p.groups.begin(), p.groups.end(), [&](std::size_t a, std::size_t b) {
        if (groups[a].opens != groups[b].opens) return groups[a].opens < groups[b].opens;
        if (groups[a].priority != groups[b].priority) return groups[a].priority < groups[b].priority;
        return a < b;
    });
    for (std::size_t g : p.groups) p.slots.push_back({groups[g].opens, groups[g].priority});
    // The engine breaks a tie of priorities by the groups' order in the file, which stays
    // with the groups when their slots move: two orders could then make the same scenario,
    // or serve a group before the one the order puts first.
    for (std::size_t i = 0; i < p.groups.size(); ++i)
        for (std::size_t j = i + 1; j < p.groups.size(); ++j)
            if (groups[p.groups[i]].priority == groups[p.groups[j]].priority)
                throw UsageError("optimize: --order: " + groups[p.groups[i]].id + " and " +
                                 groups[p.groups[j]].id + " share priority " +
                                 std::to_string(groups[p.groups[i]].priority) +
                                 ", so an order cannot say which goes first; give them "
                                 "distinct priorities (--set groups.ID.priority=N)");
    // A group that closes keeps its closing date: every slot must open before it.
    for (std::size_t g : p.groups)
        if (groups[g].closes)
            for (const Slot& s : p.slots)
                if (s.opens >= *groups[g].closes)
                    throw UsageError("optimize: --order: " + groups[g].id + " closes on " +
                                     format_iso_date(*groups[g].closes) +
                                     ", so it cannot take the slot that opens on " +
                                     format_iso_date(s.opens) + "; leave it out of --order");
    for (const auto& place : base.spec().places)
        for (const auto& [group, day] : place.opens)
            for (std::size_t g : p.groups)
                if (groups[g].id == group)
                    throw UsageError("optimize: --order: place " + place.id +
                                     " sets its own opening date for " + group +
                                     ", which an order cannot move; leave it out of --order");
    return p;
}

// The candidate giving slot i to the group at position perm[i] of the plan's order: only
// the groups whose slot changes are set.
Candidate order_candidate(const Scenario& base, const OrderProblem& p,
                          const std::vector<std::size_t>& perm) {
    const auto& groups = base.spec().population.groups;
    Candidate c;
    for (std::size_t i = 0; i < perm.size(); ++i) {
        const std::size_t g = p.groups[perm[i]];
        c.order += (i ? ", " : "") + groups[g].id;
        if (groups[g].opens != p.slots[i].opens)
            c.values.emplace_back(2 * perm[i], format_iso_date(p.slots[i].opens));
        if (groups[g].priority != p.slots[i].priority)
            c.values.emplace_back(2 * perm[i] + 1, std::to_string(p.slots[i].priority));
    }
    return c;
}

std::int64_t factorial_capped(std::size_t n, std::int64_t cap) {
    std::int64_t f = 1;
    for (std::size_t k = 2; k <= n; ++k) {
        f *= static_cast<std::int64_t>(k);
        if (f > cap) return cap + 1;
    }
    return f;
}

struct Found {
    Candidate candidate;
    Evaluated evaluated;
};

// Every order, the plan's first (lexicographic order of positions in the plan's order).
Found exhaustive_orders(const Scenario& base, const OrderProblem& p, Evaluator& evaluator,
                        Found& plan) {
    std::vector<std::size_t> perm(p.groups.size());
    std::iota(perm.begin(), perm.end(), 0);
    std::optional<Found> best;
    bool first = true;
    for (bool more = true; more;) {
        std::vector<Candidate> batch;
        while (more && batch.size() < 1024) {
            batch.push_back(order_candidate(base, p, perm));
            more = std::next_permutation(perm.begin(), perm.end());
        }
        auto results = evaluator.evaluate(batch);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (first) {
                plan = {batch[i], results[i]};
                first = false;
            }
            if (!best || results[i].value < best->evaluated.value)
                best = Found{batch[i], results[i]};
        }
    }
    return *best;
}

// Pairwise-swap local search: from each start, evaluate every swap of two groups of the
// current order, move to the best if it improves, stop when none does. Starts: the plan's
// order, its reverse, then shuffles (seeded by the scenario's seed), while the budget lasts.
Found local_search(const Scenario& base, const OrderProblem& p, Evaluator& evaluator,
                   Found& plan, std::int64_t budget) {
    const std::size_t n = p.groups.size();
    std::map<std::vector<std::size_t>, Evaluated> seen;
    std::optional<std::pair<std::vector<std::size_t>, Evaluated>> best;
    const auto evaluate = [&](std::vector<std::vector<std::size_t>> perms) {
        std::vector<std::vector<std::size_t>> fresh;
        for (auto& q : perms)
            if (!seen.count(q) && std::find(fresh.begin(), fresh.end(), q) == fresh.end())
                fresh.push_back(q);
        const std::int64_t left = budget - evaluator.evaluations();
        if (static_cast<std::int64_t>(fresh.size()) > left)
            fresh.resize(static_cast<std::size_t>(std::max<std::int64_t>(left, 0)));
        std::vector<Candidate> candidates;
        for (const auto& q : fresh) candidates.push_back(order_candidate(base, p, q));
        const auto results = evaluator.evaluate(candidates);
        for (std::size_t i = 0; i < fresh.size(); ++i) {
            seen[fresh[i]] = results[i];
            if (!best || results[i].value < best->second.value) best.emplace(fresh[i], results[i]);
        }
    };
    std::vector<std::vector<std::size_t>> starts;
    std::vector<std::size_t> identity(n);
    std::iota(identity.begin(), identity.end(), 0);
    starts.push_back(identity);
    starts.emplace_back(identity.rbegin(), identity.rend());
    std::mt19937_64 random(base.seed ^ 0x6f7074696d697a65ULL);
    for (int k = 0; k < 2; ++k) {
        auto q = identity;
        std::shuffle(q.begin(), q.end(), random);
        starts.push_back(q);
    }
    for (const auto& start : starts) {
        if (evaluator.evaluations() >= budget) break;
        evaluate({start});
        if (!seen.count(start)) break;
        if (start == identity) plan = {order_candidate(base, p, identity), seen.at(identity)};
        auto current = start;
        for (;;) {
            std::vector<std::vector<std::size_t>> neighbours;
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = i + 1; j < n; ++j) {
                    auto q = current;
                    std::swap(q[i], q[j]);
                    neighbours.push_back(q);
                }
            evaluate(neighbours);
            const std::vector<std::size_t>* next = nullptr;
            double next_value = seen.at(current).value;
            for (const auto& q : neighbours) {
                const auto it = seen.find(q);
                if (it != seen.end() && it->second.value < next_value) {
                    next = &it->first;
                    next_value = it->second.value;
                }
            }
            if (!next) break;
            current = *next;
        }
    }
    return {order_candidate(base, p, best->first), best->second};
}

// --- values -------------------------------------------------------------------------

struct Range {
    std::size_t parameter = 0;
    double lo = 0, hi = 0;
    bool whole = true;
    int decimals = 6;
    ValueKind kind = ValueKind::number;
};

std::string value_text(const Range& r, double x) {
    x = std::clamp(x, r.lo, r.hi);
    if (r.kind == ValueKind::date) return format_iso_date(static_cast<DayNumber>(std::llround(x)));
    if (r.whole) return std::to_string(std::llround(x));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", r.decimals, x);
    return buf;
}

Range parse_range(const std::string& item, std::size_t index, const Parameter& parameter) {
    const auto eq = item.find('=');
    const std::string range = item.substr(eq + 1);
    const auto dots = range.find("..");
    const std::string what = "optimize: --vary " + item;
    if (dots == std::string::npos || range.find("..", dots + 2) != std::string::npos)
        throw UsageError(what + ": expected PATH=FROM..TO, e.g. capacity.periods.2.doses_per_day=80000..140000");
    const std::string from = range.substr(0, dots), to = range.substr(dots + 2);
    Range r;
    r.parameter = index;
    r.kind = parameter.kind();
    if (r.kind == ValueKind::date) {
        const auto a = parse_iso_date(from), b = parse_iso_date(to);
        if (!a || !b) throw UsageError(what + ": " + parameter.path() + " is a date: give dates YYYY-MM-DD");
        r.lo = *a;
        r.hi = *b;
    } else if (r.kind == ValueKind::count || r.kind == ValueKind::integer) {
        const auto a = parse_whole(from), b = parse_whole(to);
        if (!a || !b) throw UsageError(what + ": " + parameter.path() + " is a whole number: give whole numbers");
        r.lo = static_cast<double>(*a);
        r.hi = static_cast<double>(*b);
    } else {
        const auto a = parse_real(from), b = parse_real(to);
        if (!a || !b) throw UsageError(what + ": " + parameter.path() + " is a number: give numbers");
        r.lo = *a;
        r.hi = *b;
        r.whole = false;
        r.decimals = std::max({decimals_of(from), decimals_of(to), 4});
    }
    if (!(r.lo < r.hi)) throw UsageError(what + ": the range's first end must be below its second");
    return r;
}

// One NLopt search of a box: `make` turns a point into a candidate; candidates are told
// apart by their --set overrides (a point rounded to one already evaluated costs nothing).
struct NloptSearch {
    Evaluator* evaluator = nullptr;
    std::function<Candidate(const double*)> make;
    unsigned n = 0;
    std::int64_t budget = 0;
    std::map<std::vector<std::string>, Evaluated> seen;
    std::vector<std::pair<Candidate, Evaluated>> order; // in the order evaluated
    std::int64_t refused = 0; // values inside the ranges the scenario refuses: infeasible
    std::exception_ptr error;
    nlopt_opt opt = nullptr;
};

double nlopt_objective(unsigned, const double* x, double*, void* data) {
    auto& s = *static_cast<NloptSearch*>(data);
    try {
        const Candidate c = s.make(x);
        const std::vector<std::string> key = s.evaluator->settings(c);
        const auto it = s.seen.find(key);
        if (it != s.seen.end()) return it->second.value;
        if (s.evaluator->evaluations() >= s.budget) {
            if (s.opt) nlopt_force_stop(s.opt);
            return HUGE_VAL;
        }
        // Both ends of every range were accepted before the search, but a point between
        // them may not be (two dates that must stay in order, each within its range): it
        // is infeasible, skipped and counted, not the end of the search. The scenario is
        // built before any run (Evaluator::at), so a refusal has run and counted nothing.
        Evaluated e;
        try {
            e = s.evaluator->evaluate({c}).front();
        } catch (const UsageError&) {
            ++s.refused;
            s.seen[key] = Evaluated{HUGE_VAL, {}};
            return HUGE_VAL;
        }
        s.seen[key] = e;
        s.order.emplace_back(c, e);
        return e.value;
    } catch (...) {
        if (!s.error) s.error = std::current_exception();
        if (s.opt) nlopt_force_stop(s.opt);
        return HUGE_VAL;
    }
}

// Searches the box [lo, hi] from x with `algorithm`; the best candidate evaluated. With
// `first`, the candidate at x is evaluated before the search (it is then order[0]).
Found run_nlopt(nlopt_algorithm algorithm, const std::string& method, std::vector<double> lo,
                std::vector<double> hi, std::vector<double> x, const std::vector<double>& step,
                std::function<Candidate(const double*)> make, Evaluator& evaluator,
                std::int64_t budget, std::uint64_t seed, std::int64_t& refused,
                std::optional<Found>* first = nullptr) {
    const unsigned n = static_cast<unsigned>(x.size());
    nlopt_srand(seed);
    NloptSearch s;
    s.evaluator = &evaluator;
    s.make = std::move(make);
    s.n = n;
    s.budget = budget;
    if (first) {
        nlopt_objective(n, x.data(), nullptr, &s);
        if (s.error) std::rethrow_exception(s.error);
        if (!s.order.empty()) first->emplace(Found{s.order.front().first, s.order.front().second});
    }
    s.opt = nlopt_create(algorithm, n);
    struct Destroy {
        nlopt_opt o;
        ~Destroy() { nlopt_destroy(o); }
    } destroy{s.opt};
    nlopt_set_lower_bounds(s.opt, lo.data());
    nlopt_set_upper_bounds(s.opt, hi.data());
    nlopt_set_min_objective(s.opt, nlopt_objective, &s);
    // Calls that land on a value already evaluated (after rounding) cost nothing, so the
    // optimiser may make more calls than the budget's evaluations.
    nlopt_set_maxeval(s.opt, static_cast<int>(std::min<std::int64_t>(budget * 20, 1'000'000)));
    if (algorithm == NLOPT_LN_SBPLX) nlopt_set_initial_step(s.opt, step.data());
    double best_value = 0;
    const nlopt_result result = nlopt_optimize(s.opt, x.data(), &best_value);
    if (s.error) std::rethrow_exception(s.error);
    refused = s.refused;
    if (result < 0 && result != NLOPT_FORCED_STOP)
        throw std::runtime_error("optimize: NLopt " + method + " failed (nlopt_result " +
                                 std::to_string(static_cast<int>(result)) + ")");
    if (s.order.empty())
        throw UsageError(s.refused > 0 ? "optimize: every value tried inside the ranges was "
                                         "refused by the scenario (" +
                                             std::to_string(s.refused) + ")"
                                       : "optimize: the budget allowed no evaluation");
    std::size_t best = 0;
    for (std::size_t i = 1; i < s.order.size(); ++i)
        if (s.order[i].second.value < s.order[best].second.value) best = i;
    return {s.order[best].first, s.order[best].second};
}

Found search_values(const std::vector<Range>& ranges, Evaluator& evaluator, std::int64_t budget,
                    std::uint64_t seed, std::string& method, std::int64_t& refused) {
    const unsigned n = static_cast<unsigned>(ranges.size());
    const nlopt_algorithm algorithm = n <= 2 ? NLOPT_GN_DIRECT_L : NLOPT_LN_SBPLX;
    method = n <= 2 ? "DIRECT-L" : "Sbplx";
    std::vector<double> lo, hi, x, step;
    for (const Range& r : ranges) {
        lo.push_back(r.lo);
        hi.push_back(r.hi);
        x.push_back((r.lo + r.hi) / 2);
        step.push_back((r.hi - r.lo) / 4);
    }
    const auto make = [&ranges, n](const double* point) {
        Candidate c;
        for (unsigned i = 0; i < n; ++i)
            c.values.emplace_back(ranges[i].parameter, value_text(ranges[i], point[i]));
        return c;
    };
    return run_nlopt(algorithm, method, lo, hi, x, step, make, evaluator, budget, seed, refused);
}

// Shares: Sbplx over the stick-breaking box [0, 1]^(periods x (groups - 1)), from the
// groups' shares of their people; `start` gets that first candidate.
Found search_shares(const SharesProblem& p, Evaluator& evaluator, std::int64_t budget,
                    std::uint64_t seed, std::int64_t& refused, std::optional<Found>& start) {
    const std::vector<double> x = people_point(p);
    const std::vector<double> lo(x.size(), 0.0), hi(x.size(), 1.0), step(x.size(), 0.25);
    const auto make = [&p](const double* point) {
        Candidate c;
        c.shares = shares_of(p, point);
        return c;
    };
    return run_nlopt(NLOPT_LN_SBPLX, "Sbplx", lo, hi, x, step, make, evaluator, budget, seed,
                     refused, &start);
}

std::string unit_of(Objective m) {
    switch (m) {
    case Objective::deaths:
        return "deaths";
    case Objective::hospitalisations:
        return "hospitalisations";
    case Objective::yll:
        return "years of life lost";
    case Objective::time_to_target:
        return "days";
    }
    return "";
}

} // namespace

double run_objective(const OptimizeRequest& request, const RunOutput& run) {
    const auto [measure, target_id] = parse_objective(request.objective);
    std::size_t target = 0;
    const auto& targets = run.scenario->targets;
    while (target < targets.size() && targets[target].id != target_id) ++target;
    if (measure == Objective::time_to_target && target == targets.size())
        throw UsageError("optimize: no target " + target_id);
    return objective_value(measure, target, life_expectancy_of(request), run);
}

OptimizeRecord optimize(const Scenario& base, const OptimizeRequest& r) {
    // The objective.
    const auto parsed = parse_objective(r.objective);
    const Objective measure = parsed.first;
    const std::string target_id = parsed.second;
    const std::string objective = measure == Objective::time_to_target ? "time-to-target" : r.objective;
    std::size_t target = 0;
    const auto check_scenario = [&](const Scenario& s, const std::string& which) {
        if (measure != Objective::time_to_target && !s.epidemic)
            throw UsageError("optimize: " + which + " has no epidemic section, so it has no " +
                             unit_of(measure) + " to minimise; add an `epidemic:` section, or "
                             "use --objective time-to-target:TARGET_ID");
        if (measure == Objective::time_to_target) {
            std::size_t t = 0;
            while (t < s.targets.size() && s.targets[t].id != target_id) ++t;
            if (t == s.targets.size()) {
                std::vector<std::string> ids;
                for (const auto& x : s.targets) ids.push_back(x.id);
                throw UsageError("optimize: --objective time-to-target:" + target_id + ": " +
                                 which + " has no such target" +
                                 did_you_mean(target_id, ids,
                                              "; its targets: " + (ids.empty() ? "none" : joined(ids, ", "))));
            }
            return t;
        }
        return std::size_t{0};
    };
    target = check_scenario(base, "the scenario");
    const std::vector<double> life = life_expectancy_of(r);
    const int bands = base.epidemic ? base.epidemic->bands() : five_year_bands;
    if (life.size() != static_cast<std::size_t>(five_year_bands) &&
        life.size() != static_cast<std::size_t>(bands))
        throw UsageError("optimize: --life-expectancy takes " + std::to_string(five_year_bands) +
                         " values (0-4, 5-9, ..., 75+)" +
                         (bands == five_year_bands
                              ? ""
                              : " or " + std::to_string(bands) + " (the epidemic's bands " +
                                    base.epidemic->band_labels.front() + " ... " +
                                    base.epidemic->band_labels.back() + ")") +
                         ", got " + std::to_string(life.size()));
    for (double x : life)
        if (!(x >= 0 && x <= 150)) throw UsageError("optimize: --life-expectancy takes years from 0 to 150");

    // Futures. Time to a target never runs the epidemic: only the rollout's chance counts.
    const auto uncertain = [&](const Scenario& s) {
        return measure == Objective::time_to_target ? s.rollout_is_stochastic() : s.is_stochastic();
    };
    if (uncertain(base) && r.futures == 0)
        throw UsageError("optimize: the scenario has uncertain inputs: say over how many futures, "
                         "e.g. --futures 100");
    if (!uncertain(base) && r.futures > 0)
        throw UsageError("optimize: --futures: the scenario has no uncertain inputs, so every "
                         "future is the same run; leave --futures out");
    if (r.futures < 0 || r.futures > 1'000'000) throw UsageError("optimize: --futures takes 1 to 1,000,000");
    for (const auto& [name, s] : r.compare) {
        const std::size_t t = check_scenario(*s, "--compare " + name);
        if (measure == Objective::time_to_target && t != target)
            throw UsageError("optimize: --compare " + name + " lists its targets in another order");
        if (uncertain(*s) != uncertain(base))
            throw UsageError("optimize: --compare " + name + (uncertain(*s) ? " has" : " has no") +
                             " uncertain inputs, unlike the scenario: they cannot share futures");
        // Futures are drawn from (seed, future): another seed is other futures, and the
        // paired differences would pair nothing.
        if (uncertain(*s) && s->seed != base.seed)
            throw UsageError("optimize: --compare " + name + " has seed " + std::to_string(s->seed) +
                             ", the scenario " + std::to_string(base.seed) +
                             ": compared runs must share the scenario's futures; give it the same seed");
        if (name == "plan" || name == "optimum")
            throw UsageError("optimize: --compare " + name + ": that name is taken by a row of the "
                             "result; rename the file");
        const std::string& file = name; // a plain name: clang 14 cannot capture a binding
        if (std::count_if(r.compare.begin(), r.compare.end(),
                          [&](const auto& x) { return x.first == file; }) > 1)
            throw UsageError("optimize: --compare names two files called " + name +
                             "; their rows could not be told apart");
    }
    if (r.budget < 0) throw UsageError("optimize: --budget takes 1 or more");

    // What is searched.
    const int modes = int{!r.order.empty()} + int{!r.vary.empty()} + int{!r.shares.empty()};
    if (modes != 1)
        throw UsageError(modes == 0
                             ? "optimize: say what to search: --order GROUP,GROUP,... (an order of "
                               "priority groups), --vary PATH=FROM..TO, or --shares GROUP,GROUP,... "
                               "[--periods DATE,...] (the groups' shares of first doses per period)"
                             : "optimize: give one of --order, --vary or --shares, not both");
    if (!r.periods.empty() && r.shares.empty())
        throw UsageError("optimize: --periods applies with --shares GROUP,GROUP,...");
    std::optional<SharesProblem> shares;
    if (!r.shares.empty()) {
        SharesProblem& sp = shares.emplace();
        if (r.shares.size() < 2)
            throw UsageError("optimize: --shares names at least two groups to share first doses between");
        const auto& groups = base.population.groups();
        for (const auto& id : r.shares) {
            const auto g = std::find_if(groups.begin(), groups.end(),
                                        [&](const PriorityGroup& x) { return x.id == id; });
            if (g == groups.end())
                throw UsageError("optimize: --shares " + id + ": no such group; the scenario's groups: " +
                                 joined(known_groups(base), ", "));
            if (std::find(sp.groups.begin(), sp.groups.end(), id) != sp.groups.end())
                throw UsageError("optimize: --shares names " + id + " twice");
            sp.groups.push_back(id);
            sp.people.push_back(static_cast<double>(g->size));
        }
        sp.periods.push_back(base.start);
        for (const auto& text : r.periods) {
            const auto day = parse_iso_date(text);
            if (!day) throw UsageError("optimize: --periods " + text + ": expected a date YYYY-MM-DD");
            if (*day <= sp.periods.back() || *day > base.end)
                throw UsageError("optimize: --periods " + text + ": each date begins a period, so it "
                                 "must come after the one before (the first after the run's start, " +
                                 format_iso_date(base.start) + ") and by the run's end (" +
                                 format_iso_date(base.end) + ")");
            sp.periods.push_back(*day);
        }
        if (!base.spec().policy.changes.empty())
            throw UsageError("optimize: --shares: the scenario has dated policy changes (policy.changes), "
                             "and the shares of later periods are written as policy changes that "
                             "would replace them; move what they change into the scenario, or "
                             "search one period (no --periods) on a copy without them");
    }
    const ParameterSpace space(base.spec());
    std::vector<Parameter> parameters;
    std::optional<OrderProblem> problem;
    std::vector<Range> ranges;
    std::int64_t orders = 0;
    const std::int64_t limit = r.exhaustive_limit;
    if (!r.order.empty()) {
        problem = order_problem(base, r.order);
        for (std::size_t g : problem->groups) {
            const std::string id = base.spec().population.groups[g].id;
            parameters.push_back(space.resolve("groups." + id + ".opens"));
            parameters.push_back(space.resolve("groups." + id + ".priority"));
        }
        orders = factorial_capped(problem->groups.size(), limit);
    } else {
        for (const auto& item : r.vary) {
            const auto eq = item.find('=');
            if (eq == std::string::npos)
                throw UsageError("optimize: --vary " + item + ": expected PATH=FROM..TO");
            const std::string path = item.substr(0, eq);
            for (const auto& p : parameters)
                if (p.path() == path) throw UsageError("optimize: --vary names " + path + " twice");
            try {
                parameters.push_back(space.resolve(path));
            } catch (const ModelError& e) {
                throw UsageError(std::string("optimize: --vary: ") + e.what());
            }
            if (kind_name(parameters.back().kind()).empty())
                throw UsageError("optimize: --vary " + path +
                                 ": optimize searches numbers and dates; this path takes words");
            ranges.push_back(parse_range(item, parameters.size() - 1, parameters.back()));
        }
    }
    const bool exhaustive = problem && orders <= limit;
    const std::int64_t budget = r.budget > 0 ? r.budget : problem ? 5000 : 200;

    OptimizeRecord record;
    record.search = problem ? "order" : shares ? "shares" : "values";
    if (problem)
        for (std::size_t g : problem->groups) record.varied.push_back(base.spec().population.groups[g].id);
    else if (shares)
        record.varied = shares->groups;
    else
        record.varied = r.vary;
    if (shares)
        for (DayNumber day : shares->periods) record.periods.push_back(format_iso_date(day));
    record.objective = objective;
    record.target = target_id;
    record.unit = unit_of(measure);
    record.risk = r.risk == OptimizeRisk::mean ? "mean" : "worst-decile";
    record.futures = r.futures;
    record.exhaustive = exhaustive;
    record.budget = exhaustive ? 0 : budget;

    Evaluator evaluator(base, r, measure, target, life, parameters, exhaustive ? orders : budget,
                        shares ? &*shares : nullptr);
    // Both ends of every range first, before any run: a value the scenario refuses is a
    // usage error.
    for (const auto end : {0, 1}) {
        Candidate c;
        for (const Range& x : ranges) c.values.emplace_back(x.parameter, value_text(x, end ? x.hi : x.lo));
        if (!ranges.empty()) evaluator.at(c);
    }

    Found plan, best;
    std::optional<Found> start; // --shares: the search's first point (shares by people)
    if (problem && exhaustive) {
        record.method = "exhaustive";
        best = exhaustive_orders(base, *problem, evaluator, plan);
    } else if (problem) {
        record.method = "local-search";
        best = local_search(base, *problem, evaluator, plan, budget);
    } else if (shares) {
        plan = {Candidate{}, evaluator.run({&base}, true).front()};
        record.method = "Sbplx";
        best = search_shares(*shares, evaluator, budget, base.seed, record.refused, start);
        if (!start) throw UsageError("optimize: the budget allowed no evaluation beyond the plan");
    } else {
        plan = {Candidate{}, evaluator.run({&base}, true).front()};
        best = search_values(ranges, evaluator, budget, base.seed, record.method, record.refused);
    }
    std::vector<const Scenario*> compared;
    for (const auto& [name, s] : r.compare) compared.push_back(s);
    const auto compare_results = evaluator.run(compared, false);
    evaluator.finish();

    record.evaluations = evaluator.evaluations();
    record.runs = evaluator.runs();
    record.results.push_back({"plan", evaluator.settings(plan.candidate), plan.candidate.order,
                              plan.evaluated.value, plan.evaluated.per_future});
    record.results.push_back({"optimum", evaluator.settings(best.candidate), best.candidate.order,
                              best.evaluated.value, best.evaluated.per_future});
    if (start) {
        record.results.push_back({"start", evaluator.settings(start->candidate), "",
                                  start->evaluated.value, start->evaluated.per_future});
        for (std::int64_t u : start->candidate.shares)
            record.start_shares.push_back(static_cast<double>(u) / share_units);
        for (std::int64_t u : best.candidate.shares)
            record.optimum_shares.push_back(static_cast<double>(u) / share_units);
    }
    for (std::size_t i = 0; i < r.compare.size(); ++i)
        record.results.push_back({r.compare[i].first, {}, "", compare_results[i].value,
                                  compare_results[i].per_future});
    return record;
}

} // namespace vaxsim
