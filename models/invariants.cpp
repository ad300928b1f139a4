#include "models/invariants.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

namespace vaxsim {
namespace {

class Violations {
  public:
    void add(const std::string& kind, DayNumber day, const std::string& detail) {
        if (++count_[kind] <= 3)
            lines_.push_back(format_iso_date(day) + ": " + kind + ": " + detail);
    }
    std::vector<std::string> take() { return std::move(lines_); }

  private:
    std::map<std::string, int> count_;
    std::vector<std::string> lines_;
};

// The ledger is read in one walk over the days, each day's rows in memory order, but
// violations are listed as they always were: section by section, and within a section by
// product, cohort, band or series (a stream), by day within each. Only a stream's first
// three of a kind can be among the first three of that kind overall, so no more are kept.
class Found {
  public:
    void add(int section, std::size_t stream, std::string kind, DayNumber day, std::string detail) {
        if (++count_[{section, stream, kind}] <= 3)
            found_.push_back({section, stream, std::move(kind), day, std::move(detail)});
    }
    void report(Violations& v) {
        std::stable_sort(found_.begin(), found_.end(), [](const Line& a, const Line& b) {
            return std::tie(a.section, a.stream) < std::tie(b.section, b.stream);
        });
        for (const Line& line : found_) v.add(line.kind, line.day, line.detail);
    }

  private:
    struct Line {
        int section;
        std::size_t stream;
        std::string kind;
        DayNumber day;
        std::string detail;
    };
    std::map<std::tuple<int, std::size_t, std::string>, int> count_;
    std::vector<Line> found_;
};

enum Section {
    stock_section,
    overdue_section,
    capacity_section,
    cohort_section,
    band_section,
    series_section,
    interval_section,
    group_section,
    booster_section
};

// The doses of day t, summed over places: [group][product][dose number - 1]. With one
// place (every run the engine makes) the ledger's own row.
class DayDoses {
  public:
    explicit DayDoses(const Ledger& run)
        : run_(run), cells_(static_cast<std::size_t>(run.groups()) * run.products() * run.doses_per_person()),
          summed_(run.places() > 1 ? cells_ : 0) {}
    const std::int64_t* on(int t) {
        const std::int64_t* row = run_.doses().data() + run_.shape().dose_index(t, 0, 0, 0, 0);
        if (run_.places() == 1) return row;
        std::copy(row, row + cells_, summed_.begin());
        for (int place = 1; place < run_.places(); ++place)
            for (std::size_t i = 0; i < cells_; ++i) summed_[i] += row[place * cells_ + i];
        return summed_.data();
    }
  private:
    const Ledger& run_;
    std::size_t cells_;
    std::vector<std::int64_t> summed_;
};

// Boosters and protection. Per cohort: nobody is boosted before completing a series,
// and nobody up to date has not completed one. Per group: boosters b + 1 never outnumber
// boosters b, and the first boosters never the people who completed a series; nobody is
// counted up to date past the duration: the people up to date on day t are at most the
// doses that complete a series or boost given within each product's protection before t.
class BoosterCheck {
  public:
    // `primary`: the longest primary series (dose numbers from it on are boosters).
    BoosterCheck(const Scenario& sc, const Ledger& run, int primary, Found& found)
        : sc_(sc), run_(run), found_(found), D(run.days()), G(run.groups()), P(run.products()),
          K(run.doses_per_person()), K0(primary), C(sc.population.cohorts().size()),
          active_(run.boosted_people.rows() == D && run.up_to_date_people.rows() == D),
          full_g(G), boosted_g(G), up_g(G), protected_g(G, 0),
          boosters_given(static_cast<std::size_t>(G) * K, 0), completed(static_cast<std::size_t>(G)) {
        for (int p = 0; p < P; ++p)
            for (int k = 0; k < K; ++k)
                if (k + 1 == sc.products[p].doses_in_series() || k >= K0)
                    protecting.push_back({p * K + k, sc.products[p].protection_days(k + 1).value_or(D + 1)});
        int longest = 0;
        for (const Protecting& d : protecting)
            if (d.days < D) longest = std::max(longest, d.days);
        ring = longest + 1;
        lapsing.assign(static_cast<std::size_t>(ring) * G, 0);
        if (sc.initial)
            for (const InitialCell& cell : sc.initial->cells)
                if (cell.complete && cell.group < G) completed[static_cast<std::size_t>(cell.group)].push_back(&cell);
    }

    // Day t, whose doses (summed over places) are `today`: [group][product][k]; `dosed`:
    // per group, whether any of its cells is not zero (the others add nothing).
    void day(int t, const std::int64_t* today, const char* dosed) {
        if (!active_) return;
        const Scenario& sc = sc_;
        const Ledger& run = run_;
        Found& found = found_;
        const auto& pop = sc.population;
        const DayNumber day = run.day_of(t);
        std::fill(full_g.begin(), full_g.end(), 0);
        std::fill(boosted_g.begin(), boosted_g.end(), 0);
        std::fill(up_g.begin(), up_g.end(), 0);
        // The day's rows, and the boosted the day before (the matrices are row-major).
        const std::int64_t* full_row = run.fully_vaccinated_people.row(t).data();
        const std::int64_t* boosted_row = run.boosted_people.row(t).data();
        const std::int64_t* up_row = run.up_to_date_people.row(t).data();
        const std::int64_t* boosted_before = t > 0 ? run.boosted_people.row(t - 1).data() : nullptr;
        for (std::size_t c = 0; c < C; ++c) {
            const Cohort& cohort = pop.cohorts()[c];
            const std::int64_t full = full_row[c], boosted = boosted_row[c], up = up_row[c];
            const auto id = [&] {
                return pop.groups()[cohort.group].id + "/" + pop.bands()[cohort.band].id;
            };
            if (boosted < 0 || boosted > full)
                found.add(booster_section, c, "booster before a completed series", day,
                          id() + ": " + std::to_string(boosted) + " boosted, " +
                              std::to_string(full) + " completed a series");
            if (up < 0 || up > full)
                found.add(booster_section, c, "up to date without a series", day,
                          id() + ": " + std::to_string(up) + " up to date, " +
                              std::to_string(full) + " completed a series");
            if (boosted_before && boosted < boosted_before[c])
                found.add(booster_section, c, "boosted decreased", day, id());
            full_g[cohort.group] += full;
            boosted_g[cohort.group] += boosted;
            up_g[cohort.group] += up;
        }
        const int slot = t % ring; // day t's in the ring of lapses
        for (int g = 0; g < G; ++g) {
            const std::int64_t* of_group = today + static_cast<std::size_t>(g) * P * K;
            std::int64_t* given = &boosters_given[static_cast<std::size_t>(g) * K];
            if (dosed[g])
                for (int k = K0; k < K; ++k)
                    for (int p = 0; p < P; ++p) given[k] += of_group[p * K + k];
            const std::size_t stream = C + static_cast<std::size_t>(g);
            for (int k = K0; k < K; ++k) {
                const std::int64_t had = k == K0 ? full_g[g] : given[k - 1];
                if (given[k] > had)
                    found.add(booster_section, stream, "booster before a completed series", day,
                              pop.groups()[g].id + ": " + std::to_string(given[k]) + " of booster " +
                                  std::to_string(k - K0 + 1) + " given, " + std::to_string(had) +
                                  (k == K0 ? " completed a series" : " had the booster before"));
            }
            if ((K0 < K ? given[K0] : 0) != boosted_g[g])
                found.add(booster_section, stream, "booster accounting", day,
                          pop.groups()[g].id + ": first boosters given differ from people boosted");
            std::int64_t& still = protected_g[g];
            still -= std::exchange(lapsing[static_cast<std::size_t>(slot) * G + g], 0);
            if (dosed[g])
                for (const Protecting& d : protecting) {
                    const std::int64_t n = of_group[d.at];
                    still += n;
                    if (t + d.days < D) {
                        const int lapses = slot + d.days < ring ? slot + d.days : slot + d.days - ring;
                        lapsing[static_cast<std::size_t>(lapses) * G + g] += n;
                    }
                }
            std::int64_t within = still;
            // People of an initial state who completed a series before the start, while
            // their last dose protects them.
            for (const InitialCell* cell : completed[static_cast<std::size_t>(g)]) {
                const std::optional<int> days = sc.products[cell->product].protection_days(cell->doses);
                if (!days || cell->last_dose + *days > day) within += cell->count;
            }
            if (up_g[g] > within)
                found.add(booster_section, stream, "up to date past the protection", day,
                          pop.groups()[g].id + ": " + std::to_string(up_g[g]) +
                              " up to date, only " + std::to_string(within) +
                              " completed a series or were boosted within the protection");
        }
    }

  private:
    const Scenario& sc_;
    const Ledger& run_;
    Found& found_;
    const int D, G, P, K, K0;
    const std::size_t C;
    const bool active_; // the ledger records boosted and up-to-date people
    // Per group, the day's people who completed a series, boosted and up to date.
    std::vector<std::int64_t> full_g, boosted_g, up_g;
    // The doses that complete a series or boost, as their place in a group's doses of a
    // day ([product][dose number - 1]), and the days each protects (never lapsing: more
    // than the run).
    struct Protecting {
        int at, days;
    };
    std::vector<Protecting> protecting;
    // Per group, such doses given within their protection by day t (days t + 1 - days .. t):
    // day t's are added, and those whose protection ended the day before are taken off.
    // Those are booked when given, in a ring of the next days (day s's doses protecting
    // for `days` lapse on day s + days), so no earlier day's doses are read again.
    std::vector<std::int64_t> protected_g;
    int ring = 1;
    std::vector<std::int64_t> lapsing; // [day % ring][group]
    // Per group and dose number: boosters given so far.
    std::vector<std::int64_t> boosters_given;
    // An initial state's completed series, per group: they protect from their last dose.
    std::vector<std::vector<const InitialCell*>> completed;
};

} // namespace

std::vector<std::string> check_invariants(const Scenario& sc, const Ledger& run) {
    Found found;
    const auto& pop = sc.population;
    const int D = run.days(), G = run.groups(), P = run.products(), K = run.doses_per_person();
    // Dose numbers above K0, the longest primary series, are boosters.
    const int K0 = std::min(K, sc.primary_doses());
    const std::size_t C = pop.cohorts().size(), B = pop.bands().size();
    const std::size_t GPK = static_cast<std::size_t>(G) * P * K;

    // Per product: running stock accounting.
    std::vector<std::int64_t> delivered(P), extracted(P), imported(P), exported(P), moved_in(P), moved_out(P), given(P),
        lost(P), by_product(P);
    std::int64_t later_today = 0; // later doses of a series (not boosters) given today
    std::vector<std::int64_t> covered(B);
    // Nobody gets dose k + 1 before the interval's minimum: by each day, a group's doses
    // k + 1 (of every product: a heterologous dose counts too) never exceed its doses k
    // whose minimum interval has passed, the minimum being that of the product of dose k.
    // Each dose k given on day s may be followed from s + fewest_days; a ring of the next
    // `ring` days holds what becomes possible, per (group, k) series.
    const std::size_t series = static_cast<std::size_t>(G) * std::max(0, K - 1);
    int longest = 0;
    for (const Product& product : sc.products) longest = std::max(longest, product.longest_interval());
    const int ring = std::min(longest, D) + 1;
    std::vector<std::int64_t> later_given(series), due(series), falls_due(ring * series);
    DayDoses doses(run);
    BoosterCheck boosters(sc, run, K0, found);
    // The day's doses per group and dose number, all products together: [group][k].
    std::vector<std::int64_t> group_k(static_cast<std::size_t>(G) * K);
    // The groups given any dose that day, and per group whether it was: most group-days
    // have none (the Seoul plan's 400 of 4,635), and the sums and checks of doses given
    // read only the groups that had some.
    std::vector<int> dosed;
    std::vector<char> was_dosed(static_cast<std::size_t>(G));
    const std::size_t PK = static_cast<std::size_t>(P) * K;
    // Per product and k: where today's doses k fall due in the ring; none after the run's end.
    constexpr std::size_t no_slot = SIZE_MAX;
    std::vector<std::size_t> due_slot(static_cast<std::size_t>(P) * std::max(1, K));
    // Dose numbers beyond a product's series and below K0 (above it: boosters, checked in
    // booster_section), as (product, dose number - 1): never given.
    std::vector<std::pair<int, int>> beyond;
    for (int p = 0; p < P; ++p)
        for (int k = sc.products[p].doses_in_series(); k < K0; ++k) beyond.emplace_back(p, k);
    std::int64_t overdue_before = 0;

    // The opening balance (an initial state): stock on hand, and people given each dose
    // number, per group, before the first day; every cumulative count is it plus the days'
    // movements.
    std::vector<std::int64_t> opening_stock(P, 0), people_k(static_cast<std::size_t>(G) * K, 0),
        counted_k(static_cast<std::size_t>(G) * K);
    const bool opening = run.initial_stock.size() == static_cast<std::size_t>(P) &&
                         run.initial_doses.size() == GPK;
    if (opening) {
        opening_stock = run.initial_stock;
        for (int g = 0; g < G; ++g)
            for (int p = 0; p < P; ++p)
                for (int k = 0; k < K; ++k)
                    people_k[static_cast<std::size_t>(g) * K + k] +=
                        run.initial_doses[(static_cast<std::size_t>(g) * P + p) * K + k];
    }
    if (sc.initial && !opening)
        found.add(stock_section, 0, "opening balance", run.day_of(0),
                  "the scenario has an initial state but the ledger has no opening balance");
    // People of an initial state with an incomplete series may have their next dose from
    // their last dose's minimum interval on (before the start: from the first day).
    if (sc.initial && K > 1)
        for (const InitialCell& cell : sc.initial->cells) {
            if (!cell.booked) continue;
            const int k = cell.doses - 1;
            const std::size_t s = static_cast<std::size_t>(cell.group) * (K - 1) + k;
            const long from = static_cast<long>(cell.last_dose) +
                              sc.products[cell.product].fewest_days(k, cell.last_dose) -
                              static_cast<long>(run.start());
            if (from <= 0)
                due[s] += cell.count;
            else if (from < D)
                falls_due[static_cast<std::size_t>(from % ring) * series + s] += cell.count;
        }

    for (int t = 0; t < D; ++t) {
        const DayNumber day = run.day_of(t);
        const std::int64_t* today = doses.on(t);
        const bool walk_ins = sc.policy.steps.empty() ? sc.policy.walk_ins : sc.policy.on(day).walk_ins;

        dosed.clear();
        for (int g = 0; g < G; ++g) {
            const std::int64_t* block = today + g * PK;
            std::int64_t any = 0; // a negative count (a broken ledger) is not zero either
            for (std::size_t i = 0; i < PK; ++i) any |= block[i];
            was_dosed[static_cast<std::size_t>(g)] = any != 0;
            if (any != 0) dosed.push_back(g);
        }
        std::fill(by_product.begin(), by_product.end(), 0);
        std::fill(group_k.begin(), group_k.end(), 0);
        for (int g : dosed)
            for (int p = 0; p < P; ++p) {
                const std::int64_t* cell = today + (static_cast<std::size_t>(g) * P + p) * K;
                for (int k = 0; k < K; ++k) {
                    by_product[p] += cell[k];
                    group_k[static_cast<std::size_t>(g) * K + k] += cell[k];
                }
            }
        later_today = 0;
        for (int g : dosed)
            for (int k = 1; k < K0; ++k) later_today += group_k[static_cast<std::size_t>(g) * K + k];
        std::int64_t overdue_now = 0, dropped_now = 0;
        for (int p = 0; p < P; ++p) {
            delivered[p] += run.deliveries(t, p);
            extracted[p] += run.extracted(t, p);
            imported[p] += run.imported(t, p);
            exported[p] += run.exported(t, p);
            moved_in[p] += run.moved_in(t, p);
            moved_out[p] += run.moved_out(t, p);
            given[p] += run.administered(t, p);
            lost[p] += run.wasted(t, p);
            const std::string& id = sc.products[p].id();
            // Conservation with vial extraction, returns, swaps, exports and moves between
            // places.
            if (opening_stock[p] + delivered[p] + extracted[p] + imported[p] + moved_in[p] !=
                given[p] + lost[p] + exported[p] + moved_out[p] + run.stock(t, p))
                found.add(stock_section, p, "ledger", day,
                          id + ": on hand " + std::to_string(opening_stock[p]) + " + delivered " +
                              std::to_string(delivered[p]) + " + extracted " +
                              std::to_string(extracted[p]) + " + imported " +
                              std::to_string(imported[p]) + " + moved in " +
                              std::to_string(moved_in[p]) + " != administered " +
                              std::to_string(given[p]) + " + wasted " + std::to_string(lost[p]) +
                              " + exported " + std::to_string(exported[p]) + " + moved out " +
                              std::to_string(moved_out[p]) + " + stock " +
                              std::to_string(run.stock(t, p)));
            if (run.stock(t, p) < 0) found.add(stock_section, p, "negative stock", day, id);
            if (run.extracted(t, p) < 0 || run.imported(t, p) < 0 || run.exported(t, p) < 0 ||
                run.moved_in(t, p) < 0 || run.moved_out(t, p) < 0)
                found.add(stock_section, p, "negative movement", day, id);
            // A city's moves between its places leave the city's stock as it was.
            if (sc.places && run.moved_in(t, p) != run.moved_out(t, p))
                found.add(stock_section, p, "moves between places", day,
                          id + ": moved into places " + std::to_string(run.moved_in(t, p)) +
                              " != moved out of places " + std::to_string(run.moved_out(t, p)));
            // Extraction adds exactly the vial's share of the labelled doses delivered, and
            // none without a vial.
            const Ratio extra = sc.products[p].supply().extra_per_dose();
            if (extracted[p] != round_half_up(delivered[p], extra))
                found.add(stock_section, p, "extraction", day,
                          id + ": " + std::to_string(extracted[p]) + " extra doses from " +
                              std::to_string(delivered[p]) + " labelled, expected " +
                              std::to_string(round_half_up(delivered[p], extra)));
            if (by_product[p] != run.administered(t, p))
                found.add(stock_section, p, "dose accounting", day,
                          id + ": group doses do not add up to administered");
            // Overdue people are later doses due and not given: never negative, never more
            // than those booked, and they leave only by being given a dose.
            const std::int64_t due_now = run.later_doses_due(t, p);
            if (due_now < 0 || due_now > run.later_doses_outstanding(t, p))
                found.add(stock_section, p, "overdue accounting", day,
                          id + ": " + std::to_string(due_now) + " overdue of " +
                              std::to_string(run.later_doses_outstanding(t, p)) + " booked");
            overdue_now += due_now;
            const std::int64_t dropped = run.dropped_out(t, p);
            dropped_now += dropped;
            if (dropped < 0 ||
                (dropped > 0 && sc.products[p].after_max() != AfterMax::drop_out))
                found.add(stock_section, p, "drop-out accounting", day,
                          id + ": " + std::to_string(dropped) + " dropped out");
        }
        // Overdue people leave only by being given a later dose (of any product: a
        // heterologous dose serves another product's booking) or by dropping out.
        if (t > 0 && overdue_now < overdue_before - later_today - dropped_now)
            found.add(overdue_section, 0, "overdue vanished", day,
                      std::to_string(overdue_before) + " overdue the day before, " +
                          std::to_string(later_today) + " later doses given, " +
                          std::to_string(dropped_now) + " dropped out, " +
                          std::to_string(overdue_now) + " overdue");
        overdue_before = overdue_now;

        const std::int64_t used = run.administered.row(t).sum();
        if (used != run.capacity_used(t))
            found.add(capacity_section, 0, "capacity accounting", day,
                      "doses given differ from capacity used");
        if (used > run.capacity(t))
            found.add(capacity_section, 0, "capacity exceeded", day,
                      std::to_string(used) + " doses > capacity " +
                          std::to_string(run.capacity(t)));

        // Sites: each gives at most its capacity, the day's capacity is theirs summed, and
        // a product's doses fit in the capacity of the sites that give it.
        const auto& sites = sc.capacity.sites();
        const int S = static_cast<int>(sites.size());
        if (run.site_capacity.cols() == S && run.site_capacity.rows() == D) {
            std::int64_t site_total = 0, site_used = 0;
            for (int s = 0; s < S; ++s) {
                site_total += run.site_capacity(t, s);
                site_used += run.site_capacity_used(t, s);
                if (run.site_capacity_used(t, s) > run.site_capacity(t, s) ||
                    run.site_capacity_used(t, s) < 0)
                    found.add(capacity_section, 1 + s, "site capacity exceeded", day,
                              sites[s].id + ": " + std::to_string(run.site_capacity_used(t, s)) +
                                  " doses > capacity " + std::to_string(run.site_capacity(t, s)));
                if (run.site_capacity(t, s) != sc.capacity.on(s, day))
                    found.add(capacity_section, 1 + s, "site capacity", day,
                              sites[s].id + ": " + std::to_string(run.site_capacity(t, s)) +
                                  " != planned " + std::to_string(sc.capacity.on(s, day)));
            }
            if (site_total != run.capacity(t) || site_used != run.capacity_used(t))
                found.add(capacity_section, 0, "site accounting", day,
                          "sites' capacity or use does not add up to the day's");
            for (int p = 0; p < P; ++p) {
                std::int64_t room = 0;
                for (int s = 0; s < S; ++s)
                    if (std::binary_search(sites[s].products.begin(), sites[s].products.end(), p))
                        room += run.site_capacity(t, s);
                if (run.administered(t, p) > room)
                    found.add(capacity_section, 1 + S + p, "product beyond its sites", day,
                              sc.products[p].id() + ": " + std::to_string(run.administered(t, p)) +
                                  " doses > " + std::to_string(room) +
                                  " capacity of the sites giving it");
            }
        } else {
            found.add(capacity_section, 0, "site accounting", day, "no per-site capacity recorded");
        }

        std::fill(covered.begin(), covered.end(), 0);
        const std::int64_t* first_row = run.first_dose_people.row(t).data();
        const std::int64_t* full_row = run.fully_vaccinated_people.row(t).data();
        const std::int64_t* first_before = t > 0 ? run.first_dose_people.row(t - 1).data() : nullptr;
        const std::int64_t* full_before = t > 0 ? run.fully_vaccinated_people.row(t - 1).data() : nullptr;
        for (std::size_t c = 0; c < C; ++c) {
            const Cohort& cohort = pop.cohorts()[c];
            const auto id = [&] {
                return pop.groups()[cohort.group].id + "/" + pop.bands()[cohort.band].id;
            };
            const std::int64_t first = first_row[c], full = full_row[c];
            covered[cohort.band] += first;
            if (first > cohort.willing)
                found.add(cohort_section, c, "uptake exceeded", day,
                          id() + ": " + std::to_string(first) + " first doses > " +
                              std::to_string(cohort.willing) + " willing");
            if (full > first || full < 0)
                found.add(cohort_section, c, "coverage order", day, id() + ": fully > first dose");
            if (first_before && (first < first_before[c] || full < full_before[c]))
                found.add(cohort_section, c, "coverage decreased", day, id());
        }
        // First doses of a group: never on or after the day it closes, nor before it opens
        // unless walk-ins are allowed; only of the products its preference order in force
        // that day lists.
        for (int g = 0; g < G; ++g) {
            const PriorityGroup& group = pop.groups()[g];
            for (int p = 0; p < P && was_dosed[static_cast<std::size_t>(g)]; ++p) {
                const std::int64_t n = today[(static_cast<std::size_t>(g) * P + p) * K];
                if (n == 0) continue;
                if (day >= group.closes)
                    found.add(group_section, static_cast<std::size_t>(g), "first dose after closing",
                              day, group.id + ": " + std::to_string(n));
                else if (day < group.opens && !walk_ins)
                    found.add(group_section, static_cast<std::size_t>(g), "first dose before opening",
                              day, group.id + ": " + std::to_string(n));
                const std::vector<int>& allowed = group.products_on(day);
                if (std::find(allowed.begin(), allowed.end(), p) == allowed.end())
                    found.add(group_section, static_cast<std::size_t>(g),
                              "first dose of a product not preferred", day,
                              group.id + ": " + std::to_string(n) + " of " + sc.products[p].id());
            }
            // Without walk-ins nobody is served before arriving by the group's schedule, nor
            // before becoming willing.
            if (walk_ins || day < group.opens) continue;
            if (!group.arrival) {
                for (int c : group.cohorts) {
                    const std::int64_t first = run.first_dose_people(t, static_cast<Eigen::Index>(c));
                    if (first > pop.willing_on(c, day))
                        found.add(group_section, static_cast<std::size_t>(g),
                                  "served before becoming willing", day,
                                  group.id + ": " + std::to_string(first) + " first doses > " +
                                      std::to_string(pop.willing_on(c, day)) + " willing");
                }
                continue;
            }
            for (int c : group.cohorts) {
                // People of an initial state have arrived.
                const std::int64_t arrived = std::max(
                    group.arrival->arrived(pop.willing_on(c, day), day - group.opens),
                    sc.initial ? sc.initial->first[static_cast<std::size_t>(c)] : 0);
                const std::int64_t first = run.first_dose_people(t, static_cast<Eigen::Index>(c));
                if (first > arrived)
                    found.add(group_section, static_cast<std::size_t>(g), "served before arriving",
                              day, group.id + ": " + std::to_string(first) + " first doses > " +
                                       std::to_string(arrived) + " arrived");
            }
        }
        // People given each dose number: the opening balance plus every dose given so far.
        if (run.dose_people.rows() == D &&
            run.dose_people.cols() == static_cast<Eigen::Index>(C) * K) {
            std::fill(counted_k.begin(), counted_k.end(), 0);
            const std::int64_t* people = run.dose_people.row(t).data(); // [cohort][k]
            for (std::size_t c = 0; c < C; ++c, people += K) {
                std::int64_t* of_group = &counted_k[static_cast<std::size_t>(pop.cohorts()[c].group) * K];
                for (int k = 0; k < K; ++k) of_group[k] += people[k];
            }
            for (int g = 0; g < G; ++g)
                for (int k = 0; k < K; ++k) {
                    std::int64_t& expected = people_k[static_cast<std::size_t>(g) * K + k];
                    expected += group_k[static_cast<std::size_t>(g) * K + k];
                    if (counted_k[static_cast<std::size_t>(g) * K + k] != expected)
                        found.add(group_section, static_cast<std::size_t>(g), "dose people", day,
                                  pop.groups()[g].id + ": " +
                                      std::to_string(counted_k[static_cast<std::size_t>(g) * K + k]) +
                                      " people given dose " + std::to_string(k + 1) +
                                      ", but the opening balance and the doses given add up to " +
                                      std::to_string(expected));
                }
        }
        for (std::size_t b = 0; b < B; ++b)
            if (covered[b] > pop.bands()[b].count)
                found.add(band_section, b, "coverage over 100%", day, "band " + pop.bands()[b].id);

        for (int p = 0; p < P; ++p)
            for (int k = 0; k + 1 < K; ++k) {
                const Product& product = sc.products[p];
                const int when = k + 1 < product.doses_in_series()
                                     ? t + product.fewest_days(k, day)
                                     : D;
                due_slot[static_cast<std::size_t>(p) * K + k] =
                    when < D ? static_cast<std::size_t>(when % ring) * series : no_slot;
            }
        const std::size_t now = static_cast<std::size_t>(t % ring) * series;
        for (int g : dosed)
            for (const auto& [p, k] : beyond)
                if (today[(static_cast<std::size_t>(g) * P + p) * K + k] > 0)
                    found.add(series_section, (static_cast<std::size_t>(p) * G + g) * K + k,
                              "dose " + std::to_string(k + 1) + " beyond the series", day,
                              sc.products[p].id());
        for (int g = 0; g < G; ++g) {
            for (int k = 0; k + 1 < K0; ++k) { // boosters: checked in booster_section
                const std::size_t s = static_cast<std::size_t>(g) * (K - 1) + k;
                due[s] += std::exchange(falls_due[now + s], 0);
                later_given[s] += group_k[static_cast<std::size_t>(g) * K + k + 1];
                for (int p = 0; p < P && was_dosed[static_cast<std::size_t>(g)]; ++p) {
                    const std::size_t slot = due_slot[static_cast<std::size_t>(p) * K + k];
                    if (slot != no_slot)
                        falls_due[slot + s] += today[(static_cast<std::size_t>(g) * P + p) * K + k];
                }
                if (later_given[s] > due[s])
                    found.add(interval_section, s,
                              "dose " + std::to_string(k + 2) + " before its minimum interval", day,
                              pop.groups()[g].id + ": " + std::to_string(later_given[s]) +
                                  " given but only " + std::to_string(due[s]) +
                                  " are past the minimum interval");
            }
        }
        boosters.day(t, today, was_dosed.data());
    }
    // Every dose an export or swap asked for was either sent or counted as not made, and
    // every return and swap came in whole.
    std::vector<std::int64_t> asked(P), coming(P);
    for (int p = 0; p < P; ++p) {
        for (const Delivery& e : sc.products[p].supply().exports()) asked[p] += e.doses;
        for (const Delivery& r : sc.products[p].supply().returns()) coming[p] += r.doses;
    }
    for (const Swap& swap : sc.swaps) {
        asked[swap.give] += swap.give_doses;
        coming[swap.get] += swap.get_doses;
    }
    for (int p = 0; p < P && D > 0; ++p) {
        const std::int64_t not_made =
            static_cast<std::size_t>(p) < run.exports_not_made.size() ? run.exports_not_made[p] : 0;
        if (exported[p] + not_made != asked[p] || not_made < 0)
            found.add(stock_section, p, "exports", run.day_of(D - 1),
                      sc.products[p].id() + ": exported " + std::to_string(exported[p]) +
                          " + not made " + std::to_string(not_made) + " != asked " +
                          std::to_string(asked[p]));
        if (imported[p] != coming[p])
            found.add(stock_section, p, "imports", run.day_of(D - 1),
                      sc.products[p].id() + ": imported " + std::to_string(imported[p]) +
                          " != returns and swaps " + std::to_string(coming[p]));
    }
    Violations v;
    found.report(v);
    return v.take();
}

std::vector<std::string> check_epidemic_invariants(const Scenario& sc, const EpidemicResult& r) {
    std::vector<std::string> out;
    const EpidemicModel& m = *sc.epidemic;
    constexpr double tolerance = 1e-6;
    for (int a = 0; a < m.bands(); ++a) {
        const double n = m.band_people(a);
        for (Eigen::Index t = 0; t < r.population_check.rows(); ++t)
            if (!(std::fabs(r.population_check(t, a) - n) <= tolerance * std::max(1.0, n))) {
                out.push_back(format_iso_date(sc.start + static_cast<DayNumber>(t)) +
                              ": epidemic band " + m.band_labels[static_cast<std::size_t>(a)] + " holds " +
                              std::to_string(r.population_check(t, a)) + " people, not its " +
                              std::to_string(n));
                break;
            }
    }
    if (!(r.smallest_compartment >= -tolerance * std::max(1.0, m.population.maxCoeff())))
        out.push_back("an epidemic compartment fell to " + std::to_string(r.smallest_compartment) +
                      " people");
    if (r.hospital && m.hospital) {
        // Every hospitalisation and death counted at infection is dated within the run or
        // counted after its end, band by band; beds are never negative, and the days over
        // the beds are the days the series is above them.
        const HospitalLoad& h = *r.hospital;
        for (Eigen::Index a = 0; a < r.hospitalisations.cols(); ++a) {
            const auto band = static_cast<std::size_t>(a);
            const auto dated = [&](const char* what, double at_infection, double by_date,
                                   double after_end) {
                if (!(std::fabs(by_date + after_end - at_infection) <=
                      tolerance * std::max(1.0, at_infection)))
                    out.push_back("hospital load: band " + m.band_labels[band] +
                                  ": " + std::to_string(at_infection) + " " + what +
                                  " counted at infection, " + std::to_string(by_date) +
                                  " dated in the run and " + std::to_string(after_end) +
                                  " after its end");
            };
            dated("hospitalisations", r.hospitalisations.col(a).sum(), h.admissions.col(a).sum(),
                  h.admissions_after_end[band]);
            dated("deaths", r.deaths.col(a).sum(), h.deaths.col(a).sum(), h.deaths_after_end[band]);
        }
        const auto over = [&](const std::vector<double>& occupancy, std::int64_t beds, int days,
                              const char* what) {
            for (double x : occupancy)
                if (!(x >= -tolerance)) {
                    out.push_back(std::string("hospital load: ") + what + " occupancy fell to " +
                                  std::to_string(x));
                    return;
                }
            if (const int counted = days_over(occupancy, beds); counted != days)
                out.push_back(std::string("hospital load: ") + std::to_string(days) + " days over " +
                              what + " beds recorded, the series is over them on " +
                              std::to_string(counted));
        };
        over(h.ward_occupancy, m.hospital->beds, h.days_over_beds, "ward");
        over(h.icu_occupancy, m.hospital->icu_beds, h.days_over_icu_beds, "ICU");
    }
    for (std::size_t p = 0; p < r.doses.size(); ++p)
        for (std::size_t k = 0; k < r.doses[p].size(); ++k) {
            const EpidemicDoses& d = r.doses[p][k];
            const double lost = d.given - d.moved - d.after_end;
            if (!(std::fabs(lost) <= epidemic_dose_slack(m.stochastic, m.bands(), static_cast<int>(sc.products.size()),
                                                      d.given)))
                out.push_back("epidemic: " + sc.products[p].id() + " dose " +
                              std::to_string(k + 1) + ": " + std::to_string(d.given) +
                              " given, " + std::to_string(d.moved) +
                              " moved people into the epidemic's strata and " +
                              std::to_string(d.after_end) + " took effect after the end: " +
                              std::to_string(lost) + " found no one to protect");
        }
    return out;
}

void require_epidemic_invariants(const Scenario& scenario, const EpidemicOutcome& outcome) {
    auto violations = check_epidemic_invariants(scenario, outcome.vaccinated);
    if (outcome.counterfactual)
        for (auto& v : check_epidemic_invariants(scenario, *outcome.counterfactual))
            violations.push_back("without vaccination: " + v);
    if (violations.empty()) return;
    std::string text =
        "the epidemic broke the model's invariants (a bug in vaxsim; please report it):";
    for (const auto& v : violations) text += "\n  " + v;
    throw InvariantError(text);
}

void require_invariants(const Scenario& scenario, const Ledger& run) {
    const auto violations = check_invariants(scenario, run);
    if (violations.empty()) return;
    std::string text = "the run broke the model's invariants (a bug in vaxsim; please report it):";
    for (const auto& v : violations) text += "\n  " + v;
    throw InvariantError(text);
}

} // namespace vaxsim
