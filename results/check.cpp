#include "results/check.hpp"

#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

#include "models/text.hpp"
#include "results/hdf5_interface.hpp"
#include "results/run_file.hpp"

namespace vaxsim {
namespace {

using hdf5::Handle;

// Collects failures of one kind, naming the first few.
class Tally {
  public:
    Tally(FileCheck& check, std::string what) : check_(check), what_(std::move(what)) {}
    void fail(const std::string& where) {
        if (failures_++ < 3) examples_ += (examples_.empty() ? "" : "; ") + where;
    }
    void done(const std::string& passed_text) {
        if (failures_ == 0)
            check_.passed.push_back(passed_text);
        else
            check_.problems.push_back(what_ + ": " + std::to_string(failures_) +
                                      " failures, e.g. " + examples_);
    }

  private:
    FileCheck& check_;
    std::string what_;
    std::string examples_;
    long failures_ = 0;
};

struct Array {
    std::vector<std::int64_t> values;
    std::vector<hsize_t> dims;
    std::int64_t at(std::size_t i, std::size_t j) const { return values[i * dims[1] + j]; }
};

Array read_array(hid_t file, const std::string& path, std::size_t rank, FileCheck& check) {
    Array a;
    if (!hdf5::has_object(file, path)) {
        check.problems.push_back("missing dataset /" + path);
        return a;
    }
    a.values = hdf5::read_int_dataset(file, path, &a.dims);
    if (a.dims.size() != rank) {
        check.problems.push_back("/" + path + " has " + std::to_string(a.dims.size()) +
                                 " dimensions, expected " + std::to_string(rank));
        a.values.clear();
    }
    return a;
}

void check_run(hid_t file, FileCheck& check) {
    const auto dates = hdf5::read_string_dataset(file, "calendar/date");
    const Array deliveries = read_array(file, "daily/deliveries", 2, check);
    const Array administered = read_array(file, "daily/administered", 2, check);
    const Array wasted = read_array(file, "daily/wasted", 2, check);
    const Array stock = read_array(file, "daily/stock", 2, check);
    const Array capacity = read_array(file, "daily/capacity", 1, check);
    const Array used = read_array(file, "daily/capacity_used", 1, check);
    const Array doses = read_array(file, "daily/doses", 4, check);
    const Array first = read_array(file, "daily/first_dose_people", 2, check);
    const Array full = read_array(file, "daily/fully_vaccinated_people", 2, check);
    const Array willing = read_array(file, "groups/willing", 1, check);
    if (!check.problems.empty()) return;
    const std::size_t D = dates.size(), P = deliveries.dims[1], G = first.dims[1];
    check.facts.push_back(std::to_string(D) + " days (" + dates.front() + " to " + dates.back() +
                          "), " + std::to_string(G) + " groups, " + std::to_string(P) +
                          " products");
    const auto shape_is = [&](const Array& a, std::vector<hsize_t> dims, const std::string& name) {
        if (a.dims != dims)
            check.problems.push_back("/" + name +
                                     " does not match the calendar, groups and products");
        return a.dims == dims;
    };
    // Check every shape (no short circuit), so each mismatch is reported.
    bool shapes = true;
    shapes = shape_is(deliveries, {D, P}, "daily/deliveries") && shapes;
    shapes = shape_is(administered, {D, P}, "daily/administered") && shapes;
    shapes = shape_is(wasted, {D, P}, "daily/wasted") && shapes;
    shapes = shape_is(stock, {D, P}, "daily/stock") && shapes;
    shapes = shape_is(capacity, {D}, "daily/capacity") && shapes;
    shapes = shape_is(used, {D}, "daily/capacity_used") && shapes;
    shapes = shape_is(doses, {D, G, P, 2}, "daily/doses") && shapes;
    shapes = shape_is(full, {D, G}, "daily/fully_vaccinated_people") && shapes;
    shapes = shape_is(willing, {G}, "groups/willing") && shapes;
    if (!shapes) return;
    check.passed.push_back("every daily series matches the calendar, the groups and the products");

    Tally ledger(check, "delivered != administered + wasted + in stock");
    Tally negative(check, "negative stock");
    for (std::size_t p = 0; p < P; ++p) {
        std::int64_t in = 0, out = 0;
        for (std::size_t t = 0; t < D; ++t) {
            in += deliveries.at(t, p);
            out += administered.at(t, p) + wasted.at(t, p);
            if (in != out + stock.at(t, p)) ledger.fail(dates[t] + " product " + std::to_string(p));
            if (stock.at(t, p) < 0) negative.fail(dates[t] + " product " + std::to_string(p));
        }
    }
    ledger.done("ledger: delivered = administered + wasted + in stock, every day, every product");
    negative.done("stock is never negative");

    Tally over(check, "capacity exceeded");
    Tally accounting(check,
                     "doses by group and product do not add up to administered or capacity used");
    for (std::size_t t = 0; t < D; ++t) {
        std::int64_t day_total = 0;
        for (std::size_t p = 0; p < P; ++p) {
            std::int64_t by_group = 0;
            for (std::size_t g = 0; g < G; ++g)
                by_group += doses.values[((t * G + g) * P + p) * 2] +
                            doses.values[((t * G + g) * P + p) * 2 + 1];
            if (by_group != administered.at(t, p)) accounting.fail(dates[t]);
            day_total += administered.at(t, p);
        }
        if (day_total != used.values[t]) accounting.fail(dates[t]);
        if (used.values[t] > capacity.values[t]) over.fail(dates[t]);
    }
    over.done("capacity is never exceeded");
    accounting.done(
        "doses by group and product add up to the doses administered and capacity used");

    Tally coverage(
        check,
        "coverage out of order (first doses above the willing, full above first, or falling)");
    Tally first_total(check, "people with a first dose do not match the first doses given");
    for (std::size_t g = 0; g < G; ++g) {
        std::int64_t given = 0;
        for (std::size_t t = 0; t < D; ++t) {
            for (std::size_t p = 0; p < P; ++p) given += doses.values[((t * G + g) * P + p) * 2];
            if (given != first.at(t, g)) first_total.fail(dates[t] + " group " + std::to_string(g));
            if (first.at(t, g) > willing.values[g] || full.at(t, g) > first.at(t, g) ||
                (t > 0 &&
                 (first.at(t, g) < first.at(t - 1, g) || full.at(t, g) < full.at(t - 1, g))))
                coverage.fail(dates[t] + " group " + std::to_string(g));
        }
    }
    coverage.done("coverage: first doses within the willing, fully vaccinated within first doses, "
                  "never falling");
    first_total.done("people with a first dose equal the first doses given to their group");
}

void check_sweep(hid_t file, FileCheck& check) {
    const Handle sweep = hdf5::open_group(file, "sweep");
    const std::int64_t runs = hdf5::read_int_attribute(sweep, "runs");
    const std::int64_t grid = hdf5::read_int_attribute(sweep, "grid_points");
    const std::int64_t samples = hdf5::read_int_attribute(sweep, "samples");
    const std::int64_t replicates = hdf5::read_int_attribute(sweep, "replicates");
    check.facts.push_back(with_commas(runs) + " runs: " + std::to_string(grid) + " grid points x " +
                          std::to_string(samples) + " samples x " + std::to_string(replicates) +
                          " replicates");
    if (runs != grid * samples * replicates)
        check.problems.push_back("runs != grid points x samples x replicates");
    for (const char* name : {"runs/grid_point", "runs/sample", "runs/replicate", "runs/future"}) {
        const Array a = read_array(file, name, 1, check);
        if (!a.values.empty() && static_cast<std::int64_t>(a.dims[0]) != runs)
            check.problems.push_back(std::string("/") + name + " does not have one entry per run");
    }
    const auto targets = hdf5::read_string_dataset(file, "targets/id");
    const auto met = hdf5::read_record_field(file, "runs/outcomes", "target_met", targets.size());
    if (static_cast<std::int64_t>(met.size()) != runs * static_cast<std::int64_t>(targets.size())) {
        check.problems.push_back("/runs/outcomes does not have one record per run");
        return;
    }
    const auto p_met = hdf5::read_double_dataset(file, "summary/p_met");
    const auto runs_met = hdf5::read_int_dataset(file, "summary/runs_met");
    Tally summary(check, "the summary disagrees with the runs");
    for (std::size_t t = 0; t < targets.size(); ++t) {
        std::int64_t count = 0;
        for (std::int64_t r = 0; r < runs; ++r)
            count += met[static_cast<std::size_t>(r) * targets.size() + t] != 0;
        if (count != runs_met[t] ||
            std::fabs(p_met[t] - static_cast<double>(count) / static_cast<double>(runs)) > 1e-12)
            summary.fail("target " + targets[t]);
    }
    summary.done("P(met) of every target agrees with the runs' records");
}

} // namespace

FileCheck check_results_file(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path))
        throw std::runtime_error("'" + path.string() + "' does not exist");
    if (!hdf5::is_hdf5_file(path))
        throw std::runtime_error("'" + path.string() + "' is not an HDF5 file");
    const Handle file = hdf5::open_file(path);
    FileCheck check;
    if (!hdf5::has_attribute(file, "filetype") || !hdf5::has_attribute(file, "format_version"))
        throw std::runtime_error("'" + path.string() +
                                 "' is an HDF5 file, but not one vaxsim wrote (no filetype)");
    const std::string type = hdf5::read_string_attribute(file, "filetype");
    const auto version = hdf5::read_int_attribute_vector(file, "format_version");
    const std::string version_text =
        version.size() == 2 ? std::to_string(version[0]) + "." + std::to_string(version[1])
                            : std::string("?");
    std::string written = "format " + version_text;
    if (hdf5::has_attribute(file, "program_version"))
        written += ", written by vaxsim " + hdf5::read_string_attribute(file, "program_version");
    if (hdf5::has_attribute(file, "creation_time"))
        written += " at " + hdf5::read_string_attribute(file, "creation_time");
    check.facts.push_back(type + ", " + written);
    if (version.size() != 2 || version[0] != format_version_major) {
        check.problems.push_back("format " + version_text + " is not one this vaxsim reads (" +
                                 std::to_string(format_version_major) + ".x)");
        return check;
    }
    try {
        if (type == run_filetype)
            check_run(file, check);
        else if (type == sweep_filetype)
            check_sweep(file, check);
        else
            check.problems.push_back("unknown filetype '" + type + "'");
    } catch (const hdf5::Error& e) {
        check.problems.push_back(std::string("the file's layout is broken: ") + e.what());
    }
    return check;
}

std::string format_file_check(const std::filesystem::path& path, const FileCheck& check) {
    std::ostringstream out;
    out << path.string() << ": " << (check.ok() ? "OK" : "PROBLEMS FOUND") << "\n";
    for (const auto& f : check.facts) out << "  " << f << "\n";
    for (const auto& p : check.passed) out << "  ok: " << p << "\n";
    for (const auto& p : check.problems) out << "  PROBLEM: " << p << "\n";
    return out.str();
}

} // namespace vaxsim
