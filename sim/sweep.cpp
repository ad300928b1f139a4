#include "sim/sweep.hpp"

#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

#include "models/random.hpp"
#include "models/epidemic_run.hpp"
#include "models/ledger.hpp"
#include "models/outcomes.hpp"
#include "sim/input/distribution_reader.hpp"
#include "sim/input/scenario_reader.hpp"
#include "results/version.hpp"

namespace vaxsim {

SweepSpec::SweepSpec(const std::filesystem::path& path) {
    source_ = std::make_shared<InputSource>(path.string(), read_input_file(path, "sweep file"));
    const InputNode root = parse_input(source_);
    MapReader r(root, "a sweep");
    name = r.required("name").as_string();
    const InputNode scenario = r.required("scenario");
    base_path = path.parent_path() / scenario.as_string();
    try {
        base_text_ = read_input_file(base_path, "base scenario");
    } catch (const InputFileError&) {
        scenario.fail("cannot open the base scenario '" + base_path.string() + "'");
    }
    // The base must be valid on its own; its seed is the default master seed.
    const Scenario base =
        load_scenario_text(base_path.string(), base_text_, base_path.parent_path());
    seed = base.seed;
    if (auto s = r.optional("seed")) seed = static_cast<std::uint64_t>(s->as_count());

    const auto check_unique = [&](const InputNode& key) {
        for (const auto& p : parameters)
            if (p.path == key.as_string()) key.fail("parameter '" + p.path + "' is varied twice");
    };
    if (auto grid = r.optional("grid")) {
        MapReader g(*grid, "the grid");
        for (auto it = grid->yaml().begin(); it != grid->yaml().end(); ++it) {
            const InputNode key(it->first, source_, "grid");
            check_unique(key);
            SweepParameter p;
            p.path = key.as_string();
            p.mark = it->first.Mark();
            const InputNode values = g.required(p.path);
            for (const InputNode& v : values.items()) p.values.push_back(v.as_string());
            if (p.values.empty()) values.fail("expected at least one value");
            parameters.push_back(std::move(p));
        }
        g.finish();
    }
    if (auto sampled = r.optional("samples")) {
        MapReader sr(*sampled, "the samples");
        const InputNode count = sr.required("count");
        samples = count.as_count();
        if (samples < 1 || samples > 10'000'000) count.fail("count must be from 1 to 10,000,000");
        if (auto m = sr.optional("method")) {
            const std::string method = m->as_string();
            if (method == "latin_hypercube")
                latin_hypercube = true;
            else if (method == "random")
                latin_hypercube = false;
            else
                m->fail("expected latin_hypercube or random, got '" + method + "'");
        }
        const InputNode list = sr.required("parameters");
        MapReader pr(list, "the sampled parameters");
        for (auto it = list.yaml().begin(); it != list.yaml().end(); ++it) {
            const InputNode key(it->first, source_, "samples.parameters");
            check_unique(key);
            SweepParameter p;
            p.path = key.as_string();
            p.sampled = true;
            p.mark = it->first.Mark();
            p.distribution = read_distribution(pr.required(p.path));
            parameters.push_back(std::move(p));
        }
        pr.finish();
        sr.finish();
    }
    if (auto rep = r.optional("replicates")) {
        replicates = rep->as_count();
        if (replicates < 1 || replicates > 10'000'000)
            rep->fail("replicates must be from 1 to 10,000,000");
    }
    const InputNode runs_at =
        r.optional("replicates") ? r.required("replicates") : r.required("name");
    if (grid_points() > 100'000'000 / samples / replicates)
        runs_at.fail("the sweep would make more than 100,000,000 runs");
    if (auto keep = r.optional("keep_daily")) {
        for (const InputNode& item : keep->items()) {
            const std::int64_t run = item.as_count();
            if (run >= runs())
                item.fail("run " + std::to_string(run) + " is beyond the sweep's " +
                          std::to_string(runs()) + " runs");
            keep_daily.push_back(run);
        }
        std::sort(keep_daily.begin(), keep_daily.end());
        keep_daily.erase(std::unique(keep_daily.begin(), keep_daily.end()), keep_daily.end());
    }
    r.finish();

    // Latin hypercube strata: each sampled parameter visits every 1/samples slice once,
    // in an order drawn once per sweep.
    for (const auto& p : parameters) {
        if (!p.sampled) continue;
        std::vector<std::int64_t> order(static_cast<std::size_t>(samples));
        std::iota(order.begin(), order.end(), 0);
        RandomStream stream(seed, 0, "lhs/" + p.path);
        for (std::size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[stream.next() % i]);
        strata_.push_back(std::move(order));
    }

    // Every grid point, and every sampled parameter at both ends of its distribution, must
    // make a valid scenario before any run starts. (Scenario checks are ranges, so the ends
    // stand for the values between; a point that still fails stops the sweep with this
    // same message, its finished runs kept.)
    const Scenario first = build_point(0, 0);
    for (std::size_t j = 0; j < parameters.size(); ++j) {
        if (!parameters[j].sampled) continue;
        for (double u : {0.0, 1.0}) {
            auto values = values_for(0, 0);
            values[j] = parameters[j].distribution->quantile(u).as_text();
            build_with(values, parameters[j].path + " = " + values[j] +
                                   (u == 0 ? " (its lowest value)" : " (its highest value)"));
        }
    }
    const MetricLayout layout = metric_layout(first);
    for (std::int64_t g = 0; g < grid_points(); ++g) {
        const MetricLayout other = metric_layout(build_point(g, 0));
        if (other.size() != layout.size() || other.quarters != layout.quarters)
            source_->fail(parameters.front().mark,
                          "a grid point changes the number of targets, planned groups or quarters; "
                          "a sweep compares runs of one shape");
    }
}

std::int64_t SweepSpec::grid_points() const {
    std::int64_t n = 1;
    for (const auto& p : parameters)
        if (!p.sampled) n *= static_cast<std::int64_t>(p.values.size());
    return n;
}

SweepSpec::RunIndex SweepSpec::decompose(std::int64_t run) const {
    RunIndex i;
    i.replicate = run % replicates;
    i.sample = (run / replicates) % samples;
    i.grid_point = run / replicates / samples;
    i.future = i.sample * replicates + i.replicate;
    return i;
}

std::vector<std::string> SweepSpec::values_for(std::int64_t grid_point, std::int64_t sample) const {
    // Grid values: mixed radix, the first parameter varying slowest.
    std::vector<std::string> values(parameters.size());
    std::int64_t rest = grid_point;
    for (std::size_t j = parameters.size(); j-- > 0;) {
        const auto& p = parameters[j];
        if (p.sampled) continue;
        const auto n = static_cast<std::int64_t>(p.values.size());
        values[j] = p.values[static_cast<std::size_t>(rest % n)];
        rest /= n;
    }
    std::size_t k = 0;
    for (std::size_t j = 0; j < parameters.size(); ++j) {
        const auto& p = parameters[j];
        if (!p.sampled) continue;
        double u;
        if (latin_hypercube) {
            RandomStream offset(seed, static_cast<std::uint64_t>(sample), "lhs-offset/" + p.path);
            u = (static_cast<double>(strata_[k][static_cast<std::size_t>(sample)]) +
                 offset.uniform()) /
                static_cast<double>(samples);
        } else {
            u = RandomStream(seed, static_cast<std::uint64_t>(sample), "sample/" + p.path)
                    .uniform();
        }
        values[j] = p.distribution->quantile(u).as_text();
        ++k;
    }
    return values;
}

Scenario SweepSpec::base() const {
    return load_scenario_text(base_path.string(), base_text_, base_path.parent_path());
}

Scenario SweepSpec::build_point(std::int64_t grid_point, std::int64_t sample) const {
    return build_with(values_for(grid_point, sample), "grid point " + std::to_string(grid_point) +
                                                          ", sample " + std::to_string(sample));
}

Scenario SweepSpec::build_with(const std::vector<std::string>& values,
                               const std::string& what) const {
    std::vector<std::string> assignments;
    for (std::size_t j = 0; j < parameters.size(); ++j)
        assignments.push_back(parameters[j].path + "=" + values[j]);
    try {
        return load_scenario_text(base_path.string(), base_text_, base_path.parent_path(),
                                  assignments);
    } catch (const InputFileError& e) {
        // Point at the parameter whose value the scenario rejected.
        const SweepParameter* culprit = &parameters.front();
        for (const auto& p : parameters)
            if (e.file().find("--set " + p.path + "=") != std::string::npos) culprit = &p;
        source_->fail(culprit->mark, what + " makes a scenario that is not valid: " + e.what());
    }
}

std::uint64_t SweepSpec::fingerprint() const {
    std::uint64_t h = fnv1a(source_->text);
    h = fnv1a(base_text_, h);
    h = fnv1a(program_version, h);
    h = fnv1a("record layout 3", h); // bump when MetricLayout changes: old journals must not resume

    return h;
}

MetricLayout metric_layout(const Scenario& sc) {
    MetricLayout layout;
    layout.targets = static_cast<int>(sc.targets.size());
    for (const auto& g : sc.population.groups()) layout.plan_checks += g.plan ? 1 : 0;
    for (DayNumber d = sc.start; d <= sc.end; ++d)
        if (d == sc.end || quarter_of(d + 1) != quarter_of(d))
            layout.quarter_last_day.push_back(d - sc.start);
    layout.quarters = static_cast<int>(layout.quarter_last_day.size());
    layout.epidemic = sc.epidemic.has_value();
    return layout;
}

std::vector<std::int64_t> run_metrics(const Scenario& sc, const MetricLayout& layout,
                                      const Ledger& run, double deaths_without_vaccination) {
    std::vector<std::int64_t> m(layout.size(), 0);
    for (int t = 0; t < layout.targets; ++t) {
        const TargetResult r = evaluate_target(sc, run, sc.targets[t]);
        m[layout.target(t, 0)] = r.met;
        m[layout.target(t, 1)] = r.first_reached ? *r.first_reached - sc.start : -1;
        m[layout.target(t, 2)] = r.value_at_deadline;
        m[layout.target(t, 3)] = r.margin;
    }
    int k = 0;
    for (std::size_t g = 0; g < sc.population.groups().size(); ++g)
        if (sc.population.groups()[g].plan)
            m[layout.plan(k++)] = check_plan(sc, run, static_cast<int>(g)).started_in_quarter;
    for (int q = 0; q < layout.quarters; ++q) {
        const int t = layout.quarter_last_day[q];
        m[layout.quarter_first(q)] = run.first_dose_people.row(t).sum();
        m[layout.quarter_full(q)] = run.fully_vaccinated_people.row(t).sum();
    }
    m[layout.wasted()] = run.wasted.sum();
    m[layout.capacity_used()] = run.capacity_used.sum();
    for (std::int8_t code : run.binding_constraint) ++m[layout.constraint_days(code)];
    if (layout.epidemic) {
        const EpidemicResult e = simulate_epidemic(sc, &run);
        m[layout.epidemic_infections()] = std::llround(e.total_infections());
        m[layout.epidemic_deaths()] = std::llround(e.total_deaths());
        m[layout.epidemic_deaths_averted()] =
            std::llround(deaths_without_vaccination - e.total_deaths());
    }
    return m;
}

} // namespace vaxsim
