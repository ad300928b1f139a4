#include "models/capacity.hpp"

#include <algorithm>
#include <unordered_set>

#include "models/error.hpp"
#include "models/names.hpp"
#include "models/rounding.hpp"

namespace vaxsim {

SiteSchedule::SiteSchedule(const std::vector<CapacityPeriod>& periods,
                           const std::optional<std::vector<double>>& weekday_factors,
                           std::optional<double> holiday_factor) {
    for (std::size_t i = 0; i < periods.size(); ++i) {
        const CapacityPeriod& p = periods[i];
        const std::string path = "periods." + std::to_string(i);
        if (!periods_.empty() && p.from <= periods_.back().first)
            throw ModelError(path + ".from", "capacity periods must be in date order");
        periods_.push_back({p.from, check_count(p.doses_per_day, path + ".doses_per_day")});
    }
    if (periods_.empty()) throw ModelError("periods", "expected at least one capacity period");
    std::vector<std::string> ids;
    for (const CapacityPeriod& p : periods) ids.push_back(p.id);
    check_element_ids(ids, "periods");
    if (const auto& factors = weekday_factors) {
        if (factors->size() != 7)
            throw ModelError("weekday_factors", "expected 7 factors, Monday to Sunday, got " +
                                                    std::to_string(factors->size()));
        for (std::size_t i = 0; i < 7; ++i) {
            weekday_[i] = (*factors)[i];
            if (!(weekday_[i] >= 0.0 && weekday_[i] <= 10.0))
                throw ModelError("weekday_factors." + std::to_string(i),
                                 "a weekday factor must be from 0 to 10");
        }
    }
    for (std::size_t i = 0; i < 7; ++i) weekday_share_[i] = decimal_share(weekday_[i]);
    holiday_ = weekday_[6]; // a holiday runs like a Sunday unless told otherwise
    if (holiday_factor) {
        holiday_ = *holiday_factor;
        if (!(holiday_ >= 0.0 && holiday_ <= 10.0))
            throw ModelError("holiday_factor", "the holiday factor must be from 0 to 10");
    }
    holiday_share_ = decimal_share(holiday_);
}

std::int64_t SiteSchedule::on(DayNumber day, bool holiday) const {
    std::int64_t rate = 0;
    for (const auto& [from, doses] : periods_)
        if (from <= day) rate = doses;
    return round_half_up(rate, holiday ? holiday_share_ : weekday_share_[weekday_of(day)]);
}

std::vector<std::int64_t> SiteSchedule::values() const {
    std::vector<std::int64_t> out{0}; // before the first period
    for (const auto& period : periods_) {
        for (const Ratio& share : weekday_share_) out.push_back(round_half_up(period.second, share));
        out.push_back(round_half_up(period.second, holiday_share_));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void Capacity::split_values() {
    if (!share_) return;
    const auto index = static_cast<std::size_t>(share_->index);
    for (const Site& site : sites_) {
        auto& parts = parts_.emplace_back();
        for (std::int64_t whole : site.schedule.values())
            parts.emplace_back(whole, split_part(whole, share_->weights, index));
    }
}

std::int64_t Capacity::part_of(int site, std::int64_t whole) const {
    const auto& parts = parts_[static_cast<std::size_t>(site)];
    const auto at = std::lower_bound(parts.begin(), parts.end(), std::pair{whole, std::int64_t{0}});
    if (at != parts.end() && at->first == whole) return at->second;
    return split_part(whole, share_->weights, static_cast<std::size_t>(share_->index));
}

Capacity::Capacity(const CapacitySpec& spec, const std::vector<std::string>& product_ids)
    : share_(spec.share) {
    if (share_) {
        if (share_->index < 0 || share_->index >= static_cast<int>(share_->weights.size()))
            throw ModelError("share", "part " + std::to_string(share_->index) + " of a split in " +
                                          std::to_string(share_->weights.size()));
        if (std::any_of(share_->weights.begin(), share_->weights.end(),
                        [](std::int64_t w) { return w < 0; }))
            throw ModelError("share", "a share's weights are never negative");
    }
    for (std::size_t i = 0; i < spec.holidays.size(); ++i) {
        const DayNumber day = spec.holidays[i];
        if (std::find(holidays_.begin(), holidays_.end(), day) != holidays_.end())
            throw ModelError("holidays." + std::to_string(i),
                             format_iso_date(day) + " is listed twice");
        holidays_.push_back(day);
    }
    std::sort(holidays_.begin(), holidays_.end());
    if (spec.holiday_factor && holidays_.empty())
        throw ModelError("holiday_factor",
                         "a holiday factor without 'holidays'; list the holidays it applies to");
    std::vector<int> every_product(product_ids.size());
    for (std::size_t p = 0; p < product_ids.size(); ++p) every_product[p] = static_cast<int>(p);

    if (spec.sites.empty()) {
        Site site;
        site.id = "all";
        site.label = "all sites";
        site.products = every_product;
        site.schedule = SiteSchedule(spec.periods, spec.weekday_factors, spec.holiday_factor);
        sites_.push_back(std::move(site));
        split_values();
        return;
    }
    if (!spec.periods.empty())
        throw ModelError("periods", "give either 'periods' (one site giving every product) or "
                                    "'sites', not both");
    single_ = false;
    std::unordered_set<std::string> ids;
    std::vector<bool> given(product_ids.size(), false);
    for (std::size_t i = 0; i < spec.sites.size(); ++i) {
        const SiteSpec& s = spec.sites[i];
        if (s.id.empty()) throw ModelError("sites." + std::to_string(i) + ".id", "a site needs an id");
        const std::string path = "sites." + s.id;
        if (!ids.insert(s.id).second)
            throw ModelError(path + ".id", "site id '" + s.id + "' is used twice");
        Site site;
        site.id = s.id;
        site.label = s.label.empty() ? s.id : s.label;
        site.kind = s.kind;
        if (s.products) {
            if (s.products->empty())
                throw ModelError(path + ".products", "a site gives at least one product; leave "
                                                     "out 'products' for every product");
            for (std::size_t j = 0; j < s.products->size(); ++j) {
                const std::string& id = (*s.products)[j];
                const auto it = std::find(product_ids.begin(), product_ids.end(), id);
                const std::string item = path + ".products." + std::to_string(j);
                if (it == product_ids.end())
                    throw ModelError(item, "unknown product '" + id + "'" + did_you_mean(id, product_ids));
                const int p = static_cast<int>(it - product_ids.begin());
                if (std::find(site.products.begin(), site.products.end(), p) != site.products.end())
                    throw ModelError(item, "product '" + id + "' listed twice");
                site.products.push_back(p);
            }
            std::sort(site.products.begin(), site.products.end());
        } else {
            site.products = every_product;
        }
        for (int p : site.products) given[p] = true;
        site.schedule = build_within(path, [&] {
            return SiteSchedule(s.periods, s.weekday_factors ? s.weekday_factors : spec.weekday_factors,
                                s.holiday_factor ? s.holiday_factor : spec.holiday_factor);
        });
        if (s.holiday_factor && holidays_.empty())
            throw ModelError(path + ".holiday_factor",
                             "a holiday factor without 'capacity.holidays'; list the holidays");
        sites_.push_back(std::move(site));
    }
    for (std::size_t p = 0; p < product_ids.size(); ++p)
        if (!given[p])
            throw ModelError("sites", "no site gives product '" + product_ids[p] +
                                          "'; add it to a site's products");
    split_values();
}

bool Capacity::is_holiday(DayNumber day) const {
    return std::binary_search(holidays_.begin(), holidays_.end(), day);
}

std::int64_t Capacity::on(DayNumber day) const {
    std::int64_t total = 0;
    for (int s = 0; s < static_cast<int>(sites_.size()); ++s) total += on(s, day);
    return total;
}

} // namespace vaxsim
