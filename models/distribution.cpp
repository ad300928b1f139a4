#include "models/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "models/random.hpp"

namespace vaxsim {

std::string SampledValue::yaml() const {
    if (is_text()) return text;
    std::ostringstream out;
    out.precision(17);
    out << number;
    return out.str();
}

Distribution::Distribution(const InputNode& node, std::optional<Range> allowed) {
    MapReader r(node, "a distribution");
    const std::string kind = r.exactly_one_of({"uniform", "uniform_int", "normal", "choice"});
    const auto check_allowed = [&](const InputNode& at, double lo, double hi) {
        if (allowed && (lo < allowed->min || hi > allowed->max)) {
            char range[64];
            std::snprintf(range, sizeof range, "%g and %g", allowed->min, allowed->max);
            at.fail(std::string("values must lie between ") + range);
        }
    };
    if (kind == "uniform" || kind == "uniform_int") {
        const InputNode bounds = r.required(kind);
        const auto items = bounds.items();
        if (items.size() != 2) bounds.fail("expected [min, max]");
        if (kind == "uniform") {
            kind_ = Kind::uniform;
            a_ = items[0].as_number();
            b_ = items[1].as_number();
        } else {
            kind_ = Kind::uniform_int;
            a_ = static_cast<double>(items[0].as_integer());
            b_ = static_cast<double>(items[1].as_integer());
        }
        if (b_ < a_) bounds.fail("max is below min");
        check_allowed(bounds, a_, b_);
        description_ = kind + " [" + items[0].as_string() + ", " + items[1].as_string() + "]";
    } else if (kind == "normal") {
        kind_ = Kind::normal;
        const InputNode spec = r.required("normal");
        MapReader n(spec, "a normal distribution");
        a_ = n.required("mean").as_number();
        const InputNode sd = n.required("sd");
        b_ = sd.as_number();
        if (b_ <= 0) sd.fail("sd must be above 0");
        low_ = allowed ? allowed->min : -HUGE_VAL;
        high_ = allowed ? allowed->max : HUGE_VAL;
        if (auto m = n.optional("min")) low_ = m->as_number();
        if (auto m = n.optional("max")) high_ = m->as_number();
        n.finish();
        if (high_ <= low_) spec.fail("max must be above min");
        check_allowed(spec, low_, high_);
        if (normal_cdf((high_ - a_) / b_) - normal_cdf((low_ - a_) / b_) < 1e-9)
            spec.fail("the range [min, max] holds no probability for this mean and sd");
        description_ = "normal mean " + n.required("mean").as_string() + " sd " + sd.as_string();
    } else {
        kind_ = Kind::choice;
        const InputNode list = r.required("choice");
        for (const InputNode& item : list.items()) {
            SampledValue v;
            const std::string text = item.as_string();
            char* end = nullptr;
            v.number = std::strtod(text.c_str(), &end);
            if (end != text.c_str() + text.size() || !std::isfinite(v.number)) {
                v.text = text;
                choice_numeric_ = false;
            } else {
                check_allowed(item, v.number, v.number);
            }
            values_.push_back(v);
        }
        if (values_.empty()) list.fail("expected at least one value to choose from");
        std::vector<double> weights(values_.size(), 1.0);
        if (auto w = r.optional("weights")) {
            const auto items = w->items();
            if (items.size() != values_.size()) w->fail("expected one weight per value");
            for (std::size_t i = 0; i < items.size(); ++i) {
                weights[i] = items[i].as_number();
                if (weights[i] < 0) items[i].fail("a weight must not be negative");
            }
        }
        double total = 0;
        for (double w : weights) cumulative_.push_back(total += w);
        if (total <= 0) list.fail("the weights add up to zero");
        for (double& c : cumulative_) c /= total;
        description_ = "choice of " + std::to_string(values_.size());
    }
    r.finish();
}

SampledValue Distribution::quantile(double u) const {
    u = std::clamp(u, 0.0, std::nextafter(1.0, 0.0));
    SampledValue v;
    switch (kind_) {
    case Kind::uniform:
        v.number = a_ + u * (b_ - a_);
        break;
    case Kind::uniform_int:
        v.number = std::floor(a_ + u * (b_ - a_ + 1));
        break;
    case Kind::normal: {
        const double lo = normal_cdf((low_ - a_) / b_), hi = normal_cdf((high_ - a_) / b_);
        const double p = std::clamp(lo + u * (hi - lo), 1e-300, 1 - 1e-16);
        v.number = std::clamp(a_ + b_ * normal_quantile(p), low_, high_);
        break;
    }
    case Kind::choice: {
        const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
        v = values_[std::min<std::size_t>(it - cumulative_.begin(), values_.size() - 1)];
        break;
    }
    }
    return v;
}

UncertainNumber read_uncertain_share(const InputNode& node) {
    UncertainNumber n;
    if (!node.is_map()) {
        n.nominal = node.as_share();
        return n;
    }
    n.distribution.emplace(node, Distribution::Range{0.0, 1.0});
    if (!n.distribution->is_numeric()) node.fail("expected numbers to choose from");
    n.nominal = n.distribution->quantile(0.5).number;
    return n;
}

} // namespace vaxsim
