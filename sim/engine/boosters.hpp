#pragma once
// Boosters and re-vaccination in the engine: who is up to date, who is eligible for a
// campaign and took up its offer, and serving them.
//
// Everyone who completed a series is kept in exactly one layer: the people of a cohort
// whose last dose (the one completing their series, or their latest booster) was dose k
// of product p on one day. When a layer is made, the day its protection lapses and the
// day it becomes eligible for each campaign (days since the last dose, or protection
// lapsed; not before the campaign opens, nor the day the layer is made) are known, so it
// is filed under those days and each day looks only at what falls on it.
// Eligible people decide once: the campaign's uptake, rounded cumulatively per cohort, is
// booked into the campaign's queue (oldest last dose first among those eligible the same
// day, then by cohort); the rest are not offered that booster again. Booked people keep their layer (and
// its protection) until the booster is given.
#include <cstdint>
#include <vector>

#include "models/rounding.hpp"
#include "models/scenario.hpp"

namespace vaxsim {

class BoosterBook {
  public:
    void reset(const Scenario& sc);

    // n people of a cohort had their last dose (0-based dose index k of product p) on day.
    void add_last_dose(int cohort, int product, int k, DayNumber day, std::int64_t n);
    // Starts a day: protection that lapses today, and people who become eligible today
    // for an open campaign book (or decline) a booster.
    void start_day(DayNumber day);

    // Serves the open campaigns of one priority, in file order, each oldest booked first,
    // while capacity lasts. `afford(p, want)`: boosters of product p the stock can give
    // (<= want); `give(cohort, p, k, n)`: gives n doses of index k. Returns doses given.
    template <class Afford, class Give>
    std::int64_t serve(BoosterPriority which, DayNumber day, std::int64_t& capacity_left,
                       Afford&& afford, Give&& give);

    // Calls f(cohort) for each protection lapsing on `day` (start_day counts them).
    template <class F> void each_lapsing(DayNumber day, F&& f) const {
        const long index = static_cast<long>(day) - static_cast<long>(start_);
        if (index < 0 || index >= static_cast<long>(lapse_on_.size())) return;
        for (const Ref& r : lapse_on_[static_cast<std::size_t>(index)]) f(r.cohort);
    }

    std::int64_t up_to_date(int cohort) const { return full_[cohort] - lapsed_[cohort]; }
    std::int64_t boosted(int cohort) const { return boosted_[cohort]; }
    bool any() const { return !campaigns_.empty(); }
    // After the day's serving: were booked people of an open campaign left without a
    // booster, and the product that stopped them (out of stock; -1: none they may take).
    bool left_waiting() const { return left_waiting_; }
    int stopped_by() const { return stopped_by_; }

  private:
    struct Layer {
        DayNumber day = 0;
        std::int64_t people = 0; // whose last dose this still is
        std::int64_t open = 0;   // not yet offered a booster
        bool lapsed = false;
    };
    struct Entry {
        int cohort = 0;
        int stream = 0;
        int layer = 0;
        DayNumber last_dose = 0;
        std::int64_t remaining = 0;
    };
    struct Ref {
        int cohort = 0;
        int stream = 0;
        int layer = 0;
    };
    struct Queue {
        std::vector<Entry> entries;
        std::size_t head = 0; // entries before head are served
        std::int64_t waiting = 0;
    };
    std::size_t at(int cohort, int stream) const {
        return static_cast<std::size_t>(cohort) * static_cast<std::size_t>(streams_) +
               static_cast<std::size_t>(stream);
    }
    // Boosters had by people whose last dose is index k.
    int boosters_of(int k) const { return k >= k0_ ? k - k0_ + 1 : 0; }

    // Files a ref under a day of the run (days outside it are never reached).
    void file(std::vector<std::vector<Ref>>& by_day, DayNumber day, const Ref& ref) {
        const long index = static_cast<long>(day) - static_cast<long>(start_);
        if (index >= 0 && index < static_cast<long>(by_day.size()))
            by_day[static_cast<std::size_t>(index)].push_back(ref);
    }

    const Scenario* sc_ = nullptr;
    DayNumber start_ = 0;
    int k0_ = 1, K_ = 1, streams_ = 0, cohorts_ = 0;
    std::vector<std::vector<Layer>> layers_;  // [cohort][stream]
    std::vector<int> protection_;             // [stream]: days, or 0 for never
    std::vector<std::vector<Ref>> lapse_on_;  // [day of the run]: layers whose protection lapses
    std::vector<const BoosterCampaign*> campaigns_;
    std::vector<std::vector<std::vector<Ref>>> offer_on_; // [campaign][day]: layers eligible
    std::vector<std::vector<CumulativeShare>> uptake_;   // [campaign][cohort]
    std::vector<Queue> queues_;                          // [campaign]
    std::vector<std::int64_t> full_, lapsed_, boosted_;  // [cohort]
    std::vector<Entry> today_;                           // scratch
    std::vector<char> blocked_;                          // [product] scratch
    bool left_waiting_ = false;
    int stopped_by_ = -1;
};

template <class Afford, class Give>
std::int64_t BoosterBook::serve(BoosterPriority which, DayNumber day,
                                std::int64_t& capacity_left, Afford&& afford, Give&& give) {
    const Population& pop = sc_->population;
    std::int64_t given = 0;
    for (std::size_t ci = 0; ci < campaigns_.size(); ++ci) {
        const BoosterCampaign& c = *campaigns_[ci];
        if (c.priority != which || !c.open_on(day)) continue;
        Queue& q = queues_[ci];
        blocked_.assign(sc_->products.size(), 0);
        for (std::size_t i = q.head; i < q.entries.size() && capacity_left > 0; ++i) {
            Entry& e = q.entries[i];
            const int band = pop.cohorts()[e.cohort].band;
            const int k = e.stream % K_;
            const int next = k0_ + boosters_of(k); // the booster's dose index
            for (int p : c.products) {
                if (e.remaining == 0 || capacity_left == 0) break;
                if (blocked_[p] || !sc_->products[p].eligible(pop.bands()[band], day)) continue;
                const std::int64_t want = std::min(e.remaining, capacity_left);
                const std::int64_t n = afford(p, want);
                if (n < want) {
                    blocked_[p] = 1;
                    if (stopped_by_ < 0) stopped_by_ = p;
                }
                if (n == 0) continue;
                give(e.cohort, p, next, n);
                capacity_left -= n;
                given += n;
                e.remaining -= n;
                q.waiting -= n;
                Layer& from = layers_[at(e.cohort, e.stream)][e.layer];
                from.people -= n;
                if (from.lapsed) lapsed_[e.cohort] -= n;
                if (boosters_of(k) == 0) boosted_[e.cohort] += n;
                add_last_dose(e.cohort, p, next, day, n);
            }
            if (e.remaining == 0 && i == q.head) ++q.head;
        }
        if (q.waiting > 0) left_waiting_ = true;
    }
    return given;
}

} // namespace vaxsim
