#include "sim/engine/boosters.hpp"

#include <algorithm>
#include <tuple>

namespace vaxsim {

void BoosterBook::reset(const Scenario& sc) {
    sc_ = &sc;
    k0_ = sc.primary_doses();
    K_ = sc.dose_numbers();
    const int P = static_cast<int>(sc.products.size());
    streams_ = P * K_;
    cohorts_ = static_cast<int>(sc.population.cohorts().size());
    const std::size_t cells = static_cast<std::size_t>(cohorts_) * static_cast<std::size_t>(streams_);
    layers_.resize(cells);
    for (auto& l : layers_) l.clear();
    start_ = sc.start;
    const auto days = static_cast<std::size_t>(sc.days());
    lapse_on_.resize(days);
    for (auto& d : lapse_on_) d.clear();
    protection_.assign(static_cast<std::size_t>(streams_), 0);
    for (int p = 0; p < P; ++p)
        for (int k = 0; k < K_; ++k)
            protection_[static_cast<std::size_t>(p * K_ + k)] =
                protection_of(sc.products, p, k + 1).value_or(0);
    campaigns_.clear();
    for (const BoosterCampaign& c : sc.boosters) campaigns_.push_back(&c);
    offer_on_.resize(campaigns_.size());
    for (auto& by_day : offer_on_) {
        by_day.resize(days);
        for (auto& d : by_day) d.clear();
    }
    uptake_.assign(campaigns_.size(), {});
    for (std::size_t ci = 0; ci < campaigns_.size(); ++ci)
        uptake_[ci].assign(static_cast<std::size_t>(cohorts_),
                           CumulativeShare(campaigns_[ci]->uptake_share));
    queues_.assign(campaigns_.size(), {});
    full_.assign(static_cast<std::size_t>(cohorts_), 0);
    lapsed_.assign(static_cast<std::size_t>(cohorts_), 0);
    boosted_.assign(static_cast<std::size_t>(cohorts_), 0);
    left_waiting_ = false;
    stopped_by_ = -1;
}

void BoosterBook::add_last_dose(int cohort, int product, int k, DayNumber day, std::int64_t n) {
    if (boosters_of(k) == 0) full_[cohort] += n;
    const int s = product * K_ + k;
    std::vector<Layer>& stream = layers_[at(cohort, s)];
    // Today's layer, filed already: nothing falls due on the day a layer is made.
    if (!stream.empty() && stream.back().day == day) {
        stream.back().people += n;
        stream.back().open += n;
        return;
    }
    stream.push_back({day, n, n, false});
    const Ref ref{cohort, s, static_cast<int>(stream.size() - 1)};
    const int protection = protection_[static_cast<std::size_t>(s)];
    // A last dose before the run (an initial state) whose protection lapsed before it
    // starts is lapsed from the first day; one eligible before it is offered on the first
    // day (the offer is made once the run can make it).
    if (protection > 0) file(lapse_on_, std::max(day + protection, start_), ref);
    for (std::size_t ci = 0; ci < campaigns_.size(); ++ci) {
        const BoosterCampaign& c = *campaigns_[ci];
        if (!c.in_campaign[static_cast<std::size_t>(cohort)] || boosters_of(k) >= c.doses) continue;
        if (!c.after_days && protection == 0) continue; // never lapses
        // Looked at from the next day's start on, and not before the campaign opens.
        const DayNumber eligible =
            std::max({day + (c.after_days ? *c.after_days : protection), day + 1, c.from, start_});
        if (c.to && eligible > *c.to) continue;
        file(offer_on_[ci], eligible, ref);
    }
}

void BoosterBook::start_day(DayNumber day) {
    left_waiting_ = false;
    stopped_by_ = -1;
    const long index = static_cast<long>(day) - static_cast<long>(start_);
    if (index < 0 || index >= static_cast<long>(lapse_on_.size())) return;
    const auto today = static_cast<std::size_t>(index);
    // Protection that lapses today: dose on day d protects on days d .. d + days - 1.
    for (const Ref& r : lapse_on_[today]) {
        Layer& layer = layers_[at(r.cohort, r.stream)][static_cast<std::size_t>(r.layer)];
        layer.lapsed = true;
        lapsed_[static_cast<std::size_t>(r.cohort)] += layer.people;
    }
    // Who becomes eligible for each open campaign today, and who of them takes it up.
    for (std::size_t ci = 0; ci < campaigns_.size(); ++ci) {
        today_.clear();
        for (const Ref& r : offer_on_[ci][today]) {
            Layer& layer = layers_[at(r.cohort, r.stream)][static_cast<std::size_t>(r.layer)];
            if (layer.open == 0) continue; // offered by an earlier campaign
            const std::int64_t take =
                uptake_[ci][static_cast<std::size_t>(r.cohort)].take(layer.open);
            layer.open = 0;
            if (take > 0) today_.push_back({r.cohort, r.stream, r.layer, layer.day, take});
        }
        // Among those booked today, the oldest last dose first (then by cohort and stream:
        // one layer each, so the order is complete).
        std::sort(today_.begin(), today_.end(), [](const Entry& a, const Entry& b) {
            return std::tie(a.last_dose, a.cohort, a.stream) <
                   std::tie(b.last_dose, b.cohort, b.stream);
        });
        Queue& q = queues_[ci];
        for (const Entry& e : today_) {
            q.entries.push_back(e);
            q.waiting += e.remaining;
        }
    }
}

} // namespace vaxsim
