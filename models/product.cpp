#include "models/product.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>
#include <string_view>

#include "models/error.hpp"
#include "models/random.hpp"
#include "models/rounding.hpp"

namespace vaxsim {
namespace {

constexpr DayNumber always = INT_MIN / 2;
constexpr DayNumber no_end = INT_MAX / 2;
constexpr std::int64_t max_interval_days = 730;
// Daily deliveries for a century; keeps a mistyped period from exhausting memory.
constexpr std::size_t max_deliveries = 100'000;

} // namespace

Supply::Supply(const SupplySpec& spec) {
    std::vector<Delivery> raw;
    for (std::size_t i = 0; i < spec.deliveries.size(); ++i) {
        check_count(spec.deliveries[i].doses, "deliveries." + std::to_string(i) + ".doses");
        raw.push_back(spec.deliveries[i]);
    }
    for (std::size_t i = 0; i < spec.recurring.size(); ++i) {
        const RecurringDelivery& r = spec.recurring[i];
        const std::string path = "recurring." + std::to_string(i);
        if (r.to < r.from) throw ModelError(path + ".to", "'to' is before 'from'");
        if (r.every_days < 1 || r.every_days > 366)
            throw ModelError(path + ".every_days", "every_days must be from 1 to 366");
        check_count(r.doses, path + ".doses");
        if (static_cast<std::size_t>((r.to - r.from) / r.every_days) + raw.size() >= max_deliveries)
            throw ModelError(path + ".to", "more than " + std::to_string(max_deliveries) +
                                               " deliveries for one product; is the period right?");
        for (DayNumber day = r.from; day <= r.to; day += static_cast<int>(r.every_days))
            raw.push_back({day, r.doses});
    }
    for (const Delivery& d : spec.schedule) {
        if (d.doses < 0) throw ModelError("csv", "expected a whole number of doses, zero or more");
        raw.push_back(d);
    }
    scale_ = spec.scale;
    if (!(scale_ >= 0.0 && scale_ <= 1000.0))
        throw ModelError("scale", "scale must be from 0 to 1000");
    std::vector<std::string> recurring_ids, window_ids;
    for (const RecurringDelivery& r : spec.recurring) recurring_ids.push_back(r.id);
    check_element_ids(recurring_ids, "recurring");
    for (std::size_t i = 0; i < spec.scale_windows.size(); ++i) {
        const ScaleWindow& w = spec.scale_windows[i];
        const std::string path = "scale_windows." + std::to_string(i);
        window_ids.push_back(w.id);
        if (w.to < w.from)
            throw ModelError(path + ".to", "the window ends (" + format_iso_date(w.to) +
                                               ") before it starts (" + format_iso_date(w.from) +
                                               ")");
        if (!(w.scale >= 0.0 && w.scale <= 1000.0))
            throw ModelError(path + ".scale", "scale must be from 0 to 1000");
        for (std::size_t j = 0; j < i; ++j)
            if (w.from <= spec.scale_windows[j].to && spec.scale_windows[j].from <= w.to)
                throw ModelError(path + ".from", "the window overlaps scale_windows." +
                                                     std::to_string(j) +
                                                     " (a delivery takes one window's scale)");
    }
    check_element_ids(window_ids, "scale_windows");
    shortfall_ = check_share(spec.shortfall, "shortfall");
    if (spec.delay_days < -3650 || spec.delay_days > 3650)
        throw ModelError("delay_days", "delay_days must be within ±3650 days");
    delay_days_ = static_cast<int>(spec.delay_days);
    if (const auto& d = spec.uncertainty.delay_days) {
        random_delay_ = build_within("uncertainty.delay_days", [&] {
            return Distribution(*d, Distribution::Range{-3650, 3650});
        });
        if (!random_delay_->is_numeric())
            throw ModelError("uncertainty.delay_days", "expected numbers of days to choose from");
    }
    if (const auto& s = spec.uncertainty.shortfall) {
        random_shortfall_ = build_within("uncertainty.shortfall", [&] {
            return Distribution(*s, Distribution::Range{0.0, 1.0});
        });
        if (!random_shortfall_->is_numeric())
            throw ModelError("uncertainty.shortfall", "expected shares to choose from");
    }

    if (const auto& v = spec.vial) {
        if (v->labelled_doses < 1 || v->labelled_doses > 1000)
            throw ModelError("vial.labelled_doses", "labelled doses per vial must be from 1 to 1000");
        if (v->extracted_doses < v->labelled_doses)
            throw ModelError("vial.extracted_doses",
                             "extracted doses (" + std::to_string(v->extracted_doses) +
                                 ") are fewer than the labelled doses (" +
                                 std::to_string(v->labelled_doses) +
                                 "); doses lost in use are wastage, not extraction");
        if (v->extracted_doses > 2 * v->labelled_doses)
            throw ModelError("vial.extracted_doses",
                             "extracted doses may be at most twice the labelled doses");
        vial_ = *v;
        extra_per_dose_ = {v->extracted_doses - v->labelled_doses, v->labelled_doses};
    }
    const auto movements = [](const std::vector<Delivery>& given, const std::string& key) {
        std::vector<Delivery> out;
        for (std::size_t i = 0; i < given.size(); ++i) {
            check_count(given[i].doses, key + "." + std::to_string(i) + ".doses");
            out.push_back(given[i]);
        }
        std::stable_sort(out.begin(), out.end(),
                         [](const Delivery& a, const Delivery& b) { return a.day < b.day; });
        return out;
    };
    exports_ = movements(spec.exports, "exports");
    returns_ = movements(spec.returns, "returns");

    std::stable_sort(raw.begin(), raw.end(),
                     [](const Delivery& a, const Delivery& b) { return a.day < b.day; });
    for (const Delivery& d : raw) {
        if (raw_total_ > INT64_MAX / 4 - d.doses)
            throw ModelError("", "total supply is too large to count");
        raw_total_ += d.doses;
    }
    raw_ = std::move(raw);
    for (const Delivery& d : raw_) {
        double f = 1.0;
        for (const ScaleWindow& w : spec.scale_windows)
            if (d.day >= w.from && d.day <= w.to) f = w.scale;
        window_scale_.push_back(f);
    }
    build(std::vector<int>(raw_.size(), 0), std::vector<double>(raw_.size(), 1.0));
}

void Supply::build(const std::vector<int>& extra_delay, const std::vector<double>& arriving_share) {
    deliveries_.clear();
    deliveries_.reserve(raw_.size());
    // Exactly: the cumulative total is round_half_up(sum of raw x arriving share) x scale
    // x (1 - shortfall), each share a decimal held as parts per 10^9.
    const Ratio fixed = product_of(decimal_share(scale_), decimal_share(1.0 - shortfall_));
    __extension__ using Int128 = __int128;
    Int128 arrived_parts = 0; // sum of raw x arriving share, in parts per 10^9
    const Int128 den = static_cast<Int128>(share_parts) * fixed.den;
    std::int64_t given = 0;
    for (std::size_t i = 0; i < raw_.size(); ++i) {
        arrived_parts += static_cast<Int128>(raw_[i].doses) *
                         std::llround(arriving_share[i] * window_scale_[i] *
                                      static_cast<double>(share_parts));
        const auto total = static_cast<std::int64_t>((2 * arrived_parts * fixed.num + den) / (2 * den));
        deliveries_.push_back({raw_[i].day + delay_days_ + extra_delay[i], total - given});
        given = total;
    }
    // In date order, each remembering the delivery it came from (equal days keep the
    // listed order).
    std::vector<int> order(raw_.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return deliveries_[a].day < deliveries_[b].day; });
    std::vector<Delivery> sorted;
    sorted.reserve(order.size());
    for (int i : order) sorted.push_back(deliveries_[i]);
    deliveries_ = std::move(sorted);
    origins_ = std::move(order);
}

void Supply::realize(std::uint64_t seed, std::uint64_t future, const std::string& product_id) {
    if (!is_uncertain()) return;
    std::vector<int> delay(raw_.size(), 0);
    std::vector<double> arriving(raw_.size(), 1.0);
    if (random_delay_) {
        RandomStream stream(seed, future, "supply/" + product_id + "/delay");
        for (int& d : delay)
            d = static_cast<int>(std::lround(random_delay_->quantile(stream.uniform()).number));
    }
    if (random_shortfall_) {
        RandomStream stream(seed, future, "supply/" + product_id + "/shortfall");
        for (double& a : arriving) a = 1.0 - random_shortfall_->quantile(stream.uniform()).number;
    }
    build(delay, arriving);
}

Product::Product(const ProductSpec& spec)
    : id_(spec.id), label_(spec.label.empty() ? spec.id : spec.label) {
    if (id_.empty()) throw ModelError("id", "a product needs an id");
    if (spec.doses < 1 || spec.doses > max_series)
        throw ModelError("doses", "doses in a series must be from 1 to " +
                                      std::to_string(max_series));
    doses_in_series_ = static_cast<int>(spec.doses);

    if (doses_in_series_ >= 2) {
        build_schedule(spec);
        if (spec.second_dose_completion)
            completion_ = check_share(*spec.second_dose_completion, "second_dose_completion");
        after_max_ = spec.after_max;
    } else {
        const std::string no_second_dose = "a one-dose product has no second dose; remove this key";
        if (spec.interval_days) throw ModelError("interval_days", no_second_dose);
        if (!spec.intervals.empty()) throw ModelError("intervals", no_second_dose);
        if (!spec.interval_changes.empty()) throw ModelError("interval_changes", no_second_dose);
        if (spec.second_dose_completion) throw ModelError("second_dose_completion", no_second_dose);
        if (spec.after_max != AfterMax::keep_waiting) throw ModelError("after_max", no_second_dose);
    }

    for (std::size_t i = 0; i < spec.eligibility.size(); ++i) {
        const EligibilitySpec& e = spec.eligibility[i];
        const std::string path = "eligibility." + std::to_string(i);
        EligibilityRule rule;
        rule.from = always;
        if (e.from) {
            rule.from = *e.from;
            if (!eligibility_.empty() && rule.from <= eligibility_.back().from)
                throw ModelError(path + ".from", "eligibility rules must be in date order");
        } else if (!eligibility_.empty()) {
            throw ModelError(path, "only the first eligibility rule may leave out 'from'");
        }
        rule.min_age = static_cast<int>(
            std::min<std::int64_t>(check_count(e.min_age, path + ".min_age"), 1000));
        if (e.max_age) {
            const std::int64_t v = check_count(*e.max_age, path + ".max_age");
            if (v < rule.min_age) throw ModelError(path + ".max_age", "max_age is below min_age");
            rule.max_age = static_cast<int>(std::min<std::int64_t>(v, AgeBand::open_end));
        }
        eligibility_.push_back(rule);
    }
    wastage_ = check_share(spec.wastage, "wastage");
    if (wastage_ >= 0.9)
        throw ModelError("wastage", "wastage must be below 0.9 (a share of opened doses lost)");
    supply_ = build_within("supply", [&] { return Supply(spec.supply); });
    for (std::size_t i = 0; i < spec.protection_days.size(); ++i) {
        const std::string path = spec.protection_days.size() == 1
                                     ? std::string("protection_days")
                                     : "protection_days." + std::to_string(i);
        if (spec.protection_days[i] < 1 || spec.protection_days[i] > 3660)
            throw ModelError(path, "a protection duration is from 1 to 3660 days, got " +
                                       std::to_string(spec.protection_days[i]));
        protection_.push_back(static_cast<int>(spec.protection_days[i]));
    }
}

void Product::build_schedule(const ProductSpec& spec) {
    const int gaps = doses_in_series_ - 1;
    const auto in_days = [](std::int64_t v, const std::string& path, const char* what) {
        if (v < 1 || v > max_interval_days)
            throw ModelError(path, std::string(what) + " must be from 1 to " +
                                       std::to_string(max_interval_days));
        return static_cast<int>(v);
    };
    // A range's bound, in days, on its side of the target: min_days not above it, max_days
    // not below it.
    const auto bound = [&](std::int64_t v, int target, const std::string& path, const char* key) {
        const int d = in_days(v, path + "." + key, key);
        const bool low = std::string_view(key) == "min_days";
        if (low ? d > target : d < target)
            throw ModelError(path + "." + key, std::string(key) + " " + std::to_string(d) +
                                                   (low ? " is above" : " is below") +
                                                   " the target days " + std::to_string(target));
        return d;
    };
    if (spec.interval_days && !spec.intervals.empty())
        throw ModelError("intervals", "give either 'interval_days' or 'intervals', not both");
    if (spec.interval_days) {
        if (gaps != 1)
            throw ModelError("interval_days",
                             "interval_days is shorthand for a two-dose series; a series of " +
                                 std::to_string(doses_in_series_) +
                                 " doses needs 'intervals', one entry per gap (" +
                                 std::to_string(gaps) + ")");
        const int d = in_days(*spec.interval_days, "interval_days", "interval_days");
        gaps_.push_back({d, d, d});
    } else if (spec.intervals.empty()) {
        throw ModelError("", gaps == 1 ? "missing required key 'interval_days' in a two-dose product"
                                       : "missing required key 'intervals' in a " +
                                             std::to_string(doses_in_series_) + "-dose product");
    } else {
        if (static_cast<int>(spec.intervals.size()) != gaps)
            throw ModelError("intervals", "a series of " + std::to_string(doses_in_series_) +
                                              " doses has " + std::to_string(gaps) +
                                              " intervals (one per gap), not " +
                                              std::to_string(spec.intervals.size()));
        for (std::size_t i = 0; i < spec.intervals.size(); ++i) {
            const IntervalSpec& in = spec.intervals[i];
            const std::string path = "intervals." + std::to_string(i);
            Gap g;
            g.days = in_days(in.days, path + ".days", "days");
            g.min_days = g.max_days = g.days;
            if (in.min_days) g.min_days = bound(*in.min_days, g.days, path, "min_days");
            if (in.max_days) g.max_days = bound(*in.max_days, g.days, path, "max_days");
            gaps_.push_back(g);
        }
    }

    std::vector<std::string> change_ids;
    for (const IntervalChange& c : spec.interval_changes) change_ids.push_back(c.id);
    check_element_ids(change_ids, "interval_changes");
    // Changes, each checked against the one before it of the same dose and basis.
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < spec.interval_changes.size(); ++i) {
        const IntervalChange& c = spec.interval_changes[i];
        const std::string path = "interval_changes." + std::to_string(i);
        if (c.dose < 2 || c.dose > doses_in_series_)
            throw ModelError(path + ".dose",
                             "dose " + std::to_string(c.dose) + " is not a later dose of this " +
                                 std::to_string(doses_in_series_) + "-dose series (2 to " +
                                 std::to_string(doses_in_series_) + ")");
        Change change;
        change.from = c.from;
        change.gap = static_cast<int>(c.dose) - 2;
        change.basis = c.applies_to;
        change.days = in_days(c.days, path + ".days", "days");
        // The gap's range moves with its target, unless the change gives its own.
        const Gap& base = gaps_[change.gap];
        change.min_days = std::max(1, base.min_days + change.days - base.days);
        change.max_days = std::min(static_cast<int>(max_interval_days),
                                   base.max_days + change.days - base.days);
        if (c.min_days) change.min_days = bound(*c.min_days, change.days, path, "min_days");
        if (c.max_days) change.max_days = bound(*c.max_days, change.days, path, "max_days");
        change.max_days = std::max(change.max_days, change.days);
        change.to = no_end;
        if (c.to) {
            if (*c.to < c.from) throw ModelError(path + ".to", "'to' is before 'from'");
            change.to = *c.to;
        }
        change.move_booked = c.move_booked;
        if (c.move_booked && c.applies_to != IntervalBasis::due_date)
            throw ModelError(path + ".move_booked",
                             "move_booked needs 'applies_to: due_date' (bookings made before "
                             "'from' are for doses given before it, which a first-dose-date "
                             "change does not cover)");
        Change* before = nullptr;
        for (Change& earlier : changes_)
            if (earlier.gap == change.gap && earlier.basis == change.basis) before = &earlier;
        if (before) {
            if (change.from <= before->from)
                throw ModelError(path + ".from", "interval changes must be in date order");
            if (before->to == no_end) {
                before->to = change.from - 1; // an open change lasts until the next
            } else if (before->to >= change.from) {
                throw ModelError(path + ".from",
                                 "this change overlaps the one before it for the same dose "
                                 "(to " + format_iso_date(before->to) + ")");
            }
        }
        changes_.push_back(change);
    }
    // The second dose by first-dose date, as (from, days): what older readers show.
    intervals_.push_back({always, gaps_[0].days});
    for (const Change& c : changes_)
        if (c.gap == 0 && c.basis == IntervalBasis::first_dose_date) {
            intervals_.push_back({c.from, c.days});
            if (c.to != no_end && c.to + 1 < no_end) intervals_.push_back({c.to + 1, gaps_[0].days});
        }
    std::stable_sort(intervals_.begin(), intervals_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
}

const Product::Change* Product::change_on(int gap, IntervalBasis basis, DayNumber day) const {
    for (const Change& c : changes_)
        if (c.gap == gap && c.basis == basis && c.from <= day && day <= c.to) return &c;
    return nullptr;
}

int Product::interval_for_first_dose_on(DayNumber first_dose_day) const {
    if (gaps_.empty()) return 0;
    const Change* c = change_on(0, IntervalBasis::first_dose_date, first_dose_day);
    return c ? c->days : gaps_[0].days;
}

ScheduledDose Product::next_dose(int k, DayNumber given) const {
    const Gap& base = gaps_[static_cast<std::size_t>(k)];
    int days = base.days, lo = base.min_days, hi = base.max_days;
    if (const Change* c = change_on(k, IntervalBasis::first_dose_date, given)) {
        days = c->days;
        lo = c->min_days;
        hi = c->max_days;
    }
    const DayNumber original_due = given + days;
    if (const Change* c = change_on(k, IntervalBasis::due_date, original_due);
        c && c->from <= given) {
        days = c->days;
        lo = c->min_days;
        hi = c->max_days;
    }
    return {given + days, given + lo, given + hi, original_due};
}

ScheduledDose Product::moved(int change, DayNumber given, DayNumber original_due) const {
    const Change& c = changes_[static_cast<std::size_t>(change)];
    return {given + c.days, given + c.min_days, given + c.max_days, original_due};
}

int Product::fewest_days(int k, DayNumber given) const {
    const Gap& base = gaps_[static_cast<std::size_t>(k)];
    int days = base.days, lo = base.min_days;
    if (const Change* c = change_on(k, IntervalBasis::first_dose_date, given)) {
        days = c->days;
        lo = c->min_days;
    }
    if (const Change* c = change_on(k, IntervalBasis::due_date, given + days))
        lo = std::min(lo, c->min_days);
    return lo;
}

int Product::longest_interval() const {
    int most = 0;
    for (const Gap& g : gaps_) most = std::max(most, g.max_days);
    for (const Change& c : changes_) most = std::max(most, c.max_days);
    return most;
}

int Product::most_early_days() const {
    int most = 0;
    for (const Gap& g : gaps_) most = std::max(most, g.days - g.min_days);
    for (const Change& c : changes_) most = std::max(most, c.days - c.min_days);
    return most;
}

int Product::shortest_interval() const {
    int least = INT_MAX;
    for (const Gap& g : gaps_) least = std::min(least, g.min_days);
    for (const Change& c : changes_) least = std::min(least, c.min_days);
    return gaps_.empty() ? 0 : least;
}

bool Product::eligible(const AgeBand& band, DayNumber day) const {
    if (eligibility_.empty()) return true;
    const EligibilityRule* rule = nullptr;
    for (const auto& r : eligibility_)
        if (r.from <= day) rule = &r;
    return rule && band.min_age >= rule->min_age && band.max_age <= rule->max_age;
}

std::vector<std::string> product_ids(const std::vector<Product>& products) {
    std::vector<std::string> ids;
    for (const Product& p : products) ids.push_back(p.id());
    return ids;
}

} // namespace vaxsim
