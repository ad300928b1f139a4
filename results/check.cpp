#include "results/check.hpp"

#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

#include "models/text.hpp"
#include "results/format.hpp"
#include "results/hdf5_interface.hpp"
#include "results/run_file.hpp"
#include "results/run_reader.hpp"

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
};

// The sweep reading below is the sweep file's (its own reader is to come).
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

std::string at_day(const Calendar& c, Eigen::Index t) {
    return c.date[static_cast<std::size_t>(t)];
}

// Counts of people and doses are never negative.
void check_counts(const RunReader& reader, const Calendar& cal, const DailySeries& daily,
                  const DoseTable& doses, const GroupTable& groups, FileCheck& check) {
    Tally negative(check, "negative counts");
    const auto matrix = [&](const format::DatasetSpec& spec, const CountMatrix& m) {
        for (Eigen::Index t = 0; t < m.rows(); ++t)
            for (Eigen::Index j = 0; j < m.cols(); ++j)
                if (m(t, j) < 0)
                    negative.fail(spec.where() + " on " + at_day(cal, t) + " column " +
                                  std::to_string(j));
    };
    namespace f = format::daily;
    matrix(f::first_dose_people, daily.first_dose_people);
    matrix(f::fully_vaccinated_people, daily.fully_vaccinated_people);
    matrix(f::deliveries, daily.deliveries);
    matrix(f::administered, daily.administered);
    matrix(f::wasted, daily.wasted);
    matrix(f::stock, daily.stock);
    matrix(f::second_doses_overdue, daily.second_doses_overdue);
    matrix(f::second_doses_outstanding, daily.second_doses_outstanding);
    matrix(f::target_value, daily.target_value);
    const auto flat = [&](const format::DatasetSpec& spec, const std::vector<std::int64_t>& v) {
        for (std::size_t i = 0; i < v.size(); ++i)
            if (v[i] < 0) negative.fail(spec.where() + " [" + std::to_string(i) + "]");
    };
    flat(f::doses, doses.values);
    flat(f::capacity, daily.capacity);
    flat(f::capacity_used, daily.capacity_used);
    flat(format::groups::size, groups.size);
    flat(format::groups::willing, groups.willing);
    flat(format::products::delivered_after_end, reader.products().delivered_after_end);
    negative.done("no count of people or doses is negative");
}

void check_run(const RunReader& reader, FileCheck& check) {
    const Calendar cal = reader.calendar();
    const GroupTable groups = reader.groups();
    const DailySeries daily = reader.daily();
    const DoseTable doses = reader.doses();
    const std::size_t D = doses.days, G = doses.groups, P = doses.products, K = doses.doses;
    check.facts.push_back(std::to_string(D) + " days (" + cal.date.front() + " to " +
                          cal.date.back() + "), " + std::to_string(G) + " groups, " +
                          std::to_string(P) + " products, up to " + std::to_string(K) +
                          " doses each");
    check.passed.push_back("every dataset is present, of its type and shape, and the daily "
                           "series match the calendar, the groups and the products");
    check_counts(reader, cal, daily, doses, groups, check);

    Tally ledger(check, "delivered != administered + wasted + in stock");
    for (std::size_t p = 0; p < P; ++p) {
        std::int64_t in = 0, out = 0;
        for (std::size_t t = 0; t < D; ++t) {
            const auto tt = static_cast<Eigen::Index>(t), pp = static_cast<Eigen::Index>(p);
            in += daily.deliveries(tt, pp);
            out += daily.administered(tt, pp) + daily.wasted(tt, pp);
            if (in != out + daily.stock(tt, pp))
                ledger.fail(cal.date[t] + " product " + std::to_string(p));
        }
    }
    ledger.done("ledger: delivered = administered + wasted + in stock, every day, every product");

    Tally over(check, "capacity exceeded");
    Tally accounting(check,
                     "doses by group and product do not add up to administered or capacity used");
    for (std::size_t t = 0; t < D; ++t) {
        const auto tt = static_cast<Eigen::Index>(t);
        std::int64_t day_total = 0;
        for (std::size_t p = 0; p < P; ++p) {
            std::int64_t by_group = 0;
            for (std::size_t g = 0; g < G; ++g)
                for (std::size_t k = 0; k < K; ++k) by_group += doses.at(t, g, p, k);
            if (by_group != daily.administered(tt, static_cast<Eigen::Index>(p)))
                accounting.fail(cal.date[t]);
            day_total += daily.administered(tt, static_cast<Eigen::Index>(p));
        }
        if (day_total != daily.capacity_used[t]) accounting.fail(cal.date[t]);
        if (daily.capacity_used[t] > daily.capacity[t]) over.fail(cal.date[t]);
    }
    over.done("capacity is never exceeded");
    accounting.done(
        "doses by group and product add up to the doses administered and capacity used");

    Tally coverage(check, "coverage out of order (willing above the group, first doses above "
                          "the willing, full above first, or falling)");
    Tally first_total(check, "people with a first dose do not match the first doses given");
    const CountMatrix& first = daily.first_dose_people;
    const CountMatrix& full = daily.fully_vaccinated_people;
    for (std::size_t g = 0; g < G; ++g) {
        const auto gg = static_cast<Eigen::Index>(g);
        if (groups.willing[g] > groups.size[g]) coverage.fail("group " + groups.id[g]);
        std::int64_t given = 0;
        for (std::size_t t = 0; t < D; ++t) {
            const auto tt = static_cast<Eigen::Index>(t);
            for (std::size_t p = 0; p < P; ++p) given += doses.at(t, g, p, 0);
            if (given != first(tt, gg)) first_total.fail(cal.date[t] + " group " + groups.id[g]);
            if (first(tt, gg) > groups.willing[g] || full(tt, gg) > first(tt, gg) ||
                (t > 0 && (first(tt, gg) < first(tt - 1, gg) || full(tt, gg) < full(tt - 1, gg))))
                coverage.fail(cal.date[t] + " group " + groups.id[g]);
        }
    }
    coverage.done("coverage: the willing within each group, first doses within the willing, "
                  "fully vaccinated within first doses, never falling");
    first_total.done("people with a first dose equal the first doses given to their group");

    const TargetTable targets = reader.targets();
    Tally verdicts(check, "a target's verdict disagrees with its numbers");
    for (std::size_t i = 0; i < targets.id.size(); ++i) {
        const auto deadline = std::find(cal.date.begin(), cal.date.end(), targets.deadline[i]);
        const bool in_run = deadline != cal.date.end();
        // An overdue measure is a bound: met at or below it, the margin its headroom.
        const bool bound = targets.measure[i].rfind("overdue_", 0) == 0;
        const std::int64_t above = targets.value_at_deadline[i] - targets.threshold[i];
        if (targets.met[i] != (bound ? above <= 0 : above >= 0) ||
            targets.margin[i] != (bound ? -above : above) ||
            (in_run &&
             daily.target_value(deadline - cal.date.begin(), static_cast<Eigen::Index>(i)) !=
                 targets.value_at_deadline[i]))
            verdicts.fail("target " + targets.id[i]);
    }
    verdicts.done("every target's value at its deadline, margin and verdict agree with its "
                  "daily series");
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
    const FileIdentity id = read_identity(file, path);
    FileCheck check;
    std::string written = "format " + id.version_text();
    if (!id.program_version.empty()) written += ", written by vaxsim " + id.program_version;
    if (!id.creation_time.empty()) written += " at " + id.creation_time;
    check.facts.push_back(id.filetype + ", " + written);
    try {
        if (id.filetype == format::run_filetype) {
            check_run(RunReader(path), check);
        } else if (id.filetype == format::sweep_filetype) {
            if (const auto problem = version_problem(id.version, format::sweep_version))
                check.problems.push_back(*problem);
            else
                check_sweep(file, check);
        } else {
            check.problems.push_back("unknown filetype '" + id.filetype + "'");
        }
    } catch (const FormatError& e) {
        check.problems.insert(check.problems.end(), e.problems().begin(), e.problems().end());
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
