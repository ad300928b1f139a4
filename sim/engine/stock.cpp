#include "sim/engine/stock.hpp"

namespace vaxsim {

void ProductStock::reset(const Product& product, double reserve, int cohorts) {
    stock_ = 0;
    wastage_ = product.wastage();
    const Ratio wasted = decimal_share(wastage_), kept = decimal_share(1.0 - wastage_);
    waste_ = CumulativeShare(ratio_of(wasted, kept));
    const int K = product.doses_in_series();
    books_later_dose_ = K > 1;
    // Every later dose of the series sees the same completion share, rounded per cohort.
    later_doses_ = std::max(0, K - 1);
    completion_ = decimal_share(product.second_dose_completion());
    returning_.assign(static_cast<std::size_t>(later_doses_) * static_cast<std::size_t>(cohorts),
                      CumulativeShare(completion_));
    kept_ = kept;
    set_reserve(reserve);
}

void ProductStock::set_reserve(double reserve) {
    held_per_booked_ = ratio_of(decimal_share(reserve), kept_);
}

std::int64_t ProductStock::affordable_booked(std::int64_t limit) const {
    return largest_affordable(limit, static_cast<std::int64_t>(stock_ * (1.0 - wastage_)),
                              [&](std::int64_t n) { return cost(n); });
}

std::int64_t ProductStock::affordable_beside_reserve(std::int64_t limit,
                                                    std::int64_t booked) const {
    const std::int64_t free_stock = stock_ - held(booked);
    if (free_stock <= 0) return 0;
    return largest_affordable(limit, static_cast<std::int64_t>(free_stock * (1.0 - wastage_)),
                              [&](std::int64_t n) { return cost(n) + held(booked); });
}

std::int64_t ProductStock::first_dose_cost(std::int64_t n, std::int64_t booked,
                                          int cohort) const {
    const std::int64_t books = !books_later_dose_ ? 0
                               : cohort < 0       ? round_half_up(n, completion_)
                                                  : returning_[slot(cohort, 0)].peek(n);
    return cost(n) + held(booked + books);
}

std::int64_t ProductStock::available_first(std::int64_t booked) const {
    return affordable_first(std::max<std::int64_t>(stock_, 0), booked, -1);
}

std::int64_t ProductStock::affordable_first(std::int64_t limit, std::int64_t booked,
                                            int cohort) const {
    const std::int64_t free_stock = stock_ - held(booked);
    if (free_stock <= 0) return 0;
    // A guess only: largest_affordable corrects it with exact arithmetic.
    const double books = books_later_dose_ ? completion_.value() : 0.0;
    const double per_dose = 1.0 / (1.0 - wastage_) + held_per_booked_.value() * books;
    return largest_affordable(limit, static_cast<std::int64_t>(free_stock / per_dose),
                              [&](std::int64_t n) { return first_dose_cost(n, booked, cohort); });
}

} // namespace vaxsim
