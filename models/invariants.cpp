#include "models/invariants.hpp"

#include <algorithm>
#include <map>

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

} // namespace

std::vector<std::string> check_invariants(const Scenario& sc, const Ledger& run) {
    Violations v;
    const auto& pop = sc.population;
    const int D = run.days(), G = run.groups(), P = run.products();

    for (int p = 0; p < P; ++p) {
        std::int64_t delivered = 0, given = 0, lost = 0;
        for (int t = 0; t < D; ++t) {
            delivered += run.deliveries(t, p);
            given += run.administered(t, p);
            lost += run.wasted(t, p);
            const std::string id = sc.products[p].id();
            if (delivered != given + lost + run.stock(t, p))
                v.add("ledger", run.day_of(t),
                      id + ": delivered " + std::to_string(delivered) + " != administered " +
                          std::to_string(given) + " + wasted " + std::to_string(lost) +
                          " + stock " + std::to_string(run.stock(t, p)));
            if (run.stock(t, p) < 0) v.add("negative stock", run.day_of(t), id);
            std::int64_t by_group = 0;
            for (int g = 0; g < G; ++g) by_group += run.all_doses(t, g, p);
            if (by_group != run.administered(t, p))
                v.add("dose accounting", run.day_of(t),
                      id + ": group doses do not add up to administered");
        }
    }

    for (int t = 0; t < D; ++t) {
        const std::int64_t used = run.administered.row(t).sum();
        if (used != run.capacity_used(t))
            v.add("capacity accounting", run.day_of(t), "doses given differ from capacity used");
        if (used > run.capacity(t))
            v.add("capacity exceeded", run.day_of(t),
                  std::to_string(used) + " doses > capacity " + std::to_string(run.capacity(t)));
    }

    for (std::size_t c = 0; c < pop.cohorts().size(); ++c) {
        const Cohort& cohort = pop.cohorts()[c];
        const std::string id = pop.groups()[cohort.group].id + "/" + pop.bands()[cohort.band].id;
        for (int t = 0; t < D; ++t) {
            const std::int64_t first = run.first_dose_people(t, c),
                               full = run.fully_vaccinated_people(t, c);
            if (first > cohort.willing)
                v.add("uptake exceeded", run.day_of(t),
                      id + ": " + std::to_string(first) + " first doses > " +
                          std::to_string(cohort.willing) + " willing");
            if (full > first || full < 0)
                v.add("coverage order", run.day_of(t), id + ": fully > first dose");
            if (t > 0 && (first < run.first_dose_people(t - 1, c) ||
                          full < run.fully_vaccinated_people(t - 1, c)))
                v.add("coverage decreased", run.day_of(t), id);
        }
    }

    for (std::size_t b = 0; b < pop.bands().size(); ++b) {
        for (int t = 0; t < D; ++t) {
            std::int64_t covered = 0;
            for (std::size_t c = 0; c < pop.cohorts().size(); ++c)
                if (pop.cohorts()[c].band == static_cast<int>(b))
                    covered += run.first_dose_people(t, c);
            if (covered > pop.bands()[b].count)
                v.add("coverage over 100%", run.day_of(t), "band " + pop.bands()[b].id);
        }
    }

    // Nobody gets dose k + 1 before the interval: by each day, doses k + 1 of a group and
    // product never exceed the doses k whose interval has passed. Each dose k given on day
    // s becomes due on s + interval, so one pass with a running "due" count keeps this
    // linear in days.
    std::vector<std::int64_t> becomes_due(static_cast<std::size_t>(D));
    for (int p = 0; p < P; ++p) {
        const Product& product = sc.products[p];
        for (int g = 0; g < G; ++g)
            for (int k = 0; k + 1 < run.doses_per_person(); ++k) {
                std::int64_t given = 0, due = 0;
                std::fill(becomes_due.begin(), becomes_due.end(), 0);
                for (int t = 0; t < D; ++t) {
                    given += run.dose(t, g, p, k + 1);
                    if (k + 1 >= product.doses_in_series()) {
                        if (given > 0)
                            v.add("dose " + std::to_string(k + 2) + " beyond the series",
                                  run.day_of(t), product.id());
                        continue;
                    }
                    const int at = t + product.interval_for_first_dose_on(run.day_of(t));
                    if (at < D) becomes_due[static_cast<std::size_t>(at)] += run.dose(t, g, p, k);
                    due += becomes_due[static_cast<std::size_t>(t)];
                    if (given > due)
                        v.add("dose " + std::to_string(k + 2) + " before the interval",
                              run.day_of(t),
                              pop.groups()[g].id + "/" + product.id() + ": " +
                                  std::to_string(given) + " given but only " +
                                  std::to_string(due) + " are due");
                }
            }
    }
    return v.take();
}

void require_invariants(const Scenario& scenario, const Ledger& run) {
    const auto violations = check_invariants(scenario, run);
    if (violations.empty()) return;
    std::string text = "the run broke the model's invariants (a bug in vaxsim; please report it):";
    for (const auto& v : violations) text += "\n  " + v;
    throw InvariantError(text);
}

} // namespace vaxsim
