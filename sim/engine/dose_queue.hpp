#pragma once
// Booked doses: everyone given dose k of a series longer than k is booked for dose k + 1
// on a due day. One queue per product, kept in due-day order, so serving the oldest due
// first is a walk from the front; what is due is kept as a running total, moved on once a
// day, because the engine asks for it several times a day.
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
    // Starts a day: bookings due on or before `day` count as due from now on. Days only
    // move forward, and a booking made today is due on a later day.
    void start_day(DayNumber day);
    // The earliest due booking of product p with people still waiting; nullptr if none.
    Booking* next_due(int product);
    // Records n of a due booking served.
    void serve(int product, Booking& booking, std::int64_t n) {
        Queue& q = queues_[product];
        booking.remaining -= n;
        q.outstanding -= n;
        q.due -= n;
    }
    // Booked doses of product p not yet given, due or not.
    std::int64_t outstanding(int product) const { return queues_[product].outstanding; }
    // Booked doses of product p due by the day started and not yet given.
    std::int64_t due(int product) const { return queues_[product].due; }

  private:
    struct Queue {
        std::vector<Booking> bookings; // in due-day order
        std::size_t head = 0;          // bookings before head are fully served
        std::size_t due_end = 0;       // bookings before due_end are due
        std::int64_t outstanding = 0;
        std::int64_t due = 0; // remaining in [head, due_end)
    };
    std::vector<Queue> queues_;
};

} // namespace vaxsim
