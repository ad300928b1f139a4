#include "sim/engine/dose_queue.hpp"

#include <algorithm>

namespace vaxsim {

void DoseQueue::reset(int products) {
    queues_.resize(static_cast<std::size_t>(products));
    for (Queue& q : queues_) {
        q.bookings.clear(); // keeps its memory for the next run
        q.head = 0;
        q.outstanding = 0;
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
    auto pos = std::upper_bound(q.bookings.begin() + static_cast<std::ptrdiff_t>(q.head),
                                q.bookings.end(), due,
                                [](DayNumber d, const Booking& b) { return d < b.due; });
    q.bookings.insert(pos, Booking{due, cohort, dose, n});
}

Booking* DoseQueue::next_due(int product, DayNumber day) {
    Queue& q = queues_[product];
    while (q.head < q.bookings.size() && q.bookings[q.head].remaining == 0) ++q.head;
    if (q.head == q.bookings.size() || q.bookings[q.head].due > day) return nullptr;
    return &q.bookings[q.head];
}

std::int64_t DoseQueue::due_by(int product, DayNumber day) const {
    const Queue& q = queues_[product];
    std::int64_t due = 0;
    for (std::size_t b = q.head; b < q.bookings.size() && q.bookings[b].due <= day; ++b)
        due += q.bookings[b].remaining;
    return due;
}

bool DoseQueue::any_due(int product, DayNumber day) const {
    const Queue& q = queues_[product];
    for (std::size_t b = q.head; b < q.bookings.size() && q.bookings[b].due <= day; ++b)
        if (q.bookings[b].remaining > 0) return true;
    return false;
}

} // namespace vaxsim
