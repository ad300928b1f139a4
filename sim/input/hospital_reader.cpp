// The epidemic's hospital section: outcome delays, lengths of stay, ICU share and beds.
#include "sim/input/section_readers.hpp"

namespace vaxsim {
namespace {

// `{mean_days: M, sd_days: S}` or a list of daily probabilities.
DaysSpec read_days(const InputNode& node, const std::string& what) {
    DaysSpec d;
    if (node.is_sequence()) {
        for (const InputNode& item : node.items()) d.probabilities.push_back(item.as_share());
        if (d.probabilities.empty())
            node.fail("expected " + what + " as {mean_days, sd_days} or a list of daily "
                                           "probabilities, got an empty list");
        return d;
    }
    if (!node.is_map())
        node.fail("expected " + what + " as {mean_days, sd_days} or a list of daily probabilities");
    MapReader r(node, what);
    d.mean_days = r.required("mean_days").as_number();
    d.sd_days = r.required("sd_days").as_number();
    r.finish();
    return d;
}

} // namespace

HospitalSpec read_hospital(const InputNode& node) {
    MapReader r(node, "the hospital load");
    HospitalSpec h;
    h.source = r.required("source").as_string();
    {
        MapReader d(r.required("delays"), "the outcome delays");
        h.admission_delay = read_days(d.required("admission"), "the delay to admission");
        h.death_delay = read_days(d.required("death"), "the delay to death");
        d.finish();
    }
    const InputNode share = r.required("icu_share");
    if (share.is_sequence())
        for (const InputNode& item : share.items()) h.icu_share.push_back(item.as_share());
    else
        h.icu_share.push_back(share.as_share());
    h.ward_stay = read_days(r.required("ward_stay_days"), "the ward stay");
    h.icu_stay = read_days(r.required("icu_stay_days"), "the ICU stay");
    {
        MapReader c(r.required("capacity"), "the beds");
        h.beds = c.required("beds").as_count();
        h.icu_beds = c.required("icu_beds").as_count();
        c.finish();
    }
    r.finish();
    return h;
}

} // namespace vaxsim
