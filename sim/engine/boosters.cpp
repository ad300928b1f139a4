#include "sim/engine/boosters.hpp"

#include <algorithm>

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
    lapse_cursor_.assign(cells, 0);
    protection_.assign(static_cast<std::size_t>(streams_), 0);
    for (int p = 0; p < P; ++p)
        for (int k = 0; k < K_; ++k)
            protection_[static_cast<std::size_t>(p * K_ + k)] =
                protection_of(sc.products, p, k + 1).value_or(0);
    campaigns_.clear();
    for (const BoosterCampaign& c : sc.boosters) campaigns_.push_back(&c);
    offer_cursor_.assign(campaigns_.size(), std::vector<std::size_t>(cells, 0));
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
    std::vector<Layer>& stream = layers_[at(cohort, product * K_ + k)];
    // Today's layer is not yet looked at by a cursor: start_day has passed.
    if (!stream.empty() && stream.back().day == day) {
        stream.back().people += n;
        stream.back().open += n;
    } else {
        stream.push_back({day, n, n, false});
    }
    if (boosters_of(k) == 0) full_[cohort] += n;
}

void BoosterBook::start_day(DayNumber day) {
    left_waiting_ = false;
    stopped_by_ = -1;
    // Protection that lapses today: dose on day d protects on days d .. d + days - 1.
    const bool any_protection =
        std::any_of(protection_.begin(), protection_.end(), [](int d) { return d > 0; });
    for (int c = 0; c < cohorts_ && any_protection; ++c)
        for (int s = 0; s < streams_; ++s) {
            const int days = protection_[static_cast<std::size_t>(s)];
            if (days == 0) continue;
            std::vector<Layer>& stream = layers_[at(c, s)];
            std::size_t& cur = lapse_cursor_[at(c, s)];
            for (; cur < stream.size() && stream[cur].day + days <= day; ++cur) {
                stream[cur].lapsed = true;
                lapsed_[c] += stream[cur].people;
            }
        }
    // Who becomes eligible for each open campaign, and who of them takes it up.
    for (std::size_t ci = 0; ci < campaigns_.size(); ++ci) {
        const BoosterCampaign& campaign = *campaigns_[ci];
        if (!campaign.open_on(day)) continue;
        today_.clear();
        for (int c : campaign.cohorts)
            for (int s = 0; s < streams_; ++s) {
                const int k = s % K_;
                if (boosters_of(k) >= campaign.doses) continue;
                const int wait = campaign.after_days ? *campaign.after_days
                                                     : protection_[static_cast<std::size_t>(s)];
                if (!campaign.after_days && wait == 0) continue; // never lapses
                std::vector<Layer>& stream = layers_[at(c, s)];
                std::size_t& cur = offer_cursor_[ci][at(c, s)];
                for (; cur < stream.size() && stream[cur].day + wait <= day; ++cur) {
                    Layer& layer = stream[cur];
                    if (layer.open == 0) continue;
                    const std::int64_t take = uptake_[ci][static_cast<std::size_t>(c)].take(layer.open);
                    layer.open = 0;
                    if (take > 0)
                        today_.push_back({c, s, static_cast<int>(cur), layer.day, take});
                }
            }
        // Among those booked today, the oldest last dose first.
        std::stable_sort(today_.begin(), today_.end(), [](const Entry& a, const Entry& b) {
            return a.last_dose < b.last_dose;
        });
        Queue& q = queues_[ci];
        for (const Entry& e : today_) {
            q.entries.push_back(e);
            q.waiting += e.remaining;
        }
    }
}

} // namespace vaxsim
