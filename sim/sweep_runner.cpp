#include "sim/sweep_runner.hpp"

#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "sim/engine/simulation.hpp"
#include "models/epidemic_run.hpp"
#include "sim/progress.hpp"

namespace vaxsim {
namespace {

constexpr char journal_magic[8] = {'V', 'X', 'S', 'W', 'E', 'E', 'P', '1'};

struct JournalHeader {
    char magic[8];
    std::uint64_t fingerprint;
    std::int64_t record_size;
    std::int64_t runs;
};

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f) std::fclose(f);
    }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

class Journal {
  public:
    Journal(const std::filesystem::path& path, const JournalHeader& header,
            const SweepOptions& options, SweepRuns& runs, std::vector<bool>& done)
        : path_(path) {
        const std::size_t record_bytes =
            sizeof(std::int64_t) * (1 + static_cast<std::size_t>(header.record_size));
        std::error_code ec;
        const bool exists = std::filesystem::exists(path, ec);
        if (options.resume) {
            if (!exists)
                throw std::runtime_error("nothing to resume: no journal '" + path.string() + "'");
            File in(std::fopen(path.c_str(), "rb"));
            JournalHeader found{};
            if (!in || std::fread(&found, sizeof found, 1, in.get()) != 1 ||
                std::memcmp(found.magic, journal_magic, sizeof journal_magic) != 0)
                throw std::runtime_error("'" + path.string() + "' is not a vaxsim sweep journal");
            if (found.fingerprint != header.fingerprint ||
                found.record_size != header.record_size || found.runs != header.runs)
                throw std::runtime_error(
                    "the journal '" + path.string() +
                    "' belongs to a different sweep (the sweep file, its scenario "
                    "or the program changed); use --force to start over");
            std::vector<std::int64_t> buffer(1 + static_cast<std::size_t>(header.record_size));
            std::uintmax_t complete = sizeof found;
            while (std::fread(buffer.data(), record_bytes, 1, in.get()) == 1) {
                const std::int64_t run = buffer[0];
                if (run < 0 || run >= header.runs) break;
                std::copy(buffer.begin() + 1, buffer.end(),
                          runs.records.begin() + run * header.record_size);
                if (!done[static_cast<std::size_t>(run)]) ++runs.resumed;
                done[static_cast<std::size_t>(run)] = true;
                complete += record_bytes;
            }
            in.reset();
            // A run cut off mid-record by a kill is dropped and simply run again.
            std::filesystem::resize_file(path, complete);
            file_.reset(std::fopen(path.c_str(), "ab"));
        } else {
            if (exists && !options.restart)
                throw std::runtime_error(
                    "an interrupted sweep's journal '" + path.string() +
                    "' exists: add --resume to finish it, or --force to start over");
            file_.reset(std::fopen(path.c_str(), "wb"));
            if (file_ && std::fwrite(&header, sizeof header, 1, file_.get()) != 1) file_.reset();
        }
        if (!file_)
            throw std::runtime_error("cannot write the sweep journal '" + path.string() + "'");
        std::fflush(file_.get());
    }

    void append(std::int64_t run, const std::vector<std::int64_t>& values) {
        if (std::fwrite(&run, sizeof run, 1, file_.get()) != 1 ||
            std::fwrite(values.data(), sizeof(std::int64_t), values.size(), file_.get()) !=
                values.size() ||
            std::fflush(file_.get()) != 0)
            throw std::runtime_error("cannot write the sweep journal '" + path_.string() +
                                     "' (disk full?)");
    }

  private:
    std::filesystem::path path_;
    File file_;
};

} // namespace

std::filesystem::path journal_path(const std::filesystem::path& output, int rank, int ranks) {
    if (ranks <= 1) return output.string() + ".journal";
    return output.string() + ".journal." + std::to_string(rank) + "of" + std::to_string(ranks);
}

SweepRuns execute_sweep(const SweepSpec& spec, const std::filesystem::path& journal_file,
                        const SweepOptions& options) {
    SweepRuns out;
    out.layout = metric_layout(spec.build_point(0, 0));
    out.runs = spec.runs();
    const std::size_t width = out.layout.size();
    out.records.assign(static_cast<std::size_t>(out.runs) * width, 0);
    std::vector<bool> done(static_cast<std::size_t>(out.runs), false);

    const JournalHeader header{{'V', 'X', 'S', 'W', 'E', 'E', 'P', '1'},
                               spec.fingerprint(),
                               static_cast<std::int64_t>(width),
                               out.runs};
    Journal journal(journal_file, header, options, out, done);

    // Work comes in blocks of a point's replicates (a point is grid point x sample), so a
    // sweep of one point with many replicates still spreads over every worker. A worker
    // keeps the scenario of the point it last built: blocks are handed out in order, so
    // each worker builds each point it meets once. Finished runs are skipped.
    constexpr std::int64_t block_size = 32;
    struct Block {
        std::int64_t point, first, last; // replicates [first, last)
    };
    const std::int64_t points = spec.grid_points() * spec.samples;
    const std::int64_t stride = std::max(1, options.ranks);
    std::vector<Block> blocks;
    std::int64_t own_runs = 0;
    for (std::int64_t p = options.rank; p < points; p += stride) {
        own_runs += spec.replicates;
        for (std::int64_t k = 0; k < spec.replicates; k += block_size) {
            const Block b{p, k, std::min(spec.replicates, k + block_size)};
            for (std::int64_t j = b.first; j < b.last; ++j)
                if (!done[static_cast<std::size_t>(p * spec.replicates + j)]) {
                    blocks.push_back(b);
                    break;
                }
        }
    }

    std::int64_t finished = out.resumed;
    std::int64_t new_runs = 0;
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop_now{false};
    std::mutex mutex;
    std::exception_ptr failure;
    ProgressLine progress("sweep", own_runs, out.resumed, options.show_progress);

    const auto should_stop = [&] {
        return stop_now.load() || (options.stop && options.stop->load());
    };
    const auto worker = [&] {
        try {
            std::optional<Scenario> scenario;
            std::int64_t built = -1;
            double deaths_without_vaccination = 0; // the point's counterfactual, once per point
            while (!should_stop()) {
                const std::size_t i = next.fetch_add(1);
                if (i >= blocks.size()) return;
                const Block& block = blocks[i];
                const std::int64_t point = block.point;
                if (built != point) {
                    scenario.emplace(spec.build_point(point / spec.samples, point % spec.samples));
                    built = point;
                    // Without vaccination nothing random is drawn (supply and uptake do not
                    // matter), so one counterfactual serves every future of the point.
                    if (out.layout.epidemic)
                        deaths_without_vaccination =
                            simulate_epidemic(*scenario, nullptr).total_deaths();
                }
                for (std::int64_t k = block.first; k < block.last && !should_stop(); ++k) {
                    const std::int64_t run = point * spec.replicates + k;
                    if (done[static_cast<std::size_t>(run)]) continue;
                    const auto index = spec.decompose(run);
                    // Only a scenario with uncertain inputs needs its own copy per future.
                    std::optional<Scenario> drawn;
                    if (scenario->is_stochastic())
                        drawn.emplace(scenario->realize(static_cast<std::uint64_t>(index.future)));
                    const Scenario& this_run = drawn ? *drawn : *scenario;
                    const auto metrics = run_metrics(this_run, out.layout, simulate(this_run),
                                                     deaths_without_vaccination);
                    std::lock_guard<std::mutex> lock(mutex);
                    journal.append(run, metrics);
                    std::copy(metrics.begin(), metrics.end(),
                              out.records.begin() + static_cast<std::ptrdiff_t>(
                                                        run * static_cast<std::int64_t>(width)));
                    ++finished;
                    if (options.stop_after >= 0 && ++new_runs >= options.stop_after)
                        stop_now = true;
                    progress.update(finished);
                }
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex);
            if (!failure) failure = std::current_exception();
            stop_now = true;
        }
    };

    const int threads = std::max(1, options.threads);
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    progress.finish();
    if (failure) std::rethrow_exception(failure);
    if (finished < own_runs)
        throw SweepInterrupted("interrupted after " + std::to_string(finished) + " of " +
                               std::to_string(own_runs) + " runs; the finished runs are kept in '" +
                               journal_file.string() +
                               "': run the same command with --resume to finish");
    return out;
}

Ledger rerun(const SweepSpec& spec, std::int64_t run, std::optional<Scenario>* scenario_out) {
    const auto index = spec.decompose(run);
    const Scenario scenario = spec.build_point(index.grid_point, index.sample);
    Scenario drawn = scenario.is_stochastic()
                         ? scenario.realize(static_cast<std::uint64_t>(index.future))
                         : scenario;
    Ledger result = simulate(drawn);
    if (scenario_out) scenario_out->emplace(std::move(drawn));
    return result;
}

} // namespace vaxsim
