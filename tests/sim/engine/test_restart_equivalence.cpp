// Restart equivalence: a run stopped at the end of day d and started again on d + 1 from
// its own state (people by group, band, product, doses and last dose; their bookings; the
// stock on hand) must give exactly the days the whole run gave.
//
// The scenario covers: two groups by strict priority, one spanning two bands, the second
// opening later with an uptake below 1; a two-dose product with the second-dose reserve
// held, supply short enough that the reserve binds, and booked doses falling due on
// Sundays, when nothing is given, so they are overdue; weekly
// deliveries (those on or before d are in the stock on hand); two capacity periods and a
// weekday profile. It leaves out what a state on a date cannot carry exactly: wastage
// and second-dose completion below 1 (their cumulative rounding has a remainder that a
// count of people does not hold), arrival schedules (who arrived but was not served),
// boosters (who declined an offer), and heterologous doses.
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

std::string restart_scenario(const std::string& start, const std::string& initial = "") {
    return "name: restart\nstart: " + start + "\nend: 2021-05-31\n" + tiny_population() + R"(
products:
  - id: vax
    doses: 2
    interval_days: 20
    supply:
      recurring: [{from: 2021-03-01, to: 2021-05-31, every_days: 7, doses: 150}]
capacity:
  periods: [{from: 2021-03-01, doses_per_day: 40}, {from: 2021-04-01, doses_per_day: 60}]
  weekday_factors: [1, 1, 1, 1, 1, 0.5, 0]
groups:
  - {id: first, tier: A, bands: {old: 300, young: 100}, opens: 2021-03-01, priority: 1}
  - {id: rest, tier: A, band: young, size: 500, uptake: 0.8, opens: 2021-04-01, priority: 2}
)" + initial;
}

// The state at the end of day d of a run, as an initial_state section: per cohort, the
// people given dose 2 on each day, and the people given only dose 1 (second doses go to
// the earliest bookings first, so they are the latest first doses), in the order the
// engine booked them: by day, then by cohort.
std::string state_at(const Scenario& sc, const Ledger& run, int d) {
    const int K = run.doses_per_person();
    const auto& pop = sc.population;
    struct Entry {
        int day, cohort, doses;
        std::int64_t count;
    };
    std::vector<Entry> entries;
    for (int c = 0; c < run.cohorts(); ++c) {
        const auto given = [&](int t, int k) {
            const std::int64_t now = run.dose_people(t, c * K + k);
            return t == 0 ? now : now - run.dose_people(t - 1, c * K + k);
        };
        std::int64_t seconds = run.dose_people(d, c * K + 1);
        for (int s = 0; s <= d; ++s) {
            if (given(s, 1) > 0) entries.push_back({s, c, 2, given(s, 1)});
            std::int64_t first = given(s, 0);
            const std::int64_t had_second = std::min(first, seconds);
            seconds -= had_second;
            first -= had_second;
            if (first > 0) entries.push_back({s, c, 1, first});
        }
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.day, a.cohort) < std::tie(b.day, b.cohort);
    });
    std::string out = "initial_state:\n  as_of: " + format_iso_date(run.day_of(d)) + "\n  people:\n";
    for (const Entry& e : entries) {
        const Cohort& cohort = pop.cohorts()[e.cohort];
        out += "    - {group: " + pop.groups()[cohort.group].id + ", band: " +
               pop.bands()[cohort.band].id + ", product: vax, doses: " + std::to_string(e.doses) +
               ", count: " + std::to_string(e.count) +
               ", last_dose: " + format_iso_date(run.day_of(e.day)) + "}\n";
    }
    out += "  stock: {vax: " + std::to_string(run.stock(d, 0)) + "}\n";
    return out;
}

} // namespace

TEST_CASE("a run restarted from its own state on a day gives the same later days",
          "[engine][initial_state][restart]") {
    const Scenario whole = load_tiny(restart_scenario("2021-03-01"));
    const Ledger full = run_checked(whole);
    // The scenario must exercise what it claims: the reserve binds and doses fall overdue.
    REQUIRE(full.later_doses_due.col(0).maxCoeff() > 0);
    REQUIRE(std::count(full.binding_constraint.begin(), full.binding_constraint.end(),
                       static_cast<std::int8_t>(Constraint::second_dose_reserve)) > 0);
    const int K = full.doses_per_person();
    for (int d : {9, 30, 31, 45, 60, 80}) {
        INFO("restarted after day " << d << " (" << format_iso_date(full.day_of(d)) << ")");
        const std::string initial = state_at(whole, full, d);
        const Scenario later = load_tiny(restart_scenario(format_iso_date(full.day_of(d + 1)), initial));
        const Ledger part = run_checked(later);
        REQUIRE(part.days() == full.days() - d - 1);
        for (int t = 0; t < part.days(); ++t) {
            const int f = t + d + 1;
            INFO("day " << format_iso_date(part.day_of(t)));
            for (int g = 0; g < full.groups(); ++g)
                for (int k = 0; k < K; ++k) REQUIRE(part.dose(t, g, 0, k) == full.dose(f, g, 0, k));
            REQUIRE(part.stock(t, 0) == full.stock(f, 0));
            REQUIRE(part.first_dose_people.row(t) == full.first_dose_people.row(f));
            REQUIRE(part.fully_vaccinated_people.row(t) == full.fully_vaccinated_people.row(f));
            REQUIRE(part.dose_people.row(t) == full.dose_people.row(f));
            REQUIRE(part.later_doses_due(t, 0) == full.later_doses_due(f, 0));
            REQUIRE(part.later_doses_outstanding(t, 0) == full.later_doses_outstanding(f, 0));
            REQUIRE(part.capacity_used(t) == full.capacity_used(f));
            REQUIRE(part.binding_constraint[t] == full.binding_constraint[f]);
            REQUIRE(part.binding_product[t] == full.binding_product[f]);
        }
        // The deliveries before the restart are in its stock on hand, not delivered again.
        REQUIRE(part.deliveries.col(0).sum() == full.deliveries.col(0).tail(part.days()).sum());
        REQUIRE(part.replaced_deliveries[0] == full.deliveries.col(0).head(d + 1).sum());
    }
}
