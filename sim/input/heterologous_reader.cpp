// Heterologous dose rules: which products may give a booked later dose instead.
#include "sim/input/section_readers.hpp"

namespace vaxsim {

HeterologousSpec read_heterologous(const InputNode& node) {
    MapReader r(node, "a heterologous rule");
    HeterologousSpec h;
    h.dose = r.required("dose").as_count();
    h.after = r.required("after").as_string_list();
    h.give = r.required("give").as_string_list();
    if (auto a = r.optional("min_age")) h.min_age = a->as_count();
    if (auto a = r.optional("max_age")) h.max_age = a->as_count();
    if (auto d = r.optional("from")) h.from = d->as_date();
    if (auto d = r.optional("to")) h.to = d->as_date();
    if (auto w = r.optional("when")) {
        const std::string v = w->as_string();
        if (v == "always")
            h.when = SwitchWhen::always;
        else if (v == "short")
            h.when = SwitchWhen::short_of_stock;
        else
            w->fail("expected always or short, got '" + v + "'");
    }
    r.finish();
    return h;
}

} // namespace vaxsim
