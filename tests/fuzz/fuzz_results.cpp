// libFuzzer target for the readers of results files: the typed run and sweep readers,
// `vaxsim check`, the report and the export. Structure-aware: it never feeds HDF5 random
// bytes (HDF5 1.10's own parser crashes on some corrupted files, which vaxsim cannot
// fix). It starts from valid files written at start-up (the tiny run of
// tests/fuzz/seeds/run.yaml, the same with the epidemic model, the same started mid-campaign
// from an initial state with boosters, the same in two places with rebalancing, and a tiny
// sweep), and the
// fuzz bytes choose mutations at the level of datasets and attributes: delete, empty,
// reshape, change rank, change element type, overwrite values with extreme, NaN or
// negative numbers and odd text, change format_version and filetype, truncate strings,
// drop record fields or whole groups. Each mutated file is built in memory (the core
// driver, no backing store) and every reader is run on it.
//
// A finding: a crash, a sanitizer report, an exception other than vaxsim's FormatError
// from the report or the export, or a file that `check` passes but the report or the
// export refuses.
//
//   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
//         -DVAXSIM_FUZZ=ON -DVAXSIM_BUILD_TESTS=OFF -DVAXSIM_WITH_MPI=OFF
//   cmake --build build-fuzz --target fuzz_results
//   build-fuzz/fuzz_results -max_total_time=120 NEW_CORPUS_DIR
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include <hdf5.h>

#include "results/check.hpp"
#include "results/hdf5_interface.hpp"
#include "results/observed.hpp"
#include "results/export.hpp"
#include "results/report.hpp"
#include "results/run_file.hpp"
#include "results/run_reader.hpp"
#include "results/sweep_file.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/pipeline.hpp"
#include "sim/sweep.hpp"
#include "sim/sweep_runner.hpp"

namespace {

namespace fs = std::filesystem;
using namespace vaxsim;

// A valid file, its bytes, and what may be mutated in it.
struct Seed {
    std::vector<char> image;
    bool run = true; // a run file (else a sweep file)
    std::vector<std::string> datasets;                         // paths
    std::vector<std::string> groups;                           // paths
    std::vector<std::pair<std::string, std::string>> attributes; // object path, name
};
std::vector<Seed> seeds;

std::vector<char> bytes_of(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

herr_t collect_attribute(hid_t, const char* name, const H5A_info_t*, void* out) {
    static_cast<std::vector<std::string>*>(out)->push_back(name);
    return 0;
}

herr_t collect_object(hid_t file, const char* name, const H5O_info_t* info, void* out) {
    auto* seed = static_cast<Seed*>(out);
    const std::string path = name;
    if (info->type == H5O_TYPE_DATASET) seed->datasets.push_back(path);
    if (info->type == H5O_TYPE_GROUP && path != ".") seed->groups.push_back(path);
    std::vector<std::string> names;
    H5Aiterate_by_name(file, name, H5_INDEX_NAME, H5_ITER_NATIVE, nullptr, collect_attribute,
                       &names, H5P_DEFAULT);
    for (const auto& a : names) seed->attributes.emplace_back(path, a);
    return 0;
}

Seed make_seed(const fs::path& file) {
    Seed seed;
    seed.image = bytes_of(file);
    const hdf5::Handle f = hdf5::open_file(file);
    H5Ovisit(f, H5_INDEX_NAME, H5_ITER_NATIVE, collect_object, &seed);
    return seed;
}

void write_seeds() {
    const fs::path source = fs::path(VAXSIM_SOURCE_DIR) / "tests/fuzz/seeds";
    const fs::path dir = fs::temp_directory_path() / ("vaxsim-fuzz-results-" +
                                                      std::to_string(::getpid()));
    fs::create_directories(dir);
    for (const char* name :
         {"run.yaml", "run-epidemic.yaml", "run-waning.yaml", "run-stochastic.yaml", "run-initial.yaml",
          "run-places.yaml"}) {
        const Scenario scenario = load_scenario_file(source / name);
        RunPipeline pipeline;
        const RunOutput& out = pipeline.run(scenario);
        const fs::path file = dir / (std::string(name) + ".h5");
        write_run_file(OutputTarget{file, true}, *out.scenario, *out.ledger, out.outcomes,
                       {"fuzz", "now"}, out.epidemic ? &*out.epidemic : nullptr, {}, out.places);
        seeds.push_back(make_seed(file));
    }
    {
        const SweepSpec spec(source / "tiny.sweep.yaml");
        const fs::path journal = dir / "sweep.journal";
        SweepOptions options;
        options.restart = true;
        const SweepRuns runs = execute_sweep(spec, journal, options);
        const fs::path file = dir / "sweep.h5";
        write_sweep_file(
            file, true, spec.design(), spec.base(), spec.layout(),
            [&](const RecordBatch& batch) { read_journal(spec, journal, batch); }, runs.kept,
            {"fuzz", "now"});
        seeds.push_back(make_seed(file));
        seeds.back().run = false;
    }
    fs::remove_all(dir);
}

// The fuzz bytes, read as choices; zeros once they run out.
class Choices {
  public:
    Choices(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    bool more() const { return at_ < size_; }
    std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
    std::size_t below(std::size_t n) {
        if (n == 0) return 0;
        const std::size_t v = (static_cast<std::size_t>(byte()) << 8) | byte();
        return v % n;
    }

  private:
    const std::uint8_t* data_;
    std::size_t size_, at_ = 0;
};

// Numbers a damaged file might hold.
const double odd_reals[] = {0,
                            -1,
                            1,
                            -0.5,
                            0.5,
                            2,
                            7,
                            1e15,
                            9007199254740992.0,
                            9007199254740994.0,
                            1e300,
                            -1e300,
                            std::numeric_limits<double>::infinity(),
                            -std::numeric_limits<double>::infinity(),
                            std::numeric_limits<double>::quiet_NaN(),
                            std::numeric_limits<double>::denorm_min()};
const std::int64_t odd_ints[] = {0,
                                 -1,
                                 1,
                                 2,
                                 4,
                                 5,
                                 6,
                                 127,
                                 -128,
                                 1000000,
                                 (std::int64_t{1} << 53),
                                 (std::int64_t{1} << 53) + 1,
                                 std::numeric_limits<std::int32_t>::max(),
                                 std::numeric_limits<std::int64_t>::max(),
                                 std::numeric_limits<std::int64_t>::min(),
                                 -(std::int64_t{1} << 53)};
const char* const odd_texts[] = {"",        "x",          "2021-02-30", "2021-13-01",
                                 "9999-12-31", "0000-01-01", "2021-03-25", "2021-04-14",
                                 "2021Q1",  "-1",         "vax",        "nan",
                                 "young",   "old",        "가",         "2021-04-01x"};

// HDF5 callocs a 1 MiB conversion buffer per transfer by default: most of an input's time.
hid_t small_buffer() {
    static const hid_t plist = [] {
        const hid_t p = H5Pcreate(H5P_DATASET_XFER);
        H5Pset_buffer(p, 64 * 1024, nullptr, nullptr);
        return p;
    }();
    return plist;
}

hdf5::Handle string_type(bool variable, std::size_t size) {
    if (variable) return hdf5::utf8_string_type();
    hdf5::Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "copy");
    H5Tset_size(t, std::max<std::size_t>(size, 1));
    return t;
}

// What a dataset holds, read as reals and as text (whichever applies), to refill it.
struct Content {
    std::vector<double> reals;
    std::vector<std::string> texts;
    std::vector<hsize_t> dims;
    H5T_class_t type_class = H5T_NO_CLASS;
};

Content read_content(hid_t file, const std::string& path) {
    Content c;
    const auto info = hdf5::dataset_info(file, path);
    if (!info) return c;
    c.dims = info->dims;
    c.type_class = info->type_class;
    try {
        if (info->variable_string)
            c.texts = hdf5::read_dataset<std::string>(file, path);
        else if (info->type_class == H5T_INTEGER || info->type_class == H5T_FLOAT)
            c.reals = hdf5::read_dataset<double>(file, path);
    } catch (const hdf5::Error&) {
    }
    return c;
}

enum class Kind { int8, int32, int64, float64, vstring, fstring, compound };

// Replaces the dataset at `path` with one of `kind` and shape `dims`, filled from `c`
// (cycled) or with zeros.
void write_replacement(hid_t file, const std::string& path, Kind kind,
                       const std::vector<hsize_t>& dims, const Content& c, bool null_space) {
    H5Ldelete(file, path.c_str(), H5P_DEFAULT);
    hsize_t n = 1;
    for (hsize_t d : dims) n *= d;
    hdf5::Handle space =
        null_space ? hdf5::Handle(H5Screate(H5S_NULL), H5Sclose, "space")
        : dims.empty()
            ? hdf5::Handle(H5Screate(H5S_SCALAR), H5Sclose, "space")
            : hdf5::Handle(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                           H5Sclose, "space");
    if (null_space) n = 0;
    if (kind == Kind::vstring || kind == Kind::fstring) {
        std::vector<std::string> texts;
        for (hsize_t i = 0; i < n; ++i) {
            if (!c.texts.empty())
                texts.push_back(c.texts[i % c.texts.size()]);
            else if (!c.reals.empty())
                texts.push_back(std::to_string(c.reals[i % c.reals.size()]));
            else
                texts.emplace_back();
        }
        std::size_t longest = 1;
        for (const auto& t : texts) longest = std::max(longest, t.size() + 1);
        const hdf5::Handle type = string_type(kind == Kind::vstring, longest);
        const hdf5::Handle set(H5Dcreate2(file, path.c_str(), type, space, H5P_DEFAULT,
                                          H5P_DEFAULT, H5P_DEFAULT),
                               H5Dclose, "create");
        if (n == 0) return;
        if (kind == Kind::vstring) {
            std::vector<const char*> p;
            for (const auto& t : texts) p.push_back(t.c_str());
            H5Dwrite(set, type, H5S_ALL, H5S_ALL, small_buffer(), p.data());
        } else {
            std::vector<char> flat(texts.size() * longest, 0);
            for (std::size_t i = 0; i < texts.size(); ++i)
                std::memcpy(flat.data() + i * longest, texts[i].data(), texts[i].size());
            H5Dwrite(set, type, H5S_ALL, H5S_ALL, small_buffer(), flat.data());
        }
        return;
    }
    std::vector<double> values(n, 0);
    for (hsize_t i = 0; i < n && !c.reals.empty(); ++i) values[i] = c.reals[i % c.reals.size()];
    hid_t file_type = H5T_STD_I64LE;
    if (kind == Kind::int8) file_type = H5T_STD_I8LE;
    if (kind == Kind::int32) file_type = H5T_STD_I32LE;
    if (kind == Kind::float64) file_type = H5T_IEEE_F64LE;
    const hdf5::Handle set(
        H5Dcreate2(file, path.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose, "create");
    if (n == 0) return;
    if (kind == Kind::float64) {
        H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, small_buffer(), values.data());
    } else {
        // Integers converted here, not by HDF5, so that NaN and huge values stay defined.
        std::vector<std::int64_t> whole(n);
        for (hsize_t i = 0; i < n; ++i)
            whole[i] = std::isfinite(values[i]) && std::fabs(values[i]) < 9e18
                           ? static_cast<std::int64_t>(values[i])
                           : 0;
        H5Dwrite(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, small_buffer(), whole.data());
    }
}

Kind kind_of(const Content& c) {
    if (c.type_class == H5T_STRING) return Kind::vstring;
    if (c.type_class == H5T_FLOAT) return Kind::float64;
    return Kind::int64;
}

// Drops one field of a table of records, or all of them but one.
void drop_record_field(hid_t file, const std::string& path, Choices& in) {
    const hdf5::Handle set(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, "open");
    const hdf5::Handle type(H5Dget_type(set), H5Tclose, "type");
    if (H5Tget_class(type) != H5T_COMPOUND) return;
    const int members = H5Tget_nmembers(type);
    if (members <= 1) return;
    const auto drop = static_cast<int>(in.below(static_cast<std::size_t>(members)));
    const bool keep_only = in.byte() & 1;
    std::size_t size = 0;
    for (int i = 0; i < members; ++i)
        if ((i == drop) == keep_only) {
            const hdf5::Handle m(H5Tget_member_type(type, static_cast<unsigned>(i)), H5Tclose, "m");
            size += H5Tget_size(m);
        }
    const hdf5::Handle reduced(H5Tcreate(H5T_COMPOUND, std::max<std::size_t>(size, 1)), H5Tclose,
                               "compound");
    std::size_t offset = 0;
    for (int i = 0; i < members; ++i)
        if ((i == drop) == keep_only) {
            const hdf5::Handle m(H5Tget_member_type(type, static_cast<unsigned>(i)), H5Tclose, "m");
            char* name = H5Tget_member_name(type, static_cast<unsigned>(i));
            H5Tinsert(reduced, name, offset, m);
            H5free_memory(name);
            offset += H5Tget_size(m);
        }
    const hdf5::Handle space(H5Dget_space(set), H5Sclose, "space");
    const hssize_t rows = H5Sget_simple_extent_npoints(space);
    std::vector<char> data(static_cast<std::size_t>(std::max<hssize_t>(rows, 0)) * size + 1);
    if (H5Dread(set, reduced, H5S_ALL, H5S_ALL, small_buffer(), data.data()) < 0) return;
    const std::string temp = path + "_reduced";
    {
        const hdf5::Handle copy(H5Dcreate2(file, temp.c_str(), reduced, space, H5P_DEFAULT,
                                           H5P_DEFAULT, H5P_DEFAULT),
                                H5Dclose, "create");
        H5Dwrite(copy, reduced, H5S_ALL, H5S_ALL, small_buffer(), data.data());
    }
    H5Ldelete(file, path.c_str(), H5P_DEFAULT);
    H5Lmove(file, temp.c_str(), file, path.c_str(), H5P_DEFAULT, H5P_DEFAULT);
}

void mutate_dataset(hid_t file, const std::string& path, Choices& in) {
    if (!hdf5::has_object(file, path)) return;
    const Content c = read_content(file, path);
    if (c.type_class == H5T_COMPOUND) {
        if (in.byte() % 4 == 0)
            H5Ldelete(file, path.c_str(), H5P_DEFAULT);
        else
            drop_record_field(file, path, in);
        return;
    }
    switch (in.byte() % 9) {
    case 0: // delete
        H5Ldelete(file, path.c_str(), H5P_DEFAULT);
        break;
    case 1: { // empty: every dimension 0, or no dataspace at all
        std::vector<hsize_t> dims(c.dims.size(), 0);
        if (dims.empty()) dims.push_back(0);
        write_replacement(file, path, kind_of(c), dims, c, in.byte() & 1);
        break;
    }
    case 2: { // reshape within the rank
        std::vector<hsize_t> dims = c.dims;
        if (dims.empty()) dims.push_back(1);
        const std::size_t axis = in.below(dims.size());
        dims[axis] = in.byte() % 2 ? dims[axis] + 1 + in.byte() % 3 : in.byte() % (dims[axis] + 1);
        write_replacement(file, path, kind_of(c), dims, c, false);
        break;
    }
    case 3: { // another rank
        std::vector<hsize_t> dims;
        const std::size_t rank = in.byte() % 5;
        for (std::size_t i = 0; i < rank; ++i) dims.push_back(1 + in.byte() % 4);
        write_replacement(file, path, kind_of(c), dims, c, false);
        break;
    }
    case 4: { // another element type
        const Kind kinds[] = {Kind::int8, Kind::int32, Kind::int64, Kind::float64, Kind::vstring,
                              Kind::fstring};
        write_replacement(file, path, kinds[in.byte() % 6], c.dims, c, false);
        break;
    }
    case 5:
    case 6: { // overwrite values (a few, or all)
        Content changed = c;
        const std::size_t n = std::max(changed.reals.size(), changed.texts.size());
        if (n == 0) break;
        const bool all = in.byte() % 4 == 0;
        const std::size_t count = all ? n : 1 + in.byte() % 3;
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t i = all ? k : in.below(n);
            if (!changed.reals.empty())
                changed.reals[i] = in.byte() % 2 ? odd_reals[in.byte() % std::size(odd_reals)]
                                                 : static_cast<double>(
                                                       odd_ints[in.byte() % std::size(odd_ints)]);
            else
                changed.texts[i] = odd_texts[in.byte() % std::size(odd_texts)];
        }
        // Integer datasets are refilled exactly: reals only where the dataset holds reals.
        if (c.type_class == H5T_INTEGER) {
            H5Ldelete(file, path.c_str(), H5P_DEFAULT);
            std::vector<std::int64_t> whole;
            for (double v : changed.reals)
                whole.push_back(std::isfinite(v) && std::fabs(v) < 9e18
                                    ? static_cast<std::int64_t>(v)
                                    : (v > 0 ? std::numeric_limits<std::int64_t>::max()
                                             : std::numeric_limits<std::int64_t>::min()));
            hdf5::write_dataset(file, path, whole, c.dims);
        } else {
            write_replacement(file, path, kind_of(c), c.dims, changed, false);
        }
        break;
    }
    case 7: { // truncate every string
        if (c.texts.empty()) break;
        Content changed = c;
        const std::size_t keep = in.byte() % 12;
        for (auto& t : changed.texts) t = t.substr(0, keep);
        write_replacement(file, path, Kind::vstring, c.dims, changed, false);
        break;
    }
    case 8: { // the same values, rewritten contiguous (not chunked or compressed)
        write_replacement(file, path, kind_of(c), c.dims, c, false);
        break;
    }
    }
}

void write_attribute_value(hid_t object, const std::string& name, Choices& in) {
    H5Adelete(object, name.c_str());
    switch (in.byte() % 6) {
    case 0:
        break; // deleted
    case 1: {  // a version
        const std::int64_t majors[] = {0, 1, 2, 3, -1, 99};
        std::vector<std::int64_t> v{majors[in.byte() % 6], static_cast<std::int64_t>(in.byte() % 3)};
        if (in.byte() % 4 == 0) v.push_back(0);
        hdf5::write_attribute(object, name, v);
        break;
    }
    case 2:
        hdf5::write_attribute(object, name,
                              std::string(odd_texts[in.byte() % std::size(odd_texts)]));
        break;
    case 3: {
        const char* const types[] = {"vaxsim-run", "vaxsim-sweep", "vaxsim-other", ""};
        hdf5::write_attribute(object, name, std::string(types[in.byte() % 4]));
        break;
    }
    case 4:
        hdf5::write_attribute(object, name, odd_ints[in.byte() % std::size(odd_ints)]);
        break;
    case 5:
        hdf5::write_attribute(object, name, odd_reals[in.byte() % std::size(odd_reals)]);
        break;
    }
}

void mutate(hid_t file, const Seed& seed, Choices& in) {
    const std::uint8_t op = in.byte() % 8;
    if (op < 5 && !seed.datasets.empty()) {
        mutate_dataset(file, seed.datasets[in.below(seed.datasets.size())], in);
    } else if (op < 7 && !seed.attributes.empty()) {
        const auto& [object, name] = seed.attributes[in.below(seed.attributes.size())];
        if (!hdf5::has_object(file, object) && object != ".") return;
        const hdf5::Handle o(H5Oopen(file, object.c_str(), H5P_DEFAULT), H5Oclose, "open");
        write_attribute_value(o, name, in);
    } else if (!seed.groups.empty()) {
        const std::string& group = seed.groups[in.below(seed.groups.size())];
        if (hdf5::has_object(file, group)) H5Ldelete(file, group.c_str(), H5P_DEFAULT);
    }
}

hdf5::Handle open_image(const std::vector<char>& image) {
    const hdf5::Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "fapl");
    H5Pset_fapl_core(fapl, 64 * 1024, 0); // in memory, never written back
    H5Pset_file_image(fapl, const_cast<char*>(image.data()), image.size());
    return hdf5::Handle(H5Fopen("fuzz.h5", H5F_ACC_RDWR, fapl), H5Fclose, "open the image");
}

[[noreturn]] void finding(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_results: %s: %s\n", what, detail.c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    write_seeds();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0 || size > 256) return 0;
    Choices in(data, size);
    const Seed& seed = seeds[in.byte() % seeds.size()];
    const hdf5::Handle file = open_image(seed.image);
    for (int m = 0; m < 6 && in.more(); ++m) {
        try {
            mutate(file, seed, in);
        } catch (const hdf5::Error&) {
            // A mutation HDF5 refused: the file stays as it was.
        }
    }
    const fs::path name = "fuzz.h5";
    bool passed = false;
    bool readable = true;
    try {
        const FileCheck check = check_results_file(file, name);
        passed = check.ok();
        readable = check.layout_readable;
    } catch (const FormatError&) {
    }
    // The report and the export construct the same typed reader first: a layout it refused
    // (most mutations) gives the same FormatError there, so they need not run on it. This
    // keeps each input about a third as costly.
    for (int reader = 0; reader < (readable ? 2 : 0); ++reader) {
        try {
            if (reader == 0)
                report_html(file, name);
            else
                export_tables(file, name);
        } catch (const FormatError& e) {
            if (passed) finding("check passed a file the reader refuses", e.what());
        } catch (const std::exception& e) {
            finding("an exception other than FormatError", e.what());
        }
    }
    // `vaxsim compare` on a run: every measure, for everyone and for the run's first group,
    // tier and product, observed on the seeds' first and last day and on a day outside.
    if (readable && seed.run) {
        try {
            const RunReader run(file, name);
            const RunNames names = run_names(run);
            ObservedData observed;
            observed.source = "fuzz.csv";
            for (const char* date : {"2021-03-25", "2021-04-14", "2021-05-01"})
                observed.dates.push_back(*parse_iso_date(date));
            const std::vector<std::optional<std::int64_t>> values{
                std::int64_t{100}, std::nullopt, std::int64_t{0}};
            for (const ObservedMeasureInfo& m : observed_measures()) {
                if (!names.has_boosters && (m.measure == ObservedMeasure::boosted_people ||
                                            m.measure == ObservedMeasure::up_to_date_people))
                    continue;
                observed.columns.push_back({std::string(m.name), m.measure,
                                            ObservedScope::everyone, "", values});
                if (!names.groups.empty())
                    observed.columns.push_back({std::string(m.name) + ":group", m.measure,
                                                ObservedScope::group, names.groups[0], values});
                if (!names.tiers.empty())
                    observed.columns.push_back({std::string(m.name) + ":tier", m.measure,
                                                ObservedScope::tier, names.tiers[0], values});
                if (m.by_product && !names.products.empty())
                    observed.columns.push_back({std::string(m.name) + ":product", m.measure,
                                                ObservedScope::product, names.products[0], values});
            }
            const Comparison comparison = compare_with_observed(run, observed);
            format_comparison(comparison);
            comparison_csv(comparison);
            comparison_html(comparison);
        } catch (const FormatError& e) {
            if (passed) finding("check passed a file compare refuses", e.what());
        } catch (const std::exception& e) {
            finding("an exception other than FormatError from compare", e.what());
        }
    }
    return 0;
}
