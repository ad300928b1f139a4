#include "models/ledger.hpp"

#include <algorithm>

namespace vaxsim {

Ledger::Ledger(const LedgerShape& shape, bool by_cohort) : shape_(shape) {
    const int D = shape.days, P = shape.products, C = shape.cohorts;
    doses_.assign(shape.dose_cells(), 0);
    if (by_cohort) cohort_doses_.assign(shape.cohort_dose_cells(), 0);
    first_dose_people.setZero(D, C);
    fully_vaccinated_people.setZero(D, C);
    boosted_people.setZero(D, C);
    up_to_date_people.setZero(D, C);
    dose_people.setZero(D, static_cast<Eigen::Index>(C) * shape.doses);
    for (CountMatrix* m :
         {&deliveries, &extracted, &imported, &exported, &administered, &wasted, &stock,
          &later_doses_due, &later_doses_outstanding, &dropped_out})
        m->setZero(D, P);
    capacity.setZero(D);
    capacity_used.setZero(D);
    site_capacity.setZero(D, shape.sites);
    site_capacity_used.setZero(D, shape.sites);
    binding_constraint.assign(D, 0);
    binding_product.assign(D, -1);
    binding_site.assign(D, -1);
    group_binding_constraint.assign(static_cast<std::size_t>(D) * shape.groups, 0);
    group_binding_product_index.assign(static_cast<std::size_t>(D) * shape.groups, -1);
    delivered_after_end.assign(P, 0);
    exports_not_made.assign(P, 0);
    initial_doses.assign(static_cast<std::size_t>(shape.groups) * P * shape.doses, 0);
    initial_stock.assign(P, 0);
    replaced_deliveries.assign(P, 0);
}

void Ledger::reuse() {
    deliveries.setZero();
    extracted.setZero();
    imported.setZero();
    switches.clear();
    std::fill(delivered_after_end.begin(), delivered_after_end.end(), 0);
    std::fill(exports_not_made.begin(), exports_not_made.end(), 0);
    as_of.reset();
    std::fill(initial_doses.begin(), initial_doses.end(), 0);
    std::fill(initial_stock.begin(), initial_stock.end(), 0);
    std::fill(replaced_deliveries.begin(), replaced_deliveries.end(), 0);
}

void Ledger::add(const Ledger& other) {
    const auto sum = [](std::vector<std::int64_t>& into, const std::vector<std::int64_t>& from) {
        for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
    };
    sum(doses_, other.doses_);
    sum(cohort_doses_, other.cohort_doses_);
    for (auto [into, from] : {std::pair{&first_dose_people, &other.first_dose_people},
                              {&fully_vaccinated_people, &other.fully_vaccinated_people},
                              {&boosted_people, &other.boosted_people},
                              {&up_to_date_people, &other.up_to_date_people},
                              {&dose_people, &other.dose_people},
                              {&deliveries, &other.deliveries},
                              {&extracted, &other.extracted},
                              {&imported, &other.imported},
                              {&exported, &other.exported},
                              {&administered, &other.administered},
                              {&wasted, &other.wasted},
                              {&stock, &other.stock},
                              {&later_doses_due, &other.later_doses_due},
                              {&later_doses_outstanding, &other.later_doses_outstanding},
                              {&dropped_out, &other.dropped_out},
                              {&site_capacity, &other.site_capacity},
                              {&site_capacity_used, &other.site_capacity_used}})
        *into += *from;
    capacity += other.capacity;
    capacity_used += other.capacity_used;
    sum(delivered_after_end, other.delivered_after_end);
    sum(exports_not_made, other.exports_not_made);
    sum(initial_doses, other.initial_doses);
    sum(initial_stock, other.initial_stock);
    sum(replaced_deliveries, other.replaced_deliveries);
    switches.insert(switches.end(), other.switches.begin(), other.switches.end());
}

} // namespace vaxsim
