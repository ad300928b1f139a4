#include "models/ledger.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <tuple>

namespace vaxsim {

namespace {

// The people matrices, [day x cohort]: what a cohort's changed day touches (dose_people,
// [day x cohort x K], apart).
template <class L> auto people_matrices(L& l) {
    return std::array{&l.first_dose_people, &l.fully_vaccinated_people, &l.boosted_people,
                      &l.up_to_date_people};
}
// The series per product (and per site) by day, each summed as a whole.
template <class L> auto series_matrices(L& l) {
    return std::array{&l.deliveries, &l.extracted, &l.imported, &l.exported, &l.moved_in,
                      &l.moved_out, &l.administered, &l.wasted, &l.stock, &l.later_doses_due,
                      &l.later_doses_outstanding, &l.dropped_out, &l.site_capacity,
                      &l.site_capacity_used};
}
// Per product (and the opening balance's [group][product][k]).
template <class L> auto count_vectors(L& l) {
    return std::array{&l.delivered_after_end, &l.exports_not_made, &l.initial_doses,
                      &l.initial_stock, &l.replaced_deliveries};
}
// Their names, in the same order (counts_differing).
constexpr std::array people_names{"first_dose_people", "fully_vaccinated_people", "boosted_people",
                                  "up_to_date_people"};
constexpr std::array series_names{"deliveries", "extracted", "imported", "exported", "moved_in",
                                  "moved_out", "administered", "wasted", "stock", "later_doses_due",
                                  "later_doses_outstanding", "dropped_out", "site_capacity",
                                  "site_capacity_used"};
constexpr std::array count_vector_names{"delivered_after_end", "exports_not_made", "initial_doses",
                                        "initial_stock", "replaced_deliveries"};
static_assert(people_names.size() == std::tuple_size_v<decltype(people_matrices(std::declval<Ledger&>()))> &&
              series_names.size() == std::tuple_size_v<decltype(series_matrices(std::declval<Ledger&>()))> &&
              count_vector_names.size() == std::tuple_size_v<decltype(count_vectors(std::declval<Ledger&>()))>);

void sum(std::vector<std::int64_t>& into, const std::vector<std::int64_t>& from) {
    for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
}

} // namespace

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
         {&deliveries, &extracted, &imported, &exported, &moved_in, &moved_out, &administered,
          &wasted, &stock, &later_doses_due, &later_doses_outstanding, &dropped_out})
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
    marked_.assign(static_cast<std::size_t>(C), 0);
}

void Ledger::reuse() {
    deliveries.setZero();
    extracted.setZero();
    imported.setZero();
    moved_in.setZero();
    moved_out.setZero();
    switches.clear();
    std::fill(delivered_after_end.begin(), delivered_after_end.end(), 0);
    std::fill(exports_not_made.begin(), exports_not_made.end(), 0);
    as_of.reset();
    std::fill(initial_doses.begin(), initial_doses.end(), 0);
    std::fill(initial_stock.begin(), initial_stock.end(), 0);
    std::fill(replaced_deliveries.begin(), replaced_deliveries.end(), 0);
    zero_doses();
    clear_changes();
}

void Ledger::note_changes(bool on) {
    noting_ = on;
    clear_changes();
}

void Ledger::note_people(int t, int c) {
    if (t == 0 || marked_[static_cast<std::size_t>(c)] == t) return;
    marked_[static_cast<std::size_t>(c)] = t;
    changed_people_.push_back({t, c});
}

void Ledger::zero_doses() {
    if (doses_unlisted_) {
        std::fill(doses_.begin(), doses_.end(), 0);
        std::fill(cohort_doses_.begin(), cohort_doses_.end(), 0);
    } else {
        for (std::size_t at : changed_doses_) doses_[at] = 0;
        for (std::size_t at : changed_cohort_doses_) cohort_doses_[at] = 0;
    }
    changed_doses_.clear();
    changed_cohort_doses_.clear();
    doses_unlisted_ = false;
}

void Ledger::clear_changes() {
    changed_people_.clear();
    std::fill(marked_.begin(), marked_.end(), 0);
}

std::vector<std::string> Ledger::counts_differing(const Ledger& other) const {
    if (!(shape_ == other.shape_) || has_cohort_doses() != other.has_cohort_doses()) return {"shape"};
    std::vector<std::string> out;
    if (doses_ != other.doses_) out.emplace_back("doses");
    if (cohort_doses_ != other.cohort_doses_) out.emplace_back("cohort_doses");
    const auto compare = [&out](const auto& mine, const auto& theirs, const auto& names) {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (*mine[i] != *theirs[i]) out.emplace_back(names[i]);
    };
    compare(people_matrices(*this), people_matrices(other), people_names);
    if (dose_people != other.dose_people) out.emplace_back("dose_people");
    compare(series_matrices(*this), series_matrices(other), series_names);
    if (capacity != other.capacity) out.emplace_back("capacity");
    if (capacity_used != other.capacity_used) out.emplace_back("capacity_used");
    compare(count_vectors(*this), count_vectors(other), count_vector_names);
    if (switches != other.switches) out.emplace_back("switches");
    return out;
}

void Ledger::add(const Ledger& other) {
    doses_unlisted_ = true; // cells summed whole, not listed
    sum(doses_, other.doses_);
    sum(cohort_doses_, other.cohort_doses_);
    const auto mine = people_matrices(*this);
    const auto theirs = people_matrices(other);
    for (std::size_t m = 0; m < mine.size(); ++m) *mine[m] += *theirs[m];
    dose_people += other.dose_people;
    add_series(other);
}

void Ledger::add_series(const Ledger& other) {
    const auto mine = series_matrices(*this);
    const auto theirs = series_matrices(other);
    for (std::size_t m = 0; m < mine.size(); ++m) {
        const CountMatrix& from = *theirs[m];
        // Most places have no returns, moves or drop-outs: skip what is all zeros.
        if (std::any_of(from.data(), from.data() + from.size(), [](std::int64_t n) { return n != 0; }))
            *mine[m] += from;
    }
    capacity += other.capacity;
    capacity_used += other.capacity_used;
    const auto into = count_vectors(*this);
    const auto from = count_vectors(other);
    for (std::size_t v = 0; v < into.size(); ++v) sum(*into[v], *from[v]);
    switches.insert(switches.end(), other.switches.begin(), other.switches.end());
}


void Ledger::start_sum(const Ledger& like) {
    if (!holds(like.shape_, like.has_cohort_doses())) {
        *this = Ledger(like.shape_, like.has_cohort_doses());
    } else {
        zero_doses();
        for (CountMatrix* m : people_matrices(*this)) m->setZero();
        dose_people.setZero();
        for (CountMatrix* m : series_matrices(*this)) m->setZero();
        capacity.setZero();
        capacity_used.setZero();
        std::fill(binding_constraint.begin(), binding_constraint.end(), 0);
        std::fill(binding_product.begin(), binding_product.end(), -1);
        std::fill(binding_site.begin(), binding_site.end(), -1);
        std::fill(group_binding_constraint.begin(), group_binding_constraint.end(), 0);
        std::fill(group_binding_product_index.begin(), group_binding_product_index.end(), -1);
        for (std::vector<std::int64_t>* v : count_vectors(*this)) std::fill(v->begin(), v->end(), 0);
        switches.clear();
    }
    noting_ = false;
    changed_people_.clear();
    as_of = like.as_of;
}

void Ledger::add_changes(const Ledger& place) {
    if (!place.noting_ || place.doses_unlisted_)
        throw std::logic_error("a place's ledger added by its changes did not note them");
    for (std::size_t at : place.changed_doses_) doses_[at] += place.doses_[at];
    for (std::size_t at : place.changed_cohort_doses_) cohort_doses_[at] += place.cohort_doses_[at];
    changed_doses_.insert(changed_doses_.end(), place.changed_doses_.begin(), place.changed_doses_.end());
    changed_cohort_doses_.insert(changed_cohort_doses_.end(), place.changed_cohort_doses_.begin(),
                                 place.changed_cohort_doses_.end());
    // People: day 0 whole, then each noted change from the day before (end_sum adds the
    // changes up over the days).
    const auto mine = people_matrices(*this);
    const auto theirs = people_matrices(place);
    const Eigen::Index K = shape_.doses;
    if (shape_.days > 0) {
        for (std::size_t m = 0; m < mine.size(); ++m) mine[m]->row(0) += theirs[m]->row(0);
        dose_people.row(0) += place.dose_people.row(0);
    }
    for (const auto& [day, cohort] : place.changed_people_) {
        const Eigen::Index t = day, c = cohort;
        for (std::size_t m = 0; m < mine.size(); ++m)
            (*mine[m])(t, c) += (*theirs[m])(t, c) - (*theirs[m])(t - 1, c);
        for (Eigen::Index k = 0; k < K; ++k)
            dose_people(t, c * K + k) += place.dose_people(t, c * K + k) - place.dose_people(t - 1, c * K + k);
    }
    add_series(place);
}

void Ledger::end_sum() {
    for (CountMatrix* m : people_matrices(*this))
        for (Eigen::Index t = 1; t < m->rows(); ++t) m->row(t) += m->row(t - 1);
    for (Eigen::Index t = 1; t < dose_people.rows(); ++t) dose_people.row(t) += dose_people.row(t - 1);
}

} // namespace vaxsim
