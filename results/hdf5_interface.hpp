#pragma once
// A thin layer over the HDF5 C API, in the style of OpenMC's hdf5_interface: move-only
// handles that close themselves, a type map from the C++ element types vaxsim stores to
// HDF5 types, and one write_dataset / write_attribute / read_dataset template over it.
// Matrices are stored row-major, as Eigen's RowMajor CountMatrix holds them.
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <Eigen/Core>
#include <hdf5.h>

namespace vaxsim::hdf5 {

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Owns one HDF5 identifier and closes it with the matching H5*close (nothing, for a
// library-owned identifier such as a predefined type: `closer` nullptr).
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
Handle create_group(hid_t parent, std::string_view name);
Handle open_group(hid_t parent, std::string_view name);

// The HDF5 types of each element type: in the file (fixed, little-endian) and in memory.
template <class T> struct TypeMap; // other element types do not compile
template <> struct TypeMap<std::int8_t> {
    static Handle file_type() { return {H5T_STD_I8LE, nullptr, "use int8"}; }
    static Handle memory_type() { return {H5T_NATIVE_INT8, nullptr, "use int8"}; }
};
template <> struct TypeMap<std::int32_t> {
    static Handle file_type() { return {H5T_STD_I32LE, nullptr, "use int32"}; }
    static Handle memory_type() { return {H5T_NATIVE_INT32, nullptr, "use int32"}; }
};
template <> struct TypeMap<std::int64_t> {
    static Handle file_type() { return {H5T_STD_I64LE, nullptr, "use int64"}; }
    static Handle memory_type() { return {H5T_NATIVE_INT64, nullptr, "use int64"}; }
};
template <> struct TypeMap<double> {
    static Handle file_type() { return {H5T_IEEE_F64LE, nullptr, "use float64"}; }
    static Handle memory_type() { return {H5T_NATIVE_DOUBLE, nullptr, "use float64"}; }
};
// Variable-length UTF-8 strings, in the file and in memory (as char*).
Handle utf8_string_type();
template <> struct TypeMap<std::string> {
    static Handle file_type() { return utf8_string_type(); }
    static Handle memory_type() { return utf8_string_type(); }
};

template <class T>
concept Element = requires {
    { TypeMap<T>::file_type() } -> std::same_as<Handle>;
};

// Flat row-major data and its shape (empty: a scalar).
template <Element T> struct Flat {
    const T* data;
    std::vector<hsize_t> dims;
};
template <Element T> Flat<T> flat(const T& scalar) {
    return {&scalar, {}};
}
template <Element T> Flat<T> flat(const std::vector<T>& v) {
    return {v.data(), {v.size()}};
}
template <class T, std::size_t N>
requires Element<std::remove_const_t<T>> Flat<std::remove_const_t<T>> flat(std::span<T, N> v) {
    return {v.data(), {v.size()}};
}
template <class Derived>
requires Element<typename Derived::Scalar> Flat<typename Derived::Scalar>
flat(const Eigen::PlainObjectBase<Derived>& m) {
    if constexpr (Derived::ColsAtCompileTime == 1)
        return {m.data(), {static_cast<hsize_t>(m.size())}};
    else {
        static_assert(Derived::IsRowMajor, "files are row-major: store a RowMajor matrix");
        return {m.data(), {static_cast<hsize_t>(m.rows()), static_cast<hsize_t>(m.cols())}};
    }
}
template <class V>
concept Flattenable = requires(const V& v) {
    flat(v);
};

// How a dataset is laid out: contiguous, or in chunks of `rows` along its first
// dimension, deflate-compressed at `deflate` (1-9, with the shuffle filter) when the
// library has deflate. Built only by name, so a braced shape never reads as a Storage.
class Storage {
  public:
    constexpr Storage() = default;
    static constexpr Storage chunked(hsize_t rows, int deflate) {
        Storage s;
        s.chunk_rows_ = rows;
        s.deflate_ = deflate;
        return s;
    }
    constexpr hsize_t chunk_rows() const { return chunk_rows_; }
    constexpr int deflate() const { return deflate_; }

  private:
    hsize_t chunk_rows_ = 0; // 0: contiguous
    int deflate_ = 0;
};

namespace detail {
void write_dataset(hid_t group, std::string_view name, hid_t file_type, hid_t memory_type,
                   const std::vector<hsize_t>& dims, const Storage& storage, const void* data);
void write_attribute(hid_t object, std::string_view name, hid_t file_type, hid_t memory_type,
                     const std::vector<hsize_t>& dims, const void* data);
std::vector<const char*> c_strings(const std::string* values, std::size_t count);
hsize_t element_count(const std::vector<hsize_t>& dims);
} // namespace detail

// Writes `dims` (row-major, last index fastest) elements from `data`.
template <Element T>
void write_dataset(hid_t group, std::string_view name, const T* data,
                   const std::vector<hsize_t>& dims, const Storage& storage = {}) {
    const Handle file_type = TypeMap<T>::file_type(), memory_type = TypeMap<T>::memory_type();
    if constexpr (std::is_same_v<T, std::string>) {
        const auto strings = detail::c_strings(data, detail::element_count(dims));
        detail::write_dataset(group, name, file_type, memory_type, dims, storage, strings.data());
    } else {
        detail::write_dataset(group, name, file_type, memory_type, dims, storage, data);
    }
}

// A scalar, std::vector, std::span or Eigen vector/row-major matrix, in its own shape.
template <Flattenable V>
void write_dataset(hid_t group, std::string_view name, const V& value,
                   const Storage& storage = {}) {
    const auto f = flat(value);
    write_dataset(group, name, f.data, f.dims, storage);
}

// The same data in another shape (the product of dims must equal its size).
template <Flattenable V>
void write_dataset(hid_t group, std::string_view name, const V& value,
                   const std::vector<hsize_t>& dims, const Storage& storage = {}) {
    const auto f = flat(value);
    if (detail::element_count(f.dims) != detail::element_count(dims))
        throw Error("HDF5: the shape given for '" + std::string(name) + "' does not fit its data");
    write_dataset(group, name, f.data, dims, storage);
}

// Chunks of `chunk_rows` rows, deflate-compressed: for large or sparse arrays.
void write_dataset_compressed(hid_t group, std::string_view name, const std::int64_t* data,
                              const std::vector<hsize_t>& dims, hsize_t chunk_rows);
template <Flattenable V>
void write_dataset_compressed(hid_t group, std::string_view name, const V& value) {
    const auto f = flat(value);
    write_dataset_compressed(group, name, f.data, f.dims, 256);
}

template <Flattenable V> void write_attribute(hid_t object, std::string_view name, const V& value) {
    const auto f = flat(value);
    using T = std::remove_cvref_t<decltype(*f.data)>;
    const Handle file_type = TypeMap<T>::file_type(), memory_type = TypeMap<T>::memory_type();
    if constexpr (std::is_same_v<T, std::string>) {
        const auto strings = detail::c_strings(f.data, detail::element_count(f.dims));
        detail::write_attribute(object, name, file_type, memory_type, f.dims, strings.data());
    } else {
        detail::write_attribute(object, name, file_type, memory_type, f.dims, f.data);
    }
}

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

// One field of a table of int64 records (a compound type), `count` wide: [rows x count].
std::vector<std::int64_t> read_record_field(hid_t group, std::string_view name,
                                            std::string_view field, hsize_t count);
// The same for `rows` consecutive records from `first`: [rows x count].
std::vector<std::int64_t> read_record_field_rows(hid_t group, std::string_view name,
                                                 std::string_view field, hsize_t count,
                                                 hsize_t first, hsize_t rows);

// What a dataset holds, to validate it before reading: nullopt when `path` is missing
// or not a dataset.
struct DatasetInfo {
    H5T_class_t type_class = H5T_NO_CLASS;
    std::size_t type_size = 0;    // bytes of one element (a char* for variable strings)
    bool variable_string = false; // a variable-length string, as vaxsim writes them
    bool null_space = false;      // no dataspace at all (h5py's Empty)
    std::vector<hsize_t> dims;    // empty for a scalar
};
std::optional<DatasetInfo> dataset_info(hid_t location, std::string_view path);

// A member of a compound (record) type: its name, the class and size of one element, and
// how many elements (an array member, or 1 for a scalar member).
struct FieldInfo {
    std::string name;
    H5T_class_t type_class = H5T_NO_CLASS;
    std::size_t type_size = 0;
    hsize_t count = 1;
    bool array = false;
};
// The members of a dataset of records; nullopt when `path` is not a dataset of a compound
// type.
std::optional<std::vector<FieldInfo>> compound_fields(hid_t location, std::string_view path);

namespace detail {
// Reads the whole dataset or attribute, converted to `memory_type`, into `out` (room for
// every element); returns its shape.
std::vector<hsize_t> dataset_shape(hid_t location, std::string_view name);
void read_dataset(hid_t location, std::string_view name, hid_t memory_type, void* out);
// The dataset opened once for a whole read: its handle, and its shape in `shape`.
Handle open_for_reading(hid_t location, std::string_view name, std::vector<hsize_t>& shape);
void read_open_dataset(hid_t set, std::string_view name, hid_t memory_type, void* out);
std::vector<hsize_t> attribute_shape(hid_t object, std::string_view name);
void read_attribute(hid_t object, std::string_view name, hid_t memory_type, void* out);
std::vector<std::string> take_strings(std::vector<char*>& data);
} // namespace detail

namespace detail {
// `count` elements read by `read(memory type, buffer)`; strings arrive as char*, which
// HDF5 allocated and take_strings frees.
template <Element T, class Read> std::vector<T> read_elements(std::size_t count, Read read) {
    const Handle memory_type = TypeMap<T>::memory_type();
    if constexpr (std::is_same_v<T, std::string>) {
        std::vector<char*> data(count, nullptr);
        read(memory_type, data.data());
        return take_strings(data);
    } else {
        std::vector<T> values(count);
        read(memory_type, values.data());
        return values;
    }
}
} // namespace detail

// The whole of a dataset as flat row-major elements; `dims` receives its shape.
template <Element T>
std::vector<T> read_dataset(hid_t location, std::string_view name,
                            std::vector<hsize_t>* dims = nullptr) {
    std::vector<hsize_t> shape;
    const Handle set = detail::open_for_reading(location, name, shape);
    if (dims) *dims = shape;
    return detail::read_elements<T>(detail::element_count(shape), [&](hid_t type, void* out) {
        detail::read_open_dataset(set, name, type, out);
    });
}

template <Element T> std::vector<T> read_attribute(hid_t object, std::string_view name) {
    const auto shape = detail::attribute_shape(object, name);
    return detail::read_elements<T>(detail::element_count(shape), [&](hid_t type, void* out) {
        detail::read_attribute(object, name, type, out);
    });
}

// One value of a scalar attribute; throws when it holds none.
template <Element T> T read_scalar_attribute(hid_t object, std::string_view name) {
    auto values = read_attribute<T>(object, name);
    if (values.size() != 1)
        throw Error("HDF5: attribute '" + std::string(name) + "' is not a single value");
    return std::move(values.front());
}

// The names earlier callers use.
inline std::string read_string_attribute(hid_t object, std::string_view name) {
    return read_scalar_attribute<std::string>(object, name);
}
inline std::int64_t read_int_attribute(hid_t object, std::string_view name) {
    return read_scalar_attribute<std::int64_t>(object, name);
}
inline double read_double_attribute(hid_t object, std::string_view name) {
    return read_scalar_attribute<double>(object, name);
}
inline std::vector<std::int64_t> read_int_attribute_vector(hid_t object, std::string_view name) {
    return read_attribute<std::int64_t>(object, name);
}
inline std::vector<std::int64_t> read_int_dataset(hid_t group, std::string_view name,
                                                  std::vector<hsize_t>* dims = nullptr) {
    return read_dataset<std::int64_t>(group, name, dims);
}
inline std::vector<std::string> read_string_dataset(hid_t group, std::string_view name) {
    return read_dataset<std::string>(group, name);
}
inline std::vector<double> read_double_dataset(hid_t group, std::string_view name) {
    return read_dataset<double>(group, name);
}

bool has_object(hid_t group, std::string_view path);
bool has_attribute(hid_t object, std::string_view name);
bool is_hdf5_file(const std::filesystem::path& path);

} // namespace vaxsim::hdf5
