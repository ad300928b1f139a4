#include "sim/engine/places.hpp"

#include <algorithm>

#include "models/rounding.hpp"

namespace vaxsim {
namespace {

// The code most places had (ties: the lowest code), and the first place that had it.
template <class Code> std::pair<Code, int> most_common(const std::vector<Code>& codes) {
    std::array<int, constraint_codes> count{};
    for (Code c : codes) ++count[static_cast<std::size_t>(c)];
    int best = 0;
    for (int c = 1; c < constraint_codes; ++c)
        if (count[c] > count[best]) best = c;
    const auto at = std::find(codes.begin(), codes.end(), static_cast<Code>(best));
    return {static_cast<Code>(best), static_cast<int>(at - codes.begin())};
}

} // namespace

const Ledger& PlacesEngine::run(const Scenario& city,
                                const std::function<void(int, const Ledger&)>& done) {
    const Places& places = *city.places;
    const int L = places.size();
    const int P = static_cast<int>(city.products.size());
    const int D = city.days();
    const int lag = places.transfer_lag_days();
    const int every = places.rebalance_every_days();
    // Need is judged from each place's state that day, and rebalancing moves stock
    // between places: then the places step together. The other rules never look at a
    // place's state, so every split is made first and the places then run in turn on one
    // engine (each on an engine of its own, the 25 districts' whole ledgers, 28 MB, did
    // not fit in the cache, and the run cost about twice as much).
    const bool together = places.rule() == PlaceRule::need || every > 0;
    engines_.resize(together ? static_cast<std::size_t>(L) : 1);
    kept_.resize(static_cast<std::size_t>(L));
    if (together)
        for (int l = 0; l < L; ++l) engines_[l].start(city.place_scenarios[l], true);
    else
        received_.assign(static_cast<std::size_t>(L) * (D + 1) * P, 0);
    // n doses of product p reaching place l on day t (day D and after: after the end).
    // Run in turn, a place is given them again in the same order (its vials' extra doses
    // are rounded cumulatively): by day, then product, one receipt of each before the end.
    const auto receive = [&](int l, int t, int p, std::int64_t n) {
        if (together)
            engines_[l].receive(t, p, n);
        else
            received_[(static_cast<std::size_t>(l) * (D + 1) + std::min(t, D)) * P + p] += n;
    };
    // Rule capacity: each place's capacity by day, as its engine plans it.
    if (places.rule() == PlaceRule::capacity) {
        place_capacity_.assign(static_cast<std::size_t>(L) * D, 0);
        for (int l = 0; l < L; ++l)
            for (int t = 0; t < D; ++t)
                place_capacity_[static_cast<std::size_t>(l) * D + t] =
                    city.place_scenarios[l].capacity.on(city.start + t);
    }
    // The capacity of place l on days t .. t + n - 1 of the run (days past the end count
    // nothing).
    const auto capacity_over = [&](int l, int t, int n) {
        std::int64_t total = 0;
        for (int d = t; d < t + n && d < D; ++d) total += place_capacity_[static_cast<std::size_t>(l) * D + d];
        return total;
    };

    // The city's deliveries by day of the run (before the start: the first day; after the
    // end: day D, which the places count as delivered after the end).
    arriving_.assign(static_cast<std::size_t>(D + 1) * P, 0);
    for (int p = 0; p < P; ++p)
        for (const Delivery& d : city.products[p].supply().deliveries()) {
            const int t = std::clamp(d.day - city.start, 0, D);
            arriving_[static_cast<std::size_t>(t) * P + p] += d.doses;
        }
    // Rule listed: each delivery split as its rows are (exactly them unless the supply is
    // scaled, cut or delayed), by the day it reaches the city.
    if (places.rule() == PlaceRule::listed) {
        listed_.assign(arriving_.size() * L, 0);
        for (int p = 0; p < P; ++p) {
            const Supply& supply = city.products[p].supply();
            for (std::size_t i = 0; i < supply.deliveries().size(); ++i) {
                const Delivery& d = supply.deliveries()[i];
                const int t = std::clamp(d.day - city.start, 0, D);
                const auto parts = split_proportionally(d.doses, places.listed(p, supply.origins()[i]));
                for (int l = 0; l < L; ++l)
                    listed_[(static_cast<std::size_t>(t) * P + p) * L + l] += parts[l];
            }
        }
    }
    // Doses of product p already received by place l for days t .. t + lag: on their way
    // (the places step together).
    const auto on_way = [&](int l, int t, int p) {
        std::int64_t n = 0;
        for (int d = t; d <= t + lag && d < D; ++d) n += engines_[l].ledger().deliveries(d, p);
        return n;
    };
    weights_.resize(static_cast<std::size_t>(L));
    const auto split = [&](int t, int p, std::int64_t n) {
        const DayNumber day = city.start + t;
        switch (places.rule()) {
        case PlaceRule::listed: // split in deliver()
            break;
        case PlaceRule::population:
            return split_proportionally(n, places.people());
        case PlaceRule::shares:
            return split_proportionally(n, places.shares_on(day));
        case PlaceRule::capacity:
            for (int l = 0; l < L; ++l) weights_[l] = capacity_over(l, t + lag, 7);
            break;
        case PlaceRule::need:
            // What each place still needs, less what is already on its way to it.
            for (int l = 0; l < L; ++l) {
                weights_[l] = std::max<std::int64_t>(0, engines_[l].need(p, day + lag) - on_way(l, t, p));
            }
            break;
        }
        // Nobody needs it or no capacity anywhere: by people.
        if (std::all_of(weights_.begin(), weights_.end(), [](std::int64_t w) { return w == 0; }))
            return split_proportionally(n, places.people());
        return split_proportionally(n, weights_);
    };
    const auto deliver = [&](int t, int arrive) {
        for (int p = 0; p < P; ++p) {
            const std::int64_t n = arriving_[static_cast<std::size_t>(t) * P + p];
            if (n == 0) continue;
            if (places.rule() == PlaceRule::listed) {
                const std::size_t at = (static_cast<std::size_t>(t) * P + p) * L;
                for (int l = 0; l < L; ++l) receive(l, arrive, p, listed_[at + l]);
                continue;
            }
            const std::vector<std::int64_t> parts = split(std::min(t, D - 1), p, n);
            for (int l = 0; l < L; ++l) receive(l, arrive, p, parts[l]);
        }
    };
    // The city's ledger is the places' added up, from what each place's run changed
    // (Ledger::add_changes); a place is added as soon as it has run, while its ledger is
    // still in the cache, then handed to `done`, and what is kept of it is copied.
    const auto finish = [&](int l, const Ledger& ledger) {
        if (l == 0) city_.start_sum(ledger);
        city_.add_changes(ledger);
        if (done) done(l, ledger);
        kept_[static_cast<std::size_t>(l)].keep(ledger);
    };
    // Rebalancing, before day t is stepped: of each product, the stock places hold beyond
    // all the people waiting there that day (Engine::surplus) moves to places still waiting (their need less what is on its
    // way to them), as much as both sides allow; taken in proportion to what each holds
    // over and given in proportion to what each waits for, largest remainder. The doses
    // reach their new place that morning.
    const auto rebalance = [&](int t) {
        const DayNumber day = city.start + t;
        for (int p = 0; p < P; ++p) {
            std::int64_t over = 0, short_of = 0;
            for (int l = 0; l < L; ++l) {
                surplus_[l] = engines_[l].surplus(p, day);
                weights_[l] = surplus_[l] > 0 ? 0 : std::max<std::int64_t>(0, engines_[l].need(p, day) - on_way(l, t, p));
                over += surplus_[l];
                short_of += weights_[l];
            }
            const std::int64_t moved = std::min(over, short_of);
            if (moved == 0) continue;
            const std::vector<std::int64_t> out = split_proportionally(moved, surplus_);
            const std::vector<std::int64_t> in = split_proportionally(moved, weights_);
            for (int l = 0; l < L; ++l) {
                if (out[l] > 0) engines_[l].move_out(t, p, out[l]);
                if (in[l] > 0) engines_[l].move_in(t, p, in[l]);
            }
        }
    };
    if (together) {
        surplus_.resize(static_cast<std::size_t>(L));
        for (int t = 0; t < D; ++t) {
            deliver(t, t + lag);
            if (every > 0 && t > 0 && t % every == 0) rebalance(t);
            for (Engine& e : engines_) e.step(t);
        }
        deliver(D, D); // after the end: never in stock
        for (int l = 0; l < L; ++l) finish(l, engines_[l].ledger());
    } else {
        for (int t = 0; t < D; ++t) deliver(t, t + lag);
        deliver(D, D); // after the end: never in stock
        Engine& engine = engines_[0];
        for (int l = 0; l < L; ++l) {
            engine.start(city.place_scenarios[l], true);
            const std::int64_t* got = &received_[static_cast<std::size_t>(l) * (D + 1) * P];
            for (int t = 0; t <= D; ++t)
                for (int p = 0; p < P; ++p)
                    if (const std::int64_t n = got[static_cast<std::size_t>(t) * P + p]) engine.receive(t, p, n);
            for (int t = 0; t < D; ++t) engine.step(t);
            finish(l, engine.ledger());
        }
    }
    city_.end_sum();
    // What held the city each day: what held most places (and the first such place's
    // product and site); each group likewise. Mostly every place was held alike: the
    // days and groups where some place differs from the first are found first, array by
    // array, and only those are counted place by place.
    const int G = city_.groups();
    const PlaceLedger& first = kept_.front();
    day_differs_.assign(static_cast<std::size_t>(D), 0);
    group_differs_.assign(static_cast<std::size_t>(D) * G, 0);
    // Element by element over whole arrays (restrict: the masks alias nothing, so the
    // loops are vectorised).
    const auto mark = [](char* __restrict differs, const std::int8_t* __restrict a,
                         const std::int8_t* __restrict b, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) differs[i] |= a[i] != b[i];
    };
    for (int l = 1; l < L; ++l) {
        const PlaceLedger& place = kept_[static_cast<std::size_t>(l)];
        mark(day_differs_.data(), place.binding_constraint.data(), first.binding_constraint.data(),
             day_differs_.size());
        mark(group_differs_.data(), place.group_binding_constraint.data(),
             first.group_binding_constraint.data(), group_differs_.size());
    }
    std::vector<std::int8_t> codes(static_cast<std::size_t>(L));
    for (int t = 0; t < D; ++t) {
        int at = 0; // the place whose product and site are named
        if (day_differs_[static_cast<std::size_t>(t)]) {
            for (int l = 0; l < L; ++l) codes[l] = kept_[l].binding_constraint[t];
            at = most_common(codes).second;
        }
        city_.binding_constraint[t] = kept_[at].binding_constraint[t];
        city_.binding_product[t] = kept_[at].binding_product[t];
        city_.binding_site[t] = kept_[at].binding_site[t];
        for (int g = 0; g < G; ++g) {
            at = 0;
            if (group_differs_[static_cast<std::size_t>(t) * G + g]) {
                for (int l = 0; l < L; ++l) codes[l] = kept_[l].group_binding(t, g);
                at = most_common(codes).second;
            }
            city_.group_binding(t, g) = kept_[at].group_binding(t, g);
            city_.group_binding_product(t, g) = kept_[at].group_binding_product(t, g);
        }
    }
    return city_;
}

} // namespace vaxsim
