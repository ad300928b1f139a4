#include "models/product.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "models/error.hpp"
#include "models/random.hpp"
#include "models/rounding.hpp"

namespace vaxsim {
namespace {

constexpr DayNumber always = INT_MIN / 2;
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
                         std::llround(arriving_share[i] * static_cast<double>(share_parts));
        const auto total = static_cast<std::int64_t>((2 * arrived_parts * fixed.num + den) / (2 * den));
        deliveries_.push_back({raw_[i].day + delay_days_ + extra_delay[i], total - given});
        given = total;
    }
    std::stable_sort(deliveries_.begin(), deliveries_.end(),
                     [](const Delivery& a, const Delivery& b) { return a.day < b.day; });
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
    if (spec.doses != 1 && spec.doses != 2)
        throw ModelError("doses", "doses in the primary series must be 1 or 2");
    doses_in_series_ = static_cast<int>(spec.doses);

    if (doses_in_series_ == 2) {
        if (!spec.interval_days)
            throw ModelError("", "missing required key 'interval_days' in a two-dose product");
        const std::int64_t days = *spec.interval_days;
        if (days < 1 || days > 730)
            throw ModelError("interval_days", "interval_days must be from 1 to 730");
        intervals_.push_back({always, static_cast<int>(days)});
        for (std::size_t i = 0; i < spec.interval_changes.size(); ++i) {
            const IntervalChange& c = spec.interval_changes[i];
            const std::string path = "interval_changes." + std::to_string(i);
            if (c.from <= intervals_.back().first)
                throw ModelError(path + ".from", "interval changes must be in date order");
            if (c.days < 1 || c.days > 730)
                throw ModelError(path + ".days", "days must be from 1 to 730");
            intervals_.push_back({c.from, static_cast<int>(c.days)});
        }
        if (spec.second_dose_completion)
            completion_ = check_share(*spec.second_dose_completion, "second_dose_completion");
    } else {
        const std::string no_second_dose = "a one-dose product has no second dose; remove this key";
        if (spec.interval_days) throw ModelError("interval_days", no_second_dose);
        if (!spec.interval_changes.empty()) throw ModelError("interval_changes", no_second_dose);
        if (spec.second_dose_completion) throw ModelError("second_dose_completion", no_second_dose);
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

int Product::interval_for_first_dose_on(DayNumber first_dose_day) const {
    int days = intervals_.empty() ? 0 : intervals_.front().second;
    for (const auto& [from, d] : intervals_)
        if (from <= first_dose_day) days = d;
    return days;
}

int Product::shortest_interval() const {
    int best = INT_MAX;
    for (const auto& change : intervals_) best = std::min(best, change.second);
    return intervals_.empty() ? 0 : best;
}

bool Product::eligible(const AgeBand& band, DayNumber day) const {
    if (eligibility_.empty()) return true;
    const EligibilityRule* rule = nullptr;
    for (const auto& r : eligibility_)
        if (r.from <= day) rule = &r;
    return rule && band.min_age >= rule->min_age && band.max_age <= rule->max_age;
}

} // namespace vaxsim
