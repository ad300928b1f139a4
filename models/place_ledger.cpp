#include "models/place_ledger.hpp"

namespace vaxsim {

void PlaceLedger::keep(const Ledger& whole) {
    groups_ = whole.groups();
    deliveries = whole.deliveries;
    administered = whole.administered;
    stock = whole.stock;
    moved_in = whole.moved_in;
    moved_out = whole.moved_out;
    capacity = whole.capacity;
    capacity_used = whole.capacity_used;
    binding_constraint = whole.binding_constraint;
    binding_product = whole.binding_product;
    binding_site = whole.binding_site;
    group_binding_constraint = whole.group_binding_constraint;
    group_binding_product_index = whole.group_binding_product_index;
    delivered_after_end = whole.delivered_after_end;
}

} // namespace vaxsim
