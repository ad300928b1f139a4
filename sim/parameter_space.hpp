#pragma once
// The values a sweep may vary: scenario paths in the syntax of --set (mapping keys, list
// elements by `id`, date or 0-based index, e.g. "products.pfizer.supply.scale",
// "capacity.periods.2.doses_per_day", "capacity.periods.2021-07-01.doses_per_day", and a
// supply's scale in a window of dates, "products.pfizer.supply.scale@2021-07-01..2021-09-30"), each resolved once against the base scenario's spec
// to a typed setter. A point copies the base spec, sets its values and builds a new
// Scenario, whose constructors validate it: nothing is re-parsed.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "models/distribution.hpp"
#include "models/scenario.hpp"

namespace vaxsim {

// A value for a parameter: a number, or a word (none, proportional, a date).
struct ParameterValue {
    std::optional<double> number; // set when the value is a number
    std::string written;          // as the sweep file wrote it; empty for a drawn number
    // The value as text: as written, or a drawn number in full (it reads back the same).
    std::string text() const;
    static ParameterValue parse(const std::string& written);
    static ParameterValue drawn(const SampledValue& value);
};

enum class ValueKind { count, integer, number, share, date, reserve, allocation, boolean, place_rule };

struct Converted;
using Indices = std::vector<std::size_t>;
using Setter = void (*)(ScenarioSpec&, const Indices&, const Converted&);

// One settable path of one scenario, resolved: which list elements it goes through.
class Parameter {
  public:
    Parameter(std::string path, std::string model_path, ValueKind kind, Indices indices,
              Setter setter, std::string display_name = {})
        : path_(std::move(path)), model_path_(std::move(model_path)), kind_(kind),
          indices_(std::move(indices)), setter_(setter), display_name_(std::move(display_name)) {}
    const std::string& path() const { return path_; }
    // The path for people: "capacity period q3 (from 2021-07-01) doses/day".
    const std::string& display_name() const { return display_name_.empty() ? path_ : display_name_; }
    // The path as the model's errors name it (list elements by id where they have one).
    const std::string& model_path() const { return model_path_; }
    ValueKind kind() const { return kind_; }
    // Both set the same value, however the paths are spelt ("capacity.periods.2..." and
    // "capacity.periods.2021-07-01..." for the third period).
    bool sets_same_as(const Parameter& other) const {
        return setter_ == other.setter_ && indices_ == other.indices_;
    }
    // Throws ModelError (at path()) when the value is not of the parameter's kind: a word
    // for a number, a fraction for a count, a share outside [0, 1]. Ranges the model
    // checks are left to the Scenario built from the spec.
    void set(ScenarioSpec& spec, const ParameterValue& value) const;
    // The same check without a spec to set (for values read before any point is built).
    void check(const ParameterValue& value) const;

  private:
    std::string path_;
    std::string model_path_;
    ValueKind kind_;
    Indices indices_;
    Setter setter_;
    std::string display_name_;
};

class ParameterSpace {
  public:
    // The lists of `base` (products, groups, periods, ...) are those the paths address.
    explicit ParameterSpace(const ScenarioSpec& base) : base_(base) {}
    // Throws ModelError at `path` when the path names no element, or a value a sweep
    // cannot set (saying which it can set there).
    Parameter resolve(const std::string& path) const;

  private:
    const ScenarioSpec& base_;
};

// A path as people read it, naming what it addresses where the scenario names it:
// "capacity.periods.2.doses_per_day" -> "capacity period 2 (from 2021-07-01) doses/day".
// A path that names nothing known is returned as it is.
std::string parameter_display_name(const ScenarioSpec& spec, const std::string& path);

} // namespace vaxsim
