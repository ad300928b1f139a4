#include "sim/engine/dose_queue.hpp"

#include <algorithm>

namespace vaxsim {

void DoseQueue::reset(int products) {
    queues_.resize(static_cast<std::size_t>(products));
    reserved_.assign(static_cast<std::size_t>(products), 0);
    for (Queue& q : queues_) {
        q.bookings.clear(); // keeps its memory for the next run
        q.head = 0;
        q.due_end = 0;
        q.outstanding = 0;
        q.due = 0;
    }
}

void DoseQueue::insert(Queue& q, const Booking& b) {
    // Due days mostly grow with the day booked; only a shortened interval or a re-dated
    // booking inserts before the end.
    auto pos = std::upper_bound(q.bookings.begin() + static_cast<std::ptrdiff_t>(q.head),
                                q.bookings.end(), b.due,
                                [](DayNumber d, const Booking& x) { return d < x.due; });
    q.bookings.insert(pos, b);
}

void DoseQueue::book(int product, const ScheduledDose& when, DayNumber given, int cohort,
                     int dose, std::int64_t n, int holder) {
    if (n == 0) return;
    Queue& q = queues_[product];
    q.outstanding += n;
    reserved_[holder] += n;
    if (!q.bookings.empty()) {
        Booking& last = q.bookings.back();
        if (last.due == when.due && last.cohort == cohort && last.dose == dose &&
            last.given == given && last.holder == holder) {
            last.remaining += n;
            return;
        }
    }
    insert(q, Booking{when.due, cohort, dose, n, given, when.original_due, when.earliest,
                      when.latest, holder});
}

std::int64_t DoseQueue::drop_after_latest(int product, DayNumber day) {
    Queue& q = queues_[product];
    std::int64_t dropped = 0;
    for (std::size_t i = q.head; i < q.due_end; ++i) {
        Booking& b = q.bookings[i];
        if (b.remaining > 0 && b.latest < day) {
            dropped += b.remaining;
            reserved_[b.holder] -= b.remaining;
            b.remaining = 0;
        }
    }
    q.outstanding -= dropped;
    q.due -= dropped;
    while (q.head < q.due_end && q.bookings[q.head].remaining == 0) ++q.head;
    return dropped;
}

void DoseQueue::start_day(DayNumber day) {
    for (Queue& q : queues_) {
        for (; q.due_end < q.bookings.size() && q.bookings[q.due_end].due <= day; ++q.due_end)
            q.due += q.bookings[q.due_end].remaining;
        while (q.head < q.due_end && q.bookings[q.head].remaining == 0) ++q.head;
    }
}

Booking* DoseQueue::next_due(int product) {
    Queue& q = queues_[product];
    if (q.due == 0) return nullptr;
    while (q.bookings[q.head].remaining == 0) ++q.head;
    return &q.bookings[q.head];
}

} // namespace vaxsim
