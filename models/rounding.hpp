#pragma once
// Whole-number arithmetic for splits of people and doses. MODEL.md: every split rounds
// deterministically so totals are exact — nothing is created or lost by rounding.
//
// A share (uptake, wastage, a reserve, a supply scale, a weekday factor) is a decimal a
// planner wrote; it is held exactly as a whole number of parts per 10^9, and every
// product of a count and a share is computed in 128-bit integers. No rounding helper
// uses floating point, so 45 x 0.7 is exactly 31.5 and rounds to 32, and 0.7 of 10 is 7.
#include <cstdint>
#include <span>
#include <vector>

namespace vaxsim {

// num / den, both whole, den > 0.
struct Ratio {
    std::int64_t num = 0;
    std::int64_t den = 1;
    double value() const { return static_cast<double>(num) / static_cast<double>(den); }
    friend bool operator==(const Ratio&, const Ratio&) = default; // the same terms
};

inline constexpr std::int64_t share_parts = 1'000'000'000; // a share's resolution: 10^-9
// The decimal share nearest `share` (finite, |share| < 9.2e9), as parts per 10^9.
Ratio decimal_share(double share);
// a / b for two shares (b > 0): e.g. wastage / (1 - wastage).
Ratio ratio_of(Ratio a, Ratio b);
// a x b.
Ratio product_of(Ratio a, Ratio b);

namespace detail {
// The 128-bit paths of round_half_up and share_ceiling, for products beyond 64 bits.
std::int64_t round_half_up_wide(std::int64_t count, Ratio r);
std::int64_t share_ceiling_wide(std::int64_t count, Ratio r);
} // namespace detail

// The engine asks these many times a day; most products of a day's counts and a share
// fit in 64 bits, where division is several times cheaper than in 128, so that path is
// inline and the wide one is not.

// count x r rounded to the nearest whole number, halves up (count, r >= 0).
inline std::int64_t round_half_up(std::int64_t count, Ratio r) {
    // floor(count x num / den + 1/2) = floor((2 count num + den) / (2 den))
    std::int64_t scaled = 0, twice = 0;
    if (!__builtin_mul_overflow(count, r.num, &scaled) &&
        !__builtin_mul_overflow(scaled, std::int64_t{2}, &twice) &&
        !__builtin_add_overflow(twice, r.den, &twice) && r.den <= INT64_MAX / 2)
        return twice / (2 * r.den);
    return detail::round_half_up_wide(count, r);
}
// The smallest whole number >= count x r.
inline std::int64_t share_ceiling(std::int64_t count, Ratio r) {
    std::int64_t scaled = 0;
    if (!__builtin_mul_overflow(count, r.num, &scaled) &&
        !__builtin_add_overflow(scaled, r.den - 1, &scaled))
        return scaled / r.den;
    return detail::share_ceiling_wide(count, r);
}

// Splits `total` in proportion to `weights` by largest remainder; ties go to the lower
// index. The parts always sum to `total` (all-zero weights give everything to no one
// and return zeros only when total is 0; otherwise an equal split).
std::vector<std::int64_t> split_proportionally(std::int64_t total,
                                               std::span<const std::int64_t> weights);
// Part i of that split alone, exactly split_proportionally(total, weights)[i], without
// building the others (weights not negative, i < weights.size()).
std::int64_t split_part(std::int64_t total, std::span<const std::int64_t> weights, std::size_t i);

// A share taken of a running count so the cumulative total is always
// round_half_up(count, share): daily pieces add up exactly, whatever the day sizes.
class CumulativeShare {
  public:
    CumulativeShare() = default;
    explicit CumulativeShare(Ratio share) : share_(share) {}
    // Part of the next `n` units that falls to the share.
    std::int64_t take(std::int64_t n) {
        const std::int64_t total = round_half_up(counted_ + n, share_);
        const std::int64_t part = total - taken_;
        counted_ += n;
        taken_ = total;
        return part;
    }
    // What take(n) would return, without counting.
    std::int64_t peek(std::int64_t n) const { return round_half_up(counted_ + n, share_) - taken_; }
    Ratio share() const { return share_; }

  private:
    Ratio share_;
    std::int64_t counted_ = 0;
    std::int64_t taken_ = 0; // round_half_up(counted_, share_), kept: peek is asked often
};

} // namespace vaxsim
