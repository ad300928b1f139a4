#pragma once
// The district table `vaxsim run` prints after the summary of a run with places: each
// place's people, coverage and targets met; each target across places (where it was
// reached first and last, and how far apart places are at its deadline); the slowest
// places and what held them.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
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

// One quarter of the places' plans: per place, its groups' plan counts and the people
// they started in the quarter added up, and whether the run reaches the quarter's end.
// A place met the quarter when the run reaches its end and it is not short in total.
struct PlaceQuarter {
    std::string quarter;
    std::vector<std::int64_t> planned, started; // [place]
    std::vector<char> complete;                 // [place]
    std::map<int, int> slipped_groups;          // group -> places where it slipped
    // (group, places) of slipped_groups, most places first (ties: the group listed first).
    std::vector<std::pair<int, int>> slipped_most_first() const;
    bool met(std::size_t place) const { return complete[place] && started[place] >= planned[place]; }
    int met_in() const;
    // The places' gaps (started - planned) added up over the places the run takes to the
    // quarter's end; none when it takes none there (the quarter is partial everywhere).
    std::optional<std::int64_t> gap() const;
};
// One group's plan check in one place, as the run or its file gives it.
struct PlacePlanRow {
    std::size_t place = 0;
    int group = 0;
    std::string quarter;
    std::int64_t planned = 0, started = 0;
    bool in_run = true, met = true;
};
// The quarters in order (empty when no group has a plan). The district table, the
// report and the serve page all read the places' plans this way.
std::vector<PlaceQuarter> place_quarters(std::size_t places, const std::vector<PlacePlanRow>& rows);
// The rows of a run just made.
std::vector<PlacePlanRow> place_plan_rows(const std::vector<PlaceOutcome>& places);

// Coverage target t at day `day` in each place: the people covered (at most the place's
// people for the target) and those people, as the equity across places counts them.
struct PlaceCoverage {
    std::vector<std::int64_t> covered, of; // [place]
    std::vector<double> shares() const;
};
PlaceCoverage place_coverage(const std::vector<PlaceOutcome>& places, std::size_t t, int day);

// How far apart places are on a target, in words ("at the deadline the places range from
// 81.0% to 82.4% of their people (ratio 0.98, Gini 0.003)"): the district table's line.
std::string spread_words(const Equity& equity, Language language);

// What held a slow place, in words: every constraint that held it, the most days first,
// as the report lists them ("capacity 40 d, supply 12 d, second_dose_reserve 3 d"), or
// that it was served in full.
std::string held_words(const SlowPlace& slow, Language language);

// Empty when the scenario has no places.
std::string format_place_summary(const Scenario& scenario, const std::vector<PlaceOutcome>& places,
                                 Language language = Language::en);

} // namespace vaxsim
