#pragma once
// Heterologous (mixed) doses: which products may give a booked later dose to someone
// whose dose before it was of another product, by age and date.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/date.hpp"
#include "models/population.hpp"

namespace vaxsim {

class Product;

// `always`: the rule's products give the dose instead of the booked one; `short`: only
// on a day the booked product cannot serve the booking (out of stock).
enum class SwitchWhen { always, short_of_stock };

// A rule as given. Error paths are relative to the rule: "give.1", "to", ...
struct HeterologousSpec {
    std::int64_t dose = 2;           // 1-based: the dose the rule gives (2 = the second)
    std::vector<std::string> after;  // products of the dose before it
    std::vector<std::string> give;   // products that may give it, in preference order
    std::int64_t min_age = 0;
    std::optional<std::int64_t> max_age;  // none: no upper limit
    std::optional<DayNumber> from, to;    // inclusive; none: always
    SwitchWhen when = SwitchWhen::always;
};

class HeterologousRule {
  public:
    // `products`: the scenario's products, which the ids must name.
    HeterologousRule(const HeterologousSpec& spec, const std::vector<Product>& products);

    int dose() const { return k_; } // 0-based dose number given
    SwitchWhen when() const { return when_; }
    const std::vector<int>& after() const { return after_; }
    const std::vector<int>& give() const { return give_; }
    int min_age() const { return min_age_; }
    int max_age() const { return max_age_; }
    DayNumber from() const { return from_; }
    DayNumber to() const { return to_; }
    // Does it cover a booking of dose k (0-based) of product p, for a band, on a day?
    bool covers(int p, int k, const AgeBand& band, DayNumber day) const;

  private:
    int k_ = 1;
    std::vector<int> after_, give_;
    int min_age_ = 0, max_age_ = AgeBand::open_end;
    DayNumber from_ = 0, to_ = 0;
    SwitchWhen when_ = SwitchWhen::always;
};

// The rules of a scenario; error paths "heterologous.N.…".
std::vector<HeterologousRule> build_heterologous(const std::vector<HeterologousSpec>& specs,
                                                 const std::vector<Product>& products);

} // namespace vaxsim
