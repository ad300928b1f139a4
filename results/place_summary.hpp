#pragma once
// The district table `vaxsim run` prints after the summary of a run with places: each
// place's people, coverage and targets met; each target across places (where it was
// reached first and last, and how far apart places are at its deadline); the slowest
// places and what held them.
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "models/outcomes.hpp"
#include "models/place.hpp"
#include "results/labels.hpp"

namespace vaxsim {

// One of the places furthest behind on a target: its share at the deadline and what held
// it on the days up to it, as (days, constraint code), most days first. Days nobody was
// left waiting, or no group was open, held nothing and are left out.
struct SlowPlace {
    std::size_t place = 0;
    double share = 0;
    std::vector<std::pair<int, int>> held;
};
// How a run's deliveries were shared between places, in words ("by need").
Label place_rule_label(PlaceRule rule);

// The `n` places with the lowest `shares` (ties: the place listed first), each with what
// held it on days 0 .. last_day; `code(day, place)` is the place's binding constraint that
// day. The summary (from a run just made) and the report (from its file) both ask this.
std::vector<SlowPlace> slowest_places(const std::vector<double>& shares, std::size_t n, int last_day,
                                      const std::function<int(int day, std::size_t place)>& code);

// Empty when the scenario has no places.
std::string format_place_summary(const Scenario& scenario, const std::vector<PlaceOutcome>& places,
                                 Language language = Language::en);

} // namespace vaxsim
