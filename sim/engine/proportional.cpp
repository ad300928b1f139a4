// Proportional: what can actually be given today is split between open groups by the
// people still waiting. "What can be given" is bounded by the capacity left and by every
// product's stock (its wastage and second-dose reserve kept), so when supply binds the
// groups drawing on a product share it instead of the first in priority taking it all.
//
// Rounds of progressive filling: in a round the groups that can still be given something
// (people waiting, a product they may take with stock) split
//     T = min(capacity left, min over products p of  available(p) x W / W_p)
// by their waiting (largest remainder, ties to the higher priority), where W is the
// people waiting in all of them and W_p in those that may take p. Each group's share is
// then at most its waiting's part of every product it may draw on, so no group can take
// another's part of a shared product. After the round everything is measured again; a
// round uses up the capacity or (nearly) a product, or empties a group, so few rounds are
// needed. Should a round give nothing (rounding on the last doses), the rest goes in
// priority order, so the day always ends.
#include <algorithm>
#include <vector>

#include "models/rounding.hpp"
#include "sim/engine/policies.hpp"

namespace vaxsim {
namespace {

class Proportional final : public AllocationPolicy {
  public:
    void allocate(FirstDoseDay& day) const override {
        const int P = day.products();
        std::vector<int> active;
        std::vector<std::int64_t> weights, available(static_cast<std::size_t>(P));
        std::vector<char> draws;
        while (day.capacity_left() > 0) {
            for (int p = 0; p < P; ++p) available[p] = day.available(p);
            active.clear();
            weights.clear();
            draws.clear();
            for (int g : day.open_groups()) {
                if (day.waiting(g) == 0) continue;
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
                weights.push_back(day.waiting(g));
            }
            if (active.empty()) return;
            __int128 total_waiting = 0;
            for (std::int64_t w : weights) total_waiting += w;
            std::int64_t round = day.capacity_left();
            for (int p = 0; p < P; ++p) {
                __int128 waiting_p = 0;
                for (std::size_t i = 0; i < active.size(); ++i)
                    if (draws[i * static_cast<std::size_t>(P) + p]) waiting_p += weights[i];
                if (waiting_p == 0) continue;
                const __int128 part = static_cast<__int128>(available[p]) * total_waiting / waiting_p;
                if (part < round) round = static_cast<std::int64_t>(part);
            }
            const auto shares = split_proportionally(round, weights);
            std::int64_t given = 0;
            for (std::size_t i = 0; i < active.size(); ++i)
                if (shares[i] > 0) given += day.serve(active[i], shares[i]);
            if (given == 0) {
                for (int g : active) {
                    if (day.capacity_left() == 0) return;
                    day.serve(g, day.capacity_left());
                }
                return;
            }
        }
    }
};

} // namespace

std::unique_ptr<AllocationPolicy> make_proportional() {
    return std::make_unique<Proportional>();
}

} // namespace vaxsim
