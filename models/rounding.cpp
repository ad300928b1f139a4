#include "models/rounding.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace vaxsim {

// Products of two counts can exceed 64 bits; GCC's 128-bit integer holds them exactly.
__extension__ using Int128 = __int128;

// A few ulps of slack so that a product meant to be a half (45 * 0.7 = 31.499999999999996
// in binary) rounds as the planner computed it by hand.
std::int64_t round_half_up(double x) {
    const double slack = 8 * std::numeric_limits<double>::epsilon() * std::fabs(x);
    return static_cast<std::int64_t>(std::floor(x + 0.5 + slack));
}

std::int64_t share_ceiling(double share, std::int64_t total) {
    const long double exact = static_cast<long double>(share) * static_cast<long double>(total);
    return static_cast<std::int64_t>(std::ceil(exact - 1e-6L));
}

std::vector<std::int64_t> split_proportionally(std::int64_t total,
                                               std::span<const std::int64_t> weights) {
    const std::size_t n = weights.size();
    std::vector<std::int64_t> parts(n, 0);
    if (n == 0 || total == 0) return parts;
    Int128 sum = 0;
    for (auto w : weights) sum += w;
    if (sum == 0) {
        // No weights: an equal split, remainder to the first.
        for (std::size_t i = 0; i < n; ++i)
            parts[i] = total / static_cast<std::int64_t>(n) +
                       (static_cast<std::int64_t>(i) < total % static_cast<std::int64_t>(n));
        return parts;
    }
    std::vector<Int128> remainder(n);
    std::int64_t given = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const Int128 scaled = static_cast<Int128>(total) * weights[i];
        parts[i] = static_cast<std::int64_t>(scaled / sum);
        remainder[i] = scaled % sum;
        given += parts[i];
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    for (std::size_t k = 0; given < total; ++k, ++given) ++parts[order[k % n]];
    return parts;
}

} // namespace vaxsim
