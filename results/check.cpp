#include "results/check.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

#include "models/hospital_load.hpp"
#include "models/place.hpp"
#include "models/text.hpp"
#include "results/format.hpp"
#include "results/hdf5_interface.hpp"
#include "results/run_file.hpp"
#include "results/run_reader.hpp"
#include "results/sweep_reader.hpp"
#include "results/sweep_summary.hpp"

namespace vaxsim {
namespace {

using hdf5::Handle;

// Collects failures of one kind, naming the first few.
class Tally {
  public:
    Tally(FileCheck& check, std::string what) : check_(check), what_(std::move(what)) {}
    void fail(const std::string& where) {
        if (failures_++ < 3) examples_ += (examples_.empty() ? "" : "; ") + where;
    }
    void done(const std::string& passed_text) {
        if (failures_ == 0)
            check_.passed.push_back(passed_text);
        else
            check_.problems.push_back(fill(text(Label::f_failures, check_.language),
                                           {what_, std::to_string(failures_), examples_}));
    }

  private:
    FileCheck& check_;
    std::string what_;
    std::string examples_;
    long failures_ = 0;
};

// A sentence of the check in the file check's language.
std::string say(const FileCheck& check, Label label,
                std::initializer_list<std::string_view> args = {}) {
    return fill(text(label, check.language), args);
}

std::string at_day(const Calendar& c, Eigen::Index t) {
    return c.date[static_cast<std::size_t>(t)];
}

// Sums in 128 bits: every count is at most 2^53, so no sum of a file's counts overflows.
__extension__ typedef __int128 Wide;

std::string wide_text(Wide v) {
    if (v >= INT64_MIN && v <= INT64_MAX) return std::to_string(static_cast<std::int64_t>(v));
    return v < 0 ? "below -2^63" : "above 2^63";
}

// The epidemic's conservation, as far as the file shows it: the model's new infections
// in a band never exceed the band's people (its susceptibles never go negative), its
// hospitalisations and deaths are shares of its infections each day, and the totals are
// the series' sums. Within a tolerance of 1e-6 relative (the RK4 solution is exact to
// about 1e-12; the file stores every value in full precision).
constexpr double epidemic_tolerance = 1e-6;

void check_epidemic(const EpidemicData& e, const Calendar& cal, const std::string& name,
                    const EpidemicSeries& s, FileCheck& check) {
    Tally people(check, say(check, Label::f_epi_people_head, {name}));
    Tally shares(check, say(check, Label::f_epi_shares_head, {name}));
    const auto E = s.infections.cols();
    for (Eigen::Index a = 0; a < E; ++a) {
        const double population = e.population[static_cast<std::size_t>(a)];
        double infected = 0;
        bool over = false;
        for (Eigen::Index t = 0; t < s.infections.rows(); ++t) {
            const double i = s.infections(t, a);
            infected += i;
            if (!over && infected > population * (1 + epidemic_tolerance)) {
                people.fail("band " + e.band[static_cast<std::size_t>(a)] + " by " +
                            at_day(cal, t) + ": " + std::to_string(infected) + " of " +
                            std::to_string(population));
                over = true;
            }
            const double slack = epidemic_tolerance * std::max(1.0, i);
            if (s.hospitalisations(t, a) > i + slack || s.deaths(t, a) > i + slack)
                shares.fail("band " + e.band[static_cast<std::size_t>(a)] + " on " +
                            at_day(cal, t));
        }
    }
    people.done(say(check, Label::f_epi_people_ok, {name}));
    shares.done(say(check, Label::f_epi_shares_ok, {name}));
    if (s.people) { // since 2.6
        Tally conserved(check, say(check, Label::f_epi_conserved_head, {name}));
        double largest = 1;
        for (double n : e.population) largest = std::max(largest, n);
        for (Eigen::Index a = 0; a < E; ++a) {
            const double population = e.population[static_cast<std::size_t>(a)];
            for (Eigen::Index t = 0; t < s.people->rows(); ++t)
                if (!(std::fabs((*s.people)(t, a) - population) <=
                      epidemic_tolerance * std::max(1.0, population))) {
                    conserved.fail("band " + e.band[static_cast<std::size_t>(a)] + " on " +
                                   at_day(cal, t) + ": " + std::to_string((*s.people)(t, a)) +
                                   " of " + std::to_string(population));
                    break;
                }
        }
        if (!(*s.smallest_compartment >= -epidemic_tolerance * largest))
            conserved.fail("smallest_compartment = " + std::to_string(*s.smallest_compartment));
        conserved.done(say(check, Label::f_epi_conserved_ok, {name}));
    }
    Tally totals(check, say(check, Label::f_epi_totals_head, {name}));
    const auto total = [&](const char* what, const RealMatrix& m, double stored) {
        const double sum = m.sum();
        if (!(std::fabs(sum - stored) <= epidemic_tolerance * std::max(1.0, std::fabs(sum))))
            totals.fail(std::string("total_") + what + " = " + std::to_string(stored) +
                        ", the series sum to " + std::to_string(sum));
    };
    total("infections", s.infections, s.total_infections);
    total("hospitalisations", s.hospitalisations, s.total_hospitalisations);
    total("deaths", s.deaths, s.total_deaths);
    totals.done(say(check, Label::f_epi_totals_ok, {name}));
}

// The hospital load (since 2.7): admissions and deaths by date, with what falls after the
// last day, are the hospitalisations and deaths by day of infection, band by band; the
// days over capacity are the days the occupancy series is above the beds. (Occupancy of
// zero or more is the value rule of its datasets.)
void check_hospital(const HospitalData& h, const EpidemicData& e, const std::string& name,
                    const EpidemicSeries& s, const HospitalLoadSeries& load, FileCheck& check) {
    Tally dated(check, say(check, Label::f_hosp_dated_head, {name}));
    const auto same = [&](const char* what, const RealMatrix& by_infection,
                          const RealMatrix& by_date, const std::vector<double>& after_end) {
        for (Eigen::Index a = 0; a < by_infection.cols(); ++a) {
            const double infection = by_infection.col(a).sum();
            const double dated_sum =
                by_date.col(a).sum() + after_end.at(static_cast<std::size_t>(a));
            if (!(std::fabs(infection - dated_sum) <=
                  epidemic_tolerance * std::max(1.0, infection)))
                dated.fail(std::string(what) + ", band " + e.band[static_cast<std::size_t>(a)] +
                           ": " + std::to_string(infection) + " by day of infection, " +
                           std::to_string(dated_sum) + " by date and after the end");
        }
    };
    same("hospitalisations", s.hospitalisations, load.admissions, load.admissions_after_end);
    same("deaths", s.deaths, load.deaths_by_date, load.deaths_after_end);
    dated.done(say(check, Label::f_hosp_dated_ok, {name}));
    Tally over(check, say(check, Label::f_hosp_over_head, {name}));
    if (days_over(load.ward_occupancy, h.beds) != load.days_over_beds)
        over.fail("days_over_beds = " + std::to_string(load.days_over_beds) + ", the series is over " +
                  std::to_string(h.beds) + " beds on " +
                  std::to_string(days_over(load.ward_occupancy, h.beds)) + " days");
    if (days_over(load.icu_occupancy, h.icu_beds) != load.days_over_icu_beds)
        over.fail("days_over_icu_beds = " + std::to_string(load.days_over_icu_beds) +
                  ", the series is over " + std::to_string(h.icu_beds) + " ICU beds on " +
                  std::to_string(days_over(load.icu_occupancy, h.icu_beds)) + " days");
    over.done(say(check, Label::f_hosp_over_ok, {name}));
}

// Each dose of a product's series the rollout gave (/daily/doses summed over days and
// groups) is the epidemic's doses_given, and those are the people it moved into their
// stratum plus the doses protecting only after the end; so is each booster (dose numbers
// above the longest series) from 2.8, when the epidemic began to model them; between a
// product's series and the boosters, and for boosters before 2.8, all zeros.
void check_epidemic_doses(const EpidemicData& e, const ProductTable& products,
                          const DoseTable& doses, std::int64_t minor, FileCheck& check) {
    const EpidemicDoseData& d = *e.doses;
    const std::vector<std::int64_t>& series = products.doses_in_series;
    const std::int64_t K0 = series.empty() ? 0 : *std::max_element(series.begin(), series.end());
    Tally tally(check, say(check, Label::f_epi_doses_head));
    for (Eigen::Index p = 0; p < d.given.rows(); ++p)
        for (Eigen::Index k = 0; k < d.given.cols(); ++k) {
            const bool in_series = k < series[static_cast<std::size_t>(p)] ||
                                   (k >= K0 && minor >= format::epidemic_boosters_since_minor);
            double rollout = 0;
            if (in_series)
                for (std::size_t t = 0; t < doses.days; ++t)
                    for (std::size_t g = 0; g < doses.groups; ++g)
                        rollout += static_cast<double>(
                            doses.at(t, g, static_cast<std::size_t>(p), static_cast<std::size_t>(k)));
            const double given = d.given(p, k), moved = d.moved(p, k), late = d.after_end(p, k);
            if (!(std::fabs(given - rollout) <= epidemic_tolerance * std::max(1.0, rollout)) ||
                !(std::fabs(given - moved - late) <=
                  epidemic_dose_slack(e.stochastic, static_cast<int>(e.band.size()),
                                      static_cast<int>(d.given.rows()), rollout)))
                tally.fail(products.id[static_cast<std::size_t>(p)] + " dose " + std::to_string(k + 1) +
                           ": " + std::to_string(rollout) + " given in the rollout, " +
                           std::to_string(given) + " in the epidemic, " + std::to_string(moved) +
                           " moved, " + std::to_string(late) + " after the end");
        }
    tally.done(say(check, Label::f_epi_doses_ok));
}

// A run with places: the places add up to the city, day by day; their people to each
// band's count; each place's target verdict agrees with its numbers.
void check_places(const PlaceData& pl, const RunReader& reader, const DailySeries& daily,
                  const Calendar& cal, FileCheck& check) {
    const std::size_t D = pl.days, A = pl.places, P = pl.products, G = pl.groups, T = pl.targets;
    Tally sums(check, say(check, Label::f_places_sum_head));
    for (std::size_t t = 0; t < D; ++t) {
        const auto tt = static_cast<Eigen::Index>(t);
        for (std::size_t p = 0; p < P; ++p) {
            const auto pp = static_cast<Eigen::Index>(p);
            Wide given = 0, in_stock = 0, delivered = 0, moved_in = 0, moved_out = 0;
            for (std::size_t a = 0; a < A; ++a) {
                given += PlaceData::at(pl.administered, t, a, p, A, P);
                in_stock += PlaceData::at(pl.stock, t, a, p, A, P);
                delivered += PlaceData::at(pl.deliveries, t, a, p, A, P);
                moved_in += PlaceData::at(pl.moved_in, t, a, p, A, P);
                moved_out += PlaceData::at(pl.moved_out, t, a, p, A, P);
            }
            // Doses moved between places leave the city's stock as it was.
            if (moved_in != moved_out)
                sums.fail(cal.date[t] + " product " + std::to_string(p) + ": moved into places " +
                          wide_text(moved_in) + ", out of places " + wide_text(moved_out));
            if (given != daily.administered(tt, pp))
                sums.fail(cal.date[t] + " product " + std::to_string(p) + ": administered " + wide_text(given) +
                          " in the places, " + std::to_string(daily.administered(tt, pp)) + " in the city");
            if (in_stock != daily.stock(tt, pp))
                sums.fail(cal.date[t] + " product " + std::to_string(p) + ": stock " + wide_text(in_stock) +
                          " in the places, " + std::to_string(daily.stock(tt, pp)) + " in the city");
            if (delivered != daily.deliveries(tt, pp))
                sums.fail(cal.date[t] + " product " + std::to_string(p) + ": delivered " +
                          wide_text(delivered) + " in the places, " +
                          std::to_string(daily.deliveries(tt, pp)) + " in the city");
        }
        Wide capacity = 0;
        for (std::size_t a = 0; a < A; ++a) capacity += pl.capacity(tt, static_cast<Eigen::Index>(a));
        if (capacity != daily.capacity[t])
            sums.fail(cal.date[t] + ": capacity " + wide_text(capacity) + " in the places, " +
                      std::to_string(daily.capacity[t]) + " in the city");
        for (std::size_t g = 0; g < G; ++g) {
            Wide first = 0, full = 0;
            for (std::size_t a = 0; a < A; ++a) {
                first += PlaceData::at(pl.first_dose_people, t, a, g, A, G);
                full += PlaceData::at(pl.fully_vaccinated_people, t, a, g, A, G);
            }
            const auto gg = static_cast<Eigen::Index>(g);
            if (first != daily.first_dose_people(tt, gg) || full != daily.fully_vaccinated_people(tt, gg))
                sums.fail(cal.date[t] + " group " + std::to_string(g) + ": first-dose / fully vaccinated people " +
                          wide_text(first) + " / " + wide_text(full) + " in the places, " +
                          std::to_string(daily.first_dose_people(tt, gg)) + " / " +
                          std::to_string(daily.fully_vaccinated_people(tt, gg)) + " in the city");
        }
    }
    sums.done(say(check, Label::f_places_sum_ok));

    const BandTable bands = reader.bands();
    Tally people(check, say(check, Label::f_places_people_head));
    for (std::size_t b = 0; b < bands.id.size() && static_cast<Eigen::Index>(b) < pl.people.cols(); ++b) {
        Wide sum = 0;
        for (std::size_t a = 0; a < A; ++a) sum += pl.people(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
        if (sum != bands.count[b])
            people.fail("band " + bands.id[b] + ": " + wide_text(sum) + " in the places, " +
                        std::to_string(bands.count[b]) + " in the band");
    }
    people.done(say(check, Label::f_places_people_ok));

    const TargetTable targets = reader.targets();
    Tally verdicts(check, say(check, Label::f_places_verdict_head));
    for (std::size_t k = 0; k < T; ++k) {
        const auto deadline = parse_iso_date(targets.deadline[k]);
        const auto first = parse_iso_date(cal.date.front());
        if (!deadline || !first) continue;
        const std::size_t day = static_cast<std::size_t>(*deadline - *first);
        const bool bound = targets.bound(k);
        // A coverage target is first reached on the first day from `since` (or the first
        // day) its value is at the threshold; a bound is never "reached".
        const auto since = parse_iso_date(targets.since[k]);
        const std::size_t from = since && *since > *first ? static_cast<std::size_t>(*since - *first) : 0;
        for (std::size_t a = 0; a < A; ++a) {
            const std::int64_t value = PlaceData::at(pl.target_value, day, a, k, A, T);
            const std::int64_t threshold = pl.target_threshold(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(k));
            const bool met = bound ? value <= threshold : value >= threshold;
            if (met != (pl.target_met(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(k)) != 0))
                verdicts.fail(pl.id[a] + " " + targets.id[k] + ": " + std::to_string(value) + " against " +
                              std::to_string(threshold));
            std::string reached;
            for (std::size_t d = from; !bound && d < D; ++d)
                if (PlaceData::at(pl.target_value, d, a, k, A, T) >= threshold) {
                    reached = cal.date[d];
                    break;
                }
            const std::string& stored = pl.target_first_reached[a * T + k];
            if (stored != reached)
                verdicts.fail(pl.id[a] + " " + targets.id[k] + ": first reached '" + stored + "', its values say '" +
                              reached + "'");
        }
    }
    verdicts.done(say(check, Label::f_places_verdict_ok));

    // The equity across places, day by day, from the places' values and people (a bound
    // is no coverage: range 0, ratio 1, Gini 0).
    Tally fair(check, say(check, Label::f_places_equity_head));
    std::vector<std::int64_t> covered(A), of(A);
    const auto close = [](double x, double y) { return std::fabs(x - y) <= 1e-9 * std::max(1.0, std::fabs(y)); };
    for (std::size_t k = 0; k < T; ++k) {
        const bool bound = targets.bound(k);
        for (std::size_t a = 0; a < A; ++a)
            of[a] = pl.target_population(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(k));
        for (std::size_t d = 0; d < D; ++d) {
            Equity e;
            if (!bound) {
                for (std::size_t a = 0; a < A; ++a) covered[a] = PlaceData::at(pl.target_value, d, a, k, A, T);
                e = equity(covered, of);
            }
            const auto dd = static_cast<Eigen::Index>(d), kk = static_cast<Eigen::Index>(k);
            if (!close(pl.equity_range(dd, kk), e.range) || !close(pl.equity_ratio(dd, kk), e.ratio) ||
                !close(pl.equity_gini(dd, kk), e.gini))
                fair.fail(cal.date[d] + " " + targets.id[k] + ": range / ratio / Gini " +
                          std::to_string(pl.equity_range(dd, kk)) + " / " + std::to_string(pl.equity_ratio(dd, kk)) +
                          " / " + std::to_string(pl.equity_gini(dd, kk)) + ", the places' values give " +
                          std::to_string(e.range) + " / " + std::to_string(e.ratio) + " / " + std::to_string(e.gini));
        }
    }
    fair.done(say(check, Label::f_places_equity_ok));

    // Since 2.10: each place's plan check. Its verdict is its own numbers', the people
    // started add up to the city's; the plan counts, split as each group's people are and
    // rounding each place's uptake on its own, to within one person a place.
    if (pl.plan_planned.size() == 0 && pl.plan_started_in_quarter.size() == 0) return;
    const PlanCheckTable plan = reader.plan_check();
    const auto L = static_cast<Eigen::Index>(plan.planned.size());
    Tally plans(check, say(check, Label::f_places_plan_head));
    if (pl.plan_planned.cols() != L || pl.plan_started_in_quarter.cols() != L || pl.plan_met.cols() != L) {
        plans.fail("/places/plan_* have " + std::to_string(pl.plan_planned.cols()) + " rows of plan, /plan_check " +
                   std::to_string(L));
    } else {
        for (Eigen::Index k = 0; k < L; ++k) {
            Wide planned = 0, started = 0;
            for (std::size_t a = 0; a < A; ++a) {
                const auto aa = static_cast<Eigen::Index>(a);
                planned += pl.plan_planned(aa, k);
                started += pl.plan_started_in_quarter(aa, k);
                if ((pl.plan_met(aa, k) != 0) != (pl.plan_started_in_quarter(aa, k) >= pl.plan_planned(aa, k)))
                    plans.fail(pl.id[a] + " " + plan.group[k] + " " + plan.quarter[k] + ": met " +
                               std::to_string(pl.plan_met(aa, k)) + ", " +
                               std::to_string(pl.plan_started_in_quarter(aa, k)) + " started of " +
                               std::to_string(pl.plan_planned(aa, k)));
            }
            const Wide city_planned = plan.planned[static_cast<std::size_t>(k)];
            if (started != plan.started_in_quarter[static_cast<std::size_t>(k)] ||
                planned - city_planned > static_cast<Wide>(A) || city_planned - planned > static_cast<Wide>(A))
                plans.fail(plan.group[k] + " " + plan.quarter[k] + ": planned / started " + wide_text(planned) + " / " +
                           wide_text(started) + " in the places, " + std::to_string(plan.planned[static_cast<std::size_t>(k)]) +
                           " / " + std::to_string(plan.started_in_quarter[static_cast<std::size_t>(k)]) + " in the city");
        }
    }
    plans.done(say(check, Label::f_places_plan_ok));
}

void check_run(const RunReader& reader, FileCheck& check) {
    const Calendar cal = reader.calendar();
    const std::size_t D = reader.extent("D"), G = reader.extent("G"), P = reader.extent("P"),
                      K = reader.extent("K");
    check.facts.push_back(say(check, Label::f_run_facts,
                              {std::to_string(D), cal.date.front(), cal.date.back(),
                               std::to_string(G), std::to_string(P), std::to_string(K),
                               reader.has_epidemic() ? say(check, Label::f_with_epidemic) : ""}));
    check.passed.push_back(say(check, Label::f_run_layout));
    // Each dataset's rule (format.hpp): counts whole and from 0 to 2^53, shares within
    // 0..1, dates real and inside the run, indices in range. The checks below add up
    // values, so they run only on values that keep their rules.
    const auto rules = reader.value_problems();
    if (!rules.empty()) {
        check.problems.insert(check.problems.end(), rules.begin(), rules.end());
        return;
    }
    check.passed.push_back(say(check, Label::f_run_rules));
    reader.scenario(); // its attributes, as the report reads them
    const GroupTable groups = reader.groups();
    const DailySeries daily = reader.daily();
    const DoseTable doses = reader.doses();
    const InitialTable initial = reader.initial();

    // The opening balance: a day before the first, people by dose number never more for a
    // later dose than for the one before, no dose beyond a product's series, and nothing
    // at all without an as_of.
    Tally opening(check, say(check, Label::f_opening_head));
    {
        const std::vector<std::int64_t> series = reader.products().doses_in_series;
        const bool any = std::any_of(initial.doses.begin(), initial.doses.end(),
                                     [](std::int64_t n) { return n != 0; }) ||
                         std::any_of(initial.stock.begin(), initial.stock.end(),
                                     [](std::int64_t n) { return n != 0; }) ||
                         std::any_of(initial.replaced_deliveries.begin(),
                                     initial.replaced_deliveries.end(),
                                     [](std::int64_t n) { return n != 0; });
        if (initial.as_of.empty()) {
            if (any) opening.fail("/initial holds people or doses but no as_of");
        } else {
            const auto first_day = parse_iso_date(cal.date.front());
            const auto as_of = parse_iso_date(initial.as_of);
            if (!first_day || !as_of || *as_of + 1 != *first_day)
                opening.fail("/initial/as_of " + initial.as_of + " is not the day before the first (" +
                             cal.date.front() + ")");
        }
        for (std::size_t g = 0; g < G; ++g)
            for (std::size_t p = 0; p < P; ++p)
                for (std::size_t k = 0; k < K; ++k) {
                    const std::int64_t n = initial.at(g, p, k);
                    if (k > 0 && n > initial.at(g, p, k - 1))
                        opening.fail("/initial/doses [" + std::to_string(g) + ", " +
                                     std::to_string(p) + ", " + std::to_string(k) + "] = " +
                                     std::to_string(n) + " people given dose " +
                                     std::to_string(k + 1) + ", more than the " +
                                     std::to_string(initial.at(g, p, k - 1)) + " given dose " +
                                     std::to_string(k));
                    if (n > 0 && static_cast<std::int64_t>(k) >= series[p])
                        opening.fail("/initial/doses [" + std::to_string(g) + ", " +
                                     std::to_string(p) + ", " + std::to_string(k) + "] = " +
                                     std::to_string(n) + ": beyond the product's series of " +
                                     std::to_string(series[p]));
                }
    }
    opening.done(say(check, Label::f_opening_ok));

    Tally ledger(check, say(check, Label::f_ledger_head));
    for (std::size_t p = 0; p < P; ++p) {
        Wide in = initial.stock[p], out = 0;
        for (std::size_t t = 0; t < D; ++t) {
            const auto tt = static_cast<Eigen::Index>(t), pp = static_cast<Eigen::Index>(p);
            in += Wide{daily.deliveries(tt, pp)} + daily.extracted(tt, pp) + daily.imported(tt, pp);
            out += Wide{daily.administered(tt, pp)} + daily.wasted(tt, pp) + daily.exported(tt, pp);
            if (in != out + daily.stock(tt, pp))
                ledger.fail(cal.date[t] + " product " + std::to_string(p) +
                            ": on hand + delivered + extracted + imported " + wide_text(in) +
                            ", administered + wasted + exported " + wide_text(out) + ", stock " +
                            std::to_string(daily.stock(tt, pp)));
        }
    }
    ledger.done(say(check, Label::f_ledger_ok));

    // What held each group (2.4): a product named exactly with supply and the reserve (and
    // optionally with capacity, for a product's full sites), and a group not open on each
    // day before its opening date.
    if (!daily.group_binding_constraint.empty()) {
        Tally held(check, say(check, Label::f_held_head));
        for (std::size_t t = 0; t < D; ++t)
            for (std::size_t g = 0; g < G; ++g) {
                const auto code = static_cast<Constraint>(daily.group_binding_constraint[t * G + g]);
                const std::int32_t product = daily.group_binding_product[t * G + g];
                const std::string where = cal.date[t] + " group " + groups.id[g];
                const bool names_one = code == Constraint::supply || code == Constraint::second_dose_reserve;
                if (names_one && product < 0)
                    held.fail(where + ": " + std::string(constraint_info(code).label) + " names no product");
                if (!names_one && code != Constraint::capacity && product >= 0)
                    held.fail(where + ": " + std::string(constraint_info(code).label) +
                              " names product " + std::to_string(product));
                if (cal.date[t] < groups.opens[g] && code != Constraint::no_group_open)
                    held.fail(where + ": before it opens (" + groups.opens[g] + ") but " +
                              std::string(constraint_info(code).label));
            }
        held.done(say(check, Label::f_held_ok));
    }

    Tally over(check, say(check, Label::f_over_head));
    Tally accounting(check, say(check, Label::f_accounting_head));
    for (std::size_t t = 0; t < D; ++t) {
        const auto tt = static_cast<Eigen::Index>(t);
        Wide day_total = 0;
        for (std::size_t p = 0; p < P; ++p) {
            Wide by_group = 0;
            for (std::size_t g = 0; g < G; ++g)
                for (std::size_t k = 0; k < K; ++k) by_group += doses.at(t, g, p, k);
            if (by_group != daily.administered(tt, static_cast<Eigen::Index>(p)))
                accounting.fail(cal.date[t] + " product " + std::to_string(p) + ": " +
                                wide_text(by_group) + " by group, " +
                                std::to_string(daily.administered(tt, static_cast<Eigen::Index>(p))) +
                                " administered");
            day_total += daily.administered(tt, static_cast<Eigen::Index>(p));
        }
        if (day_total != daily.capacity_used[t])
            accounting.fail(cal.date[t] + ": " + wide_text(day_total) + " administered, " +
                            std::to_string(daily.capacity_used[t]) + " capacity used");
        if (daily.capacity_used[t] > daily.capacity[t])
            over.fail(cal.date[t] + ": " + std::to_string(daily.capacity_used[t]) + " of " +
                      std::to_string(daily.capacity[t]));
    }
    over.done(say(check, Label::f_over_ok));
    accounting.done(say(check, Label::f_accounting_ok));

    // Sites: each within its capacity, the day's capacity and use their sums, and each
    // product's doses within the capacity of the sites that give it.
    const SiteTable sites = reader.sites();
    const std::size_t S = sites.id.size();
    const auto product_ids = reader.products().id;
    std::vector<std::vector<bool>> gives(S, std::vector<bool>(P, false));
    Tally site_list(check, say(check, Label::f_site_list_head));
    for (std::size_t s = 0; s < S; ++s) {
        std::istringstream words(sites.products[s]);
        for (std::string id; words >> id;) {
            const auto it = std::find(product_ids.begin(), product_ids.end(), id);
            if (it == product_ids.end())
                site_list.fail("site " + sites.id[s] + ": '" + id + "'");
            else
                gives[s][static_cast<std::size_t>(it - product_ids.begin())] = true;
        }
    }
    site_list.done(say(check, Label::f_site_list_ok));
    Tally site_over(check, say(check, Label::f_site_over_head));
    for (std::size_t t = 0; t < D; ++t) {
        const auto tt = static_cast<Eigen::Index>(t);
        Wide total = 0, used = 0;
        for (std::size_t s = 0; s < S; ++s) {
            const auto ss = static_cast<Eigen::Index>(s);
            total += daily.site_capacity(tt, ss);
            used += daily.site_capacity_used(tt, ss);
            if (daily.site_capacity_used(tt, ss) > daily.site_capacity(tt, ss))
                site_over.fail(cal.date[t] + " site " + sites.id[s] + ": " +
                               std::to_string(daily.site_capacity_used(tt, ss)) + " of " +
                               std::to_string(daily.site_capacity(tt, ss)));
        }
        if (total != daily.capacity[t] || used != daily.capacity_used[t])
            site_over.fail(cal.date[t] + ": sites " + wide_text(used) + " used of " +
                           wide_text(total) + ", the day " +
                           std::to_string(daily.capacity_used[t]) + " of " +
                           std::to_string(daily.capacity[t]));
        for (std::size_t p = 0; p < P; ++p) {
            Wide room = 0;
            for (std::size_t s = 0; s < S; ++s)
                if (gives[s][p]) room += daily.site_capacity(tt, static_cast<Eigen::Index>(s));
            if (daily.administered(tt, static_cast<Eigen::Index>(p)) > room)
                site_over.fail(cal.date[t] + " product " + product_ids[p] + ": " +
                               std::to_string(daily.administered(tt, static_cast<Eigen::Index>(p))) +
                               " given, its sites' capacity " + wide_text(room));
        }
    }
    site_over.done(say(check, Label::f_site_over_ok));

    Tally coverage(check, say(check, Label::f_coverage_head));
    Tally first_total(check, say(check, Label::f_first_total_head));
    const CountMatrix& first = daily.first_dose_people;
    const CountMatrix& full = daily.fully_vaccinated_people;
    for (std::size_t g = 0; g < G; ++g) {
        const auto gg = static_cast<Eigen::Index>(g);
        if (groups.willing[g] > groups.size[g])
            coverage.fail("group " + groups.id[g] + ": willing " +
                          std::to_string(groups.willing[g]) + " of " +
                          std::to_string(groups.size[g]));
        Wide given = 0; // the opening balance, then every first dose given
        for (std::size_t p = 0; p < P; ++p) given += initial.at(g, p, 0);
        for (std::size_t t = 0; t < D; ++t) {
            const auto tt = static_cast<Eigen::Index>(t);
            for (std::size_t p = 0; p < P; ++p) given += doses.at(t, g, p, 0);
            if (given != first(tt, gg))
                first_total.fail(cal.date[t] + " group " + groups.id[g] + ": " +
                                 wide_text(given) + " first doses, " +
                                 std::to_string(first(tt, gg)) + " people");
            if (first(tt, gg) > groups.willing[g] || full(tt, gg) > first(tt, gg) ||
                (t > 0 && (first(tt, gg) < first(tt - 1, gg) || full(tt, gg) < full(tt - 1, gg))))
                coverage.fail(cal.date[t] + " group " + groups.id[g] + ": first " +
                              std::to_string(first(tt, gg)) + ", full " +
                              std::to_string(full(tt, gg)));
        }
    }
    coverage.done(say(check, Label::f_coverage_ok));
    first_total.done(say(check, Label::f_first_total_ok));

    const TargetTable targets = reader.targets();
    Tally verdicts(check, say(check, Label::f_verdicts_head));
    for (std::size_t i = 0; i < targets.id.size(); ++i) {
        const auto deadline = std::find(cal.date.begin(), cal.date.end(), targets.deadline[i]);
        const bool in_run = deadline != cal.date.end();
        // An overdue measure is a bound: met at or below it, the margin its headroom.
        const bool bound = targets.measure[i].rfind("overdue_", 0) == 0;
        const std::int64_t above = targets.value_at_deadline[i] - targets.threshold[i];
        if (targets.met[i] != (bound ? above <= 0 : above >= 0) ||
            targets.margin[i] != (bound ? -above : above) ||
            (in_run &&
             daily.target_value(deadline - cal.date.begin(), static_cast<Eigen::Index>(i)) !=
                 targets.value_at_deadline[i]))
            verdicts.fail("target " + targets.id[i] + ": value " +
                          std::to_string(targets.value_at_deadline[i]) + ", threshold " +
                          std::to_string(targets.threshold[i]) + ", met " +
                          std::to_string(targets.met[i]) + ", margin " +
                          std::to_string(targets.margin[i]));
    }
    verdicts.done(say(check, Label::f_verdicts_ok));

    const PlanCheckTable plan = reader.plan_check();
    Tally plan_verdicts(check, say(check, Label::f_plan_head));
    for (std::size_t k = 0; k < plan.group.size(); ++k)
        if (plan.met[k] != (plan.started_in_quarter[k] >= plan.planned[k]))
            plan_verdicts.fail(format::plan_check::met.where() + " [" + std::to_string(k) +
                               "] = " + std::to_string(plan.met[k]) + " with " +
                               std::to_string(plan.started_in_quarter[k]) + " started of " +
                               std::to_string(plan.planned[k]) + " planned");
    plan_verdicts.done(say(check, Label::f_plan_ok));

    if (const auto places = reader.places()) check_places(*places, reader, daily, cal, check);

    if (const auto e = reader.epidemic()) {
        check_epidemic(*e, cal, say(check, Label::f_epidemic), e->vaccinated, check);
        if (e->counterfactual)
            check_epidemic(*e, cal, say(check, Label::f_epidemic_without), *e->counterfactual,
                           check);
        if (e->doses)
            check_epidemic_doses(*e, reader.products(), doses,
                                 reader.identity().version.minor, check);
        if (e->hospital) {
            check_hospital(*e->hospital, *e, say(check, Label::f_epidemic), e->vaccinated,
                           e->hospital->vaccinated, check);
            if (e->counterfactual && e->hospital->counterfactual)
                check_hospital(*e->hospital, *e, say(check, Label::f_epidemic_without),
                               *e->counterfactual, *e->hospital->counterfactual, check);
        }
    }
}

void check_odds(const SweepReader& reader, const SweepRunIndex& index,
                const std::vector<std::int64_t>& met, const char* which,
                const format::sweep::OddsDatasets& spec, bool by_grid, FileCheck& check) {
    const SweepOdds odds = reader.odds(spec);
    const std::size_t T = reader.extent("T"), rows = by_grid ? reader.extent("G") : 1;
    const auto R = static_cast<std::size_t>(reader.info().runs);
    std::vector<std::int64_t> runs(rows * T, 0), runs_met(rows * T, 0);
    for (std::size_t r = 0; r < R; ++r) {
        const auto row = by_grid ? static_cast<std::size_t>(index.grid_point[r]) : 0;
        for (std::size_t t = 0; t < T; ++t) {
            ++runs[row * T + t];
            runs_met[row * T + t] += met[r * T + t] != 0;
        }
    }
    Tally tally(check, say(check, Label::f_odds_head, {which}));
    for (std::size_t k = 0; k < rows * T; ++k) {
        const double p = runs[k] ? static_cast<double>(runs_met[k]) / static_cast<double>(runs[k])
                                 : 0;
        if (odds.runs[k] != runs[k] || odds.runs_met[k] != runs_met[k] ||
            std::fabs(odds.p_met[k] - p) > 1e-12 || odds.p_met_low[k] > odds.p_met[k] ||
            odds.p_met_high[k] < odds.p_met[k] || odds.runs_reached[k] > odds.runs[k])
            tally.fail(spec.p_met.where() + " [" + std::to_string(k) + "]: runs " +
                       std::to_string(odds.runs[k]) + " (the records: " + std::to_string(runs[k]) +
                       "), met " + std::to_string(odds.runs_met[k]) + " (" +
                       std::to_string(runs_met[k]) + "), P(met) " + std::to_string(odds.p_met[k]) +
                       " in " + std::to_string(odds.p_met_low[k]) + ".." +
                       std::to_string(odds.p_met_high[k]));
    }
    tally.done(say(check, Label::f_odds_ok, {which}));
}

// /coverage (1.4 on): each grid point's daily quantiles, recomputed from its runs' daily
// record fields.
void check_coverage(const SweepReader& reader, FileCheck& check) {
    const SweepCoverage coverage = reader.coverage();
    if (coverage.days == 0 && coverage.first_dose_people.empty()) return;
    namespace o = format::sweep::outcome;
    const SweepInfo& info = reader.info();
    const auto D = coverage.days, G = static_cast<std::size_t>(info.grid_points);
    const auto per_point = static_cast<std::size_t>(info.samples * info.replicates);
    constexpr std::size_t V = format::sweep::quantile_levels;
    Tally tally(check, say(check, Label::f_coverage_sweep_head));
    for (const auto& [field, stored] :
         {std::pair{o::daily_first_dose_people, &coverage.first_dose_people},
          std::pair{o::daily_fully_vaccinated_people, &coverage.fully_vaccinated_people}}) {
        const auto values = reader.outcome(field);
        for (std::size_t g = 0; g < G; ++g) {
            const std::vector<std::int64_t> point(
                values.begin() + static_cast<std::ptrdiff_t>(g * per_point * D),
                values.begin() + static_cast<std::ptrdiff_t>((g + 1) * per_point * D));
            const auto expected = daily_quantiles(point, per_point, D);
            for (std::size_t k = 0; k < D * V; ++k)
                if ((*stored)[g * D * V + k] != expected[k]) {
                    tally.fail("/coverage/" + std::string(field.substr(6)) + " [" +
                               std::to_string(g) + ", " + std::to_string(k / V) + ", " +
                               std::to_string(k % V) + "] = " +
                               std::to_string((*stored)[g * D * V + k]) + ", the runs give " +
                               std::to_string(expected[k]));
                    break;
                }
        }
    }
    tally.done(say(check, Label::f_coverage_sweep_ok));
}

void check_sweep(const SweepReader& reader, FileCheck& check) {
    const SweepInfo& info = reader.info();
    check.facts.push_back(say(check, Label::f_sweep_facts,
                              {with_commas(info.runs), std::to_string(info.grid_points),
                               std::to_string(info.samples), std::to_string(info.replicates)}));
    check.passed.push_back(say(check, Label::f_sweep_layout));
    const auto rules = reader.value_problems();
    if (!rules.empty()) {
        check.problems.insert(check.problems.end(), rules.begin(), rules.end());
        return;
    }
    check.passed.push_back(say(check, Label::f_sweep_rules));
    const SweepRunIndex index = reader.run_index();
    Tally places(check, say(check, Label::f_places_head));
    for (std::size_t r = 0; r < index.grid_point.size(); ++r) {
        const auto run = static_cast<std::int64_t>(r);
        const std::int64_t replicate = run % info.replicates;
        const std::int64_t point = run / info.replicates;
        if (index.grid_point[r] != point / info.samples ||
            index.sample[r] != point % info.samples || index.replicate[r] != replicate ||
            index.future[r] != (point % info.samples) * info.replicates + replicate)
            places.fail("run " + std::to_string(r) + ": grid point " +
                        std::to_string(index.grid_point[r]) + ", sample " +
                        std::to_string(index.sample[r]) + ", replicate " +
                        std::to_string(index.replicate[r]) + ", future " +
                        std::to_string(index.future[r]));
    }
    places.done(say(check, Label::f_places_ok));
    const auto met = reader.outcome(format::sweep::outcome::target_met);
    check_odds(reader, index, met, "/summary", format::sweep::summary, false, check);
    check_odds(reader, index, met, "/summary/by_grid_point", format::sweep::by_grid_point, true,
               check);
    check_coverage(reader, check);
}

} // namespace

FileCheck check_results_file(const std::filesystem::path& path, Language language) {
    if (!std::filesystem::exists(path))
        throw std::runtime_error("'" + path.string() + "' does not exist");
    if (!hdf5::is_hdf5_file(path))
        throw std::runtime_error("'" + path.string() + "' is not an HDF5 file");
    const Handle file = hdf5::open_file(path);
    return check_results_file(file, path, language);
}

FileCheck check_results_file(hid_t file, const std::filesystem::path& path, Language language) {
    const FileIdentity id = read_identity(file, path);
    FileCheck check;
    check.language = language;
    std::string written = say(check, Label::f_format, {id.filetype, id.version_text()});
    if (!id.program_version.empty())
        written += say(check, Label::f_written_by, {id.program_version});
    if (!id.creation_time.empty()) written += say(check, Label::f_written_at, {id.creation_time});
    check.facts.push_back(written);
    try {
        if (id.filetype == format::run_filetype) {
            const RunReader reader(file, path);
            check.layout_readable = true;
            check_run(reader, check);
        } else if (id.filetype == format::sweep_filetype) {
            const SweepReader reader(file, path);
            check.layout_readable = true;
            check_sweep(reader, check);
        } else
            check.problems.push_back(say(check, Label::f_unknown_filetype, {id.filetype}));
    } catch (const FormatError& e) {
        check.problems.insert(check.problems.end(), e.problems().begin(), e.problems().end());
    } catch (const hdf5::Error& e) {
        check.problems.push_back(say(check, Label::f_layout_broken, {e.what()}));
    }
    return check;
}

std::string format_file_check(const std::filesystem::path& path, const FileCheck& check) {
    std::ostringstream out;
    out << path.string() << ": " << say(check, check.ok() ? Label::f_ok : Label::f_problems_found)
        << "\n";
    for (const auto& f : check.facts) out << "  " << f << "\n";
    for (const auto& p : check.passed) out << "  " << say(check, Label::f_ok_line, {p}) << "\n";
    for (const auto& p : check.problems)
        out << "  " << say(check, Label::f_problem_line, {p}) << "\n";
    return out.str();
}

} // namespace vaxsim
