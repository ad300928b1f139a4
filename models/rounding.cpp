#include "models/rounding.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace vaxsim {

// Products of two counts can exceed 64 bits; GCC's 128-bit integer holds them exactly.
__extension__ using Int128 = __int128;

namespace {

Ratio reduced(Int128 num, Int128 den) {
    if (den <= 0) throw std::invalid_argument("a ratio needs a positive denominator");
    Int128 a = num < 0 ? -num : num, b = den;
    while (b != 0) a = std::exchange(b, a % b);
    if (a > 1) num /= a, den /= a;
    constexpr Int128 limit = INT64_MAX;
    if (num > limit || num < -limit || den > limit)
        throw std::overflow_error("a ratio of shares is too large to hold exactly");
    return {static_cast<std::int64_t>(num), static_cast<std::int64_t>(den)};
}

} // namespace

Ratio decimal_share(double share) {
    if (!std::isfinite(share) || std::fabs(share) >= 9.2e9)
        throw std::invalid_argument("a share must be a finite number");
    return reduced(std::llround(share * static_cast<double>(share_parts)), share_parts);
}

Ratio ratio_of(Ratio a, Ratio b) {
    return reduced(static_cast<Int128>(a.num) * b.den, static_cast<Int128>(a.den) * b.num);
}

Ratio product_of(Ratio a, Ratio b) {
    return reduced(static_cast<Int128>(a.num) * b.num, static_cast<Int128>(a.den) * b.den);
}

namespace detail {

std::int64_t round_half_up_wide(std::int64_t count, Ratio r) {
    const Int128 wide = 2 * static_cast<Int128>(count) * r.num + r.den;
    return static_cast<std::int64_t>(wide / (2 * static_cast<Int128>(r.den)));
}

std::int64_t share_ceiling_wide(std::int64_t count, Ratio r) {
    const Int128 wide = static_cast<Int128>(count) * r.num;
    return static_cast<std::int64_t>((wide + r.den - 1) / r.den);
}

} // namespace detail

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

namespace {

// split_part's work in integers W wide enough for total x weight: each part's floor,
// then one more to the largest remainders (ties to the lower index) until the parts
// reach the total. Part i gets one more for each full round of that and one if it ranks
// among the rest.
template <class W>
std::int64_t part_of_split(std::int64_t total, std::span<const std::int64_t> weights, std::size_t i,
                           W sum) {
    const auto n = static_cast<std::int64_t>(weights.size());
    std::int64_t given = 0;
    for (std::int64_t w : weights) given += static_cast<std::int64_t>(static_cast<W>(total) * w / sum);
    const std::int64_t extra = total - given, rest = extra % n;
    const W remainder_i = static_cast<W>(total) * weights[i] % sum;
    std::int64_t rank = 0; // parts served before i
    for (std::size_t j = 0; j < weights.size() && rank < rest; ++j) {
        if (j == i) continue;
        const W r = static_cast<W>(total) * weights[j] % sum;
        if (r > remainder_i || (r == remainder_i && j < i)) ++rank;
    }
    return static_cast<std::int64_t>(static_cast<W>(total) * weights[i] / sum) + extra / n + (rank < rest);
}

} // namespace

std::int64_t split_part(std::int64_t total, std::span<const std::int64_t> weights, std::size_t i) {
    const std::size_t n = weights.size();
    if (n == 0 || total == 0) return 0;
    Int128 sum = 0;
    for (auto w : weights) sum += w;
    if (sum == 0)
        return total / static_cast<std::int64_t>(n) +
               (static_cast<std::int64_t>(i) < total % static_cast<std::int64_t>(n));
    // In 64 bits when every product fits (a day's doses over people: always), else in 128.
    constexpr std::int64_t small = std::int64_t{1} << 31;
    if (total < small && sum < (Int128{1} << 62) &&
        std::all_of(weights.begin(), weights.end(), [](std::int64_t w) { return w < small; }))
        return part_of_split<std::int64_t>(total, weights, i, static_cast<std::int64_t>(sum));
    return part_of_split<Int128>(total, weights, i, sum);
}

} // namespace vaxsim
