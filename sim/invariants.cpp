#include "sim/invariants.hpp"

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

std::vector<std::string> check_invariants(const Scenario& sc, const RunResult& run) {
    Violations v;
    const auto& pop = sc.population;
    const int D = run.days, G = run.groups, P = run.products;

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
            for (int g = 0; g < G; ++g) by_group += run.dose(t, g, p, 0) + run.dose(t, g, p, 1);
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

    // Nobody gets a second dose before the interval: by each day, second doses of a
    // group and product never exceed the first doses whose interval has passed.
    for (int p = 0; p < P; ++p) {
        const Product& product = sc.products[p];
        for (int g = 0; g < G; ++g) {
            std::int64_t seconds = 0;
            for (int t = 0; t < D; ++t) {
                seconds += run.dose(t, g, p, 1);
                if (product.doses_in_series() == 1) {
                    if (seconds > 0)
                        v.add("second dose of a one-dose product", run.day_of(t), product.id());
                    continue;
                }
                std::int64_t eligible = 0;
                for (int s = 0; s <= t; ++s)
                    if (run.day_of(s) + product.interval_for_first_dose_on(run.day_of(s)) <=
                        run.day_of(t))
                        eligible += run.dose(s, g, p, 0);
                if (seconds > eligible)
                    v.add("second dose before the interval", run.day_of(t),
                          pop.groups()[g].id + "/" + product.id() + ": " + std::to_string(seconds) +
                              " second doses but only " + std::to_string(eligible) +
                              " first doses are due");
            }
        }
    }
    return v.take();
}

} // namespace vaxsim
