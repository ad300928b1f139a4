// Booster campaigns and protection duration, on hand-computed tiny scenarios.
#include "models/outcomes.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

// One one-dose product: the series is complete at the first dose, so a booster is dose
// number 2 (index 1). 2021-03-01 is a Monday; capacity 10 a day, every day.
std::string one_dose(const std::string& end, const std::string& product_extra,
                     const std::string& groups, const std::string& rest) {
    return "name: boosters\nstart: 2021-03-01\nend: " + end + "\n" + tiny_population() +
           R"(
products:
  - id: vax
    doses: 1
    supply: {deliveries: [{date: 2021-03-01, doses: 10000}]}
)" + product_extra +
           R"(
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
)" + groups + rest;
}

std::int64_t boosted(const Ledger& run, int t) { return run.boosted_people.row(t).sum(); }
std::int64_t up_to_date(const Ledger& run, int t) { return run.up_to_date_people.row(t).sum(); }
Counts boosted_series(const Ledger& run) {
    Counts out;
    for (int t = 0; t < run.days(); ++t) out.push_back(boosted(run, t));
    return out;
}
Counts up_to_date_series(const Ledger& run) {
    Counts out;
    for (int t = 0; t < run.days(); ++t) out.push_back(up_to_date(run, t));
    return out;
}

} // namespace

TEST_CASE("a campaign offers boosters from its date to those past after_days",
          "[engine][boosters]") {
    // 10 complete their series on 03-01 and 10 on 03-02. With after_days 3 they are
    // eligible on 03-04 and 03-05.
    const std::string groups =
        "  - {id: g, tier: A, band: young, size: 20, opens: 2021-03-01, priority: 1}\n";
    SECTION("open from the start: each day's people on their own day") {
        const Scenario sc = load_tiny(one_dose("2021-03-07", "", groups, R"(
boosters:
  - {id: b, population: {all: true}, from: 2021-03-01, after_days: 3, products: [vax]}
)"));
        const Ledger run = run_checked(sc);
        CHECK(run.doses_per_person() == 2);
        CHECK(daily_doses(run, 0, 0) == Counts{10, 10, 0, 0, 0, 0, 0});
        CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 10, 10, 0, 0});
        CHECK(boosted_series(run) == Counts{0, 0, 0, 10, 20, 20, 20});
        CHECK(column(run.fully_vaccinated_people, 0) == Counts{10, 20, 20, 20, 20, 20, 20});
    }
    SECTION("opening on 03-05: everyone eligible by then, oldest last dose first") {
        const Scenario sc = load_tiny(one_dose("2021-03-07", "", groups, R"(
boosters:
  - {id: b, population: {all: true}, from: 2021-03-05, after_days: 3, products: [vax]}
targets:
  - {id: all_boosted_0306, measure: boosted, population: {all: true}, count: 20, deadline: 2021-03-06}
  - {id: all_boosted_0305, measure: boosted, population: {all: true}, count: 20, deadline: 2021-03-05}
  - {id: dose2, measure: dose, dose: 2, population: {groups: [g]}, count: 15, deadline: 2021-03-07}
)"));
        const Ledger run = run_checked(sc);
        CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 0, 10, 10, 0});
        CHECK(boosted_series(run) == Counts{0, 0, 0, 0, 10, 20, 20});
        const Outcomes o = evaluate(sc, run);
        CHECK(o.targets[0].met);
        CHECK(o.targets[0].value_at_deadline == 20);
        CHECK(*o.targets[0].first_reached == sc.start + 5);
        CHECK_FALSE(o.targets[1].met);
        CHECK(o.targets[1].value_at_deadline == 10);
        CHECK(o.targets[1].margin == -10);
        CHECK(o.targets[2].met);
        CHECK(*o.targets[2].first_reached == sc.start + 5);
        // Boosters are not second doses in the summaries.
        CHECK(o.second_doses_by_group.sum() == 0);
        CHECK(o.boosters_by_group.sum() == 20);
    }
    SECTION("a campaign that ends stops giving boosters") {
        const Scenario sc = load_tiny(one_dose("2021-03-07", "", groups, R"(
boosters:
  - {id: b, population: {all: true}, from: 2021-03-01, to: 2021-03-04, after_days: 3, products: [vax]}
)"));
        const Ledger run = run_checked(sc);
        CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 10, 0, 0, 0});
    }
}

TEST_CASE("uptake is rounded per cohort, cumulatively over the days", "[engine][boosters]") {
    SECTION("each cohort of a group split across bands rounds on its own") {
        // 15 young and 5 old complete on 03-01; half take a booster: 7.5 -> 8 and
        // 2.5 -> 3, so 11 (not round(20 x 0.5) = 10).
        const std::string groups = "  - {id: g, tier: A, bands: {young: 15, old: 5}, opens: "
                                   "2021-03-01, priority: 1}\n";
        std::string text = one_dose("2021-03-04", "", groups, R"(
boosters:
  - {id: b, population: {groups: [g]}, from: 2021-03-01, after_days: 2, uptake: 0.5, products: [vax]}
)");
        text.replace(text.find("doses_per_day: 10"), 17, "doses_per_day: 50");
        const Scenario sc = load_tiny(text);
        const Ledger run = run_checked(sc);
        CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 11, 0});
        CHECK(column(run.boosted_people, 0) == Counts{0, 0, 8, 8});
        CHECK(column(run.boosted_people, 1) == Counts{0, 0, 3, 3});
    }
    SECTION("a cohort eligible over two days takes round(total x uptake) in all") {
        // 3 complete on 03-01 and 2 on 03-02 (capacity 3). Eligible 03-03: round(1.5) = 2;
        // 03-04: round(5 x 0.5) = 3 in all, so 1 more.
        const std::string groups =
            "  - {id: g, tier: A, band: young, size: 5, opens: 2021-03-01, priority: 1}\n";
        std::string text = one_dose("2021-03-05", "", groups, R"(
boosters:
  - {id: b, population: {all: true}, from: 2021-03-01, after_days: 2, uptake: 0.5, products: [vax]}
)");
        text.replace(text.find("doses_per_day: 10"), 17, "doses_per_day: 3");
        const Ledger run = run_checked(load_tiny(text));
        CHECK(daily_doses(run, 0, 0) == Counts{3, 2, 0, 0, 0});
        CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 2, 1, 0});
    }
}

TEST_CASE("a campaign's priority puts boosters before or after the day's first doses",
          "[engine][boosters]") {
    // Group a (10) is served on 03-01; group b (30) opens on 03-03, when a's boosters are
    // due (after_days 2). Capacity 10 a day.
    const std::string groups =
        "  - {id: a, tier: A, band: old, size: 10, opens: 2021-03-01, priority: 1}\n"
        "  - {id: b, tier: A, band: young, size: 30, opens: 2021-03-03, priority: 2}\n";
    const auto campaign = [&](const std::string& priority) {
        return one_dose("2021-03-06", "", groups,
                        "\nboosters:\n  - {id: b, population: {groups: [a]}, from: 2021-03-01, "
                        "after_days: 2, products: [vax]" +
                            (priority.empty() ? std::string() : ", priority: " + priority) +
                            "}\n");
    };
    SECTION("after first doses (the default): boosters wait until b is served") {
        for (const std::string& p : {std::string(), std::string("after_first_doses")}) {
            const Ledger run = run_checked(load_tiny(campaign(p)));
            CHECK(daily_doses(run, 1, 0) == Counts{0, 0, 10, 10, 10, 0});
            CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 0, 0, 10});
            // Nobody waited on 03-02; capacity bound the days boosters waited.
            CHECK(constraints(run)[1] == Constraint::none);
            CHECK(constraints(run)[2] == Constraint::capacity);
        }
    }
    SECTION("before first doses: boosters first, b starts a day later") {
        const Ledger run = run_checked(load_tiny(campaign("before_first_doses")));
        CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 10, 0, 0, 0});
        CHECK(daily_doses(run, 1, 0) == Counts{0, 0, 0, 10, 10, 10});
    }
}

TEST_CASE("protection lapses exactly at its duration", "[engine][boosters][protection]") {
    // 10 complete on 03-01 and 10 on 03-02; three days' protection: up to date on d, d + 1
    // and d + 2, not on d + 3.
    const Scenario sc = load_tiny(one_dose(
        "2021-03-06", "    protection_days: 3\n",
        "  - {id: g, tier: A, band: young, size: 20, opens: 2021-03-01, priority: 1}\n", R"(
targets:
  - {id: up_0303, measure: up_to_date, population: {all: true}, count: 20, deadline: 2021-03-03}
  - {id: up_0304, measure: up_to_date, population: {all: true}, count: 20, deadline: 2021-03-04}
)"));
    const Ledger run = run_checked(sc);
    CHECK(up_to_date_series(run) == Counts{10, 20, 20, 10, 0, 0});
    CHECK(column(run.fully_vaccinated_people, 0) == Counts{10, 20, 20, 20, 20, 20});
    const Outcomes o = evaluate(sc, run);
    CHECK(o.targets[0].met);
    CHECK(*o.targets[0].first_reached == sc.start + 1);
    CHECK_FALSE(o.targets[1].met);
    CHECK(o.targets[1].value_at_deadline == 10);
}

TEST_CASE("without a protection duration nobody's protection lapses", "[engine][protection]") {
    const Scenario sc = load_tiny(one_dose(
        "2021-03-04", "",
        "  - {id: g, tier: A, band: young, size: 20, opens: 2021-03-01, priority: 1}\n", ""));
    const Ledger run = run_checked(sc);
    CHECK(up_to_date_series(run) == Counts{10, 20, 20, 20});
    CHECK(boosted_series(run) == Counts{0, 0, 0, 0});
}

TEST_CASE("re-vaccination is offered when protection lapses, once per booster allowed",
          "[engine][boosters][protection]") {
    // 10 complete on 03-01, protected three days; lapsed on 03-04, boosted that day (dose
    // 2); that lapses on 03-07, boosted again (dose 3); on 03-10 the campaign's two
    // boosters are used up and protection lapses for good.
    const Scenario sc = load_tiny(one_dose(
        "2021-03-11", "    protection_days: 3\n",
        "  - {id: g, tier: A, band: young, size: 10, opens: 2021-03-01, priority: 1}\n", R"(
boosters:
  - {id: again, population: {all: true}, from: 2021-03-01, after: protection_lapses, doses: 2, products: [vax]}
targets:
  - {id: third, measure: dose, dose: 3, population: {all: true}, count: 10, deadline: 2021-03-11}
)"));
    const Ledger run = run_checked(sc);
    CHECK(run.doses_per_person() == 3);
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0});
    CHECK(daily_doses(run, 0, 2) == Counts{0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0});
    CHECK(up_to_date_series(run) == Counts{10, 10, 10, 10, 10, 10, 10, 10, 10, 0, 0});
    CHECK(boosted_series(run) == Counts{0, 0, 0, 10, 10, 10, 10, 10, 10, 10, 10});
    const Outcomes o = evaluate(sc, run);
    CHECK(o.targets[0].met);
    CHECK(*o.targets[0].first_reached == sc.start + 6);
}

TEST_CASE("boosters start only after a two-dose series is complete", "[engine][boosters]") {
    // A two-dose product (interval 3): 10 first doses on 03-01, second doses on 03-04. A
    // campaign with after_days 0 boosts them the day after (a series completes as the
    // day's booked doses are given, after the campaign looked). The booster is dose 3.
    const Scenario sc = load_tiny(R"(name: two
start: 2021-03-01
end: 2021-03-06
policy: {second_dose_reserve: none}
products:
  - {id: vax, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 10, opens: 2021-03-01, priority: 1}
boosters:
  - {id: b, population: {tiers: [A]}, from: 2021-03-01, after_days: 0, products: [vax]}
)" + tiny_population());
    const Ledger run = run_checked(sc);
    CHECK(run.doses_per_person() == 3);
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 10, 0, 0});
    CHECK(daily_doses(run, 0, 2) == Counts{0, 0, 0, 0, 10, 0});
}

TEST_CASE("boosters that run out of stock name the product that stopped them",
          "[engine][boosters][binding]") {
    // 10 complete on 03-01 with vax; the campaign gives only mrna, of which 4 arrive.
    const Scenario sc = load_tiny(one_dose(
        "2021-03-04",
        "  - {id: mrna, doses: 2, interval_days: 21, supply: {deliveries: [{date: 2021-03-01, "
        "doses: 4}]}}\n",
        "  - {id: g, tier: A, band: young, size: 10, opens: 2021-03-01, priority: 1, products: "
        "[vax]}\n",
        R"(
boosters:
  - {id: b, population: {all: true}, from: 2021-03-01, after_days: 1, products: [mrna]}
)"));
    const Ledger run = run_checked(sc);
    // K0 = 2 (mrna's series): a vax recipient's booster is dose 3, given as mrna.
    CHECK(run.dose(1, 0, 1, 2) == 4);
    CHECK(run.administered.col(1).sum() == 4);
    CHECK(constraints(run)[1] == Constraint::supply);
    CHECK(run.binding_product[1] == 1);
    CHECK(constraints(run)[2] == Constraint::supply);
    CHECK(run.binding_product[2] == 1);
}

TEST_CASE("boosters no campaign product may serve name eligibility", "[engine][boosters][binding]") {
    // The campaign's only product serves 65+; the boosted cohort is 18-64. People wait
    // for a booster with capacity and stock left: eligibility, not supply.
    const Scenario sc = load_tiny(one_dose(
        "2021-03-03",
        "  - {id: old_only, doses: 1, eligibility: [{min_age: 65}], supply: {deliveries: "
        "[{date: 2021-03-01, doses: 100}]}}\n",
        "  - {id: g, tier: A, band: young, size: 5, opens: 2021-03-01, priority: 1, products: "
        "[vax]}\n",
        R"(
boosters:
  - {id: b, population: {all: true}, from: 2021-03-01, after_days: 1, products: [old_only]}
)"));
    const Ledger run = run_checked(sc);
    CHECK(boosted_series(run) == Counts{0, 0, 0});
    CHECK(constraints(run)[0] == Constraint::none);
    CHECK(constraints(run)[1] == Constraint::eligibility);
    CHECK(run.binding_product[1] == -1);
}
