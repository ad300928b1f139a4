#include "sim/sweep_runner.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <unistd.h>

#include "models/epidemic_run.hpp"
#include "results/output_file.hpp"
#include "sim/pipeline.hpp"
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
            const SweepOptions& options, std::int64_t& resumed, std::vector<bool>& done)
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
                if (!done[static_cast<std::size_t>(run)]) ++resumed;
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
            // Created exclusively: two sweeps to one output never share a journal.
            const int fd = create_side_file(path, options.restart);
            file_.reset(::fdopen(fd, "wb"));
            if (!file_) ::close(fd);
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

JournalHeader journal_header(const SweepSpec& spec) {
    JournalHeader header{
        {}, spec.fingerprint(), static_cast<std::int64_t>(spec.layout().size()), spec.runs()};
    std::memcpy(header.magic, journal_magic, sizeof journal_magic);
    return header;
}

// Keeps what the writer stores of a run whose daily series the sweep keeps.
KeptRun keep(std::int64_t run, const RunOutput& out) {
    return KeptRun{run, *out.ledger, out.outcomes};
}

} // namespace

std::filesystem::path journal_path(const std::filesystem::path& output, int rank, int ranks) {
    if (ranks <= 1) return output.string() + ".journal";
    return output.string() + ".journal." + std::to_string(rank) + "of" + std::to_string(ranks);
}

SweepRuns execute_sweep(const SweepSpec& spec, const std::filesystem::path& journal_file,
                        const SweepOptions& options) {
    SweepRuns out;
    const SweepRecordLayout& layout = spec.layout();
    const std::int64_t replicates = spec.design().replicates;
    std::vector<bool> done(static_cast<std::size_t>(spec.runs()), false);
    Journal journal(journal_file, journal_header(spec), options, out.resumed, done);

    // Work comes in blocks of a point's replicates (a point is grid point x sample), so a
    // sweep of one point with many replicates still spreads over every worker. A worker
    // keeps the scenario of the point it last built: blocks are handed out in order, so
    // each worker builds each point it meets once. Finished runs are skipped.
    constexpr std::int64_t block_size = 32;
    struct Block {
        std::int64_t point, first, last; // replicates [first, last)
    };
    const std::int64_t stride = std::max(1, options.ranks);
    std::vector<Block> blocks;
    std::int64_t own_runs = 0;
    for (std::int64_t p = options.rank; p < spec.points(); p += stride) {
        own_runs += replicates;
        for (std::int64_t k = 0; k < replicates; k += block_size) {
            const Block b{p, k, std::min(replicates, k + block_size)};
            for (std::int64_t j = b.first; j < b.last; ++j)
                if (!done[static_cast<std::size_t>(p * replicates + j)]) {
                    blocks.push_back(b);
                    break;
                }
        }
    }
    out.runs = own_runs;
    const auto& keep_daily = spec.design().keep_daily;
    const auto is_kept = [&](std::int64_t run) {
        return std::binary_search(keep_daily.begin(), keep_daily.end(), run);
    };

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
            RunPipeline pipeline; // its buffers serve every run of this worker
            std::optional<Scenario> scenario;
            std::int64_t built = -1;
            double deaths_without_vaccination = 0; // the point's counterfactual, once per point
            std::vector<std::int64_t> record(layout.size());
            while (!should_stop()) {
                const std::size_t i = next.fetch_add(1);
                if (i >= blocks.size()) return;
                const Block& block = blocks[i];
                const std::int64_t point = block.point;
                if (built != point) {
                    scenario.emplace(spec.build_point(point));
                    built = point;
                    // Without vaccination nothing random is drawn (supply and uptake do not
                    // matter), so one counterfactual serves every future of the point.
                    if (layout.epidemic())
                        deaths_without_vaccination =
                            simulate_epidemic(*scenario, nullptr).total_deaths();
                }
                for (std::int64_t k = block.first; k < block.last && !should_stop(); ++k) {
                    const std::int64_t run = point * replicates + k;
                    if (done[static_cast<std::size_t>(run)]) continue;
                    const RunOutput& result = pipeline.run(
                        *scenario,
                        RunRequest{.future = static_cast<std::uint64_t>(spec.decompose(run).future),
                                   .period_summaries = false,
                                   .counterfactual = false});
                    fill_record(layout, *result.scenario, *result.ledger, result.outcomes,
                                result.epidemic, deaths_without_vaccination, record.data());
                    std::lock_guard<std::mutex> lock(mutex);
                    journal.append(run, record);
                    if (is_kept(run)) out.kept.push_back(keep(run, result));
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

    // The file keeps these runs' daily series. Rank 0 writes the file, so it runs those an
    // earlier, interrupted sweep or another rank finished again, for their series alone.
    if (options.rank == 0) {
        RunPipeline pipeline;
        for (std::int64_t run : keep_daily) {
            if (std::any_of(out.kept.begin(), out.kept.end(),
                            [&](const KeptRun& k) { return k.run == run; }))
                continue;
            const auto index = spec.decompose(run);
            const Scenario scenario = spec.build_point(run / replicates);
            out.kept.push_back(keep(
                run, pipeline.run(scenario,
                                  RunRequest{.future = static_cast<std::uint64_t>(index.future),
                                             .period_summaries = false,
                                             .epidemic = false})));
        }
        std::sort(out.kept.begin(), out.kept.end(),
                  [](const KeptRun& a, const KeptRun& b) { return a.run < b.run; });
    } else {
        out.kept.clear();
    }
    return out;
}

void read_journal(const SweepSpec& spec, const std::filesystem::path& journal,
                  const RecordBatch& batch) {
    const std::size_t entry = 1 + spec.layout().size();
    constexpr std::size_t batch_entries = 4096;
    File in(std::fopen(journal.c_str(), "rb"));
    JournalHeader header{};
    if (!in || std::fread(&header, sizeof header, 1, in.get()) != 1)
        throw std::runtime_error("cannot read the sweep journal '" + journal.string() + "'");
    std::vector<std::int64_t> buffer(entry * batch_entries);
    for (;;) {
        const std::size_t n =
            std::fread(buffer.data(), entry * sizeof(std::int64_t), batch_entries, in.get());
        if (n > 0) batch(buffer.data(), n);
        if (n < batch_entries) return;
    }
}

} // namespace vaxsim
