#pragma once
// A small overload set over the HDF5 C API: move-only handles that close themselves,
// write_dataset / write_attribute for the types vaxsim stores, and readers for the same.
// Matrices are stored row-major, as Eigen's RowMajor CountMatrix holds them.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <hdf5.h>

#include "models/ledger.hpp"

namespace vaxsim::hdf5 {

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Owns one HDF5 identifier and closes it with the matching H5*close.
class Handle {
  public:
    using Closer = herr_t (*)(hid_t);
    Handle() = default;
    Handle(hid_t id, Closer closer, const std::string& what);
    Handle(Handle&& other) noexcept;
    Handle& operator=(Handle&& other) noexcept;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle();
    hid_t id() const { return id_; }
    operator hid_t() const { return id_; }
    void close(); // closes now; throws if HDF5 reports an error (e.g. flushing to a full disk)

  private:
    hid_t id_ = H5I_INVALID_HID;
    Closer closer_ = nullptr;
};

Handle create_file(const std::filesystem::path& path);
Handle open_file(const std::filesystem::path& path);
Handle create_group(hid_t parent, const std::string& name);
Handle open_group(hid_t parent, const std::string& name);

void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_attribute(hid_t object, const std::string& name, double value);
void write_attribute(hid_t object, const std::string& name, const std::vector<std::int64_t>& value);
void write_attribute(hid_t object, const std::string& name, const std::vector<std::string>& value);

void write_dataset(hid_t group, const std::string& name, const std::string& value);
void write_dataset(hid_t group, const std::string& name, const std::vector<std::string>& value);
void write_dataset(hid_t group, const std::string& name, const std::vector<double>& value);
// Flat row-major data with an explicit shape (the product of dims must equal the size).
void write_dataset(hid_t group, const std::string& name, const std::vector<double>& value,
                   const std::vector<hsize_t>& dims);
void write_dataset(hid_t group, const std::string& name, const std::vector<std::string>& value,
                   const std::vector<hsize_t>& dims);
void write_dataset(hid_t group, const std::string& name, const std::vector<std::int64_t>& value);
void write_dataset(hid_t group, const std::string& name, const std::vector<std::int32_t>& value);
void write_dataset(hid_t group, const std::string& name, const std::vector<std::int8_t>& value);
void write_dataset(hid_t group, const std::string& name, const CountVector& value);
void write_dataset(hid_t group, const std::string& name, const CountMatrix& value);
// An N-dimensional int64 array, row-major (last index fastest).
void write_dataset(hid_t group, const std::string& name, const std::int64_t* data,
                   const std::vector<hsize_t>& dims);

// A table of rows that are each a fixed record of int64 fields, written in one piece
// straight from `data` (rows x record width, row-major): an [rows] dataset of a compound
// type whose members are the named fields, each `count` wide (a scalar when 1, an array
// otherwise). Readers see named columns: h5py f[name]["field"] is a [rows, count] array.
struct Int64Field {
    std::string name;
    hsize_t count;
};
void write_record_table(hid_t group, const std::string& name, const std::int64_t* data,
                        hsize_t rows, const std::vector<Int64Field>& fields);

// The same, stored in chunks of `chunk_rows` rows and deflate-compressed (when the HDF5
// library has deflate), for large or sparse arrays.
void write_dataset_compressed(hid_t group, const std::string& name, const std::int64_t* data,
                              const std::vector<hsize_t>& dims, hsize_t chunk_rows);
void write_dataset_compressed(hid_t group, const std::string& name, const CountMatrix& value);

std::string read_string_attribute(hid_t object, const std::string& name);
std::int64_t read_int_attribute(hid_t object, const std::string& name);
double read_double_attribute(hid_t object, const std::string& name);
std::vector<std::int64_t> read_int_dataset(hid_t group, const std::string& name,
                                           std::vector<hsize_t>* dims = nullptr);
std::vector<std::string> read_string_dataset(hid_t group, const std::string& name);
std::vector<double> read_double_dataset(hid_t group, const std::string& name);
std::vector<std::int64_t> read_int_attribute_vector(hid_t object, const std::string& name);
bool has_object(hid_t group, const std::string& path);
bool has_attribute(hid_t object, const std::string& name);
bool is_hdf5_file(const std::filesystem::path& path);
// One field of a record table (write_record_table), `count` wide: [rows x count].
std::vector<std::int64_t> read_record_field(hid_t group, const std::string& name,
                                            const std::string& field, hsize_t count);

} // namespace vaxsim::hdf5
