#include "results/run_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include "models/constraint.hpp"
#include "models/date.hpp"
#include "models/text.hpp"

namespace vaxsim {

namespace fs = std::filesystem;
using format::DatasetSpec;
using format::Element;

namespace {

std::string attribute_where(std::string_view group, std::string_view name) {
    return "attribute '" + std::string(name) + "' of /" + std::string(group);
}

bool type_matches(const hdf5::DatasetInfo& info, Element type) {
    switch (type) {
    case Element::string:
        return info.variable_string;
    case Element::int8:
        return info.type_class == H5T_INTEGER && info.type_size == 1;
    case Element::int32:
        return info.type_class == H5T_INTEGER && info.type_size == 4;
    case Element::int64:
        return info.type_class == H5T_INTEGER && info.type_size == 8;
    case Element::float64:
        return info.type_class == H5T_FLOAT && info.type_size == 8;
    }
    return false;
}

std::string type_text(const hdf5::DatasetInfo& info) {
    const std::string bits = std::to_string(8 * info.type_size);
    switch (info.type_class) {
    case H5T_STRING:
        return info.variable_string ? "strings" : "fixed-length strings";
    case H5T_INTEGER:
        return "int" + bits;
    case H5T_FLOAT:
        return "float" + bits;
    default:
        return "another type";
    }
}

std::string shape_text(const std::vector<hsize_t>& dims) {
    if (dims.empty()) return "a scalar";
    std::string out = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) out += (i ? ", " : "") + std::to_string(dims[i]);
    return out + "]";
}

std::string symbols_text(const format::Shape& shape) {
    if (shape.rank == 0) return "a scalar";
    std::string out = "[";
    for (std::size_t i = 0; i < shape.rank; ++i)
        out += (i ? ", " : "") + std::string(shape.symbols[i]);
    return out + "]";
}

} // namespace

FormatError::FormatError(const fs::path& file, std::vector<std::string> problems)
    : std::runtime_error("'" + file.string() + "': " + joined(problems, "; ")),
      problems_(std::move(problems)) {}

std::string FileIdentity::version_text() const {
    return std::to_string(version.major) + "." + std::to_string(version.minor);
}

FileIdentity read_identity(hid_t file, const fs::path& path) {
    namespace f = format::root;
    if (!hdf5::has_attribute(file, f::filetype) || !hdf5::has_attribute(file, f::format_version))
        throw FormatError(path, {"an HDF5 file, but not one vaxsim wrote (no filetype)"});
    FileIdentity id;
    try {
        id.filetype = hdf5::read_string_attribute(file, f::filetype);
        const auto version = hdf5::read_int_attribute_vector(file, f::format_version);
        if (version.size() != 2)
            throw FormatError(path, {"its format_version is not [major, minor]"});
        id.version = {version[0], version[1]};
        // Written by every vaxsim, but not needed to read the rest.
        if (hdf5::has_attribute(file, f::program_version))
            id.program_version = hdf5::read_string_attribute(file, f::program_version);
        if (hdf5::has_attribute(file, f::creation_time))
            id.creation_time = hdf5::read_string_attribute(file, f::creation_time);
        if (hdf5::has_attribute(file, f::command_line))
            id.command_line = hdf5::read_string_attribute(file, f::command_line);
        if (hdf5::has_attribute(file, f::seed)) id.seed = hdf5::read_int_attribute(file, f::seed);
    } catch (const hdf5::Error& e) {
        throw FormatError(path, {std::string("its root attributes are unreadable: ") + e.what()});
    }
    return id;
}

std::optional<std::string> version_problem(const format::Version& found,
                                           const format::Version& supported) {
    if (found.major == supported.major) return std::nullopt;
    const std::string text = "format " + std::to_string(found.major) + "." +
                             std::to_string(found.minor) + " is not one this vaxsim reads (" +
                             std::to_string(supported.major) + ".x)";
    return text + (found.major < supported.major
                       ? ": it was written by an older vaxsim; run the scenario again"
                       : ": it was written by a newer vaxsim");
}

Layout check_layout(hid_t file, const std::vector<const DatasetSpec*>& expected,
                    const std::map<std::string_view, std::size_t>& fixed) {
    Layout layout;
    // Presence, type and rank of each dataset; then each dimension's extent is what most
    // datasets with it agree on (the first seen on a tie), so one emptied or reshaped
    // dataset is the one named, not every dataset that disagrees with it.
    std::vector<std::pair<const DatasetSpec*, std::vector<hsize_t>>> shaped;
    for (const DatasetSpec* spec : expected) {
        const auto info = hdf5::dataset_info(file, spec->path());
        if (!info) {
            if (spec->presence != format::Presence::optional)
                layout.problems.push_back("missing dataset " + spec->where());
        } else if (!type_matches(*info, spec->type))
            layout.problems.push_back(spec->where() + " holds " + type_text(*info) +
                                      ", expected " +
                                      std::string(format::element_name(spec->type)));
        else if (info->null_space || info->dims.size() != spec->shape.rank)
            layout.problems.push_back(spec->where() + " is " +
                                      (info->null_space ? "empty" : shape_text(info->dims)) +
                                      ", expected " + symbols_text(spec->shape));
        else
            shaped.emplace_back(spec, info->dims);
    }
    std::map<std::string_view, std::vector<std::pair<hsize_t, int>>> votes; // extent, count
    for (const auto& [spec, dims] : shaped)
        for (std::size_t i = 0; i < dims.size(); ++i) {
            if (fixed.count(spec->shape.symbols[i])) continue;
            auto& v = votes[spec->shape.symbols[i]];
            const hsize_t extent = dims[i]; // clang 14 cannot capture a structured binding
            const auto it =
                std::find_if(v.begin(), v.end(), [&](const auto& e) { return e.first == extent; });
            if (it == v.end())
                v.emplace_back(dims[i], 1);
            else
                ++it->second;
        }
    layout.extents = fixed;
    for (const auto& [symbol, v] : votes)
        layout.extents[symbol] =
            std::max_element(v.begin(), v.end(), [](const auto& a, const auto& b) {
                return a.second < b.second;
            })->first;
    for (const auto& [spec, dims] : shaped) {
        bool agrees = true;
        for (std::size_t i = 0; i < dims.size() && agrees; ++i) {
            const std::string_view symbol = spec->shape.symbols[i];
            const std::size_t want = layout.extents[symbol];
            if (dims[i] != want) {
                layout.problems.push_back(
                    spec->where() + " is " + shape_text(dims) + ", expected " +
                    symbols_text(spec->shape) + " with " + std::string(symbol) + " = " +
                    std::to_string(want) +
                    (fixed.count(symbol) ? "" : " (as in the other datasets)"));
                agrees = false;
            }
        }
        if (agrees) layout.present.push_back(spec);
    }
    return layout;
}

namespace {

std::string index_text(std::size_t flat, const std::vector<hsize_t>& dims) {
    if (dims.empty()) return "the value";
    std::vector<std::size_t> index(dims.size());
    for (std::size_t i = dims.size(); i-- > 0;) {
        const auto extent = static_cast<std::size_t>(std::max<hsize_t>(dims[i], 1));
        index[i] = flat % extent;
        flat /= extent;
    }
    std::string out = "[";
    for (std::size_t i = 0; i < index.size(); ++i)
        out += (i ? ", " : "") + std::to_string(index[i]);
    return out + "]";
}

std::string value_text(const std::string& v) {
    return "'" + (v.size() > 40 ? v.substr(0, 40) + "..." : v) + "'";
}
std::string value_text(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}
std::string value_text(std::int64_t v) {
    return std::to_string(v);
}

std::size_t extent_of(const ValueContext& c, std::string_view symbol) {
    if (!c.extents) return 0;
    const auto it = c.extents->find(symbol);
    return it == c.extents->end() ? 0 : it->second;
}

std::string rule_text(format::Values rule, std::string_view of, const ValueContext& c) {
    using V = format::Values;
    const std::string bound = std::to_string(extent_of(c, of));
    switch (rule) {
    case V::any:
        return "any value";
    case V::count:
        return "a whole number from 0 to 2^53";
    case V::signed_count:
        return "a whole number from -2^53 to 2^53";
    case V::flag:
        return "0 or 1";
    case V::share:
        return "a share from 0 to 1";
    case V::share_or_unset:
        return "a share from 0 to 1, or -1";
    case V::amount:
        return "a finite number from 0 to 2^53";
    case V::amount_or_unset:
        return "a finite number from 0 to 2^53, or -1";
    case V::positive_amount:
        return "a finite number above 0, up to 2^53";
    case V::weekday:
        return "a weekday, 0 to 6";
    case V::series_length:
        return "doses in a series, 1 or more";
    case V::constraint_code:
        return "a constraint code, 0 to " + std::to_string(constraint_codes - 1);
    case V::index:
        return "an index below " + std::string(of) + " = " + bound;
    case V::index_or_none:
        return "-1 or an index below " + std::string(of) + " = " + bound;
    case V::day_or_never:
        return "-1 or a day of the run, below " + bound;
    case V::date:
        return "a date, YYYY-MM-DD";
    case V::date_or_none:
        return "a date, YYYY-MM-DD, or empty";
    case V::date_in_run:
        return "a date of the run";
    case V::date_in_run_or_none:
        return "a date of the run, or empty";
    }
    return "its rule";
}

bool keeps(format::Values rule, std::string_view of, double x, const ValueContext& c) {
    using V = format::Values;
    const double max = static_cast<double>(format::max_count);
    const bool whole = std::isfinite(x) && x == std::floor(x);
    const auto below = [&](double bound) { return whole && x >= 0 && x < bound; };
    switch (rule) {
    case V::count:
        return whole && x >= 0 && x <= max;
    case V::signed_count:
        return whole && std::fabs(x) <= max;
    case V::flag:
        return x == 0 || x == 1;
    case V::share:
        return std::isfinite(x) && x >= 0 && x <= 1;
    case V::share_or_unset:
        return x == -1 || (std::isfinite(x) && x >= 0 && x <= 1);
    case V::amount:
        return std::isfinite(x) && x >= 0 && x <= max;
    case V::amount_or_unset:
        return x == -1 || (std::isfinite(x) && x >= 0 && x <= max);
    case V::positive_amount:
        return std::isfinite(x) && x > 0 && x <= max;
    case V::weekday:
        return whole && x >= 0 && x <= 6;
    case V::series_length:
        return whole && x >= 1 && x <= max;
    case V::constraint_code:
        return below(constraint_codes);
    case V::index:
        return below(static_cast<double>(extent_of(c, of)));
    case V::index_or_none:
    case V::day_or_never:
        return x == -1 || below(static_cast<double>(extent_of(c, of)));
    default:
        return true; // a rule for text
    }
}

bool keeps(format::Values rule, std::string_view, const std::string& v, const ValueContext& c) {
    using V = format::Values;
    if (v.empty() && (rule == V::date_or_none || rule == V::date_in_run_or_none)) return true;
    if (rule == V::date || rule == V::date_or_none) return parse_iso_date(v).has_value();
    if (rule == V::date_in_run || rule == V::date_in_run_or_none) {
        const auto d = parse_iso_date(v);
        return d && *d >= c.first_day &&
               static_cast<std::size_t>(*d - c.first_day) < c.days;
    }
    return true; // a rule for numbers
}

} // namespace

template <class T>
std::optional<std::string> value_problem(const std::string& where, format::Values rule,
                                         std::string_view of, const std::vector<T>& values,
                                         const std::vector<hsize_t>& dims,
                                         const ValueContext& context) {
    if (rule == format::Values::any) return std::nullopt;
    std::size_t failures = 0;
    std::string examples;
    for (std::size_t i = 0; i < values.size(); ++i) {
        bool ok;
        std::string text;
        if constexpr (std::is_same_v<T, std::string>) {
            ok = keeps(rule, of, values[i], context);
            if (!ok) text = value_text(values[i]);
        } else if constexpr (std::is_floating_point_v<T>) {
            ok = keeps(rule, of, values[i], context);
            if (!ok) text = value_text(values[i]);
        } else {
            // Whole numbers beyond 2^53 do not survive the trip through a double.
            const auto v = static_cast<std::int64_t>(values[i]);
            ok = v >= -format::max_count && v <= format::max_count &&
                 keeps(rule, of, static_cast<double>(v), context);
            if (!ok) text = value_text(v);
        }
        if (!ok && failures++ < 3)
            examples += (examples.empty() ? "" : ", ") + index_text(i, dims) + " = " + text;
    }
    if (failures == 0) return std::nullopt;
    return where + ": " + std::to_string(failures) +
           (failures == 1 ? " value breaks" : " values break") + " its rule (" +
           rule_text(rule, of, context) + "), e.g. " + examples;
}
template std::optional<std::string> value_problem(const std::string&, format::Values,
                                                  std::string_view,
                                                  const std::vector<std::string>&,
                                                  const std::vector<hsize_t>&,
                                                  const ValueContext&);
template std::optional<std::string> value_problem(const std::string&, format::Values,
                                                  std::string_view, const std::vector<double>&,
                                                  const std::vector<hsize_t>&,
                                                  const ValueContext&);
template std::optional<std::string> value_problem(const std::string&, format::Values,
                                                  std::string_view,
                                                  const std::vector<std::int64_t>&,
                                                  const std::vector<hsize_t>&,
                                                  const ValueContext&);
template std::optional<std::string> value_problem(const std::string&, format::Values,
                                                  std::string_view,
                                                  const std::vector<std::int32_t>&,
                                                  const std::vector<hsize_t>&,
                                                  const ValueContext&);
template std::optional<std::string> value_problem(const std::string&, format::Values,
                                                  std::string_view,
                                                  const std::vector<std::int8_t>&,
                                                  const std::vector<hsize_t>&,
                                                  const ValueContext&);

hdf5::Handle open_results_file(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw FormatError(path, {"no such file"});
    if (!hdf5::is_hdf5_file(path)) throw FormatError(path, {"not an HDF5 file"});
    return hdf5::open_file(path);
}

void require_hdf5_input(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw std::runtime_error("'" + path.string() + "': no such file");
    if (fs::is_directory(path, ec))
        throw std::runtime_error("'" + path.string() + "' is a directory, not a results file");
    if (!hdf5::is_hdf5_file(path))
        throw std::runtime_error("'" + path.string() + "' is not an HDF5 results file");
}

RunReader::RunReader(const fs::path& path) : path_(path), file_(open_results_file(path)) {
    validate();
}

RunReader::RunReader(hid_t file, const fs::path& name)
    : path_(name), file_(file, nullptr, "use an open file") {
    validate();
}

void RunReader::validate() {
    identity_ = read_identity(file_, path_);
    if (identity_.filetype != format::run_filetype)
        fail("a " + identity_.filetype + " file, not a run file (" +
             std::string(format::run_filetype) + ")");
    if (const auto problem = version_problem(identity_.version, format::run_version))
        fail(*problem);

    epidemic_ = hdf5::has_object(file_, format::epidemic::group);
    counterfactual_ = hdf5::has_object(file_, format::counterfactual.group);
    places_ = hdf5::has_object(file_, format::places::group);
    hospital_ = epidemic_ && hdf5::has_object(file_, format::hospital::group);
    std::vector<const DatasetSpec*> expected;
    // A file of an older minor version (same major) lacks what later minors added.
    const bool older_minor = identity_.version.major == format::run_version.major &&
                             identity_.version.minor < format::run_version.minor;
    // A group its minor could not have (/places in a 2.4 file) is not read: as that minor's
    // reader would, the file is read without it (its datasets are not expected, so nothing
    // of it has a shape to read by).
    const auto known_in_minor = [&](format::Presence presence) {
        if (!older_minor) return true;
        for (const DatasetSpec* spec : format::run_datasets)
            if (spec->presence == presence && spec->since_minor <= identity_.version.minor) return true;
        return false;
    };
    places_ = places_ && known_in_minor(format::Presence::places);
    hospital_ = hospital_ && known_in_minor(format::Presence::hospital);
    for (const DatasetSpec* spec : format::run_datasets)
        if (!(spec->presence == format::Presence::epidemic && !epidemic_) &&
            !(spec->presence == format::Presence::counterfactual && !counterfactual_) &&
            !(spec->presence == format::Presence::places && !places_) &&
            !(spec->presence == format::Presence::hospital && !hospital_) &&
            !(spec->presence == format::Presence::hospital_counterfactual &&
              !(hospital_ && counterfactual_)) &&
            !(older_minor && spec->since_minor > identity_.version.minor))
            expected.push_back(spec);
    Layout layout = check_layout(file_, expected);
    if (!layout.problems.empty()) throw FormatError(path_, layout.problems);
    extents_ = std::move(layout.extents);
    present_ = std::move(layout.present);
    context_.extents = &extents_;
    if (extent("D") == 0) fail(format::calendar::date.where() + " is empty: a run has days");
    if (extent("G") == 0) fail(format::groups::id.where() + " is empty: a run has groups");
    if (extent("P") == 0) fail(format::products::id.where() + " is empty: a run has products");
    // The calendar first: the rules for dates of the run refer to it.
    const auto dates = read<std::string>(format::calendar::date);
    const auto first = parse_iso_date(dates.front());
    for (std::size_t d = 0; d < dates.size(); ++d)
        if (parse_iso_date(dates[d]) != *first + static_cast<int>(d))
            fail(format::calendar::date.where() + " is not a run of consecutive days (at '" +
                 dates[d] + "')");
    context_.first_day = *first;
    context_.days = dates.size();
    // K is the longest series (at least 1), plus the boosters of a run with booster
    // campaigns (since 2.2; before, exactly the longest series): a reader indexes doses by it.
    const auto series = read<std::int64_t>(format::products::doses_in_series);
    const auto longest = *std::max_element(series.begin(), series.end());
    const auto K = static_cast<std::int64_t>(extent("K"));
    if (K < longest || (K != longest && older_minor && identity_.version.minor < 2))
        fail(format::daily::doses.where() + " has " + std::to_string(extent("K")) +
             " dose numbers, but the longest series in " +
             format::products::doses_in_series.where() + " is " + std::to_string(longest));
}

std::vector<std::string> RunReader::value_problems() const {
    std::vector<std::string> problems;
    const auto check = [&](const DatasetSpec& spec, const auto& values) {
        std::vector<hsize_t> dims;
        for (std::size_t i = 0; i < spec.shape.rank; ++i)
            dims.push_back(extent(spec.shape.symbols[i]));
        if (auto p = value_problem(spec.where(), spec.values, spec.of, values, dims, context_))
            problems.push_back(std::move(*p));
    };
    for (const DatasetSpec* spec : present_) {
        if (spec->values == format::Values::any) continue;
        switch (spec->type) {
        case Element::string:
            check(*spec, hdf5::read_dataset<std::string>(file_, spec->path()));
            break;
        case Element::float64:
            check(*spec, hdf5::read_dataset<double>(file_, spec->path()));
            break;
        default: // every integer type, widened
            check(*spec, hdf5::read_dataset<std::int64_t>(file_, spec->path()));
        }
    }
    return problems;
}

void RunReader::fail(const std::string& problem) const {
    throw FormatError(path_, {problem});
}

std::size_t RunReader::extent(std::string_view symbol) const {
    const auto it = extents_.find(symbol);
    if (it == extents_.end())
        throw std::logic_error("no dimension '" + std::string(symbol) + "' in results/format.hpp");
    return it->second;
}

template <hdf5::Element T> std::vector<T> RunReader::read(const DatasetSpec& spec) const {
    if (format::element_of<T>() != spec.type)
        throw std::logic_error("the run reader disagrees with results/format.hpp on /" +
                               spec.path());
    auto values = hdf5::read_dataset<T>(file_, spec.path());
    std::vector<hsize_t> dims;
    for (std::size_t i = 0; i < spec.shape.rank; ++i) dims.push_back(extent(spec.shape.symbols[i]));
    if (auto problem = value_problem(spec.where(), spec.values, spec.of, values, dims, context_))
        fail(*problem);
    return values;
}

bool RunReader::has(const DatasetSpec& spec) const {
    return std::find(present_.begin(), present_.end(), &spec) != present_.end();
}

CountMatrix RunReader::matrix(const DatasetSpec& spec) const {
    const auto values = read<std::int64_t>(spec);
    return Eigen::Map<const CountMatrix>(values.data(),
                                         static_cast<Eigen::Index>(extent(spec.shape.symbols[0])),
                                         static_cast<Eigen::Index>(extent(spec.shape.symbols[1])));
}

RealMatrix RunReader::real_matrix(const DatasetSpec& spec) const {
    const auto values = read<double>(spec);
    return Eigen::Map<const RealMatrix>(values.data(),
                                        static_cast<Eigen::Index>(extent(spec.shape.symbols[0])),
                                        static_cast<Eigen::Index>(extent(spec.shape.symbols[1])));
}

template <hdf5::Element T>
T RunReader::attribute(std::string_view group, std::string_view name) const {
    try {
        const hdf5::Handle g = hdf5::open_group(file_, group);
        if (!hdf5::has_attribute(g, name)) fail("missing " + attribute_where(group, name));
        return hdf5::read_scalar_attribute<T>(g, name);
    } catch (const hdf5::Error&) {
        fail(attribute_where(group, name) + " is not a single " +
             std::string(format::element_name(format::element_of<T>())));
    }
}

ScenarioInfo RunReader::scenario() const {
    namespace f = format::scenario;
    ScenarioInfo s;
    s.name = attribute<std::string>(f::group, f::name);
    s.description = attribute<std::string>(f::group, f::description);
    s.source_file = attribute<std::string>(f::group, f::source_file);
    s.base_file = attribute<std::string>(f::group, f::base_file);
    s.first_dose_allocation = attribute<std::string>(f::group, f::first_dose_allocation);
    s.second_dose_reserve = attribute<std::string>(f::group, f::second_dose_reserve);
    s.second_dose_reserve_share = attribute<double>(f::group, f::second_dose_reserve_share);
    s.text = read<std::string>(f::text).front();
    s.base_text = read<std::string>(f::base_text).front();
    s.effective = read<std::string>(f::effective).front();
    s.overrides = read<std::string>(f::overrides);
    return s;
}

Calendar RunReader::calendar() const {
    namespace f = format::calendar;
    // The dates were checked to be consecutive days when the file was opened.
    return {read<std::string>(f::date), read<std::string>(f::quarter),
            read<std::string>(f::month), read<std::int32_t>(f::weekday)};
}

BandTable RunReader::bands() const {
    namespace f = format::bands;
    return {read<std::string>(f::id), read<std::int64_t>(f::min_age),
            read<std::int64_t>(f::max_age), read<std::int64_t>(f::count)};
}

GroupTable RunReader::groups() const {
    namespace f = format::groups;
    GroupTable g;
    g.id = read<std::string>(f::id);
    g.label = read<std::string>(f::label);
    g.tier = read<std::string>(f::tier);
    g.opens = read<std::string>(f::opens);
    g.products = read<std::string>(f::products);
    g.bands = read<std::string>(f::bands);
    g.plan_quarter = read<std::string>(f::plan_quarter);
    g.size = read<std::int64_t>(f::size);
    g.willing = read<std::int64_t>(f::willing);
    g.priority = read<std::int64_t>(f::priority);
    g.plan_count = read<std::int64_t>(f::plan_count);
    g.uptake = read<double>(f::uptake);
    return g;
}

ProductTable RunReader::products() const {
    namespace f = format::products;
    ProductTable p;
    p.id = read<std::string>(f::id);
    p.label = read<std::string>(f::label);
    p.doses_in_series = read<std::int64_t>(f::doses_in_series);
    p.interval_days_at_start = read<std::int64_t>(f::interval_days_at_start);
    p.supply_before_modifiers = read<std::int64_t>(f::supply_before_modifiers);
    p.supply_delay_days = read<std::int64_t>(f::supply_delay_days);
    p.delivered_after_end = read<std::int64_t>(f::delivered_after_end);
    p.exports_not_made = has(f::exports_not_made) ? read<std::int64_t>(f::exports_not_made)
                                                  : std::vector<std::int64_t>(p.id.size(), 0);
    p.wastage = read<double>(f::wastage);
    p.second_dose_completion = read<double>(f::second_dose_completion);
    p.supply_scale = read<double>(f::supply_scale);
    p.supply_shortfall = read<double>(f::supply_shortfall);
    return p;
}

SiteTable RunReader::sites() const {
    namespace f = format::sites;
    SiteTable t;
    if (!has(f::id)) { // before 2.2: one site of every product
        std::string all;
        for (const auto& id : read<std::string>(format::products::id))
            all += (all.empty() ? "" : " ") + id;
        return {{"all"}, {"all sites"}, {""}, {all}};
    }
    t.id = read<std::string>(f::id);
    t.label = read<std::string>(f::label);
    t.kind = read<std::string>(f::kind);
    t.products = read<std::string>(f::products);
    return t;
}

TargetTable RunReader::targets() const {
    namespace f = format::targets;
    TargetTable t;
    t.id = read<std::string>(f::id);
    t.label = read<std::string>(f::label);
    t.measure = read<std::string>(f::measure);
    t.population = read<std::string>(f::population);
    t.deadline = read<std::string>(f::deadline);
    t.since = read<std::string>(f::since);
    t.first_reached = read<std::string>(f::first_reached);
    t.population_count = read<std::int64_t>(f::population_count);
    t.threshold = read<std::int64_t>(f::threshold);
    t.value_at_deadline = read<std::int64_t>(f::value_at_deadline);
    t.met = read<std::int64_t>(f::met);
    t.margin = read<std::int64_t>(f::margin);
    t.share = read<double>(f::share);
    return t;
}

PlanCheckTable RunReader::plan_check() const {
    namespace f = format::plan_check;
    PlanCheckTable c;
    c.group = read<std::string>(f::group_id);
    c.quarter = read<std::string>(f::quarter);
    c.planned = read<std::int64_t>(f::planned);
    c.started_in_quarter = read<std::int64_t>(f::started_in_quarter);
    c.met = read<std::int64_t>(f::met);
    c.quarter_in_run = read<std::int64_t>(f::quarter_in_run);
    const auto ids = read<std::string>(format::groups::id);
    for (const auto& g : c.group) {
        const auto it = std::find(ids.begin(), ids.end(), g);
        if (it == ids.end())
            fail(f::group_id.where() + " names '" + g + "', which is not in " +
                 format::groups::id.where());
        c.group_index.push_back(static_cast<std::size_t>(it - ids.begin()));
    }
    return c;
}

PeriodTable RunReader::periods(const format::PeriodDatasets& f) const {
    PeriodTable t;
    t.label = read<std::string>(f.label);
    t.first_day = read<std::string>(f.first_day);
    t.last_day = read<std::string>(f.last_day);
    t.first_doses = matrix(f.first_doses);
    t.second_doses = matrix(f.second_doses);
    t.first_dose_people = matrix(f.first_dose_people);
    t.fully_vaccinated_people = matrix(f.fully_vaccinated_people);
    t.deliveries = matrix(f.deliveries);
    t.administered = matrix(f.administered);
    t.wasted = matrix(f.wasted);
    t.capacity = read<std::int64_t>(f.capacity);
    t.capacity_used = read<std::int64_t>(f.capacity_used);
    return t;
}

DailySeries RunReader::daily() const {
    namespace f = format::daily;
    DailySeries s;
    s.first_dose_people = matrix(f::first_dose_people);
    s.fully_vaccinated_people = matrix(f::fully_vaccinated_people);
    if (has(f::boosted_people)) s.boosted_people = matrix(f::boosted_people);
    if (has(f::up_to_date_people)) s.up_to_date_people = matrix(f::up_to_date_people);
    s.deliveries = matrix(f::deliveries);
    s.administered = matrix(f::administered);
    s.wasted = matrix(f::wasted);
    s.stock = matrix(f::stock);
    for (auto [spec, into] : {std::pair{&f::extracted, &s.extracted},
                              std::pair{&f::imported, &s.imported},
                              std::pair{&f::exported, &s.exported}}) {
        if (has(*spec))
            *into = matrix(*spec);
        else
            into->setZero(s.stock.rows(), s.stock.cols());
    }
    s.second_doses_overdue = matrix(f::second_doses_overdue);
    s.second_doses_outstanding = matrix(f::second_doses_outstanding);
    if (std::find(present_.begin(), present_.end(), &f::dropped_out) != present_.end())
        s.dropped_out = matrix(f::dropped_out);
    else
        s.dropped_out = CountMatrix::Zero(s.stock.rows(), s.stock.cols());
    s.target_value = matrix(f::target_value);
    s.capacity = read<std::int64_t>(f::capacity);
    s.capacity_used = read<std::int64_t>(f::capacity_used);
    s.binding_constraint = read<std::int8_t>(f::binding_constraint);
    s.binding_product = read<std::int32_t>(f::binding_product);
    if (has(f::site_capacity)) {
        s.site_capacity = matrix(f::site_capacity);
        s.site_capacity_used = matrix(f::site_capacity_used);
        s.binding_site = read<std::int32_t>(f::binding_site);
    } else { // before 2.2: one site
        const auto D = static_cast<Eigen::Index>(s.capacity.size());
        s.site_capacity.resize(D, 1);
        s.site_capacity_used.resize(D, 1);
        for (Eigen::Index t = 0; t < D; ++t) {
            s.site_capacity(t, 0) = s.capacity[static_cast<std::size_t>(t)];
            s.site_capacity_used(t, 0) = s.capacity_used[static_cast<std::size_t>(t)];
        }
        s.binding_site.assign(s.capacity.size(), -1);
    }
    if (has(format::group_binding::constraint)) {
        s.group_binding_constraint = read<std::int8_t>(format::group_binding::constraint);
        s.group_binding_product = read<std::int32_t>(format::group_binding::product);
    }
    // Both index tables were checked against their rules (format.hpp) as they were read.
    return s;
}

DoseTable RunReader::doses() const {
    return {read<std::int64_t>(format::daily::doses), extent("D"), extent("G"), extent("P"),
            extent("K")};
}

InitialTable RunReader::initial() const {
    namespace f = format::initial;
    InitialTable t;
    t.groups = extent("G");
    t.products = extent("P");
    t.doses_per_person = extent("K");
    if (!has(f::as_of)) { // before 2.3: every run started from nothing
        t.doses.assign(t.groups * t.products * t.doses_per_person, 0);
        t.stock.assign(t.products, 0);
        t.replaced_deliveries.assign(t.products, 0);
        return t;
    }
    t.as_of = read<std::string>(f::as_of).front();
    t.doses = read<std::int64_t>(f::doses);
    t.stock = read<std::int64_t>(f::stock);
    t.replaced_deliveries = read<std::int64_t>(f::replaced_deliveries);
    return t;
}

EpidemicSeries RunReader::epidemic_series(const format::EpidemicSeriesDatasets& f) const {
    namespace e = format::epidemic;
    EpidemicSeries s{real_matrix(f.infections),
                     real_matrix(f.hospitalisations),
                     real_matrix(f.deaths),
                     attribute<double>(f.group, e::total_infections),
                     attribute<double>(f.group, e::total_hospitalisations),
                     attribute<double>(f.group, e::total_deaths)};
    // Totals are sums of amounts: finite, from 0 to D x E x 2^53.
    for (const auto& [name, total] : {std::pair{e::total_infections, s.total_infections},
                                      std::pair{e::total_hospitalisations, s.total_hospitalisations},
                                      std::pair{e::total_deaths, s.total_deaths}})
        if (!std::isfinite(total) || total < 0)
            fail(attribute_where(f.group, name) + " is " + std::to_string(total) +
                 ", expected a finite number from 0");
    if (has(f.people)) {
        s.people = real_matrix(f.people);
        s.smallest_compartment = attribute<double>(f.group, e::smallest_compartment);
        if (!std::isfinite(*s.smallest_compartment))
            fail(attribute_where(f.group, e::smallest_compartment) + " is " +
                 std::to_string(*s.smallest_compartment) + ", expected a finite number");
    }
    return s;
}

std::pair<double, std::size_t> HospitalLoadSeries::peak(const std::vector<double>& occupancy) {
    std::pair<double, std::size_t> p{0.0, 0};
    for (std::size_t t = 0; t < occupancy.size(); ++t)
        if (occupancy[t] > p.first) p = {occupancy[t], t};
    return p;
}

HospitalLoadSeries RunReader::hospital_load(const format::HospitalLoadDatasets& f) const {
    HospitalLoadSeries s;
    s.admissions = real_matrix(f.admissions);
    s.deaths_by_date = real_matrix(f.deaths_by_date);
    s.admissions_after_end = read<double>(f.admissions_after_end);
    s.deaths_after_end = read<double>(f.deaths_after_end);
    s.ward_occupancy = read<double>(f.ward_occupancy);
    s.icu_occupancy = read<double>(f.icu_occupancy);
    s.days_over_beds = read<std::int64_t>(f.days_over_beds).at(0);
    s.days_over_icu_beds = read<std::int64_t>(f.days_over_icu_beds).at(0);
    return s;
}

std::optional<EpidemicData> RunReader::epidemic() const {
    if (!epidemic_) return std::nullopt;
    namespace f = format::epidemic;
    EpidemicData e;
    e.r0 = attribute<double>(f::group, f::r0);
    e.beta = attribute<double>(f::group, f::beta);
    e.latent_days = attribute<double>(f::group, f::latent_days);
    e.infectious_days = attribute<double>(f::group, f::infectious_days);
    e.substeps = attribute<std::int64_t>(f::group, f::substeps);
    e.severity_source = attribute<std::string>(f::group, f::severity_source);
    if (identity_.version.minor >= f::stochastic_since_minor) {
        e.stochastic = attribute<std::int64_t>(f::group, f::stochastic) != 0;
        e.future = attribute<std::int64_t>(f::group, f::future);
    }
    e.band = read<std::string>(f::band);
    if (has(f::band_min_age)) e.band_min_age = read<std::int64_t>(f::band_min_age);
    e.population = read<double>(f::population);
    e.vaccinated = epidemic_series(format::vaccinated);
    if (counterfactual_) e.counterfactual = epidemic_series(format::counterfactual);
    if (has(f::doses_given))
        e.doses = EpidemicDoseData{real_matrix(f::doses_given), real_matrix(f::doses_moved),
                                   real_matrix(f::doses_after_end)};
    if (hospital_ && has(format::hospital::beds)) {
        namespace h = format::hospital;
        HospitalData d;
        d.source = attribute<std::string>(h::group, h::source);
        d.beds = read<std::int64_t>(h::beds).at(0);
        d.icu_beds = read<std::int64_t>(h::icu_beds).at(0);
        d.icu_share = read<double>(h::icu_share);
        d.vaccinated = hospital_load(format::vaccinated_load);
        if (counterfactual_) d.counterfactual = hospital_load(format::counterfactual_load);
        e.hospital = std::move(d);
    }
    return e;
}

std::optional<SolveRecord> RunReader::solve() const { return read_solve_record(file_, path_); }

std::optional<PlaceData> RunReader::places() const {
    if (!places_) return std::nullopt;
    namespace f = format::places;
    PlaceData p;
    p.id = read<std::string>(f::id);
    p.label = read<std::string>(f::label);
    p.people = matrix(f::people);
    p.rule = read<std::string>(f::rule).at(0);
    p.transfer_lag_days = read<std::int64_t>(f::transfer_lag_days).at(0);
    p.days = extent("D");
    p.places = extent("A");
    p.products = extent("P");
    p.groups = extent("G");
    p.targets = extent("T");
    p.deliveries = read<std::int64_t>(f::deliveries);
    p.administered = read<std::int64_t>(f::administered);
    p.stock = read<std::int64_t>(f::stock);
    if (has(f::moved_in)) {
        p.moved_in = read<std::int64_t>(f::moved_in);
        p.moved_out = read<std::int64_t>(f::moved_out);
        p.rebalance_every_days = read<std::int64_t>(f::rebalance_every_days).at(0);
    } else {
        p.moved_in.assign(p.stock.size(), 0);
        p.moved_out.assign(p.stock.size(), 0);
    }
    p.first_dose_people = read<std::int64_t>(f::first_dose_people);
    p.fully_vaccinated_people = read<std::int64_t>(f::fully_vaccinated_people);
    p.up_to_date_people = read<std::int64_t>(f::up_to_date_people);
    p.group_binding_constraint = read<std::int8_t>(f::group_binding_constraint);
    p.target_value = read<std::int64_t>(f::target_value);
    p.capacity = matrix(f::capacity);
    p.capacity_used = matrix(f::capacity_used);
    p.binding_constraint = read<std::int8_t>(f::binding_constraint);
    p.target_population = matrix(f::target_population);
    p.target_threshold = matrix(f::target_threshold);
    p.target_met = matrix(f::target_met);
    p.target_first_reached = read<std::string>(f::target_first_reached);
    p.equity_range = real_matrix(f::equity_range);
    p.equity_ratio = real_matrix(f::equity_ratio);
    p.equity_gini = real_matrix(f::equity_gini);
    if (has(f::plan_planned)) { // since 2.10
        p.plan_planned = matrix(f::plan_planned);
        p.plan_started_in_quarter = matrix(f::plan_started_in_quarter);
        p.plan_met = matrix(f::plan_met);
    }
    return p;
}

} // namespace vaxsim
