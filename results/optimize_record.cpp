#include "results/optimize_record.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "models/text.hpp"
#include "results/format.hpp"
#include "results/hdf5_interface.hpp"
#include "results/record_io.hpp"

namespace vaxsim {

namespace {

namespace f = format::optimize;

using record_io::put;

std::vector<std::string> split(const std::string& text, char by) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    std::size_t from = 0;
    for (;;) {
        const auto at = text.find(by, from);
        out.push_back(text.substr(from, at == std::string::npos ? std::string::npos : at - from));
        if (at == std::string::npos) return out;
        from = at + 1;
    }
}

// An objective as people read it: whole days; other amounts to one decimal, with commas.
std::string amount(double x, bool days) {
    if (days) return with_commas(static_cast<std::int64_t>(std::llround(x)));
    const double r = std::round(x * 10) / 10;
    const auto whole = static_cast<std::int64_t>(std::trunc(r));
    const int tenth = static_cast<int>(std::llround(std::fabs(r - static_cast<double>(whole)) * 10)) % 10;
    std::string out = r < 0 && whole == 0 ? "-" : "";
    out += with_commas(whole);
    out += '.';
    out += static_cast<char>('0' + tenth);
    return out;
}

std::string signed_amount(double x, bool days) {
    std::string out = x >= 0 ? "+" : "";
    out += amount(x, days);
    return out;
}

double quantile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    const double at = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(at));
    const auto hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (at - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

} // namespace

std::pair<double, double> paired_interval(const std::vector<double>& a,
                                          const std::vector<double>& b) {
    if (a.size() != b.size() || a.empty())
        throw std::logic_error("paired_interval: the two runs differ in futures");
    std::vector<double> d(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
    return {quantile(d, 0.05), quantile(d, 0.95)};
}

void write_optimize_record(hid_t file, const OptimizeRecord& r) {
    hdf5::create_group(file, f::group);
    put(file, f::search, r.search);
    put(file, f::objective, r.objective);
    put(file, f::target, r.target);
    put(file, f::unit, r.unit);
    put(file, f::risk, r.risk);
    put(file, f::method, r.method);
    put(file, f::exhaustive, std::int64_t{r.exhaustive ? 1 : 0});
    put(file, f::evaluations, r.evaluations);
    put(file, f::runs, r.runs);
    put(file, f::budget, r.budget);
    put(file, f::refused, r.refused);
    put(file, f::futures, r.futures);
    put(file, f::future, r.future);
    put(file, f::varied, r.varied);
    std::vector<std::string> names, settings, orders;
    std::vector<double> values, per_future;
    const std::size_t W = std::max<std::size_t>(static_cast<std::size_t>(r.futures), 1);
    for (const auto& x : r.results) {
        if (x.per_future.size() != W)
            throw std::logic_error("write_optimize_record: " + x.name + " has " +
                                   std::to_string(x.per_future.size()) + " futures, not " +
                                   std::to_string(W));
        names.push_back(x.name);
        settings.push_back(joined(x.settings, " "));
        orders.push_back(x.order);
        values.push_back(x.value);
        per_future.insert(per_future.end(), x.per_future.begin(), x.per_future.end());
    }
    put(file, f::name, names);
    put(file, f::settings, settings);
    put(file, f::order, orders);
    put(file, f::value, values);
    hdf5::write_dataset(file, f::per_future.path(), per_future,
                        std::vector<hsize_t>{names.size(), W});
    if (r.search == "shares") {
        const std::vector<hsize_t> shape{r.periods.size(), r.varied.size()};
        if (r.start_shares.size() != r.periods.size() * r.varied.size() ||
            r.optimum_shares.size() != r.start_shares.size())
            throw std::logic_error("write_optimize_record: the shares are not periods x groups");
        put(file, f::period_from, r.periods);
        hdf5::write_dataset(file, f::start_shares.path(), r.start_shares, shape);
        hdf5::write_dataset(file, f::optimum_shares.path(), r.optimum_shares, shape);
    }
}

std::optional<OptimizeRecord> read_optimize_record(const std::filesystem::path& run_file) {
    const hdf5::Handle file = hdf5::open_file(run_file);
    if (!hdf5::has_object(file, f::group)) return std::nullopt;
    const auto text = [&](const format::DatasetSpec& s) { return record_io::text(file, s); };
    const auto whole = [&](const format::DatasetSpec& s) { return record_io::whole(file, s); };
    OptimizeRecord r;
    r.search = text(f::search);
    r.objective = text(f::objective);
    r.target = text(f::target);
    r.unit = text(f::unit);
    r.risk = text(f::risk);
    r.method = text(f::method);
    r.exhaustive = whole(f::exhaustive) != 0;
    r.evaluations = whole(f::evaluations);
    r.runs = whole(f::runs);
    r.budget = whole(f::budget);
    r.refused = whole(f::refused);
    r.futures = whole(f::futures);
    r.future = whole(f::future);
    r.varied = hdf5::read_string_dataset(file, f::varied.path());
    const auto names = hdf5::read_string_dataset(file, f::name.path());
    const auto settings = hdf5::read_string_dataset(file, f::settings.path());
    const auto orders = hdf5::read_string_dataset(file, f::order.path());
    const auto values = hdf5::read_double_dataset(file, f::value.path());
    const auto per_future = hdf5::read_double_dataset(file, f::per_future.path());
    const std::size_t W = std::max<std::size_t>(static_cast<std::size_t>(r.futures), 1);
    if (settings.size() != names.size() || orders.size() != names.size() ||
        values.size() != names.size() || per_future.size() != names.size() * W)
        throw std::runtime_error(run_file.string() +
                                 ": /optimize/name, settings, order, value and per_future "
                                 "differ in length");
    if (hdf5::has_object(file, f::period_from.path())) {
        r.periods = hdf5::read_string_dataset(file, f::period_from.path());
        r.start_shares = hdf5::read_double_dataset(file, f::start_shares.path());
        r.optimum_shares = hdf5::read_double_dataset(file, f::optimum_shares.path());
        if (r.start_shares.size() != r.periods.size() * r.varied.size() ||
            r.optimum_shares.size() != r.start_shares.size())
            throw std::runtime_error(run_file.string() +
                                     ": /optimize/start_shares and optimum_shares are not "
                                     "period_from x varied");
    }
    for (std::size_t i = 0; i < names.size(); ++i)
        r.results.push_back({names[i], split(settings[i], ' '), orders[i], values[i],
                             std::vector<double>(per_future.begin() + static_cast<std::ptrdiff_t>(i * W),
                                                 per_future.begin() + static_cast<std::ptrdiff_t>((i + 1) * W))});
    return r;
}

std::string format_optimize(const OptimizeRecord& r) {
    std::ostringstream o;
    const bool days = r.objective == "time-to-target";
    const std::string what = days ? "days to " + r.target + " (time-to-target)" : r.unit;
    const bool by_shares = r.search == "shares";
    o << "Optimising " << (r.search == "order" ? "the order of " : by_shares ? "the shares of first doses of " : "")
      << joined(r.varied, ", ");
    if (by_shares)
        o << "\n  in " << r.periods.size() << (r.periods.size() == 1 ? " period" : " periods")
          << " from " << joined(r.periods, ", ");
    o << "\n  for the fewest " << what;
    if (r.futures > 0)
        o << ", " << (r.risk == "mean" ? "mean" : "mean of the worst 10%") << " over "
          << with_commas(r.futures) << " futures (the same futures for every candidate)";
    o << "\n  search: ";
    if (r.method == "exhaustive")
        o << "exhaustive, every order (" << with_commas(r.evaluations) << ")";
    else if (r.method == "local-search")
        o << "pairwise-swap local search from the plan's order and other starts: NOT exhaustive";
    else if (by_shares)
        o << "NLopt " << r.method << " over shares >= 0 summing to 1 per period (stick-breaking), "
          << "from the groups' shares of their people, rounded to 0.0001: NOT exhaustive";
    else
        o << "NLopt " << r.method << ", integers and dates rounded: NOT exhaustive";
    o << "; " << with_commas(r.evaluations) << " evaluations, " << with_commas(r.runs)
      << " runs";
    if (r.budget > 0 && !r.exhaustive) o << " (budget " << with_commas(r.budget) << ")";
    if (r.refused > 0)
        o << "; " << with_commas(r.refused) << " values inside the ranges refused by the "
          << "scenario, skipped";
    o << "\n\n";

    const OptimizeResult* plan = nullptr;
    for (const auto& x : r.results)
        if (x.name == "plan") plan = &x;
    std::size_t width = 12;
    for (const auto& x : r.results) width = std::max(width, shown_length(x.name) + 2);
    o << "  " << pad_right("", width) << pad_left(days ? "days" : r.unit, 16) << "   vs plan\n";
    for (const auto& x : r.results) {
        o << "  " << pad_right(x.name, width) << pad_left(amount(x.value, days), 16);
        if (plan && &x != plan) {
            const double d = x.value - plan->value;
            o << "   " << signed_amount(d, days);
            if (plan->value != 0) o << " (" << (d >= 0 ? "+" : "") << percent(d / plan->value) << ")";
            if (r.futures > 0) {
                const auto [lo, hi] = paired_interval(plan->per_future, x.per_future);
                o << "; 90% of futures " << signed_amount(lo, days) << " to "
                  << signed_amount(hi, days);
            }
        }
        o << "\n";
    }
    if (by_shares && !r.periods.empty()) {
        // Each period's shares: the optimum's against the start's (the plan is the
        // scenario's own allocation, which has no shares of these groups to show).
        std::size_t gw = 5;
        for (const auto& g : r.varied) gw = std::max(gw, shown_length(g) + 2);
        o << "\nShares of first doses per period (start: by people; the plan allocates as its "
             "file says)\n";
        o << "  " << pad_right("from", 12) << pad_right("group", gw) << pad_left("start", 8)
          << pad_left("optimum", 9) << pad_left("change", 9) << "\n";
        const std::size_t k = r.varied.size();
        for (std::size_t q = 0; q < r.periods.size(); ++q)
            for (std::size_t g = 0; g < k; ++g) {
                const double a = r.start_shares[q * k + g], b = r.optimum_shares[q * k + g];
                char cells[64];
                std::snprintf(cells, sizeof cells, "%8.4f %8.4f %+8.4f", a, b, b - a);
                o << "  " << pad_right(g == 0 ? r.periods[q] : "", 12) << pad_right(r.varied[g], gw)
                  << cells << "\n";
            }
    }
    for (const auto& x : r.results) {
        if (x.name != "optimum") continue;
        if (!x.order.empty()) o << "\nOptimum order (first slot first): " << x.order << "\n";
        o << (x.order.empty() ? "\nOptimum:" : "  as overrides (with the command's own --set, if any):");
        if (x.settings.empty()) o << " the plan itself";
        // A setting with shell characters (a list, quotes) is quoted to paste as it is.
        for (const auto& s : x.settings)
            o << " --set " << (s.find_first_of("[]{}\"' ") == std::string::npos ? s : "'" + s + "'");
        o << "\n";
    }
    return o.str();
}

} // namespace vaxsim
