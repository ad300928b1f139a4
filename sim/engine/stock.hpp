#pragma once
// The stock ledger of one product: doses in stock, the wasted share of every dose given,
// the share of recipients who come back for each later dose (rounded per cohort, so each
// group's part in each band is exact), and the reserve held back from first doses for
// booked ones. It answers "how many doses can be given from stock".
#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/product.hpp"
#include "models/rounding.hpp"

namespace vaxsim {

class ProductStock {
  public:
    // `reserve`: the share of booked doses held back from first doses; `cohorts`: how many
    // cohorts (a group's part in one age band) may be given the product.
    void reset(const Product& product, double reserve, int cohorts);
    // A new reserve share from today on (a dated policy change); what is booked stays.
    void set_reserve(double reserve);

    std::int64_t stock() const { return stock_; }
    void receive(std::int64_t doses) { stock_ += doses; }
    // Sends up to `doses` away (an export or a swap), never more than the stock; returns
    // how many were sent.
    std::int64_t send(std::int64_t doses) {
        const std::int64_t n = std::min(doses, stock_);
        stock_ -= n;
        return n;
    }
    // Takes n doses from stock plus the wasted share; returns the doses wasted.
    std::int64_t consume(std::int64_t n) {
        const std::int64_t lost = waste_.take(n);
        stock_ -= n + lost;
        return lost;
    }
    // People of a cohort given dose k (0-based) who come back for dose k + 1: the share
    // is rounded cumulatively per cohort, so every cohort's total is exact.
    std::int64_t returning(int k, int cohort, std::int64_t given) {
        return returning_[slot(cohort, k)].take(given);
    }

    // Stock n doses would consume, wastage included.
    std::int64_t cost(std::int64_t n) const { return n + waste_.peek(n); }
    // Doses held back for `booked` booked doses.
    std::int64_t held(std::int64_t booked) const {
        return booked == 0 ? 0 : share_ceiling(booked, held_per_booked_);
    }
    // Largest n <= limit of booked doses the stock can give.
    std::int64_t affordable_booked(std::int64_t limit) const;
    // Largest n <= limit of doses that book nothing (boosters) the stock can give while
    // keeping the reserve for the `booked` doses outstanding.
    std::int64_t affordable_beside_reserve(std::int64_t limit, std::int64_t booked) const;
    // Largest n <= limit of first doses to a cohort the stock can give while keeping the
    // reserve for the `booked` doses outstanding and for the doses these n will book.
    std::int64_t affordable_first(std::int64_t limit, std::int64_t booked, int cohort) const;
    // First doses the stock could give today to anyone (the reserve kept, the returning
    // share taken of the whole n, not per cohort): what a policy may share out.
    std::int64_t available_first(std::int64_t booked) const;

  private:
    // Stock consumed by n first doses plus what they add to the reserve; cohort -1: the
    // returning share of n itself.
    std::int64_t first_dose_cost(std::int64_t n, std::int64_t booked, int cohort) const;
    std::size_t slot(int cohort, int k) const {
        return static_cast<std::size_t>(cohort) * static_cast<std::size_t>(later_doses_) +
               static_cast<std::size_t>(k);
    }
    // Largest n <= limit with need(n) <= stock. need is non-decreasing, so the whole
    // limit is tried first (the common case); otherwise the search starts from a close
    // guess, off only by rounding, so few steps are taken.
    template <class Need>
    std::int64_t largest_affordable(std::int64_t limit, std::int64_t guess, Need need) const {
        if (need(limit) <= stock_) return limit;
        std::int64_t n = std::clamp<std::int64_t>(guess, 0, limit);
        while (n < limit && need(n + 1) <= stock_) ++n;
        while (n > 0 && need(n) > stock_) --n;
        return n;
    }

    std::int64_t stock_ = 0;
    double wastage_ = 0;
    bool books_later_dose_ = false;
    int later_doses_ = 0; // K - 1
    CumulativeShare waste_;                 // wasted doses per dose given: w / (1 - w)
    Ratio completion_;
    std::vector<CumulativeShare> returning_; // [cohort][k]: of those given dose k, who come back
    Ratio kept_;            // 1 - wastage
    Ratio held_per_booked_; // doses held per booked dose: reserve / (1 - wastage)
};

} // namespace vaxsim
