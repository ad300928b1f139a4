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

// The type of every string vaxsim stores: variable length, UTF-8 (in memory: const char*).
Handle utf8_string_type();

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

// A dataset too large to hold in memory, written a batch of rows at a time in any order:
// [rows, dims...] of `file_type`, stored in chunks of `chunk_rows` rows. Rows are given in
// `memory_type` (a compound type for a table of records: h5py f[name]["field"]).
class ChunkedRows {
  public:
    ChunkedRows(hid_t group, const std::string& name, hid_t file_type, hid_t memory_type,
                const std::vector<hsize_t>& dims, hsize_t chunk_rows);
    // `count` consecutive rows from `first`.
    void write(hsize_t first, hsize_t count, const void* data);
    // Rows at the given indices, the rows of `data` in that order (a table only: one
    // dimension).
    void write_rows(const std::vector<hsize_t>& rows, const void* data);
    void close() { set_.close(); }

  private:
    Handle set_;
    hid_t memory_type_;
    std::vector<hsize_t> dims_;
    std::string name_;
};

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
