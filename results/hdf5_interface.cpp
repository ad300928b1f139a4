#include "results/hdf5_interface.hpp"

#include <algorithm>
#include <utility>

namespace vaxsim::hdf5 {
namespace {

// HDF5 prints its own error stack by default; vaxsim reports errors itself. And HDF5
// 1.10 crashes at exit when it tries again to close a file whose writing failed (a full
// disk): so it is not asked to clean up at exit. Every file vaxsim writes is closed (and
// so flushed) explicitly before that; the system reclaims the rest.
struct SilenceHdf5 {
    SilenceHdf5() {
        H5dont_atexit(); // must come before anything else initialises the library
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }
};
const SilenceHdf5 silence;

void check(herr_t status, const std::string& what) {
    if (status < 0) throw Error("HDF5: could not " + what);
}

Handle simple_space(const std::vector<hsize_t>& dims) {
    return Handle(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                  "create a dataspace");
}

Handle scalar_space() {
    return Handle(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar dataspace");
}

// Transfer properties with a small type-conversion buffer. HDF5's default is 1 MiB,
// calloc'd anew for every write that converts (every string dataset): faulting those pages
// in cost more than writing a whole sweep's numbers. Larger writes are converted in pieces.
hid_t transfer_properties() {
    static const hid_t plist = [] {
        const hid_t p = H5Pcreate(H5P_DATASET_XFER);
        H5Pset_buffer(p, 64 * 1024, nullptr, nullptr);
        return p;
    }();
    return plist;
}

void write_raw(hid_t group, const std::string& name, hid_t file_type, hid_t memory_type,
               const Handle& space, const void* data) {
    Handle set(
        H5Dcreate2(group, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose, "create dataset '" + name + "'");
    check(H5Dwrite(set, memory_type, H5S_ALL, H5S_ALL, transfer_properties(), data),
          "write dataset '" + name + "'");
    set.close();
}

void write_attribute_raw(hid_t object, const std::string& name, hid_t type, const Handle& space,
                         const void* data) {
    Handle attribute(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                     H5Aclose, "create attribute '" + name + "'");
    check(H5Awrite(attribute, type, data), "write attribute '" + name + "'");
}

std::vector<const char*> c_strings(const std::vector<std::string>& values) {
    std::vector<const char*> out;
    out.reserve(values.size());
    for (const auto& v : values) out.push_back(v.c_str());
    return out;
}

} // namespace

Handle utf8_string_type() {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy the string type");
    check(H5Tset_size(type, H5T_VARIABLE), "make a variable-length string type");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "mark strings as UTF-8");
    return type;
}

Handle::Handle(hid_t id, Closer closer, const std::string& what) : id_(id), closer_(closer) {
    if (id_ < 0) throw Error("HDF5: could not " + what);
}

Handle::Handle(Handle&& other) noexcept
    : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}

Handle& Handle::operator=(Handle&& other) noexcept {
    if (this != &other) {
        if (id_ >= 0 && closer_) closer_(id_);
        id_ = std::exchange(other.id_, H5I_INVALID_HID);
        closer_ = other.closer_;
    }
    return *this;
}

Handle::~Handle() {
    if (id_ >= 0 && closer_) closer_(id_);
}

void Handle::close() {
    if (id_ < 0) return;
    const herr_t status = closer_(std::exchange(id_, H5I_INVALID_HID));
    check(status, "close an object (is the disk full?)");
}

Handle create_file(const std::filesystem::path& path) {
    return Handle(H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                  "create file '" + path.string() + "'");
}

Handle open_file(const std::filesystem::path& path) {
    return Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                  "open '" + path.string() + "' as an HDF5 file");
}

Handle create_group(hid_t parent, const std::string& name) {
    return Handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                  "create group '" + name + "'");
}

Handle open_group(hid_t parent, const std::string& name) {
    return Handle(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose,
                  "open group '" + name + "'");
}

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
    const Handle type = utf8_string_type();
    const char* data = value.c_str();
    write_attribute_raw(object, name, type, scalar_space(), &data);
}

void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
    write_attribute_raw(object, name, H5T_NATIVE_INT64, scalar_space(), &value);
}

void write_attribute(hid_t object, const std::string& name, double value) {
    write_attribute_raw(object, name, H5T_NATIVE_DOUBLE, scalar_space(), &value);
}

void write_attribute(hid_t object, const std::string& name,
                     const std::vector<std::int64_t>& value) {
    write_attribute_raw(object, name, H5T_NATIVE_INT64, simple_space({value.size()}), value.data());
}

void write_attribute(hid_t object, const std::string& name, const std::vector<std::string>& value) {
    const Handle type = utf8_string_type();
    const auto data = c_strings(value);
    write_attribute_raw(object, name, type, simple_space({value.size()}), data.data());
}

void write_dataset(hid_t group, const std::string& name, const std::string& value) {
    const Handle type = utf8_string_type();
    const char* data = value.c_str();
    write_raw(group, name, type, type, scalar_space(), &data);
}

void write_dataset(hid_t group, const std::string& name, const std::vector<std::string>& value) {
    write_dataset(group, name, value, {value.size()});
}

void write_dataset(hid_t group, const std::string& name, const std::vector<double>& value) {
    write_dataset(group, name, value, {value.size()});
}

void write_dataset(hid_t group, const std::string& name, const std::vector<double>& value,
                   const std::vector<hsize_t>& dims) {
    write_raw(group, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, simple_space(dims), value.data());
}

void write_dataset(hid_t group, const std::string& name, const std::vector<std::string>& value,
                   const std::vector<hsize_t>& dims) {
    const Handle type = utf8_string_type();
    const auto data = c_strings(value);
    write_raw(group, name, type, type, simple_space(dims), data.data());
}

void write_dataset(hid_t group, const std::string& name, const std::vector<std::int64_t>& value) {
    write_dataset(group, name, value.data(), {value.size()});
}

void write_dataset(hid_t group, const std::string& name, const std::vector<std::int32_t>& value) {
    write_raw(group, name, H5T_STD_I32LE, H5T_NATIVE_INT32, simple_space({value.size()}),
              value.data());
}

void write_dataset(hid_t group, const std::string& name, const std::vector<std::int8_t>& value) {
    write_raw(group, name, H5T_STD_I8LE, H5T_NATIVE_INT8, simple_space({value.size()}),
              value.data());
}

void write_dataset(hid_t group, const std::string& name, const CountVector& value) {
    write_dataset(group, name, value.data(), {static_cast<hsize_t>(value.size())});
}

void write_dataset(hid_t group, const std::string& name, const CountMatrix& value) {
    write_dataset(group, name, value.data(),
                  {static_cast<hsize_t>(value.rows()), static_cast<hsize_t>(value.cols())});
}

void write_dataset(hid_t group, const std::string& name, const std::int64_t* data,
                   const std::vector<hsize_t>& dims) {
    write_raw(group, name, H5T_STD_I64LE, H5T_NATIVE_INT64, simple_space(dims), data);
}

ChunkedRows::ChunkedRows(hid_t group, const std::string& name, hid_t file_type, hid_t memory_type,
                         const std::vector<hsize_t>& dims, hsize_t chunk_rows)
    : memory_type_(memory_type), dims_(dims), name_(name) {
    Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
    std::vector<hsize_t> chunk = dims;
    chunk[0] = std::max<hsize_t>(1, std::min(chunk_rows, dims[0]));
    bool empty = false;
    for (hsize_t d : dims) empty |= d == 0;
    if (!empty)
        check(H5Pset_chunk(plist, static_cast<int>(chunk.size()), chunk.data()), "set chunking");
    set_ = Handle(H5Dcreate2(group, name.c_str(), file_type, simple_space(dims), H5P_DEFAULT, plist,
                             H5P_DEFAULT),
                  H5Dclose, "create dataset '" + name + "'");
}

void ChunkedRows::write(hsize_t first, hsize_t count, const void* data) {
    if (std::find(dims_.begin() + 1, dims_.end(), 0) != dims_.end() || count == 0) return;
    const Handle file_space(H5Dget_space(set_), H5Sclose, "get the space of '" + name_ + "'");
    std::vector<hsize_t> start(dims_.size(), 0), block = dims_;
    start[0] = first;
    block[0] = count;
    check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, block.data(),
                              nullptr),
          "select rows of '" + name_ + "'");
    check(
        H5Dwrite(set_, memory_type_, simple_space(block), file_space, transfer_properties(), data),
        "write rows of '" + name_ + "'");
}

void ChunkedRows::write_rows(const std::vector<hsize_t>& rows, const void* data) {
    if (rows.empty()) return;
    if (dims_.size() != 1) throw Error("HDF5: rows by index are written to tables only");
    const Handle file_space(H5Dget_space(set_), H5Sclose, "get the space of '" + name_ + "'");
    check(H5Sselect_elements(file_space, H5S_SELECT_SET, rows.size(), rows.data()),
          "select rows of '" + name_ + "'");
    check(H5Dwrite(set_, memory_type_, simple_space({rows.size()}), file_space,
                   transfer_properties(), data),
          "write rows of '" + name_ + "'");
}

void write_dataset_compressed(hid_t group, const std::string& name, const std::int64_t* data,
                              const std::vector<hsize_t>& dims, hsize_t chunk_rows) {
    Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
    std::vector<hsize_t> chunk = dims;
    if (!chunk.empty()) chunk[0] = std::max<hsize_t>(1, std::min(chunk_rows, dims[0]));
    bool empty = false;
    for (hsize_t d : dims) empty |= d == 0;
    if (!empty) {
        check(H5Pset_chunk(plist, static_cast<int>(chunk.size()), chunk.data()), "set chunking");
        if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
            check(H5Pset_shuffle(plist), "set the shuffle filter");
            check(H5Pset_deflate(plist, 4), "set deflate compression");
        }
    }
    const Handle space = simple_space(dims);
    Handle set(
        H5Dcreate2(group, name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, plist, H5P_DEFAULT),
        H5Dclose, "create dataset '" + name + "'");
    check(H5Dwrite(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, transfer_properties(), data),
          "write dataset '" + name + "'");
    set.close();
}

void write_dataset_compressed(hid_t group, const std::string& name, const CountMatrix& value) {
    write_dataset_compressed(
        group, name, value.data(),
        {static_cast<hsize_t>(value.rows()), static_cast<hsize_t>(value.cols())}, 256);
}

std::vector<double> read_double_dataset(hid_t group, const std::string& name) {
    Handle set(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset '" + name + "'");
    Handle space(H5Dget_space(set), H5Sclose, "get the dataspace of '" + name + "'");
    std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
    check(H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "read dataset '" + name + "'");
    return values;
}

double read_double_attribute(hid_t object, const std::string& name) {
    Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose,
                     "open attribute '" + name + "'");
    double value = 0;
    check(H5Aread(attribute, H5T_NATIVE_DOUBLE, &value), "read attribute '" + name + "'");
    return value;
}

std::vector<std::int64_t> read_int_attribute_vector(hid_t object, const std::string& name) {
    Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose,
                     "open attribute '" + name + "'");
    Handle space(H5Aget_space(attribute), H5Sclose,
                 "get the dataspace of attribute '" + name + "'");
    std::vector<std::int64_t> values(
        static_cast<std::size_t>(std::max<hssize_t>(H5Sget_simple_extent_npoints(space), 0)));
    check(H5Aread(attribute, H5T_NATIVE_INT64, values.data()), "read attribute '" + name + "'");
    return values;
}

bool has_object(hid_t group, const std::string& path) {
    // Walk the path one link at a time: H5Lexists fails on a missing intermediate group.
    std::string prefix;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        prefix = path.substr(0, slash);
        if (H5Lexists(group, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
        if (slash == std::string::npos) return true;
        start = slash + 1;
    }
    return true;
}

bool has_attribute(hid_t object, const std::string& name) {
    return H5Aexists(object, name.c_str()) > 0;
}

bool is_hdf5_file(const std::filesystem::path& path) {
    return H5Fis_hdf5(path.c_str()) > 0;
}

std::vector<std::int64_t> read_record_field(hid_t group, const std::string& name,
                                            const std::string& field, hsize_t count) {
    Handle set(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset '" + name + "'");
    Handle space(H5Dget_space(set), H5Sclose, "get the dataspace of '" + name + "'");
    const auto rows = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
    Handle type(H5Tcreate(H5T_COMPOUND, std::max<hsize_t>(count, 1) * sizeof(std::int64_t)),
                H5Tclose, "create a record type");
    if (count == 1) {
        check(H5Tinsert(type, field.c_str(), 0, H5T_NATIVE_INT64), "select field '" + field + "'");
    } else {
        const Handle array(H5Tarray_create2(H5T_NATIVE_INT64, 1, &count), H5Tclose,
                           "create an array type");
        check(H5Tinsert(type, field.c_str(), 0, array), "select field '" + field + "'");
    }
    std::vector<std::int64_t> values(rows * count);
    check(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "read field '" + field + "' of '" + name + "'");
    return values;
}

std::string read_string_attribute(hid_t object, const std::string& name) {
    Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose,
                     "open attribute '" + name + "'");
    const Handle type = utf8_string_type();
    char* data = nullptr;
    check(H5Aread(attribute, type, &data), "read attribute '" + name + "'");
    std::string value = data ? data : "";
    H5free_memory(data);
    return value;
}

std::int64_t read_int_attribute(hid_t object, const std::string& name) {
    Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose,
                     "open attribute '" + name + "'");
    std::int64_t value = 0;
    check(H5Aread(attribute, H5T_NATIVE_INT64, &value), "read attribute '" + name + "'");
    return value;
}

std::vector<std::int64_t> read_int_dataset(hid_t group, const std::string& name,
                                           std::vector<hsize_t>* dims) {
    Handle set(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset '" + name + "'");
    Handle space(H5Dget_space(set), H5Sclose, "get the dataspace of '" + name + "'");
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> shape(static_cast<std::size_t>(std::max(rank, 0)));
    H5Sget_simple_extent_dims(space, shape.data(), nullptr);
    hsize_t count = 1;
    for (hsize_t d : shape) count *= d;
    std::vector<std::int64_t> values(count);
    check(H5Dread(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "read dataset '" + name + "'");
    if (dims) *dims = shape;
    return values;
}

std::vector<std::string> read_string_dataset(hid_t group, const std::string& name) {
    Handle set(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset '" + name + "'");
    Handle space(H5Dget_space(set), H5Sclose, "get the dataspace of '" + name + "'");
    const hssize_t count = H5Sget_simple_extent_npoints(space);
    const Handle type = utf8_string_type();
    std::vector<char*> data(static_cast<std::size_t>(count), nullptr);
    check(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
          "read dataset '" + name + "'");
    std::vector<std::string> values;
    for (char* s : data) {
        values.emplace_back(s ? s : "");
        H5free_memory(s);
    }
    return values;
}

} // namespace vaxsim::hdf5
