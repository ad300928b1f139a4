#include "results/sweep_reader.hpp"

#include <algorithm>

#include "models/constraint.hpp"
#include "models/date.hpp"

namespace vaxsim {
namespace {

namespace fs = std::filesystem;
namespace f = format::sweep;
using format::DatasetSpec;

std::string attribute_where(std::string_view name) {
    return "attribute '" + std::string(name) + "' of /" + std::string(f::sweep_group::group);
}

} // namespace

SweepReader::SweepReader(const fs::path& path) : path_(path), file_(open_results_file(path)) {
    validate();
}

SweepReader::SweepReader(hid_t file, const fs::path& name)
    : path_(name), file_(file, nullptr, "use an open file") {
    validate();
}

void SweepReader::fail(const std::string& problem) const {
    throw FormatError(path_, {problem});
}

std::size_t SweepReader::extent(std::string_view symbol) const {
    const auto it = extents_.find(symbol);
    if (it == extents_.end())
        throw std::logic_error("no dimension '" + std::string(symbol) + "' in sweep files");
    return it->second;
}

void SweepReader::validate() {
    identity_ = read_identity(file_, path_);
    if (identity_.filetype != format::sweep_filetype)
        fail("a " + identity_.filetype + " file, not a sweep file (" +
             std::string(format::sweep_filetype) + ")");
    if (const auto problem = version_problem(identity_.version, format::sweep_version))
        fail(*problem);

    std::vector<std::string> problems;
    // The /sweep attributes: the design's counts, which the shapes must match.
    namespace s = f::sweep_group;
    if (!hdf5::has_object(file_, s::group)) fail("missing group /" + std::string(s::group));
    {
        const hdf5::Handle g = hdf5::open_group(file_, s::group);
        const auto text = [&](std::string_view name, std::string& out) {
            try {
                if (!hdf5::has_attribute(g, name))
                    problems.push_back("missing " + attribute_where(name));
                else
                    out = hdf5::read_string_attribute(g, name);
            } catch (const hdf5::Error&) {
                problems.push_back(attribute_where(name) + " is not a single string");
            }
        };
        const auto count = [&](std::string_view name, std::int64_t& out) {
            try {
                if (!hdf5::has_attribute(g, name)) {
                    problems.push_back("missing " + attribute_where(name));
                    return;
                }
                out = hdf5::read_int_attribute(g, name);
                if (out < 1 || out > format::max_count)
                    problems.push_back(attribute_where(name) + " is " + std::to_string(out) +
                                       ", expected a count from 1 to 2^53");
            } catch (const hdf5::Error&) {
                problems.push_back(attribute_where(name) + " is not a single int64");
            }
        };
        text(s::name, info_.name);
        text(s::source_file, info_.source_file);
        text(s::base_file, info_.base_file);
        text(s::sampling, info_.sampling);
        text(s::start, info_.start);
        count(s::runs, info_.runs);
        count(s::grid_points, info_.grid_points);
        count(s::samples, info_.samples);
        count(s::replicates, info_.replicates);
        if (problems.empty() && !parse_iso_date(info_.start))
            problems.push_back(attribute_where(s::start) + " is '" + info_.start +
                               "', expected a date");
        std::int64_t product = 0;
        if (problems.empty() &&
            (__builtin_mul_overflow(info_.grid_points, info_.samples, &product) ||
             __builtin_mul_overflow(product, info_.replicates, &product) || product != info_.runs))
            problems.push_back(attribute_where(s::runs) + " is " + std::to_string(info_.runs) +
                               ", not grid_points x samples x replicates = " +
                               std::to_string(info_.grid_points) + " x " +
                               std::to_string(info_.samples) + " x " +
                               std::to_string(info_.replicates));
    }
    if (!problems.empty()) throw FormatError(path_, problems);

    // The datasets, with R, G and N fixed by the design.
    const std::map<std::string_view, std::size_t> fixed{
        {"R", static_cast<std::size_t>(info_.runs)},
        {"G", static_cast<std::size_t>(info_.grid_points)},
        {"N", static_cast<std::size_t>(info_.grid_points * info_.samples)},
        {"C", static_cast<std::size_t>(format::constraint_codes_in_sweep(identity_.version.minor))},
        {"V", f::quantile_levels}};
    // A file of an older minor version (same major) lacks what later minors added.
    const bool older_minor = identity_.version.major == format::sweep_version.major &&
                             identity_.version.minor < format::sweep_version.minor;
    std::vector<const DatasetSpec*> expected;
    for (const DatasetSpec* spec : f::datasets)
        if (!(older_minor && spec->since_minor > identity_.version.minor)) expected.push_back(spec);
    Layout layout = check_layout(file_, expected, fixed);
    problems = std::move(layout.problems);
    extents_ = std::move(layout.extents);
    present_ = std::move(layout.present);
    // Dimensions only the records have, when no dataset names them.
    for (const char* symbol : {"T", "L", "Q", "D"}) extents_.emplace(symbol, 0);
    extents_["Q92"] = 92 * extents_["Q"];
    context_.extents = &extents_;

    // The records: one per run, each field int64 and as wide as its dimension.
    const std::string where = "/" + std::string(f::runs::group) + "/" + std::string(f::runs::outcomes);
    const std::string path = where.substr(1);
    const auto info = hdf5::dataset_info(file_, path);
    const auto fields = hdf5::compound_fields(file_, path);
    if (!info)
        problems.push_back("missing dataset " + where);
    else if (!fields)
        problems.push_back(where + " is not a table of records");
    else if (info->null_space || info->dims.size() != 1 ||
             info->dims[0] != static_cast<hsize_t>(info_.runs))
        problems.push_back(where + " is not one record per run (" + std::to_string(info_.runs) +
                           ")");
    else {
        const auto find = [&](std::string_view name) {
            return std::find_if(fields->begin(), fields->end(),
                                [&](const hdf5::FieldInfo& x) { return x.name == name; });
        };
        epidemic_ = find(f::outcome::epidemic_deaths) != fields->end();
        places_ = find(f::outcome::places_met) != fields->end();
        // The products: as many as the overdue fields are wide (format.hpp).
        const auto overdue = find(f::outcome::overdue_peak);
        extents_["P"] = overdue != fields->end() ? overdue->count : 0;
        for (const auto& spec : f::record_fields) {
            const std::size_t w = spec.width.empty() ? 1 : extent(spec.width);
            const auto it = find(spec.name);
            const std::string field = where + " field '" + std::string(spec.name) + "'";
            if (!has_field(spec)) {
                if (it != fields->end()) problems.push_back(field + " in a file of format 1." + std::to_string(identity_.version.minor));
            } else if (spec.epidemic && !epidemic_) {
                if (it != fields->end()) problems.push_back(field + " without the others of the epidemic model");
            } else if (spec.places && !places_) {
                // a sweep without places: none
            } else if (w == 0 && spec.width == "P") {
                problems.push_back("missing " + field); // a run has a product at least
            } else if (w == 0) {
                if (it != fields->end()) problems.push_back(field + " is there, but 0 wide");
            } else if (it == fields->end()) {
                problems.push_back("missing " + field);
            } else if (it->type_class != H5T_INTEGER || it->type_size != 8 ||
                       it->array != (w > 1) || it->count != w) {
                problems.push_back(field + " is not " +
                                   (w > 1 ? std::to_string(w) + " int64 (" +
                                                std::string(spec.width) + ")"
                                          : std::string("one int64")));
            }
        }
    }
    if (!problems.empty()) throw FormatError(path_, problems);
}

template <hdf5::Element T> std::vector<T> SweepReader::read(const DatasetSpec& spec) const {
    if (format::element_of<T>() != spec.type)
        throw std::logic_error("the sweep reader disagrees with results/format.hpp on /" +
                               spec.path());
    if (std::find(present_.begin(), present_.end(), &spec) == present_.end()) return {};
    auto values = hdf5::read_dataset<T>(file_, spec.path());
    std::vector<hsize_t> dims;
    for (std::size_t i = 0; i < spec.shape.rank; ++i) dims.push_back(extent(spec.shape.symbols[i]));
    if (auto problem = value_problem(spec.where(), spec.values, spec.of, values, dims, context_))
        fail(*problem);
    return values;
}

const format::sweep::RecordFieldSpec& SweepReader::field_spec(std::string_view field) const {
    for (const auto& spec : f::record_fields)
        if (spec.name == field) return spec;
    throw std::logic_error("no record field '" + std::string(field) + "' in results/format.hpp");
}

bool SweepReader::has_field(const format::sweep::RecordFieldSpec& spec) const {
    return !(identity_.version.major == format::sweep_version.major &&
             spec.since_minor > identity_.version.minor);
}

std::size_t SweepReader::width(std::string_view field) const {
    const auto& spec = field_spec(field);
    if (spec.epidemic && !epidemic_) return 0;
    if (spec.places && !places_) return 0;
    if (!has_field(spec)) return 0;
    return spec.width.empty() ? 1 : extent(spec.width);
}

std::vector<std::int64_t> SweepReader::outcome(std::string_view field) const {
    const auto& spec = field_spec(field);
    const std::size_t w = width(field);
    if (w == 0) return {};
    std::vector<std::int64_t> values;
    try {
        values = hdf5::read_record_field(file_, std::string(f::runs::group) + "/" +
                                                    std::string(f::runs::outcomes),
                                         field, w);
    } catch (const hdf5::Error& e) {
        fail("/runs/outcomes field '" + std::string(field) + "' is unreadable: " + e.what());
    }
    const std::vector<hsize_t> dims{static_cast<hsize_t>(info_.runs), w};
    if (auto problem = value_problem("/runs/outcomes field '" + std::string(field) + "'",
                                     spec.values, spec.of, values, dims, context_))
        fail(*problem);
    return values;
}

SweepTargets SweepReader::targets() const {
    namespace t = f::targets;
    return {read<std::string>(t::id), read<std::string>(t::label), read<std::string>(t::measure),
            read<std::string>(t::deadline), read<std::int64_t>(t::threshold)};
}

SweepRunIndex SweepReader::run_index() const {
    namespace r = f::runs;
    return {read<std::int64_t>(r::grid_point), read<std::int64_t>(r::sample),
            read<std::int64_t>(r::replicate), read<std::int64_t>(r::future)};
}

SweepOdds SweepReader::odds(const format::sweep::OddsDatasets& o) const {
    return {read<std::int64_t>(o.runs),
            read<std::int64_t>(o.runs_met),
            read<std::int64_t>(o.runs_reached),
            read<double>(o.p_met),
            read<double>(o.p_met_low),
            read<double>(o.p_met_high),
            read<double>(o.quantile_level),
            read<std::string>(o.first_reached_quantile)};
}

std::vector<std::string> SweepReader::grid_labels() const {
    return read<std::string>(f::grid_label);
}

ParameterOddsInput SweepReader::parameter_odds_input() const {
    namespace p = f::parameters;
    ParameterOddsInput in;
    in.path = read<std::string>(p::path);
    in.kind = read<std::string>(p::kind);
    in.point_value = read<double>(p::point_value);
    in.point_text = read<std::string>(p::point_text);
    in.grid_points = info_.grid_points;
    in.samples = info_.samples;
    const SweepRunIndex index = run_index();
    in.grid_point = index.grid_point;
    in.sample = index.sample;
    in.target_met = outcome(f::outcome::target_met);
    in.targets = extent("T");
    return in;
}

SweepCoverage SweepReader::coverage() const {
    namespace c = f::coverage;
    SweepCoverage out;
    const auto population = read<std::int64_t>(c::population);
    if (population.empty()) return out; // a file before 1.4
    out.population = population.front();
    out.population_label = read<std::string>(c::population_label).front();
    out.target_on_chart = read<std::int64_t>(c::target_on_chart);
    out.days = extent("D");
    out.first_dose_people = read<std::int64_t>(c::first_dose_people);
    out.fully_vaccinated_people = read<std::int64_t>(c::fully_vaccinated_people);
    return out;
}

std::vector<std::string> SweepReader::quarter_labels() const {
    return read<std::string>(f::runs::quarter_label);
}

std::map<std::string, std::string> SweepReader::parameter_display_names() const {
    namespace p = f::parameters;
    const auto path = read<std::string>(p::path);
    const auto display = read<std::string>(p::display_name); // empty before 1.5
    std::map<std::string, std::string> names;
    for (std::size_t j = 0; j < path.size(); ++j)
        names[path[j]] = j < display.size() && !display[j].empty() ? display[j] : path[j];
    return names;
}

SweepSensitivity SweepReader::sensitivity() const {
    namespace s = f::sensitivity;
    return {read<std::string>(s::parameter), read<std::string>(s::earliest_value),
            read<std::string>(s::latest_value), read<double>(s::effect_days),
            read<double>(s::noise_days)};
}

std::vector<std::string> SweepReader::value_problems() const {
    std::vector<std::string> problems;
    const auto keep = [&](const auto& read_it) {
        try {
            read_it();
        } catch (const FormatError& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        }
    };
    for (const DatasetSpec* spec : present_) {
        if (spec->values == format::Values::any) continue;
        if (spec->type == format::Element::string)
            keep([&] { read<std::string>(*spec); });
        else if (spec->type == format::Element::float64)
            keep([&] { read<double>(*spec); });
        else
            keep([&] { read<std::int64_t>(*spec); });
    }
    for (const auto& spec : f::record_fields) keep([&] { outcome(spec.name); });
    return problems;
}

} // namespace vaxsim
