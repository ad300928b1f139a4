#pragma once
// The small datasets of a record group kept in a run file (/solve, /optimize): written
// one per format name, read back as one text or one whole number (empty when absent from
// an older file's group: "" or 0).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "results/format.hpp"
#include "results/hdf5_interface.hpp"

namespace vaxsim::record_io {

// Writes one dataset of the format table, after checking that the value has the table's
// element type and rank, as the run-file writer does (a record out of step with
// results/format.hpp fails loudly instead of writing a file its reader refuses).
template <hdf5::Flattenable V> void put(hid_t file, const format::DatasetSpec& spec, const V& value) {
    const auto f = hdf5::flat(value);
    using T = std::remove_cvref_t<decltype(*f.data)>;
    if (format::element_of<T>() != spec.type || f.dims.size() != spec.shape.rank)
        throw std::logic_error("a record writer disagrees with results/format.hpp on /" +
                               spec.path());
    hdf5::write_dataset(file, spec.path(), f.data, f.dims);
}

inline std::string text(hid_t file, const format::DatasetSpec& spec) {
    const auto v = hdf5::read_string_dataset(file, spec.path());
    return v.empty() ? std::string() : v.front();
}

inline std::int64_t whole(hid_t file, const format::DatasetSpec& spec) {
    const auto v = hdf5::read_int_dataset(file, spec.path());
    return v.empty() ? std::int64_t{0} : v.front();
}

} // namespace vaxsim::record_io
