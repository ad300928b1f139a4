#pragma once
// Booked doses: everyone given dose k of a series longer than k is booked for dose k + 1
// on a due day. One queue per product (the product of the dose just given), kept in
// due-day order, so serving the oldest due first is a walk from the front; what is due is
// kept as a running total, moved on once a day, because the engine asks for it several
// times a day. A booking also keeps the day of the dose before it and its range (earliest,
// latest), so an interval change can re-date it and a person can drop out after the latest.
#include <cstdint>
#include <vector>

#include "models/date.hpp"
#include "models/product.hpp"

namespace vaxsim {

struct Booking {
    DayNumber due = 0;
    int cohort = 0;
    int dose = 1; // 0-based dose number booked: 1 is the second dose
    std::int64_t remaining = 0;
    DayNumber given = 0;        // the day the dose before was given
    DayNumber original_due = 0; // due by the first-dose-date rules (what due-date changes key on)
    DayNumber earliest = 0;     // no earlier than this (min_days)
    DayNumber latest = 0;       // max_days: after it, a drop-out when the product says so
    int holder = 0;             // the product whose stock holds the reserve for it
};

class DoseQueue {
  public:
    void reset(int products);
    // Books n people of a cohort, given dose `dose - 1` on `given`, for dose `dose`
    // (0-based) of product p on the scheduled day.
    void book(int product, const ScheduledDose& when, DayNumber given, int cohort, int dose,
              std::int64_t n, int holder);
    // Re-dates, before day `from` starts, the not fully served bookings of product p for
    // dose `dose` whose original due day is in [from, to]: `redate(booking)` sets their new
    // days and holder. Returns the people whose bookings moved.
    template <class Redate>
    std::int64_t move(int product, int dose, DayNumber from, DayNumber to, Redate redate);
    // Drops the people of product p's due bookings whose latest day is before `day`;
    // returns how many.
    std::int64_t drop_after_latest(int product, DayNumber day);
    // Starts a day: bookings due on or before `day` count as due from now on. Days only
    // move forward, and a booking made today is due on a later day.
    void start_day(DayNumber day);
    // The earliest due booking of product p with people still waiting; nullptr if none.
    Booking* next_due(int product);
    // Bookings by index, in due order: [first_due, due_end) are due, from due_end on not yet.
    std::size_t first_due(int product) const { return queues_[product].head; }
    std::size_t due_end(int product) const { return queues_[product].due_end; }
    std::size_t size(int product) const { return queues_[product].bookings.size(); }
    Booking& at(int product, std::size_t i) { return queues_[product].bookings[i]; }
    // Records n of a booking served (due or early).
    void serve(int product, Booking& booking, std::int64_t n, bool is_due = true) {
        Queue& q = queues_[product];
        booking.remaining -= n;
        q.outstanding -= n;
        if (is_due) q.due -= n;
        reserved_[booking.holder] -= n;
    }
    // Booked doses, of any product's queue, whose reserve product p's stock holds: its
    // own bookings, less those a heterologous `always` rule will give with another
    // product, plus those it will give.
    std::int64_t reserved(int product) const { return reserved_[product]; }
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
    void insert(Queue& q, const Booking& b);
    std::vector<Queue> queues_;
    std::vector<std::int64_t> reserved_; // per product
    std::vector<Booking> moving_; // scratch
};

template <class Redate>
std::int64_t DoseQueue::move(int product, int dose, DayNumber from, DayNumber to, Redate redate) {
    Queue& q = queues_[product];
    moving_.clear();
    std::size_t kept = q.head;
    for (std::size_t i = q.head; i < q.bookings.size(); ++i) {
        Booking& b = q.bookings[i];
        if (b.remaining > 0 && b.dose == dose && b.original_due >= from && b.original_due <= to)
            moving_.push_back(b);
        else
            q.bookings[kept++] = b;
    }
    if (moving_.empty()) return 0;
    q.bookings.resize(kept);
    std::int64_t moved = 0;
    for (Booking& b : moving_) {
        reserved_[b.holder] -= b.remaining;
        redate(b);
        reserved_[b.holder] += b.remaining;
        moved += b.remaining;
        insert(q, b);
    }
    // What is due is counted again from the head when the day starts.
    q.due_end = q.head;
    q.due = 0;
    return moved;
}

} // namespace vaxsim
