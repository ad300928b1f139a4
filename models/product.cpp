#include "models/product.hpp"

#include <algorithm>
#include <climits>
#include <fstream>
#include <sstream>

#include "models/random.hpp"
#include "models/rounding.hpp"

#include <cmath>

namespace vaxsim {
namespace {

constexpr DayNumber always = INT_MIN / 2;
// Daily deliveries for a century; keeps a mistyped period from exhausting memory.
constexpr std::size_t max_deliveries = 100'000;

std::vector<Delivery> read_delivery_csv(const InputNode& node,
                                        const std::filesystem::path& base_dir) {
    const std::filesystem::path path = base_dir / node.as_string();
    std::ifstream in(path, std::ios::binary);
    if (!in) node.fail("cannot open supply CSV '" + path.string() + "'");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const InputSource csv(path.string(), buffer.str());
    const auto fail_at = [&](int line, int column, const std::string& message) {
        YAML::Mark mark;
        mark.line = line;
        mark.column = column;
        csv.fail(mark, message);
    };
    if (csv.lines.empty() || csv.lines[0] != "date,doses")
        fail_at(0, 0, "expected the header line 'date,doses'");
    std::vector<Delivery> out;
    for (std::size_t i = 1; i < csv.lines.size(); ++i) {
        const std::string& line = csv.lines[i];
        if (line.empty()) continue;
        const auto comma = line.find(',');
        if (comma == std::string::npos)
            fail_at(static_cast<int>(i), 0, "expected 'YYYY-MM-DD,doses'");
        auto day = parse_iso_date(line.substr(0, comma));
        if (!day) fail_at(static_cast<int>(i), 0, "expected a real calendar date YYYY-MM-DD");
        const std::string doses = line.substr(comma + 1);
        std::int64_t value = -1;
        std::size_t used = 0;
        try {
            value = std::stoll(doses, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != doses.size() || value < 0 || doses.empty())
            fail_at(static_cast<int>(i), static_cast<int>(comma + 1),
                    "expected a whole number of doses, zero or more");
        if (!out.empty() && *day < out.back().day)
            fail_at(static_cast<int>(i), 0,
                    "dates must be in order; this one is before the line above");
        out.push_back({*day, value});
    }
    return out;
}

} // namespace

Supply::Supply(const InputNode& node, const std::filesystem::path& base_dir) {
    MapReader r(node, "a product's supply");
    std::vector<Delivery> raw;
    if (auto list = r.optional("deliveries")) {
        for (const InputNode& item : list->items()) {
            MapReader d(item, "a delivery");
            const DayNumber day = d.required("date").as_date();
            raw.push_back({day, d.required("doses").as_count()});
            d.finish();
        }
    }
    if (auto list = r.optional("recurring")) {
        for (const InputNode& item : list->items()) {
            MapReader d(item, "a recurring delivery");
            const DayNumber from = d.required("from").as_date();
            const InputNode to_node = d.required("to");
            const DayNumber to = to_node.as_date();
            if (to < from) to_node.fail("'to' is before 'from'");
            int every = 7;
            if (auto e = d.optional("every_days")) {
                const std::int64_t v = e->as_count();
                if (v < 1 || v > 366) e->fail("every_days must be from 1 to 366");
                every = static_cast<int>(v);
            }
            const std::int64_t doses = d.required("doses").as_count();
            d.finish();
            if ((to - from) / every + raw.size() >= max_deliveries)
                to_node.fail("more than " + std::to_string(max_deliveries) +
                             " deliveries for one product; is the period right?");
            for (DayNumber day = from; day <= to; day += every) raw.push_back({day, doses});
        }
    }
    if (auto csv = r.optional("csv")) {
        const auto rows = read_delivery_csv(*csv, base_dir);
        raw.insert(raw.end(), rows.begin(), rows.end());
    }
    if (auto s = r.optional("scale")) {
        scale_ = s->as_number();
        if (scale_ < 0.0 || scale_ > 1000.0) s->fail("scale must be from 0 to 1000");
    }
    if (auto s = r.optional("shortfall")) shortfall_ = s->as_share();
    if (auto s = r.optional("delay_days")) {
        const std::int64_t v = s->as_integer();
        if (v < -3650 || v > 3650) s->fail("delay_days must be within ±3650 days");
        delay_days_ = static_cast<int>(v);
    }
    if (auto u = r.optional("uncertainty")) {
        MapReader ur(*u, "a supply's uncertainty");
        if (auto d = ur.optional("delay_days")) {
            random_delay_.emplace(*d, Distribution::Range{-3650, 3650});
            if (!random_delay_->is_numeric()) d->fail("expected numbers of days to choose from");
        }
        if (auto s = ur.optional("shortfall")) {
            random_shortfall_.emplace(*s, Distribution::Range{0.0, 1.0});
            if (!random_shortfall_->is_numeric()) s->fail("expected shares to choose from");
        }
        ur.finish();
    }
    r.finish();

    std::stable_sort(raw.begin(), raw.end(),
                     [](const Delivery& a, const Delivery& b) { return a.day < b.day; });
    for (const Delivery& d : raw) {
        if (raw_total_ > INT64_MAX / 4 - d.doses) node.fail("total supply is too large to count");
        raw_total_ += d.doses;
    }
    raw_ = std::move(raw);
    build(std::vector<int>(raw_.size(), 0), std::vector<double>(raw_.size(), 1.0));
}

void Supply::build(const std::vector<int>& extra_delay, const std::vector<double>& arriving_share) {
    deliveries_.clear();
    deliveries_.reserve(raw_.size());
    const double fixed = scale_ * (1.0 - shortfall_);
    double expected = 0.0;
    std::int64_t given = 0;
    for (std::size_t i = 0; i < raw_.size(); ++i) {
        expected += static_cast<double>(raw_[i].doses) * fixed * arriving_share[i];
        const std::int64_t total = round_half_up(expected);
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

Product::Product(const InputNode& node, const std::filesystem::path& base_dir) {
    MapReader r(node, "a product");
    id_ = r.required("id").as_string();
    label_ = r.optional("label") ? r.required("label").as_string() : id_;
    const InputNode doses = r.required("doses");
    const std::int64_t n = doses.as_count();
    if (n != 1 && n != 2) doses.fail("doses in the primary series must be 1 or 2");
    doses_in_series_ = static_cast<int>(n);

    const auto interval = r.optional("interval_days");
    const auto changes = r.optional("interval_changes");
    const auto completion = r.optional("second_dose_completion");
    if (doses_in_series_ == 2) {
        if (!interval) node.fail("missing required key 'interval_days' in a two-dose product");
        const std::int64_t days = interval->as_count();
        if (days < 1 || days > 730) interval->fail("interval_days must be from 1 to 730");
        intervals_.push_back({always, static_cast<int>(days)});
        if (changes) {
            for (const InputNode& item : changes->items()) {
                MapReader c(item, "an interval change");
                const InputNode from = c.required("from");
                const DayNumber day = from.as_date();
                if (day <= intervals_.back().first)
                    from.fail("interval changes must be in date order");
                const InputNode d = c.required("days");
                const std::int64_t v = d.as_count();
                if (v < 1 || v > 730) d.fail("days must be from 1 to 730");
                c.finish();
                intervals_.push_back({day, static_cast<int>(v)});
            }
        }
        if (completion) completion_ = completion->as_share();
    } else {
        for (const auto* extra : {&interval, &changes, &completion})
            if (*extra) (*extra)->fail("a one-dose product has no second dose; remove this key");
    }

    if (auto rules = r.optional("eligibility")) {
        for (const InputNode& item : rules->items()) {
            MapReader e(item, "an eligibility rule");
            EligibilityRule rule;
            rule.from = always;
            if (auto from = e.optional("from")) {
                rule.from = from->as_date();
                if (!eligibility_.empty() && rule.from <= eligibility_.back().from)
                    from->fail("eligibility rules must be in date order");
            } else if (!eligibility_.empty()) {
                item.fail("only the first eligibility rule may leave out 'from'");
            }
            if (auto a = e.optional("min_age"))
                rule.min_age = static_cast<int>(std::min<std::int64_t>(a->as_count(), 1000));
            if (auto a = e.optional("max_age")) {
                const std::int64_t v = a->as_count();
                if (v < rule.min_age) a->fail("max_age is below min_age");
                rule.max_age = static_cast<int>(std::min<std::int64_t>(v, AgeBand::open_end));
            }
            e.finish();
            eligibility_.push_back(rule);
        }
    }
    if (auto w = r.optional("wastage")) {
        wastage_ = w->as_share();
        if (wastage_ >= 0.9) w->fail("wastage must be below 0.9 (a share of opened doses lost)");
    }
    supply_ = Supply(r.required("supply"), base_dir);
    r.finish();
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
