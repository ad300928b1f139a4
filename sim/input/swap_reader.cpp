// A swap: doses of one product given away for doses of another, on one day.
#include "sim/input/section_readers.hpp"

namespace vaxsim {

SwapSpec read_swap(const InputNode& node) {
    MapReader r(node, "a swap");
    SwapSpec s;
    s.date = r.required("date").as_date();
    const auto side = [&](const char* key, std::string& product, std::int64_t& doses) {
        MapReader m(r.required(key), key == std::string("give") ? "a swap's 'give'" : "a swap's 'get'");
        product = m.required("product").as_string();
        doses = m.required("doses").as_count();
        m.finish();
    };
    side("give", s.give_product, s.give_doses);
    side("get", s.get_product, s.get_doses);
    r.finish();
    return s;
}

} // namespace vaxsim
