// Ledger::counts_differing, the oracle of the places' sum (tests/sim/engine/test_places.cpp
// and the scenario fuzzer): it names each count that differs, and only those.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "models/ledger.hpp"

using namespace vaxsim;

namespace {

// Three days, two groups, two cohorts, two dose numbers.
LedgerShape small_shape(int products) {
    LedgerShape shape;
    shape.days = 3;
    shape.groups = 2;
    shape.products = products;
    shape.doses = 2;
    shape.cohorts = 2;
    return shape;
}

} // namespace

TEST_CASE("counts_differing names each count that differs, and nothing when all agree", "[ledger]") {
    const LedgerShape shape = small_shape(2);
    Ledger a(shape, true);
    a.give(1, 0, 1, 1, 0, 0, 5);
    a.stock(2, 1) = 7;
    a.first_dose_people(1, 1) = 5;
    Ledger b = a;
    CHECK(a.counts_differing(b) == std::vector<std::string>{});

    b.give(2, 0, 0, 0, 1, 1, 1); // a dose: per group and per cohort
    b.stock(2, 1) = 6;
    b.up_to_date_people(0, 0) = 1;
    b.capacity_used(1) = 3;
    b.initial_stock[0] = 2;
    b.switched(2, 0, 0, 1, 1, 1);
    CHECK(a.counts_differing(b) == std::vector<std::string>{"doses", "cohort_doses", "up_to_date_people",
                                                           "stock", "capacity_used", "initial_stock",
                                                           "switches"});
    // What held a day is not a count.
    Ledger c = a;
    c.binding_constraint[0] = 3;
    CHECK(a.counts_differing(c).empty());

    LedgerShape longer = shape;
    longer.days = 4;
    CHECK(a.counts_differing(Ledger(longer, true)) == std::vector<std::string>{"shape"});
    CHECK(a.counts_differing(Ledger(shape, false)) == std::vector<std::string>{"shape"});
}

TEST_CASE("a reused ledger and a city's sum start from zero doses, listed or not", "[ledger]") {
    const LedgerShape shape = small_shape(1);
    const auto all_zero = [](const Ledger& l) {
        for (std::int64_t n : l.doses())
            if (n != 0) return false;
        for (int t = 0; t < l.days(); ++t)
            for (int c = 0; c < l.cohorts(); ++c)
                for (int k = 0; k < l.doses_per_person(); ++k)
                    if (l.cohort_dose(t, c, 0, k) != 0) return false;
        return true;
    };
    Ledger run(shape, true);
    run.give(0, 0, 0, 0, 0, 0, 4);
    run.give(2, 0, 1, 1, 0, 1, 3);
    run.give(2, 0, 1, 1, 0, 1, 2); // the same cell again
    CHECK_FALSE(all_zero(run));
    CHECK(run.holds(shape, true));
    CHECK_FALSE(run.holds(shape, false));
    Ledger again = run;
    again.reuse(); // zeroes the listed cells
    CHECK(all_zero(again));

    // A ledger another was added to whole has cells nobody listed: all are zeroed.
    Ledger summed = run;
    summed.add(run);
    summed.add(run);
    summed.start_sum(run);
    CHECK(all_zero(summed));
    Ledger reused = run;
    reused.add(run);
    reused.reuse();
    CHECK(all_zero(reused));

    // A ledger moved from holds no memory, whatever its shape says.
    Ledger moved = run;
    const Ledger to = std::move(moved);
    CHECK(to.holds(shape, true));
    CHECK_FALSE(moved.holds(shape, true)); // NOLINT(bugprone-use-after-move): what is tested
}
