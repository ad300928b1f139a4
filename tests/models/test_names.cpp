// "Did you mean": which known name a misspelt one is taken for, and which are too unlike.
#include <catch2/catch.hpp>

#include "models/names.hpp"

using namespace vaxsim;

TEST_CASE("edit distance counts a swap of neighbours as one edit", "[names]") {
    CHECK(edit_distance("none", "none") == 0);
    CHECK(edit_distance("nnoe", "none") == 1);  // swapped
    CHECK(edit_distance("nne", "none") == 1);   // a letter left out
    CHECK(edit_distance("nonee", "none") == 1); // one too many
    CHECK(edit_distance("nose", "none") == 1);  // one wrong
    CHECK(edit_distance("enon", "none") == 2);
    CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("a name is taken for the least unlike known one, if alike enough", "[names]") {
    const std::vector<std::string> groups{"elderly", "adults_18_49", "adults_50_64"};
    CHECK(closest_name("eldrely", groups) == "elderly");
    CHECK(closest_name("adults_50_46", groups) == "adults_50_64");
    CHECK(closest_name("children", groups).empty());
    // Short names allow one edit, longer ones two.
    CHECK(closest_name("nnoe", {"none"}) == "none");
    CHECK(closest_name("nxxe", {"none"}).empty());
    CHECK(closest_name("c", {"a", "b"}).empty()); // nothing in common
    CHECK(closest_name("bb", {"a", "b", "c"}) == "b"); // a letter doubled
    CHECK(closest_name("b", {"a", "bb", "cc"}) == "bb"); // one left out
    CHECK(closest_name("ab", {"a", "b"}).empty());       // either: no guess
    CHECK(closest_name("bbb", {"a", "b"}).empty());      // two added to one
    // A long name holding a short one's letters is not its slip.
    CHECK(closest_name("infection_immunity_days", {"infectious", "exposed"}).empty());
    CHECK(closest_name("count", {"counterfactual"}).empty());
    CHECK(closest_name("b2", {"b1"}) == "b1");
    // Two as alike: no guess.
    CHECK(closest_name("adults_18_64", {"adults_18_49", "adults_50_64"}).empty());
    CHECK(closest_name("t4", {"t1", "t2"}).empty());
    CHECK(closest_name("t4", {"t1", "t1"}) == "t1"); // a name listed twice is one name
    // The same long start: "delivery" for "deliveries".
    CHECK(closest_name("delivery", {"deliveries", "doses"}) == "deliveries");
}

TEST_CASE("an unknown name ends its message with the hint, or with what else to say", "[names]") {
    CHECK(did_you_mean("eldrely", {"elderly"}) == "; did you mean 'elderly'?");
    CHECK(did_you_mean("kids", {"elderly"}).empty());
    CHECK(did_you_mean("kids", {"elderly"}, "; the groups: elderly") == "; the groups: elderly");
    CHECK(did_you_mean("eldrely", {"elderly"}, "; the groups: elderly") ==
          "; did you mean 'elderly'? (the groups: elderly)");
}
