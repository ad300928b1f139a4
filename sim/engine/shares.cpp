// Shares: what can actually be given today is split between the open groups by the
// shares the policy states for them (policy.shares, changing at dated policy steps).
// "What can be given" is bounded as for proportional: by the capacity left and by every
// product's stock (its wastage and second-dose reserve kept).
//
// Rounds of progressive filling: in a round the groups that can still be given something
// (a share above 0, people waiting, a product they may take with stock) split
//     T = min(capacity left,
//             min over products p of  available(p) x S / S_p,
//             min over groups g of    waiting(g) x S / s_g)
// by their shares (largest remainder, ties to the higher priority), where s_g is a
// group's share, S the shares of all of them and S_p of those that may take p. No group
// is then offered more than it has waiting, nor more than its share's part of a product
// it may draw on. A share a group cannot use (closed, nobody waiting, no product it may
// take) so goes to the others in proportion to their shares. After the round everything
// is measured again; a round uses up the capacity or (nearly) a product, or empties a
// group. When no group with a share can take more (or a round gives nothing: rounding on
// the last doses), the rest goes to the open groups in priority order, those without a
// share included, so no dose is left while someone eligible waits.
#include <algorithm>
#include <vector>

#include "models/rounding.hpp"
#include "sim/engine/policies.hpp"

namespace vaxsim {
namespace {

class Shares final : public AllocationPolicy {
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
                if (day.waiting(g) == 0 || day.share(g) == 0) continue;
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
                weights.push_back(day.share(g));
            }
            if (active.empty()) break;
            __int128 total = 0;
            for (std::int64_t w : weights) total += w;
            std::int64_t round = day.capacity_left();
            for (int p = 0; p < P; ++p) {
                __int128 share_p = 0;
                for (std::size_t i = 0; i < active.size(); ++i)
                    if (draws[i * static_cast<std::size_t>(P) + p]) share_p += weights[i];
                if (share_p == 0) continue;
                const __int128 part = static_cast<__int128>(available[p]) * total / share_p;
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
            if (given == 0) break;
        }
        // What no group with a share can take: the open groups in priority order.
        for (int g : day.open_groups()) {
            if (day.capacity_left() == 0) return;
            if (day.waiting(g) > 0) day.serve(g, day.capacity_left());
        }
    }
};

} // namespace

std::unique_ptr<AllocationPolicy> make_shares() {
    return std::make_unique<Shares>();
}

} // namespace vaxsim
