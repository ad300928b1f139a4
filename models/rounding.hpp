#pragma once
// Whole-number arithmetic for splits of people and doses. MODEL.md: every split rounds
// deterministically so totals are exact — nothing is created or lost by rounding.
#include <cstdint>
#include <span>
#include <vector>

namespace vaxsim {

// Nearest whole number, halves rounded up (x >= 0).
std::int64_t round_half_up(double x);

// Smallest whole number >= share * total, with a tolerance for binary fractions
// (0.7 * 10 is 7, not 8).
std::int64_t share_ceiling(double share, std::int64_t total);

// Splits `total` in proportion to `weights` by largest remainder; ties go to the lower
// index. The parts always sum to `total` (all-zero weights give everything to no one
// and return zeros only when total is 0; otherwise an equal split).
std::vector<std::int64_t> split_proportionally(std::int64_t total,
                                               std::span<const std::int64_t> weights);

// A share taken of a running count so the cumulative total is always
// round_half_up(count * share): daily pieces add up exactly, whatever the day sizes.
class CumulativeShare {
  public:
    explicit CumulativeShare(double share = 0.0) : share_(share) {}
    // Part of the next `n` units that falls to the share.
    std::int64_t take(std::int64_t n) {
        const std::int64_t before = round_half_up(static_cast<double>(counted_) * share_);
        counted_ += n;
        return round_half_up(static_cast<double>(counted_) * share_) - before;
    }
    // What take(n) would return, without counting.
    std::int64_t peek(std::int64_t n) const {
        return round_half_up(static_cast<double>(counted_ + n) * share_) -
               round_half_up(static_cast<double>(counted_) * share_);
    }
    double share() const { return share_; }

  private:
    double share_;
    std::int64_t counted_ = 0;
};

} // namespace vaxsim
