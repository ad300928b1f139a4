#pragma once
// The small datasets of a record group kept in a run file (/solve, /optimize): written
// one per format name, read back as one text or one whole number (empty when absent from
// an older file's group: "" or 0).
#include <cstdint>
#include <string>

#include "results/format.hpp"
#include "results/hdf5_interface.hpp"

namespace vaxsim::record_io {

template <class T> void put(hid_t file, const format::DatasetSpec& spec, const T& value) {
    hdf5::write_dataset(file, spec.path(), value);
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
