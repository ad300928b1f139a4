#include "sim/sweep.hpp"


#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <numeric>

#include "models/random.hpp"
#include "sim/input/distribution_reader.hpp"
#include "sim/input/inputs_read.hpp"
#include "sim/input/scenario_reader.hpp"
#include "results/version.hpp"

namespace vaxsim {

SweepSpec::SweepSpec(const std::filesystem::path& path, const SweepCounts& counts) {
    // Every file read from here on (the sweep file, each file of the base's `extends:`
    // chain, CSVs) enters the fingerprint that guards --resume.
    const InputsRead reading;
    source_ = std::make_shared<InputSource>(path.string(), read_input_file(path, "sweep file"));
    const InputNode root = parse_input(source_);
    MapReader r(root, "a sweep");
    design_.name = r.required("name").as_string();
    design_.source_file = source_->file_name;
    design_.source_text = source_->text;
    const InputNode scenario = r.required("scenario");
    const std::filesystem::path base_path = path.parent_path() / scenario.as_string();
    design_.base_file = base_path.string();
    try {
        design_.base_text = read_input_file(base_path, "base scenario");
    } catch (const InputFileError& e) {
        scenario.fail(e.message()); // says why: missing, a directory, too large
    }
    // The base is read once, and must be valid on its own; its seed is the default master
    // seed.
    base_ = std::make_unique<const Scenario>(
        load_scenario_text(design_.base_file, design_.base_text, base_path.parent_path()));
    design_.seed = base_->seed;
    if (auto s = r.optional("seed")) design_.seed = static_cast<std::uint64_t>(s->as_count());

    const ParameterSpace space(base_->spec());
    // The parameter a key names, resolved against the base's spec.
    const auto parameter = [&](const InputNode& key) {
        const std::string name = key.as_string();
        for (const auto& p : parameters_)
            if (p.setter.path() == name) key.fail("parameter '" + name + "' is varied twice");
        std::optional<Parameter> resolved;
        try {
            resolved.emplace(space.resolve(name));
        } catch (const ModelError& e) {
            source_->fail(key.yaml().Mark(), e.what());
        }
        // The same value spelt another way (a list element by index and by date or id):
        // both would be set, and the later would win unseen.
        for (const auto& p : parameters_)
            if (p.setter.sets_same_as(*resolved))
                key.fail("parameter '" + name + "' is varied twice: it is the same value as '" +
                         p.setter.path() + "' (line " + std::to_string(p.mark.line + 1) + ")");
        return SweepParameter{std::move(*resolved), {}, std::nullopt, key.yaml().Mark()};
    };
    std::vector<std::vector<YAML::Mark>> value_marks; // of each grid value, per parameter
    std::int64_t file_samples = 1; // the file's count (1 when it samples nothing)
    if (auto grid = r.optional("grid")) {
        MapReader g(*grid, "the grid");
        for (auto it = grid->yaml().begin(); it != grid->yaml().end(); ++it) {
            SweepParameter p = parameter(InputNode(it->first, source_, "grid"));
            SweepParameterInfo info{p.setter.path(), false, "", {}, false,
                                    p.setter.display_name()};
            const InputNode values = g.required(info.path);
            std::vector<YAML::Mark> marks;
            for (const InputNode& v : values.items()) {
                info.values.push_back(v.as_string());
                p.values.push_back(ParameterValue::parse(info.values.back()));
                marks.push_back(v.yaml().Mark());
                info.description += (info.description.empty() ? "" : ", ") + info.values.back();
            }
            if (p.values.empty()) values.fail("expected at least one value");
            design_.parameters.push_back(std::move(info));
            parameters_.push_back(std::move(p));
            value_marks.push_back(std::move(marks));
        }
        g.finish();
    }
    // The values each sampled distribution can give that stand for all of them.
    std::vector<std::vector<std::pair<SampledValue, std::string>>> extremes(parameters_.size());
    if (auto sampled = r.optional("samples")) {
        MapReader sr(*sampled, "the samples");
        const InputNode count = sr.required("count");
        design_.samples = count.as_count();
        if (design_.samples < 1 || design_.samples > 10'000'000)
            count.fail("count must be from 1 to 10,000,000");
        file_samples = design_.samples;
        if (counts.samples) design_.samples = *counts.samples;
        if (auto m = sr.optional("method")) {
            const std::string method = m->as_string();
            if (method == "latin_hypercube")
                design_.latin_hypercube = true;
            else if (method == "random")
                design_.latin_hypercube = false;
            else
                m->fail("expected latin_hypercube or random, got '" + method + "'" +
                        did_you_mean(method, {"latin_hypercube", "random"}));
        }
        const InputNode list = sr.required("parameters");
        MapReader pr(list, "the sampled parameters");
        for (auto it = list.yaml().begin(); it != list.yaml().end(); ++it) {
            SweepParameter p = parameter(InputNode(it->first, source_, "samples.parameters"));
            const InputNode node = pr.required(p.setter.path());
            p.distribution = read_distribution(node);
            // Scenario checks are ranges, so the ends of a range stand for the values
            // between; a choice's values are each checked.
            std::vector<std::pair<SampledValue, std::string>> ends;
            const DistributionSpec d = read_distribution_spec(node);
            if (d.kind == DistributionSpec::Kind::choice)
                for (const SampledValue& v : d.choices)
                    ends.emplace_back(v, " (one of its choices)");
            else
                ends = {{p.distribution->quantile(0.0), " (its lowest value)"},
                        {p.distribution->quantile(1.0), " (its highest value)"}};
            extremes.push_back(std::move(ends));
            design_.parameters.push_back({p.setter.path(),
                                          true,
                                          p.distribution->describe(),
                                          {},
                                          p.distribution->is_numeric(),
                                          p.setter.display_name()});
            parameters_.push_back(std::move(p));
        }
        pr.finish();
        sr.finish();
    }
    if (counts.samples && !r.optional("samples"))
        root.fail("--samples " + std::to_string(*counts.samples) +
                  " counts the samples of a sweep with a samples: section; this sweep samples "
                  "nothing (use --replicates for more or fewer futures of each point)");
    if (auto rep = r.optional("replicates")) {
        design_.replicates = rep->as_count();
        if (design_.replicates < 1 || design_.replicates > 10'000'000)
            rep->fail("replicates must be from 1 to 10,000,000");
    }
    const std::int64_t file_replicates = design_.replicates;
    if (counts.replicates) design_.replicates = *counts.replicates;
    // A trial: counts other than the file's. Its run numbers name other points and futures.
    const bool trial = design_.samples != file_samples || design_.replicates != file_replicates;
    // (each count at most 10^7, grid points at most 10^8 / samples / replicates: in 128 bits)
    __extension__ using Wide = __int128;
    const auto file_runs = static_cast<Wide>(grid_points()) * file_samples * file_replicates;
    // What the command line changed, told beside the file's line an error points at.
    const std::string given = counts.flags();
    const InputNode runs_at =
        r.optional("replicates") ? r.required("replicates") : r.required("name");
    if (grid_points() > 100'000'000 / design_.samples / design_.replicates)
        runs_at.fail("the sweep would make more than 100,000,000 runs" +
                     (given.empty() ? "" : " (with " + given + ")"));
    if (auto keep = r.optional("keep_daily")) {
        auto& kept = design_.keep_daily;
        for (const InputNode& item : keep->items()) {
            const std::int64_t run = item.as_count();
            if (run >= file_runs)
                item.fail("run " + std::to_string(run) + " is beyond the sweep's " +
                          std::to_string(static_cast<std::int64_t>(file_runs)) + " runs");
            // A trial with fewer runs keeps those of its runs the file names; the rest are
            // told (keep_daily_dropped), not an error: the file is right for the whole sweep.
            if (run >= runs())
                keep_daily_dropped_.push_back(run);
            else
                kept.push_back(run);
        }
        std::sort(kept.begin(), kept.end());
        kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
        auto& dropped = keep_daily_dropped_;
        std::sort(dropped.begin(), dropped.end());
        dropped.erase(std::unique(dropped.begin(), dropped.end()), dropped.end());
        keep_daily_renumbered_ = trial && !keep->items().empty();
    }
    r.finish();

    // Latin hypercube strata: each sampled parameter visits every 1/samples slice once,
    // in an order drawn once per sweep.
    for (const auto& p : parameters_) {
        if (!p.distribution) continue;
        std::vector<std::int64_t> order(static_cast<std::size_t>(design_.samples));
        std::iota(order.begin(), order.end(), 0);
        RandomStream stream(design_.seed, 0, "lhs/" + p.setter.path());
        for (std::size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[stream.next() % i]);
        strata_.push_back(std::move(order));
    }
    design_.sampled_values = [this](std::int64_t sample) {
        std::vector<std::string> text(parameters_.size());
        const auto drawn = draw(sample);
        for (std::size_t j = 0; j < drawn.size(); ++j)
            if (drawn[j]) text[j] = drawn[j]->as_text();
        return text;
    };

    // Every listed value, and every value a distribution can give (its ends, each choice),
    // must make a valid scenario, each set beside the first point's other values: an error
    // then names the value's own line. Every point is then built (check_every_point), so a
    // combination that fails is found before any run too.
    std::int64_t stride = 1; // grid points between one value of a grid parameter and the next
    for (std::size_t j = parameters_.size(); j-- > 0;) {
        auto values = values_for(0, 0);
        const auto& p = parameters_[j];
        if (p.distribution) {
            for (const auto& [value, note] : extremes[j]) {
                values[j] = ParameterValue::drawn(value);
                build_with(values, "", p.mark, note, j);
            }
            continue;
        }
        for (std::size_t k = 0; k < p.values.size(); ++k) {
            values[j] = p.values[k];
            const std::int64_t point = static_cast<std::int64_t>(k) * stride * design_.samples;
            build_with(values, "sweep point " + std::to_string(point), value_marks[j][k], "", j);
        }
        stride *= static_cast<std::int64_t>(p.values.size());
    }
    inputs_ = reading.files();
    layout_ = SweepRecordLayout(*base_);
    const bool any_stochastic = check_every_point();
    replicates_alike_ = design_.replicates > 1 && !any_stochastic;
}

bool SweepSpec::check_every_point() const {
    // Every point (grid point x sample) is built as its runs will build it: a combination
    // of values the scenario refuses (a date after another, a group larger than its band)
    // stops the sweep here, before any run or journal, and `vaxsim check` says the same.
    // The points are shared among the cores; the error reported is the lowest point's.
    const std::int64_t points = this->points();
    std::atomic<std::int64_t> next{0}, first_bad{points};
    std::atomic<bool> any_stochastic{false};
    std::exception_ptr error;
    std::mutex mutex;
    const auto work = [&] {
        for (std::int64_t p; (p = next.fetch_add(1)) < first_bad.load();) {
            try {
                const Scenario point = build_point(p);
                if (point.is_stochastic()) any_stochastic = true;
                if (!SweepRecordLayout(point).same_shape(layout_))
                    source_->fail(parameters_.front().mark,
                                  "sweep point " + std::to_string(p) +
                                      ": a point changes the number of targets, planned groups, "
                                      "quarters or places; a sweep compares runs of one shape");
            } catch (...) {
                const std::lock_guard<std::mutex> lock(mutex);
                if (p < first_bad.load()) {
                    first_bad = p;
                    error = std::current_exception();
                }
            }
        }
    };
    const auto cores = static_cast<std::int64_t>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::thread> pool;
    for (std::int64_t t = 1; t < std::min(cores, points); ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
    return any_stochastic;
}

std::vector<std::optional<SampledValue>> SweepSpec::draw(std::int64_t sample) const {
    std::vector<std::optional<SampledValue>> values(parameters_.size());
    std::size_t k = 0;
    for (std::size_t j = 0; j < parameters_.size(); ++j) {
        const auto& p = parameters_[j];
        if (!p.distribution) continue;
        const std::string& path = p.setter.path();
        double u;
        if (design_.latin_hypercube) {
            RandomStream offset(design_.seed, static_cast<std::uint64_t>(sample),
                                "lhs-offset/" + path);
            u = (static_cast<double>(strata_[k][static_cast<std::size_t>(sample)]) +
                 offset.uniform()) /
                static_cast<double>(design_.samples);
        } else {
            u = RandomStream(design_.seed, static_cast<std::uint64_t>(sample), "sample/" + path)
                    .uniform();
        }
        values[j] = p.distribution->quantile(u);
        ++k;
    }
    return values;
}

std::vector<ParameterValue> SweepSpec::values_for(std::int64_t grid_point,
                                                  std::int64_t sample) const {
    const auto drawn = draw(sample);
    std::vector<ParameterValue> values;
    for (std::size_t j = 0; j < parameters_.size(); ++j)
        values.push_back(drawn[j] ? ParameterValue::drawn(*drawn[j])
                                  : parameters_[j].values[design_.grid_value(grid_point, j)]);
    return values;
}

Scenario SweepSpec::build_point(std::int64_t point) const {
    return build_with(values_for(point / design_.samples, point % design_.samples),
                      "sweep point " + std::to_string(point));
}

Scenario SweepSpec::build_with(const std::vector<ParameterValue>& values, const std::string& what,
                               const std::optional<YAML::Mark>& mark,
                               const std::string& note, std::size_t tested) const {
    ScenarioSpec spec = base_->spec();
    Provenance provenance;
    provenance.file_name = design_.base_file;
    const SweepParameter* culprit = nullptr;
    try {
        for (std::size_t j = 0; j < parameters_.size(); ++j) {
            culprit = &parameters_[j];
            culprit->setter.set(spec, values[j]);
            provenance.overrides.push_back(culprit->setter.path() + "=" + values[j].text());
        }
        culprit = nullptr;
        return Scenario(std::move(spec), std::move(provenance));
    } catch (const ModelError& e) {
        // The parameter whose value the scenario refused: the one being set, else the one
        // the error's path falls under, else the first.
        for (const auto& p : parameters_)
            if (!culprit && (e.path() == p.setter.model_path() ||
                             e.path().starts_with(p.setter.model_path() + ".")))
                culprit = &p;
        if (!culprit) culprit = &parameters_.front();
        const auto j = static_cast<std::size_t>(culprit - parameters_.data());
        const bool own =
            e.path() == culprit->setter.path() || e.path() == culprit->setter.model_path();
        // Refused a value other than the one under test: when the first point fails on its
        // own, that is the error (at the line of the value refused).
        if (tested < parameters_.size() && j != tested) build_point(0);
        source_->fail(mark ? *mark : culprit->mark,
                      (what.empty() ? "" : what + ": ") + culprit->setter.path() + " = " +
                          values[j].text() + note + ": " + (own ? e.message() : e.what()));
    }
}

std::uint64_t SweepSpec::fingerprint() const {
    // The content of every input (the paths are named inside them), in the order read,
    // and the program's version.
    std::uint64_t h = fnv1a(program_version);
    for (const InputRead& input : inputs_) {
        const std::uint64_t words[2] = {input.hash, input.bytes};
        h = fnv1a(std::string_view(reinterpret_cast<const char*>(words), sizeof words), h);
    }
    // The counts, which --samples and --replicates may have set instead of the file: a
    // journal of 20 samples of 2 replicates is not one of 40 samples of 1.
    const std::int64_t counts[2] = {design_.samples, design_.replicates};
    h = fnv1a(std::string_view(reinterpret_cast<const char*>(counts), sizeof counts), h);
    // The record's declaration: a journal of another layout must not resume.
    return layout_.fingerprint(h);
}

} // namespace vaxsim
