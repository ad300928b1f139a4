// The initial state: where the campaign stands at the end of `as_of` (people by group,
// product and doses received, their last dose and next booking; stock on hand).
#include "sim/input/section_readers.hpp"

namespace vaxsim {

InitialStateSpec read_initial_state(const InputNode& node) {
    MapReader r(node, "the initial state");
    InitialStateSpec s;
    s.as_of = r.required("as_of").as_date();
    if (auto people = r.optional("people"))
        for (const InputNode& item : people->items()) {
            MapReader m(item, "an initial state's people entry");
            InitialPeopleSpec e;
            e.group = m.required("group").as_string();
            if (auto band = m.optional("band")) e.band = band->as_string();
            e.product = m.required("product").as_string();
            e.doses = m.required("doses").as_count();
            e.count = m.required("count").as_count();
            e.last_dose = m.required("last_dose").as_date();
            if (auto due = m.optional("next_due")) e.next_due = due->as_date();
            if (auto booked = m.optional("booked")) e.booked = booked->as_bool();
            m.finish();
            s.people.push_back(std::move(e));
        }
    if (auto stock = r.optional("stock")) {
        if (!stock->is_map()) stock->fail("expected doses on hand by product, e.g. {pfizer: 120000}");
        // An unknown product is the key's mistake, not its value's.
        s.stock = read_named(*stock, "the stock on hand by product",
                             [](const InputNode& n) { return n.as_count(); });
    }
    r.finish();
    return s;
}

} // namespace vaxsim
