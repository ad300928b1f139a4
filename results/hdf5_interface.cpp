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

std::string in_quotes(std::string_view name) {
    std::string out(1, '\'');
    out.append(name).push_back('\'');
    return out;
}

Handle simple_space(const std::vector<hsize_t>& dims) {
    if (dims.empty()) return Handle(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar dataspace");
    return Handle(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                  "create a dataspace");
}

// Transfer properties with a small type-conversion buffer. HDF5's default is 1 MiB,
// calloc'd anew for every read or write that converts (every string dataset): faulting
// those pages in cost more than writing a whole sweep's numbers, and than reading a small
// file back. Larger transfers are converted in pieces.
hid_t transfer_properties() {
    static const hid_t plist = [] {
        const hid_t p = H5Pcreate(H5P_DATASET_XFER);
        H5Pset_buffer(p, 64 * 1024, nullptr, nullptr);
        return p;
    }();
    return plist;
}

// Chunking and compression as asked; an empty dataset cannot be chunked, and stays
// contiguous.
Handle creation_properties(const std::vector<hsize_t>& dims, const Storage& storage) {
    Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
    if (storage.chunk_rows() == 0 || dims.empty() || detail::element_count(dims) == 0) return plist;
    std::vector<hsize_t> chunk = dims;
    chunk[0] = std::min(storage.chunk_rows(), dims[0]);
    check(H5Pset_chunk(plist, static_cast<int>(chunk.size()), chunk.data()), "set chunking");
    if (storage.deflate() > 0 && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
        check(H5Pset_shuffle(plist), "set the shuffle filter");
        check(H5Pset_deflate(plist, static_cast<unsigned>(storage.deflate())),
              "set deflate compression");
    }
    return plist;
}

Handle open_dataset(hid_t location, std::string_view name) {
    return Handle(H5Dopen2(location, std::string(name).c_str(), H5P_DEFAULT), H5Dclose,
                  "open dataset " + in_quotes(name));
}

Handle open_attribute(hid_t object, std::string_view name) {
    return Handle(H5Aopen(object, std::string(name).c_str(), H5P_DEFAULT), H5Aclose,
                  "open attribute " + in_quotes(name));
}

std::vector<hsize_t> shape_of(hid_t space_id, std::string_view what) {
    const Handle space(space_id, H5Sclose, "get the dataspace of " + in_quotes(what));
    const int rank = H5Sget_simple_extent_ndims(space);
    check(rank, "get the shape of " + in_quotes(what));
    std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space, shape.data(), nullptr);
    return shape;
}

} // namespace

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
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    if (id < 0 || !closer_) return;
    const herr_t status = closer_(id);
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

Handle create_group(hid_t parent, std::string_view name) {
    return Handle(
        H5Gcreate2(parent, std::string(name).c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Gclose, "create group " + in_quotes(name));
}

Handle open_group(hid_t parent, std::string_view name) {
    return Handle(H5Gopen2(parent, std::string(name).c_str(), H5P_DEFAULT), H5Gclose,
                  "open group " + in_quotes(name));
}

Handle utf8_string_type() {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy the string type");
    check(H5Tset_size(type, H5T_VARIABLE), "make a variable-length string type");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "mark strings as UTF-8");
    return type;
}

namespace detail {

hsize_t element_count(const std::vector<hsize_t>& dims) {
    hsize_t count = 1;
    for (hsize_t d : dims) count *= d;
    return count;
}

std::vector<const char*> c_strings(const std::string* values, std::size_t count) {
    std::vector<const char*> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) out.push_back(values[i].c_str());
    return out;
}

void write_dataset(hid_t group, std::string_view name, hid_t file_type, hid_t memory_type,
                   const std::vector<hsize_t>& dims, const Storage& storage, const void* data) {
    const Handle space = simple_space(dims);
    const Handle plist = creation_properties(dims, storage);
    Handle set(H5Dcreate2(group, std::string(name).c_str(), file_type, space, H5P_DEFAULT, plist,
                          H5P_DEFAULT),
               H5Dclose, "create dataset " + in_quotes(name));
    check(H5Dwrite(set, memory_type, H5S_ALL, H5S_ALL, transfer_properties(), data),
          "write dataset " + in_quotes(name));
    set.close();
}

void write_attribute(hid_t object, std::string_view name, hid_t file_type, hid_t memory_type,
                     const std::vector<hsize_t>& dims, const void* data) {
    const Handle space = simple_space(dims);
    Handle attribute(
        H5Acreate2(object, std::string(name).c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT),
        H5Aclose, "create attribute " + in_quotes(name));
    check(H5Awrite(attribute, memory_type, data), "write attribute " + in_quotes(name));
}

std::vector<hsize_t> dataset_shape(hid_t location, std::string_view name) {
    const Handle set = open_dataset(location, name);
    return shape_of(H5Dget_space(set), name);
}

void read_dataset(hid_t location, std::string_view name, hid_t memory_type, void* out) {
    const Handle set = open_dataset(location, name);
    read_open_dataset(set, name, memory_type, out);
}

Handle open_for_reading(hid_t location, std::string_view name, std::vector<hsize_t>& shape) {
    Handle set = open_dataset(location, name);
    shape = shape_of(H5Dget_space(set), name);
    return set;
}

void read_open_dataset(hid_t set, std::string_view name, hid_t memory_type, void* out) {
    check(H5Dread(set, memory_type, H5S_ALL, H5S_ALL, transfer_properties(), out),
          "read dataset " + in_quotes(name));
}

std::vector<hsize_t> attribute_shape(hid_t object, std::string_view name) {
    const Handle attribute = open_attribute(object, name);
    return shape_of(H5Aget_space(attribute), name);
}

void read_attribute(hid_t object, std::string_view name, hid_t memory_type, void* out) {
    const Handle attribute = open_attribute(object, name);
    check(H5Aread(attribute, memory_type, out), "read attribute " + in_quotes(name));
}

std::vector<std::string> take_strings(std::vector<char*>& data) {
    std::vector<std::string> values;
    values.reserve(data.size());
    for (char*& s : data) {
        values.emplace_back(s ? s : "");
        H5free_memory(std::exchange(s, nullptr));
    }
    return values;
}

} // namespace detail

void write_dataset_compressed(hid_t group, std::string_view name, const std::int64_t* data,
                              const std::vector<hsize_t>& dims, hsize_t chunk_rows) {
    write_dataset(group, name, data, dims, Storage::chunked(std::max<hsize_t>(chunk_rows, 1), 4));
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
                  H5Dclose, "create dataset " + in_quotes(name));
}

void ChunkedRows::write(hsize_t first, hsize_t count, const void* data) {
    if (std::find(dims_.begin() + 1, dims_.end(), 0) != dims_.end() || count == 0) return;
    const Handle file_space(H5Dget_space(set_), H5Sclose, "get the space of " + in_quotes(name_));
    std::vector<hsize_t> start(dims_.size(), 0), block = dims_;
    start[0] = first;
    block[0] = count;
    check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, block.data(),
                              nullptr),
          "select rows of " + in_quotes(name_));
    check(
        H5Dwrite(set_, memory_type_, simple_space(block), file_space, transfer_properties(), data),
        "write rows of " + in_quotes(name_));
}

void ChunkedRows::write_rows(const std::vector<hsize_t>& rows, const void* data) {
    if (rows.empty()) return;
    if (dims_.size() != 1) throw Error("HDF5: rows by index are written to tables only");
    const Handle file_space(H5Dget_space(set_), H5Sclose, "get the space of " + in_quotes(name_));
    check(H5Sselect_elements(file_space, H5S_SELECT_SET, rows.size(), rows.data()),
          "select rows of " + in_quotes(name_));
    check(H5Dwrite(set_, memory_type_, simple_space({rows.size()}), file_space,
                   transfer_properties(), data),
          "write rows of " + in_quotes(name_));
}

namespace {
// A compound type holding only `field`, `count` int64 wide.
Handle record_field_type(std::string_view field, hsize_t count) {
    Handle type(H5Tcreate(H5T_COMPOUND, std::max<hsize_t>(count, 1) * sizeof(std::int64_t)),
                H5Tclose, "create a record type");
    const std::string field_name(field);
    if (count == 1) {
        check(H5Tinsert(type, field_name.c_str(), 0, H5T_NATIVE_INT64),
              "select field " + in_quotes(field));
    } else {
        const Handle array(H5Tarray_create2(H5T_NATIVE_INT64, 1, &count), H5Tclose,
                           "create an array type");
        check(H5Tinsert(type, field_name.c_str(), 0, array), "select field " + in_quotes(field));
    }
    return type;
}
} // namespace

std::vector<std::int64_t> read_record_field(hid_t group, std::string_view name,
                                            std::string_view field, hsize_t count) {
    const auto rows = detail::element_count(detail::dataset_shape(group, name));
    const Handle type = record_field_type(field, count);
    std::vector<std::int64_t> values(rows * count);
    detail::read_dataset(group, name, type, values.data());
    return values;
}

std::vector<std::int64_t> read_record_field_rows(hid_t group, std::string_view name,
                                                 std::string_view field, hsize_t count,
                                                 hsize_t first, hsize_t rows) {
    const Handle type = record_field_type(field, count);
    const Handle set = open_dataset(group, name);
    const Handle file_space(H5Dget_space(set), H5Sclose, "get the space of " + in_quotes(name));
    check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &first, nullptr, &rows, nullptr),
          "select rows of " + in_quotes(name));
    const Handle memory_space(H5Screate_simple(1, &rows, nullptr), H5Sclose,
                              "create a memory space");
    std::vector<std::int64_t> values(rows * count);
    if (rows > 0)
        check(H5Dread(set, type, memory_space, file_space, H5P_DEFAULT, values.data()),
              "read rows of " + in_quotes(name));
    return values;
}

std::optional<DatasetInfo> dataset_info(hid_t location, std::string_view path) {
    // Absent, or not a dataset (a group, say): H5Dopen2 fails, quietly (HDF5's printing is
    // off). One lookup instead of H5Lexists and then H5Dopen2.
    const hid_t id = H5Dopen2(location, std::string(path).c_str(), H5P_DEFAULT);
    if (id < 0) return std::nullopt;
    const Handle set(id, H5Dclose, "open dataset " + in_quotes(path));
    const Handle type(H5Dget_type(set), H5Tclose, "get the type of " + in_quotes(path));
    DatasetInfo info;
    info.type_class = H5Tget_class(type);
    info.type_size = H5Tget_size(type);
    info.variable_string = info.type_class == H5T_STRING && H5Tis_variable_str(type) > 0;
    {
        const Handle space(H5Dget_space(set), H5Sclose,
                           "get the dataspace of " + in_quotes(path));
        info.null_space = H5Sget_simple_extent_type(space) == H5S_NULL;
    }
    if (!info.null_space) info.dims = shape_of(H5Dget_space(set), path);
    return info;
}

std::optional<std::vector<FieldInfo>> compound_fields(hid_t location, std::string_view path) {
    const auto info = dataset_info(location, path);
    if (!info || info->type_class != H5T_COMPOUND) return std::nullopt;
    const Handle set = open_dataset(location, path);
    const Handle type(H5Dget_type(set), H5Tclose, "get the type of " + in_quotes(path));
    const int members = H5Tget_nmembers(type);
    check(members, "count the fields of " + in_quotes(path));
    std::vector<FieldInfo> fields;
    for (int i = 0; i < members; ++i) {
        FieldInfo f;
        char* name = H5Tget_member_name(type, static_cast<unsigned>(i));
        if (!name) throw Error("HDF5: could not name a field of " + in_quotes(path));
        f.name = name;
        H5free_memory(name);
        Handle member(H5Tget_member_type(type, static_cast<unsigned>(i)), H5Tclose,
                      "get the type of field " + in_quotes(f.name));
        if (H5Tget_class(member) == H5T_ARRAY) {
            f.array = true;
            const int rank = H5Tget_array_ndims(member);
            check(rank, "get the shape of field " + in_quotes(f.name));
            std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
            if (rank > 0) check(H5Tget_array_dims2(member, dims.data()), "get array dims");
            f.count = detail::element_count(dims);
            member = Handle(H5Tget_super(member), H5Tclose, "get an array's element type");
        }
        f.type_class = H5Tget_class(member);
        f.type_size = H5Tget_size(member);
        fields.push_back(std::move(f));
    }
    return fields;
}

bool has_object(hid_t group, std::string_view path) {
    // Walk the path one link at a time: H5Lexists fails on a missing intermediate group.
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::string prefix(path.substr(0, slash));
        if (H5Lexists(group, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
        if (slash == std::string_view::npos) return true;
        start = slash + 1;
    }
    return true;
}

bool has_attribute(hid_t object, std::string_view name) {
    return H5Aexists(object, std::string(name).c_str()) > 0;
}

bool is_hdf5_file(const std::filesystem::path& path) {
    // HDF5 would open a FIFO or a device and wait, or read it without end.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    return H5Fis_hdf5(path.c_str()) > 0;
}

} // namespace vaxsim::hdf5
