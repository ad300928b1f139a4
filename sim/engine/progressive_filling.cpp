#include "sim/engine/progressive_filling.hpp"

#include <vector>

#include "models/rounding.hpp"

namespace vaxsim {

Filled fill_in_proportion(FirstDoseDay& day, const std::function<std::int64_t(int group)>& weight) {
    const int P = day.products();
    std::vector<int> active;
    std::vector<std::int64_t> weights, available(static_cast<std::size_t>(P));
    std::vector<char> draws; // [active group][product]
    // A product no group drew on in a round (they took products they list before it) is
    // not contested: it bounds no round while its stock stays as it was, or a few doses of
    // it left would hold every round to a few doses (a day of capacity/3 rounds). Once any
    // product runs out, groups may turn to it: every product bounds rounds again.
    std::vector<std::int64_t> idle(static_cast<std::size_t>(P), -1); // its stock when idle
    while (day.capacity_left() > 0) {
        for (int p = 0; p < P; ++p) available[p] = day.available(p);
        active.clear();
        weights.clear();
        draws.clear();
        for (int g : day.open_groups()) {
            if (day.waiting(g) == 0) continue;
            const std::int64_t w = weight(g);
            if (w == 0) continue;
            bool can_take = false;
            const std::size_t at = draws.size();
            draws.resize(at + static_cast<std::size_t>(P), 0);
            for (int p = 0; p < P; ++p)
                if (available[p] > 0 && day.draws_on(g, p)) draws[at + p] = can_take = true;
            if (!can_take) {
                draws.resize(at);
                continue;
            }
            active.push_back(g);
            weights.push_back(w);
        }
        if (active.empty()) return Filled::done;
        __int128 total = 0;
        for (std::int64_t w : weights) total += w;
        std::int64_t round = day.capacity_left();
        for (int p = 0; p < P; ++p) {
            __int128 weight_p = 0;
            for (std::size_t i = 0; i < active.size(); ++i)
                if (draws[i * static_cast<std::size_t>(P) + p]) weight_p += weights[i];
            if (weight_p == 0 || idle[p] == available[p]) continue;
            const __int128 part = static_cast<__int128>(available[p]) * total / weight_p;
            if (part < round) round = static_cast<std::int64_t>(part);
        }
        for (std::size_t i = 0; i < active.size(); ++i) {
            const __int128 part = static_cast<__int128>(day.waiting(active[i])) * total / weights[i];
            if (part < round) round = static_cast<std::int64_t>(part);
        }
        const auto parts = split_proportionally(round, weights);
        std::int64_t given = 0;
        for (std::size_t i = 0; i < active.size(); ++i)
            if (parts[i] > 0) given += day.serve(active[i], parts[i]);
        if (given == 0) return Filled::stuck;
        bool ran_out = false;
        for (int p = 0; p < P; ++p) ran_out = ran_out || (available[p] > 0 && day.available(p) == 0);
        for (int p = 0; p < P; ++p)
            idle[p] = !ran_out && day.available(p) == available[p] ? available[p] : -1;
    }
    return Filled::done;
}

} // namespace vaxsim
