#pragma once
// What a run with places keeps of each place's ledger once the place has been checked
// and evaluated (the pipeline does both while the whole ledger is at hand): the series
// the run file's /places, the district table and the city's binding read, by day.
//
// A place's whole ledger has the city's shape (in Seoul's districts 1.1 MB: 309 days x
// 32 cohorts, 15 groups, 4 products, 3 dose numbers); 25 of them kept side by side did
// not fit in the cache and made the run twice as slow as running the places in turn on
// one engine. What is kept here is about 80 KB a district. Its targets' series, which
// read the people matrices, are kept with its outcomes (PlaceOutcome::target_series).
#include <cstdint>
#include <vector>

#include "models/ledger.hpp"

namespace vaxsim {

struct PlaceLedger {
    // Copies what is kept of a place's whole ledger, reusing this one's memory.
    void keep(const Ledger& whole);

    int days() const { return static_cast<int>(capacity.size()); }
    int products() const { return static_cast<int>(deliveries.cols()); }
    int groups() const { return groups_; }

    // As in Ledger: [day x product].
    CountMatrix deliveries;
    CountMatrix administered;
    CountMatrix stock;
    CountMatrix moved_in;
    CountMatrix moved_out;
    // [day]
    CountVector capacity;
    CountVector capacity_used;
    std::vector<std::int8_t> binding_constraint;
    std::vector<std::int32_t> binding_product;
    std::vector<std::int32_t> binding_site;
    // [day x group] row-major, as in Ledger.
    std::vector<std::int8_t> group_binding_constraint;
    std::vector<std::int32_t> group_binding_product_index;
    std::int8_t group_binding(int day, int group) const {
        return group_binding_constraint[static_cast<std::size_t>(day) * groups_ + group];
    }
    std::int32_t group_binding_product(int day, int group) const {
        return group_binding_product_index[static_cast<std::size_t>(day) * groups_ + group];
    }
    // [product]
    std::vector<std::int64_t> delivered_after_end;

  private:
    int groups_ = 0;
};

} // namespace vaxsim
