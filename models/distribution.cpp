#include "models/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "models/error.hpp"
#include "models/random.hpp"
#include "models/text.hpp"

namespace vaxsim {

namespace {

} // namespace

std::string SampledValue::as_text() const {
    if (is_text()) return text;
    std::ostringstream out;
    out.precision(17);
    out << number;
    return out.str();
}

Distribution::Distribution(const DistributionSpec& spec, std::optional<Range> allowed)
    : kind_(spec.kind), description_(spec.description) {
    const auto check_allowed = [&](const std::string& at, double lo, double hi) {
        if (allowed && (lo < allowed->min || hi > allowed->max))
            throw ModelError(at, "values must lie between " + number_text(allowed->min) + " and " +
                                     number_text(allowed->max));
    };
    switch (kind_) {
    case Kind::uniform:
    case Kind::uniform_int: {
        const std::string name = kind_ == Kind::uniform ? "uniform" : "uniform_int";
        a_ = spec.low;
        b_ = spec.high;
        if (!std::isfinite(a_) || !std::isfinite(b_))
            throw ModelError(name, "expected finite bounds");
        if (kind_ == Kind::uniform_int && (std::floor(a_) != a_ || std::floor(b_) != b_))
            throw ModelError(name, "expected whole numbers");
        if (b_ < a_) throw ModelError(name, "max is below min");
        check_allowed(name, a_, b_);
        if (description_.empty())
            description_ = name + " [" + number_text(a_) + ", " + number_text(b_) + "]";
        break;
    }
    case Kind::normal:
        a_ = spec.mean;
        b_ = spec.sd;
        if (!std::isfinite(a_)) throw ModelError("normal.mean", "expected a finite number");
        if (!(b_ > 0) || !std::isfinite(b_)) throw ModelError("normal.sd", "sd must be above 0");
        low_ = spec.min.value_or(allowed ? allowed->min : -HUGE_VAL);
        high_ = spec.max.value_or(allowed ? allowed->max : HUGE_VAL);
        if (!(high_ > low_)) throw ModelError("normal", "max must be above min");
        check_allowed("normal", low_, high_);
        if (normal_cdf((high_ - a_) / b_) - normal_cdf((low_ - a_) / b_) < 1e-9)
            throw ModelError("normal",
                             "the range [min, max] holds no probability for this mean and sd");
        if (description_.empty())
            description_ = "normal mean " + number_text(a_) + " sd " + number_text(b_);
        break;
    case Kind::choice: {
        values_ = spec.choices;
        for (std::size_t i = 0; i < values_.size(); ++i) {
            if (values_[i].is_text())
                choice_numeric_ = false;
            else
                check_allowed("choice." + std::to_string(i), values_[i].number, values_[i].number);
        }
        if (values_.empty())
            throw ModelError("choice", "expected at least one value to choose from");
        std::vector<double> weights(values_.size(), 1.0);
        if (!spec.weights.empty()) {
            if (spec.weights.size() != values_.size())
                throw ModelError("weights", "expected one weight per value");
            weights = spec.weights;
            for (std::size_t i = 0; i < weights.size(); ++i)
                if (!(weights[i] >= 0) || !std::isfinite(weights[i]))
                    throw ModelError("weights." + std::to_string(i),
                                     "a weight must not be negative");
        }
        double total = 0;
        for (double w : weights) cumulative_.push_back(total += w);
        if (total <= 0) throw ModelError("choice", "the weights add up to zero");
        for (double& c : cumulative_) c /= total;
        if (description_.empty()) description_ = "choice of " + std::to_string(values_.size());
        break;
    }
    }
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

} // namespace vaxsim
