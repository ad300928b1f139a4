#include "models/ledger.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

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

void Ledger::thin_read(const char* what) {
    throw std::logic_error(std::string("Ledger::") + what +
                           ": a thin ledger (assign_thin) keeps no doses by dose number");
}

void Ledger::assign_thin(const Ledger& full) {
    if (full.thin_) thin_read("assign_thin");
    // Every member but the dose arrays (a member added to Ledger is added here too).
    shape_ = full.shape_;
    for (auto [into, from] : {std::pair{&first_dose_people, &full.first_dose_people},
                              {&fully_vaccinated_people, &full.fully_vaccinated_people},
                              {&boosted_people, &full.boosted_people},
                              {&up_to_date_people, &full.up_to_date_people},
                              {&dose_people, &full.dose_people},
                              {&deliveries, &full.deliveries},
                              {&extracted, &full.extracted},
                              {&imported, &full.imported},
                              {&exported, &full.exported},
                              {&administered, &full.administered},
                              {&wasted, &full.wasted},
                              {&stock, &full.stock},
                              {&later_doses_due, &full.later_doses_due},
                              {&later_doses_outstanding, &full.later_doses_outstanding},
                              {&dropped_out, &full.dropped_out},
                              {&site_capacity, &full.site_capacity},
                              {&site_capacity_used, &full.site_capacity_used}})
        *into = *from;
    capacity = full.capacity;
    capacity_used = full.capacity_used;
    binding_constraint = full.binding_constraint;
    binding_product = full.binding_product;
    binding_site = full.binding_site;
    group_binding_constraint = full.group_binding_constraint;
    group_binding_product_index = full.group_binding_product_index;
    delivered_after_end = full.delivered_after_end;
    exports_not_made = full.exports_not_made;
    as_of = full.as_of;
    initial_doses = full.initial_doses;
    initial_stock = full.initial_stock;
    replaced_deliveries = full.replaced_deliveries;
    switches = full.switches;
    doses_.clear();
    cohort_doses_.clear();
    thin_ = true;
    const int D = shape_.days, G = shape_.groups, P = shape_.products;
    std::vector<std::int64_t>& sums = dose_sums_;
    sums.resize(static_cast<std::size_t>(D) * G * P);
    for (int t = 0; t < D; ++t)
        for (int g = 0; g < G; ++g)
            for (int p = 0; p < P; ++p) sums[(static_cast<std::size_t>(t) * G + g) * P + p] = full.all_doses(t, g, p);
}

void Ledger::add(const Ledger& other) {
    if (thin_ || other.thin_) thin_read("add");
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
