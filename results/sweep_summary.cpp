#include "results/sweep_summary.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "models/text.hpp"

namespace vaxsim {

WilsonInterval wilson_interval(std::int64_t met, std::int64_t runs) {
    if (runs <= 0) return {};
    const double n = static_cast<double>(runs), p = static_cast<double>(met) / n,
                 z = 1.959963984540054;
    const double denom = 1 + z * z / n;
    const double centre = (p + z * z / (2 * n)) / denom;
    const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom;
    // At 0 or all runs the interval's outer end is exactly 0 or 1; rounding must not move it.
    return {met == 0 ? 0.0 : std::max(0.0, centre - half),
            met == runs ? 1.0 : std::min(1.0, centre + half)};
}
namespace {

constexpr int fifths = 5;

// The bin of an epidemic value (EpidemicSpread): itself below 4,096 in size, beyond its
// twelve leading bits, towards zero.
std::int64_t spread_bin(std::int64_t value) {
    const std::uint64_t size = value < 0 ? 0 - static_cast<std::uint64_t>(value)
                                         : static_cast<std::uint64_t>(value);
    const int shift = std::max(0, static_cast<int>(std::bit_width(size)) - 12);
    const auto binned = static_cast<std::int64_t>((size >> shift) << shift);
    return value < 0 ? -binned : binned;
}

// The quantiles at quantile_levels of the values counted, nearest rank (as the first
// reached days').
std::vector<std::int64_t> spread_quantiles(const std::map<std::int64_t, std::int64_t>& runs) {
    std::int64_t n = 0;
    for (const auto& [value, count] : runs) n += count;
    std::vector<std::int64_t> out;
    if (n == 0) return out;
    for (double level : quantile_levels) {
        const auto rank = std::min(
            static_cast<std::int64_t>(std::max(1.0, std::ceil(level * static_cast<double>(n)))), n);
        std::int64_t below = 0;
        for (const auto& [value, count] : runs) {
            below += count;
            if (below >= rank) {
                out.push_back(value);
                break;
            }
        }
    }
    return out;
}

} // namespace

EpidemicSpread epidemic_spread(const std::vector<std::int64_t>& values) {
    std::map<std::int64_t, std::int64_t> runs;
    std::int64_t sum = 0;
    for (std::int64_t v : values) {
        ++runs[spread_bin(v)];
        sum += v;
    }
    return {values.empty() ? 0.0 : static_cast<double>(sum) / static_cast<double>(values.size()),
            spread_quantiles(runs)};
}

std::int64_t SweepDesign::grid_points() const {
    std::int64_t n = 1;
    for (const auto& p : parameters)
        if (!p.sampled) n *= static_cast<std::int64_t>(p.values.size());
    return n;
}

SweepDesign::RunIndex SweepDesign::decompose(std::int64_t run) const {
    RunIndex i;
    i.replicate = run % replicates;
    i.sample = (run / replicates) % samples;
    i.grid_point = run / replicates / samples;
    i.future = i.sample * replicates + i.replicate;
    return i;
}

std::size_t SweepDesign::grid_value(std::int64_t grid_point, std::size_t j) const {
    std::int64_t rest = grid_point;
    for (std::size_t k = parameters.size(); k-- > j + 1;)
        if (!parameters[k].sampled) rest /= static_cast<std::int64_t>(parameters[k].values.size());
    return static_cast<std::size_t>(rest % static_cast<std::int64_t>(parameters[j].values.size()));
}

std::string SweepDesign::grid_label(std::int64_t grid_point) const {
    std::string label;
    for (std::size_t j = 0; j < parameters.size(); ++j)
        if (!parameters[j].sampled)
            label += (label.empty() ? "" : ", ") + parameters[j].path + "=" +
                     parameters[j].values[grid_value(grid_point, j)];
    return label.empty() ? "all runs" : label;
}

SweepSummaryBuilder::SweepSummaryBuilder(const SweepDesign& design, const Scenario& base,
                                         const SweepRecordLayout& layout)
    : design_(design), base_(base), layout_(layout), days_(base.days()) {
    const auto grid = static_cast<std::size_t>(design.grid_points());
    const auto targets = static_cast<std::size_t>(layout.targets());
    first_day_histogram_.assign(grid * targets * static_cast<std::size_t>(days_ + 1), 0);
    met_.assign(grid * targets, 0);
    if (layout.places() > 0) all_places_met_.assign(grid * targets, 0);
    if (layout.epidemic()) {
        epidemic_sums_.assign(grid * 3, 0);
        epidemic_values_.resize(grid * 3);
    }

    if (targets > 0 && !design.parameters.empty()) {
        sample_day_sum_.assign(static_cast<std::size_t>(design.samples), 0);
        sample_runs_.assign(static_cast<std::size_t>(design.samples), 0);
        const bool grid = std::any_of(design.parameters.begin(), design.parameters.end(),
                                      [](const SweepParameterInfo& p) { return !p.sampled; });
        if (grid && design.runs() <= max_runs_for_noise)
            run_day_.assign(static_cast<std::size_t>(design.runs()), 0);
    }
    // One at a time: for each parameter, runs grouped by its value (a sampled number: by
    // fifths of its range of samples). Groups are named as the old summary keyed them, so
    // ties go the same way: by label.
    std::vector<std::vector<std::string>> sample_values;
    if (targets > 0)
        for (std::int64_t k = 0; k < design.samples; ++k)
            sample_values.push_back(design.sampled_values(k));
    for (std::size_t j = 0; j < design.parameters.size() && targets > 0; ++j) {
        const SweepParameterInfo& p = design.parameters[j];
        ParameterGroups pg;
        std::map<std::string, int> index;
        const auto group_of = [&](const std::string& label) {
            const auto [it, added] = index.try_emplace(label, static_cast<int>(pg.groups.size()));
            if (added) pg.groups.push_back({label, 0, 0});
            return it->second;
        };
        if (!p.sampled) {
            for (const auto& v : p.values) pg.group_of_value.push_back(group_of(v));
        } else if (p.numeric) {
            std::vector<double> sorted;
            for (const auto& values : sample_values) sorted.push_back(std::stod(values[j]));
            std::sort(sorted.begin(), sorted.end());
            for (int q = 1; q < fifths; ++q)
                pg.edges.push_back(sorted[sorted.size() * static_cast<std::size_t>(q) / fifths]);
            pg.lowest = sorted.front();
            pg.highest = sorted.back();
            for (const auto& values : sample_values) {
                const auto bin =
                    std::upper_bound(pg.edges.begin(), pg.edges.end(), std::stod(values[j])) -
                    pg.edges.begin();
                pg.group_of_sample.push_back(group_of("fifth " + std::to_string(bin + 1)));
            }
        } else {
            for (const auto& values : sample_values)
                pg.group_of_sample.push_back(group_of(values[j]));
        }
        parameters_.push_back(std::move(pg));
    }
}

void SweepSummaryBuilder::add(std::int64_t run, const std::int64_t* record) {
    using F = RecordField;
    const auto index = design_.decompose(run);
    const auto g = static_cast<std::size_t>(index.grid_point);
    const auto targets = static_cast<std::size_t>(layout_.targets());
    for (std::size_t t = 0; t < targets; ++t) {
        const std::int64_t day =
            record[layout_.offset(F::target_first_reached_day, static_cast<int>(t))];
        met_[g * targets + t] += record[layout_.offset(F::target_met, static_cast<int>(t))];
        if (!all_places_met_.empty() &&
            record[layout_.offset(F::places_met, static_cast<int>(t))] == layout_.places())
            ++all_places_met_[g * targets + t];
        ++first_day_histogram_[(g * targets + t) * static_cast<std::size_t>(days_ + 1) +
                               static_cast<std::size_t>(day < 0 ? days_ : day)];
    }
    if (layout_.epidemic()) {
        const std::int64_t values[] = {record[layout_.offset(F::epidemic_infections)],
                                       record[layout_.offset(F::epidemic_deaths)],
                                       record[layout_.offset(F::epidemic_deaths_averted)]};
        for (std::size_t j = 0; j < 3; ++j) {
            epidemic_sums_[g * 3 + j] += values[j];
            ++epidemic_values_[g * 3 + j][spread_bin(values[j])];
        }
    }
    if (targets == 0) return;
    const std::int64_t day = record[layout_.offset(F::target_first_reached_day, 0)];
    for (std::size_t j = 0; j < parameters_.size(); ++j) {
        ParameterGroups& pg = parameters_[j];
        const int group = design_.parameters[j].sampled
                              ? pg.group_of_sample[static_cast<std::size_t>(index.sample)]
                              : pg.group_of_value[design_.grid_value(index.grid_point, j)];
        Group& grp = pg.groups[static_cast<std::size_t>(group)];
        const std::int64_t d = day < 0 ? days_ : day;
        grp.day_sum += d;
        grp.day_squares += d * d;
        ++grp.runs;
    }
    if (!sample_day_sum_.empty()) {
        const std::int64_t d = day < 0 ? days_ : day;
        sample_day_sum_[static_cast<std::size_t>(index.sample)] += d;
        ++sample_runs_[static_cast<std::size_t>(index.sample)];
        if (!run_day_.empty()) run_day_[static_cast<std::size_t>(run)] = static_cast<std::int16_t>(d);
    }
}

namespace {

// t with P(T > t) = tail for Student's t with df degrees of freedom.
double t_upper_quantile(double df, double tail) {
    return boost::math::quantile(boost::math::complement(boost::math::students_t(df), tail));
}

} // namespace

double SweepSummaryBuilder::chance_spread(std::size_t j, const std::vector<const Group*>& seen,
                                          const Group* lo, const Group* hi) const {
    // Bonferroni over the pairs of values the earliest and latest were picked from: one
    // sweep in 20 or fewer gives a larger spread by chance when the parameter does nothing.
    const double tail = 0.025 / static_cast<double>(seen.size() * (seen.size() - 1) / 2);
    const ParameterGroups& pg = parameters_[j];
    const auto index = [&](const Group* g) { return static_cast<int>(g - pg.groups.data()); };
    const std::int64_t S = design_.samples, Rp = design_.replicates;
    if (!design_.parameters[j].sampled) {
        // A grid value: the runs of one future (sample and replicate) at its latest and
        // earliest value differ in it alone at each of the other grid values; those share
        // the future's draws, so the future is the unit: its difference averaged over the
        // other grid values. Their mean is the effect, their spread the chance.
        if (run_day_.empty()) return -1; // too many runs to keep
        const auto first_value = [&](int group) {
            const auto& of = pg.group_of_value;
            return static_cast<std::int64_t>(std::find(of.begin(), of.end(), group) - of.begin());
        };
        const std::int64_t v_lo = first_value(index(lo)), v_hi = first_value(index(hi));
        std::int64_t stride = 1; // grid points between neighbouring values of parameter j
        for (std::size_t k = j + 1; k < design_.parameters.size(); ++k)
            if (!design_.parameters[k].sampled)
                stride *= static_cast<std::int64_t>(design_.parameters[k].values.size());
        const std::int64_t futures = S * Rp;
        std::vector<double> difference(static_cast<std::size_t>(futures), 0);
        std::int64_t blocks = 0; // grid points at the earliest value
        for (std::int64_t g = 0; g < design_.grid_points(); ++g) {
            if (static_cast<std::int64_t>(design_.grid_value(g, j)) != v_lo) continue;
            const std::int64_t h = g + (v_hi - v_lo) * stride;
            for (std::int64_t r = 0; r < futures; ++r)
                difference[static_cast<std::size_t>(r)] +=
                    static_cast<double>(run_day_[static_cast<std::size_t>(h * futures + r)]) -
                    static_cast<double>(run_day_[static_cast<std::size_t>(g * futures + r)]);
            ++blocks;
        }
        const double n = static_cast<double>(futures);
        double mean = 0;
        for (double& d : difference) mean += d /= static_cast<double>(blocks);
        mean /= n;
        double squares = 0; // about the mean: exactly 0 when every future differs alike
        for (const double d : difference) squares += (d - mean) * (d - mean);
        const double spread = futures > 1 ? squares / (n - 1) : 0;
        // One future: a random rollout cannot be told apart; a fixed one has no chance.
        if (futures == 1) return base_.rollout_is_stochastic() ? -1 : 0;
        if (spread == 0) return 0; // every future differs alike
        return t_upper_quantile(n - 1, tail) * std::sqrt(spread / n);
    }
    // A sampled value: each sample is drawn apart from the others (its own values of every
    // sampled parameter, its own futures), so the samples are the units, each by its mean
    // over the grid points and replicates; the spread within a bin pooled over the bins.
    std::vector<std::int64_t> units(pg.groups.size(), 0);
    std::vector<double> sum(pg.groups.size(), 0), squares(pg.groups.size(), 0);
    for (std::int64_t s = 0; s < S; ++s) {
        if (sample_runs_[static_cast<std::size_t>(s)] == 0) continue;
        const auto k = static_cast<std::size_t>(pg.group_of_sample[static_cast<std::size_t>(s)]);
        const double mean = static_cast<double>(sample_day_sum_[static_cast<std::size_t>(s)]) /
                            static_cast<double>(sample_runs_[static_cast<std::size_t>(s)]);
        ++units[k];
        sum[k] += mean;
        squares[k] += mean * mean;
    }
    double within = 0;
    std::int64_t total = 0;
    for (const Group* g : seen) {
        const auto k = static_cast<std::size_t>(index(g));
        within += std::max(0.0, squares[k] - sum[k] * sum[k] / static_cast<double>(units[k]));
        total += units[k];
    }
    const auto df = static_cast<double>(total - static_cast<std::int64_t>(seen.size()));
    if (df <= 0) return -1; // one sample a bin
    const double n_lo = static_cast<double>(units[static_cast<std::size_t>(index(lo))]);
    const double n_hi = static_cast<double>(units[static_cast<std::size_t>(index(hi))]);
    return t_upper_quantile(df, tail) * std::sqrt(within / df * (1 / n_lo + 1 / n_hi));
}

TargetOdds SweepSummaryBuilder::odds(std::int64_t grid_first, std::int64_t grid_last,
                                     int target) const {
    const auto targets = static_cast<std::size_t>(layout_.targets());
    const auto bins = static_cast<std::size_t>(days_ + 1);
    std::vector<std::int64_t> histogram(bins, 0);
    TargetOdds o;
    if (!all_places_met_.empty()) o.all_places_met = 0;
    for (std::int64_t g = grid_first; g < grid_last; ++g) {
        const std::size_t cell =
            static_cast<std::size_t>(g) * targets + static_cast<std::size_t>(target);
        o.met += met_[cell];
        if (!all_places_met_.empty()) o.all_places_met += all_places_met_[cell];
        for (std::size_t d = 0; d < bins; ++d)
            histogram[d] += first_day_histogram_[cell * bins + d];
    }
    for (std::size_t d = 0; d < bins; ++d) o.runs += histogram[d];
    o.reached = o.runs - histogram.back();
    if (o.runs == 0) return o;
    const double n = static_cast<double>(o.runs);
    o.p_met = static_cast<double>(o.met) / n;
    const WilsonInterval interval = wilson_interval(o.met, o.runs);
    o.p_low = interval.low;
    o.p_high = interval.high;
    if (o.all_places_met >= 0) {
        o.p_all_places = static_cast<double>(o.all_places_met) / n;
        const WilsonInterval all = wilson_interval(o.all_places_met, o.runs);
        o.p_all_places_low = all.low;
        o.p_all_places_high = all.high;
    }
    for (double level : quantile_levels) {
        // Nearest rank: the smallest day at or above the level's share of runs.
        const auto rank =
            std::min(static_cast<std::int64_t>(std::max(1.0, std::ceil(level * n))), o.runs);
        std::int64_t below = 0;
        std::size_t d = 0;
        while (below + histogram[d] < rank) below += histogram[d++];
        o.first_reached_quantiles.push_back(
            d + 1 == bins ? std::nullopt
                          : std::optional<DayNumber>(base_.start + static_cast<int>(d)));
    }
    return o;
}

SweepSummary SweepSummaryBuilder::finish() const {
    SweepSummary s;
    s.runs = design_.runs();
    s.places = layout_.places();
    for (const Target& t : base_.targets) {
        s.target_ids.push_back(t.id);
        s.target_labels.push_back(t.label);
    }
    const std::int64_t grid = design_.grid_points();
    for (int t = 0; t < layout_.targets(); ++t) s.overall.push_back(odds(0, grid, t));
    const double per_point = static_cast<double>(design_.samples * design_.replicates);
    s.runs_per_grid_point = design_.samples * design_.replicates;
    using Mode = SweepSummary::EpidemicMode;
    s.epidemic_mode = base_.epidemic && base_.epidemic->stochastic ? Mode::random : Mode::expected;
    for (const SweepParameterInfo& p : design_.parameters)
        if (p.path == "epidemic.stochastic") s.epidemic_mode = Mode::mixed;
    for (std::int64_t g = 0; g < grid; ++g) {
        s.grid_labels.push_back(design_.grid_label(g));
        std::vector<TargetOdds> row;
        for (int t = 0; t < layout_.targets(); ++t) row.push_back(odds(g, g + 1, t));
        s.by_grid.push_back(std::move(row));
        if (layout_.epidemic()) {
            const auto at = static_cast<std::size_t>(g) * 3;
            const auto spread = [&](std::size_t j) {
                return EpidemicSpread{static_cast<double>(epidemic_sums_[at + j]) / per_point,
                                      spread_quantiles(epidemic_values_[at + j])};
            };
            s.epidemic_by_grid.push_back({spread(0), spread(1), spread(2)});
        }
    }

    for (std::size_t j = 0; j < parameters_.size(); ++j) {
        const ParameterGroups& pg = parameters_[j];
        std::vector<const Group*> seen;
        for (const Group& g : pg.groups)
            if (g.runs > 0) seen.push_back(&g);
        if (seen.size() < 2) continue;
        std::sort(seen.begin(), seen.end(),
                  [](const Group* a, const Group* b) { return a->label < b->label; });
        Sensitivity sens;
        sens.path = design_.parameters[j].path;
        if (design_.parameters[j].display_name != sens.path)
            sens.display_name = design_.parameters[j].display_name;
        double lo = HUGE_VAL, hi = -HUGE_VAL;
        const Group *lo_group = nullptr, *hi_group = nullptr;
        for (const Group* g : seen) {
            const double mean = static_cast<double>(g->day_sum) / static_cast<double>(g->runs);
            if (mean < lo) lo = mean, sens.low_value = g->label, lo_group = g;
            if (mean > hi) hi = mean, hi_group = g, sens.high_value = g->label;
        }
        if (!pg.edges.empty()) {
            // Name the bins by their value ranges.
            const auto range_of = [&](const std::string& key) {
                const int bin = std::stoi(key.substr(6)) - 1;
                const double a = bin == 0 ? pg.lowest : pg.edges[static_cast<std::size_t>(bin - 1)];
                const double b =
                    bin == fifths - 1 ? pg.highest : pg.edges[static_cast<std::size_t>(bin)];
                char text[64];
                std::snprintf(text, sizeof text, "%.6g..%.6g", a, b);
                return std::string(text);
            };
            sens.low_value = range_of(sens.low_value);
            sens.high_value = range_of(sens.high_value);
        }
        sens.effect_days = hi - lo;
        sens.noise_days = chance_spread(j, seen, lo_group, hi_group);
        s.sensitivity.push_back(sens);
    }
    std::stable_sort(
        s.sensitivity.begin(), s.sensitivity.end(),
        [](const Sensitivity& a, const Sensitivity& b) { return a.effect_days > b.effect_days; });
    return s;
}

std::vector<ParameterOdds> odds_by_parameter(const ParameterOddsInput& in, int bins) {
    std::vector<ParameterOdds> out;
    const std::size_t n = in.path.size(), T = in.targets;
    const auto S = static_cast<std::size_t>(in.samples);
    const auto G = static_cast<std::size_t>(in.grid_points);
    const auto text_of = [&](std::size_t point, std::size_t j) {
        if (!in.point_text.empty()) return in.point_text[point * n + j];
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", in.point_value[point * n + j]);
        return std::string(buf);
    };
    const auto range_label = [](double a, double b) {
        char buf[64];
        if (a == b)
            std::snprintf(buf, sizeof buf, "%.6g", a);
        else
            std::snprintf(buf, sizeof buf, "%.6g..%.6g", a, b);
        return std::string(buf);
    };
    for (std::size_t j = 0; j < n; ++j) {
        ParameterOdds po;
        po.path = in.path[j];
        po.sampled = in.kind[j] == "sample";
        // The bin of each point (grid point x sample), and each bin's label and position.
        std::vector<int> bin_of_point(G * S, 0);
        std::vector<std::string> labels;
        std::vector<double> xs;
        const auto word_bins = [&](auto point_of) {
            // A bin per distinct value, in the order first met.
            std::map<std::string, int> index;
            for (std::size_t k = 0; k < G * S; ++k) {
                const std::size_t point = point_of(k);
                const std::string v = text_of(point, j);
                const auto [it, added] = index.try_emplace(v, static_cast<int>(labels.size()));
                if (added) {
                    labels.push_back(v);
                    xs.push_back(in.point_value[point * n + j]);
                }
                bin_of_point[k] = it->second;
            }
        };
        if (!po.sampled) {
            word_bins([](std::size_t k) { return k; });
            po.series_grid_point.push_back(-1);
        } else {
            bool numeric = true;
            for (std::size_t k = 0; k < S; ++k) numeric &= !std::isnan(in.point_value[k * n + j]);
            if (numeric) {
                std::vector<double> sorted;
                for (std::size_t k = 0; k < S; ++k) sorted.push_back(in.point_value[k * n + j]);
                std::sort(sorted.begin(), sorted.end());
                std::vector<double> edges;
                for (int q = 1; q < bins; ++q)
                    edges.push_back(sorted[sorted.size() * static_cast<std::size_t>(q) /
                                           static_cast<std::size_t>(bins)]);
                std::vector<double> lo(static_cast<std::size_t>(bins), HUGE_VAL),
                    hi(static_cast<std::size_t>(bins), -HUGE_VAL);
                std::vector<int> raw(G * S);
                for (std::size_t k = 0; k < G * S; ++k) {
                    const double v = in.point_value[k * n + j];
                    const auto b = static_cast<std::size_t>(
                        std::upper_bound(edges.begin(), edges.end(), v) - edges.begin());
                    raw[k] = static_cast<int>(b);
                    lo[b] = std::min(lo[b], v);
                    hi[b] = std::max(hi[b], v);
                }
                // Number the bins that hold samples, in order.
                std::vector<int> renumber(static_cast<std::size_t>(bins), -1);
                for (std::size_t b = 0; b < renumber.size(); ++b)
                    if (lo[b] <= hi[b]) {
                        renumber[b] = static_cast<int>(labels.size());
                        labels.push_back(range_label(lo[b], hi[b]));
                        xs.push_back((lo[b] + hi[b]) / 2);
                    }
                for (std::size_t k = 0; k < G * S; ++k)
                    bin_of_point[k] = renumber[static_cast<std::size_t>(raw[k])];
            } else {
                word_bins([](std::size_t k) { return k; });
            }
            for (std::size_t g = 0; g < G; ++g)
                po.series_grid_point.push_back(static_cast<std::int64_t>(g));
        }
        po.bin_label = labels;
        po.bin_x = xs;
        po.cells.assign(po.series_grid_point.size(),
                        std::vector<std::vector<ParameterOdds::Cell>>(
                            labels.size(), std::vector<ParameterOdds::Cell>(T)));
        for (std::size_t r = 0; r < in.grid_point.size(); ++r) {
            // A run out of place (a damaged file: `vaxsim check` names it) counts nowhere.
            if (in.grid_point[r] < 0 || in.sample[r] < 0 ||
                static_cast<std::size_t>(in.grid_point[r]) >= G ||
                static_cast<std::size_t>(in.sample[r]) >= S)
                continue;
            const auto g = static_cast<std::size_t>(in.grid_point[r]);
            const auto point = g * S + static_cast<std::size_t>(in.sample[r]);
            auto& row = po.cells[po.sampled ? g : 0][static_cast<std::size_t>(bin_of_point[point])];
            for (std::size_t t = 0; t < T; ++t) {
                ++row[t].runs;
                row[t].met += in.target_met[r * T + t] != 0;
            }
        }
        for (auto& series : po.cells)
            for (auto& bin : series)
                for (auto& c : bin) {
                    c.p = c.runs ? static_cast<double>(c.met) / static_cast<double>(c.runs) : 0;
                    const WilsonInterval interval = wilson_interval(c.met, c.runs);
                    c.low = interval.low;
                    c.high = interval.high;
                }
        out.push_back(std::move(po));
    }
    return out;
}

std::vector<std::int64_t> daily_quantiles(const std::vector<std::int64_t>& values,
                                          std::size_t runs, std::size_t days) {
    constexpr std::size_t levels = std::size(quantile_levels);
    std::vector<std::int64_t> out(days * levels, 0);
    if (runs == 0) return out;
    std::vector<std::int64_t> day(runs);
    for (std::size_t d = 0; d < days; ++d) {
        for (std::size_t r = 0; r < runs; ++r) day[r] = values[r * days + d];
        std::sort(day.begin(), day.end());
        for (std::size_t l = 0; l < levels; ++l) {
            const auto rank = static_cast<std::size_t>(std::max(
                1.0, std::ceil(quantile_levels[l] * static_cast<double>(runs))));
            out[d * levels + l] = day[std::min(rank, runs) - 1];
        }
    }
    return out;
}

std::string format_sweep_summary(const SweepDesign& design, const Scenario& base,
                                 const SweepSummary& s, std::int64_t resumed_runs,
                                 Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    const auto date_or_never = [&](const std::optional<DayNumber>& d) {
        return d ? format_iso_date(*d) : T(Label::never);
    };
    std::ostringstream out;
    out << fill(T(Label::ws_head),
                {design.name, base.name, with_commas(s.runs), std::to_string(design.grid_points()),
                 std::to_string(design.samples), std::to_string(design.replicates),
                 std::to_string(design.seed)})
        << "\n";
    if (resumed_runs > 0) out << fill(T(Label::ws_resumed), {with_commas(resumed_runs)}) << "\n";
    for (std::size_t t = 0; t < s.overall.size(); ++t) {
        out << "\n"
            << fill(T(Label::ws_target_head), {s.target_labels[t], s.target_ids[t],
                                               format_iso_date(base.targets[t].deadline)})
            << "\n";
        const auto line = [&](const std::string& label, const TargetOdds& o) {
            out << "  "
                << fill(T(Label::ws_line), {label, percent(o.p_met), percent(o.p_low),
                                            percent(o.p_high), with_commas(o.met),
                                            with_commas(o.runs)});
            // A bound (an overdue measure) is met or broken; it has no date reached.
            if (!is_bound(base.targets[t].measure))
                out << fill(T(Label::ws_dates), {date_or_never(o.first_reached_quantiles[0]),
                                                 date_or_never(o.first_reached_quantiles[2]),
                                                 date_or_never(o.first_reached_quantiles[4])});
            out << "\n";
            // With places: how often every one of them met it too.
            if (o.all_places_met >= 0)
                out << fill(T(Label::ws_all_places),
                            {std::to_string(s.places), percent(o.p_all_places), percent(o.p_all_places_low),
                             percent(o.p_all_places_high), with_commas(o.all_places_met), with_commas(o.runs)})
                    << "\n";
        };
        if (s.by_grid.size() > 1)
            for (std::size_t g = 0; g < s.by_grid.size(); ++g)
                line(s.grid_labels[g], s.by_grid[g][t]);
        line(T(Label::w_all_runs), s.overall[t]);
    }
    if (!s.epidemic_by_grid.empty()) {
        out << "\n"
            << T(s.epidemic_mode == SweepSummary::EpidemicMode::random ? Label::ws_epidemic_head_random
                 : s.epidemic_mode == SweepSummary::EpidemicMode::mixed ? Label::ws_epidemic_head_mixed
                                                                        : Label::ws_epidemic_head)
            << "\n";
        for (std::size_t g = 0; g < s.grid_labels.size(); ++g) {
            const EpidemicMeans& e = s.epidemic_by_grid[g];
            out << "  "
                << fill(T(Label::ws_epidemic_line),
                        {s.grid_labels[g], with_commas(std::llround(e.infections.mean)),
                         with_commas(std::llround(e.deaths.mean)),
                         with_commas(std::llround(e.deaths_averted.mean))})
                << "\n";
            // The middle 90% of the runs, when they can differ.
            if (s.runs_per_grid_point > 1 && e.deaths.quantiles.size() == 5) {
                const auto range = [](const EpidemicSpread& x) {
                    return std::pair{with_commas(x.quantiles[0]), with_commas(x.quantiles[4])};
                };
                const auto [i0, i1] = range(e.infections);
                const auto [d0, d1] = range(e.deaths);
                const auto [a0, a1] = range(e.deaths_averted);
                out << fill(T(Label::ws_epidemic_range), {i0, i1, d0, d1, a0, a1}) << "\n";
            }
        }
    }
    if (!s.sensitivity.empty()) {
        out << "\n" << fill(T(Label::ws_sens_head), {s.target_ids.front()}) << "\n";
        for (const auto& sens : s.sensitivity) {
            char days[32];
            std::snprintf(days, sizeof days, "%.1f", sens.effect_days);
            char noise[32];
            std::snprintf(noise, sizeof noise, "%.1f", sens.noise_days);
            out << "  "
                << fill(T(Label::ws_sens_line),
                        {sens.display_name.empty() ? sens.path
                                                   : sens.display_name + " [" + sens.path + "]",
                         days, sens.low_value, sens.high_value})
                << (sens.noise_days < 0                    ? T(Label::ws_sens_untold)
                    : sens.noise_days == 0                 ? std::string() // nothing by chance
                    : sens.effect_days <= sens.noise_days  ? fill(T(Label::ws_sens_within), {noise})
                                                           : fill(T(Label::ws_sens_beyond), {noise}))
                << "\n";
        }
    }
    return out.str();
}

} // namespace vaxsim
