#pragma once
// A distribution of an uncertain input:
//   uniform       a real number in [low, high)
//   uniform_int   a whole number from low to high
//   normal        mean and sd, truncated to [min, max] (each bound optional)
//   choice        one of the values (numbers or text), by weight
// Every draw is a quantile: sampling takes quantile(u) of a uniform u, and a Latin
// hypercube takes it at stratified u, so both share one definition.
#include <optional>
#include <string>
#include <vector>

namespace vaxsim {

struct SampledValue {
    double number = 0.0;
    std::string text; // set when the value is not a number (a choice of words)
    bool is_text() const { return !text.empty(); }
    // The value as text that reads back as the same value, for applying it at a
    // scenario path.
    std::string as_text() const;
};

// The values that define a distribution. Error paths name its fields: "uniform" (or
// "uniform_int", "normal", "choice") for the kind's values, "normal.sd", "choice.2",
// "weights.1".
struct DistributionSpec {
    enum class Kind { uniform, uniform_int, normal, choice };
    Kind kind = Kind::uniform;
    double low = 0, high = 0;       // uniform, uniform_int: the bounds
    double mean = 0, sd = 1;        // normal
    std::optional<double> min, max; // normal: truncation; default the allowed range
    std::vector<SampledValue> choices;
    std::vector<double> weights; // choice: one per value; empty gives equal weights
    // How the input wrote it, for reports; empty: described from the numbers.
    std::string description;
};

class Distribution {
  public:
    struct Range {
        double min;
        double max;
    };
    // `allowed`: where every value must lie (e.g. [0, 1] for a share); checked here.
    explicit Distribution(const DistributionSpec& spec,
                          std::optional<Range> allowed = std::nullopt);

    SampledValue quantile(double u) const; // u in [0, 1)
    bool is_numeric() const { return kind_ != Kind::choice || choice_numeric_; }
    const std::string& describe() const { return description_; }

  private:
    using Kind = DistributionSpec::Kind;
    Kind kind_ = Kind::uniform;
    double a_ = 0, b_ = 0;      // uniform bounds; normal mean and sd
    double low_ = 0, high_ = 0; // normal truncation
    std::vector<SampledValue> values_;
    std::vector<double> cumulative_; // choice: cumulative weights, ending at 1
    bool choice_numeric_ = true;
    std::string description_;
};

} // namespace vaxsim
