#pragma once
// Booked doses: everyone given dose k of a series longer than k is booked for dose k + 1
// on a due day. One queue per product, kept in due-day order, so serving the oldest due
// first and counting what is due are walks from the front.
#include <cstdint>
#include <vector>

#include "models/date.hpp"

namespace vaxsim {

struct Booking {
    DayNumber due = 0;
    int cohort = 0;
    int dose = 1; // 0-based dose number booked: 1 is the second dose
    std::int64_t remaining = 0;
};

class DoseQueue {
  public:
    void reset(int products);
    // Books n people of a cohort for dose `dose` (0-based) of product p on `due`.
    void book(int product, DayNumber due, int cohort, int dose, std::int64_t n);
    // The earliest booking of product p with people still waiting, due on or before
    // `day`; nullptr if none.
    Booking* next_due(int product, DayNumber day);
    // Records n of a booking served.
    void serve(int product, Booking& booking, std::int64_t n) {
        booking.remaining -= n;
        queues_[product].outstanding -= n;
    }
    // Booked doses of product p not yet given, due or not.
    std::int64_t outstanding(int product) const { return queues_[product].outstanding; }
    // Booked doses of product p due on or before `day` and not yet given.
    std::int64_t due_by(int product, DayNumber day) const;
    // Is anyone of product p due on or before `day` still waiting?
    bool any_due(int product, DayNumber day) const;

  private:
    struct Queue {
        std::vector<Booking> bookings; // in due-day order
        std::size_t head = 0;          // bookings before head are fully served
        std::int64_t outstanding = 0;
    };
    std::vector<Queue> queues_;
};

} // namespace vaxsim
