#include "sim/engine/dose_queue.hpp"

#include <algorithm>

namespace vaxsim {

void DoseQueue::reset(int products) {
    queues_.resize(static_cast<std::size_t>(products));
    for (Queue& q : queues_) {
        q.bookings.clear(); // keeps its memory for the next run
        q.head = 0;
        q.due_end = 0;
        q.outstanding = 0;
        q.due = 0;
    }
}

void DoseQueue::book(int product, DayNumber due, int cohort, int dose, std::int64_t n) {
    if (n == 0) return;
    Queue& q = queues_[product];
    q.outstanding += n;
    if (!q.bookings.empty()) {
        Booking& last = q.bookings.back();
        if (last.due == due && last.cohort == cohort && last.dose == dose) {
            last.remaining += n;
            return;
        }
    }
    // Due days mostly grow with the day booked; only an interval shortened on a date
    // inserts before the end.
    auto pos =
        std::upper_bound(q.bookings.begin() + static_cast<std::ptrdiff_t>(q.head), q.bookings.end(),
                         due, [](DayNumber d, const Booking& b) { return d < b.due; });
    q.bookings.insert(pos, Booking{due, cohort, dose, n});
}

void DoseQueue::start_day(DayNumber day) {
    for (Queue& q : queues_)
        for (; q.due_end < q.bookings.size() && q.bookings[q.due_end].due <= day; ++q.due_end)
            q.due += q.bookings[q.due_end].remaining;
}

Booking* DoseQueue::next_due(int product) {
    Queue& q = queues_[product];
    if (q.due == 0) return nullptr;
    while (q.bookings[q.head].remaining == 0) ++q.head;
    return &q.bookings[q.head];
}

} // namespace vaxsim
