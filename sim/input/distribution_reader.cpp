#include "sim/input/distribution_reader.hpp"

#include <cmath>
#include <cstdlib>

namespace vaxsim {

DistributionSpec read_distribution_spec(const InputNode& node) {
    MapReader r(node, "a distribution");
    DistributionSpec d;
    const std::string kind = r.exactly_one_of({"uniform", "uniform_int", "normal", "choice"});
    if (kind == "uniform" || kind == "uniform_int") {
        const InputNode bounds = r.required(kind);
        const auto items = bounds.items();
        if (items.size() != 2) bounds.fail("expected [min, max]");
        if (kind == "uniform") {
            d.kind = DistributionSpec::Kind::uniform;
            d.low = items[0].as_number();
            d.high = items[1].as_number();
        } else {
            d.kind = DistributionSpec::Kind::uniform_int;
            d.low = static_cast<double>(items[0].as_integer());
            d.high = static_cast<double>(items[1].as_integer());
        }
        d.description = kind + " [" + items[0].as_string() + ", " + items[1].as_string() + "]";
    } else if (kind == "normal") {
        d.kind = DistributionSpec::Kind::normal;
        MapReader n(r.required("normal"), "a normal distribution");
        const InputNode mean = n.required("mean");
        d.mean = mean.as_number();
        const InputNode sd = n.required("sd");
        d.sd = sd.as_number();
        if (auto m = n.optional("min")) d.min = m->as_number();
        if (auto m = n.optional("max")) d.max = m->as_number();
        n.finish();
        d.description = "normal mean " + mean.as_string() + " sd " + sd.as_string();
    } else {
        d.kind = DistributionSpec::Kind::choice;
        for (const InputNode& item : r.required("choice").items()) {
            SampledValue v;
            const std::string text = item.as_string();
            char* end = nullptr;
            v.number = std::strtod(text.c_str(), &end);
            if (end != text.c_str() + text.size() || !std::isfinite(v.number)) v.text = text;
            d.choices.push_back(v);
        }
        if (auto w = r.optional("weights"))
            for (const InputNode& item : w->items()) d.weights.push_back(item.as_number());
    }
    r.finish();
    return d;
}

Distribution read_distribution(const InputNode& node, std::optional<Distribution::Range> allowed) {
    SourceMap fields;
    const InputNode noted = node.noting_into(fields);
    const DistributionSpec spec = read_distribution_spec(noted);
    return build_at(noted, fields, [&] { return Distribution(spec, allowed); });
}

} // namespace vaxsim
