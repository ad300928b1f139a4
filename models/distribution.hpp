#pragma once
// A distribution written in a scenario or sweep file:
//   {uniform: [a, b]}                            a real number in [a, b)
//   {uniform_int: [a, b]}                        a whole number from a to b
//   {normal: {mean: m, sd: s, min: lo, max: hi}} truncated to [lo, hi] (each bound optional)
//   {choice: [v1, v2, ...], weights: [...]}      one of the values (numbers or text)
// Every draw is a quantile: sampling takes quantile(u) of a uniform u, and a Latin
// hypercube takes it at stratified u, so both share one definition.
#include <optional>
#include <string>
#include <vector>

#include "models/input.hpp"

namespace vaxsim {

struct SampledValue {
    double number = 0.0;
    std::string text; // set when the value is not a number (a choice of words)
    bool is_text() const { return !text.empty(); }
    // The value as YAML scalar text, for applying it at a scenario path.
    std::string yaml() const;
};

class Distribution {
  public:
    struct Range {
        double min;
        double max;
    };
    // `allowed`: where every value must lie (e.g. [0, 1] for a share); checked here.
    explicit Distribution(const InputNode& node, std::optional<Range> allowed = std::nullopt);

    SampledValue quantile(double u) const; // u in [0, 1)
    bool is_numeric() const { return kind_ != Kind::choice || choice_numeric_; }
    const std::string& describe() const { return description_; }

  private:
    enum class Kind { uniform, uniform_int, normal, choice };
    Kind kind_ = Kind::uniform;
    double a_ = 0, b_ = 0;      // uniform bounds; normal mean and sd
    double low_ = 0, high_ = 0; // normal truncation
    std::vector<SampledValue> values_;
    std::vector<double> cumulative_; // choice: cumulative weights, ending at 1
    bool choice_numeric_ = true;
    std::string description_;
};

// A share (uptake) or other number that may be fixed or drawn per run.
struct UncertainNumber {
    double nominal = 0.0; // the fixed value, or the distribution's median
    std::optional<Distribution> distribution;
};

// Reads a fixed number, or a distribution written as a mapping.
UncertainNumber read_uncertain_share(const InputNode& node);

} // namespace vaxsim
