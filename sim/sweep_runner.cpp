#include "sim/sweep_runner.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <unistd.h>

#include "models/epidemic_run.hpp"
#include "models/random.hpp"
#include "results/format.hpp"
#include "results/output_file.hpp"
#include "sim/pipeline.hpp"
#include "sim/progress.hpp"

namespace vaxsim {
namespace {

// The journal (results/LAYOUT.md#the-sweep-journal): a header, then one record per
// finished run: run index, the run's values, and a checksum of both. FNV-1a changes with
// any change confined to one byte, so a flipped bit or a byte of garbage is always caught.
struct JournalHeader {
    char magic[8];
    std::uint64_t fingerprint;
    std::int64_t record_size; // values per record, not counting run index and checksum
    std::int64_t runs;
    std::uint64_t checksum; // of the fields above
};
static_assert(sizeof(JournalHeader) == 40);

std::uint64_t bytes_hash(const void* data, std::size_t size, std::uint64_t h) {
    return fnv1a(std::string_view(static_cast<const char*>(data), size), h);
}

std::uint64_t header_checksum(const JournalHeader& h) {
    return bytes_hash(&h, offsetof(JournalHeader, checksum), 0xCBF29CE484222325ull);
}

// A record's checksum, keyed by the sweep's fingerprint: a record of another sweep's
// journal does not pass either.
std::uint64_t record_checksum(const std::int64_t* entry, std::size_t values,
                              std::uint64_t fingerprint) {
    return bytes_hash(entry, sizeof(std::int64_t) * (1 + values), fingerprint);
}

// Words on disk per record: run index, values, checksum.
std::size_t record_words(const JournalHeader& h) {
    return 2 + static_cast<std::size_t>(h.record_size);
}

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f) std::fclose(f);
    }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

[[noreturn]] void corrupt(const std::filesystem::path& path, const std::string& what) {
    throw std::runtime_error("the sweep journal '" + path.string() + "' is corrupt: " + what +
                             "; its runs cannot be trusted: use --force to start over");
}

// Reads and checks the header: a vaxsim journal of this format, of this sweep.
JournalHeader read_header(std::FILE* in, const std::filesystem::path& path,
                          const JournalHeader& expected) {
    JournalHeader found{};
    const auto magic = format::sweep_journal_magic;
    if (std::fread(&found, sizeof found, 1, in) != 1 ||
        std::memcmp(found.magic, magic.data(), magic.size() - 1) != 0)
        throw std::runtime_error("'" + path.string() + "' is not a vaxsim sweep journal");
    if (found.magic[magic.size() - 1] != magic.back())
        throw std::runtime_error("the sweep journal '" + path.string() +
                                 "' was written by another version of vaxsim (journal format " +
                                 std::string(1, found.magic[magic.size() - 1]) + ", this one " +
                                 std::string(1, magic.back()) + "); use --force to start over");
    if (found.checksum != header_checksum(found))
        corrupt(path, "its header does not match its checksum");
    if (found.fingerprint != expected.fingerprint || found.record_size != expected.record_size ||
        found.runs != expected.runs)
        throw std::runtime_error(
            "the journal '" + path.string() +
            "' belongs to a different sweep: since it was written, the sweep file, a scenario "
            "of its extends: chain, a CSV file they read (supply, contact matrix), the "
            "--samples or --replicates given or the program changed; use --force to start "
            "over");
    return found;
}

// Checks one record read whole at `index` (0-based) of the journal; returns its run.
std::int64_t check_record(const std::int64_t* entry, const JournalHeader& h, std::int64_t index,
                          const std::filesystem::path& path) {
    const auto values = static_cast<std::size_t>(h.record_size);
    const auto offset = static_cast<std::uint64_t>(sizeof h) +
                        static_cast<std::uint64_t>(index) * record_words(h) * 8;
    const std::string which = "record " + std::to_string(index + 1) + " (at byte " +
                              std::to_string(offset) + ")";
    std::uint64_t stored;
    std::memcpy(&stored, entry + 1 + values, sizeof stored);
    if (stored != record_checksum(entry, values, h.fingerprint))
        corrupt(path, which + " does not match its checksum");
    if (entry[0] < 0 || entry[0] >= h.runs)
        corrupt(path, which + " names run " + std::to_string(entry[0]) + " of a sweep of " +
                          std::to_string(h.runs) + " runs");
    return entry[0];
}

class Journal {
  public:
    Journal(const std::filesystem::path& path, const JournalHeader& header,
            const SweepOptions& options, std::int64_t& resumed, std::vector<bool>& done)
        : path_(path), header_(header), buffer_(record_words(header)) {
        std::error_code ec;
        const bool exists = std::filesystem::exists(path, ec);
        if (options.resume) {
            if (!exists)
                throw std::runtime_error("nothing to resume: no journal '" + path.string() + "'");
            File in(std::fopen(path.c_str(), "rb"));
            if (!in) throw std::runtime_error("cannot read the sweep journal '" + path.string() + "'");
            read_header(in.get(), path, header);
            std::uintmax_t complete = sizeof header;
            for (std::int64_t index = 0;
                 std::fread(buffer_.data(), buffer_.size() * 8, 1, in.get()) == 1; ++index) {
                const std::int64_t run = check_record(buffer_.data(), header, index, path);
                if (done[static_cast<std::size_t>(run)])
                    corrupt(path, "record " + std::to_string(index + 1) + " repeats run " +
                                      std::to_string(run));
                done[static_cast<std::size_t>(run)] = true;
                ++resumed;
                complete += buffer_.size() * 8;
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
        buffer_[0] = run;
        std::copy(values.begin(), values.end(), buffer_.begin() + 1);
        const std::uint64_t sum = record_checksum(buffer_.data(), values.size(), header_.fingerprint);
        std::memcpy(&buffer_.back(), &sum, sizeof sum);
        if (std::fwrite(buffer_.data(), 8, buffer_.size(), file_.get()) != buffer_.size() ||
            std::fflush(file_.get()) != 0)
            throw std::runtime_error("cannot write the sweep journal '" + path_.string() +
                                     "' (disk full?)");
    }

  private:
    std::filesystem::path path_;
    JournalHeader header_;
    std::vector<std::int64_t> buffer_; // one record as written
    File file_;
};

JournalHeader journal_header(const SweepSpec& spec) {
    JournalHeader header{
        {}, spec.fingerprint(), static_cast<std::int64_t>(spec.layout().size()), spec.runs(), 0};
    std::memcpy(header.magic, format::sweep_journal_magic.data(), sizeof header.magic);
    header.checksum = header_checksum(header);
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

std::vector<std::filesystem::path> sweep_journals(const std::filesystem::path& output) {
    namespace fs = std::filesystem;
    const std::string stem = output.filename().string() + ".journal";
    const fs::path folder = output.parent_path().empty() ? "." : output.parent_path();
    const auto digits = [](std::string_view t) {
        return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) {
            return c >= '0' && c <= '9';
        });
    };
    std::vector<fs::path> found;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name == stem) {
            found.push_back(output.parent_path() / name);
        } else if (name.starts_with(stem + ".")) {
            const std::string_view rest = std::string_view(name).substr(stem.size() + 1);
            const auto of = rest.find("of");
            if (of != std::string_view::npos && digits(rest.substr(0, of)) &&
                digits(rest.substr(of + 2)))
                found.push_back(output.parent_path() / name);
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

std::string journal_refusal(const std::filesystem::path& output, int ranks, bool resume,
                            bool force) {
    const auto found = sweep_journals(output);
    std::string names;
    int written_by = 1; // processes, from the names (R of N)
    for (const auto& j : found) {
        names += (names.empty() ? "'" : ", '") + j.string() + "'";
        const std::string name = j.filename().string();
        if (const auto of = name.rfind("of"); name.ends_with(".journal") == false &&
                                              of != std::string::npos)
            written_by = std::stoi(name.substr(of + 2));
    }
    const std::string how =
        written_by > 1 ? " (under mpirun -n " + std::to_string(written_by) + ", as it was run)"
                       : " (in one process, as it was run)";
    if (!resume) {
        if (found.empty() || force) return "";
        return (found.size() == 1 ? "an interrupted sweep's journal " + names + " exists"
                                  : "an interrupted sweep's journals " + names + " exist") +
               ": add --resume to finish it" + how + ", or --force to start over";
    }
    for (const auto& j : found) {
        bool expected = false;
        for (int r = 0; r < ranks; ++r) expected |= j.filename() == journal_path(output, r, ranks).filename();
        if (!expected)
            return "the journals " + names + " were written by " + std::to_string(written_by) +
                   (written_by > 1 ? " processes" : " process") + ", not " +
                   std::to_string(ranks) + ": resume it" + how +
                   ", or run without --resume and with --force to start over";
    }
    return "";
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
                    // Without vaccination supply and uptake do not matter, so with
                    // expected numbers one counterfactual serves every future of the
                    // point; a stochastic epidemic draws its own for each future (below).
                    if (layout.epidemic() && !scenario->epidemic->stochastic)
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
                    if (layout.epidemic() && scenario->epidemic->stochastic)
                        deaths_without_vaccination =
                            simulate_epidemic(*result.scenario, nullptr).total_deaths();
                    fill_record(layout, *result.scenario, *result.ledger, result.outcomes,
                                result.places, result.epidemic, deaths_without_vaccination,
                                record.data());
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

    // No more workers than blocks of work; a thread the system will not start stops the
    // others (a joinable thread left behind would abort the program).
    const auto threads = static_cast<std::size_t>(
        std::clamp<std::int64_t>(options.threads, 1, std::max<std::int64_t>(1, blocks.size())));
    std::vector<std::thread> pool;
    try {
        for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    } catch (const std::system_error& e) {
        stop_now = true;
        for (auto& t : pool) t.join();
        throw std::runtime_error("cannot start " + std::to_string(threads) +
                                 " worker threads (" + e.what() + "); use a smaller -j");
    }
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
    File in(std::fopen(journal.c_str(), "rb"));
    if (!in) throw std::runtime_error("cannot read the sweep journal '" + journal.string() + "'");
    const JournalHeader header = read_header(in.get(), journal, journal_header(spec));
    // Records as written (with checksums), and the entries handed on (without).
    const std::size_t words = record_words(header), entry = words - 1;
    constexpr std::size_t batch_entries = 4096;
    std::vector<std::int64_t> raw(words * batch_entries), entries(entry * batch_entries);
    for (std::int64_t index = 0;;) {
        const std::size_t n = std::fread(raw.data(), words * 8, batch_entries, in.get());
        for (std::size_t i = 0; i < n; ++i, ++index) {
            check_record(raw.data() + i * words, header, index, journal);
            std::copy_n(raw.data() + i * words, entry, entries.data() + i * entry);
        }
        if (n > 0) batch(entries.data(), n);
        if (n < batch_entries) {
            if (std::fgetc(in.get()) != EOF)
                corrupt(journal, "it ends in the middle of record " + std::to_string(index + 1));
            return;
        }
    }
}

} // namespace vaxsim
