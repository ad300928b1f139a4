#include "sim/distributed.hpp"

#include <cstdlib>
#include <stdexcept>

#ifdef VAXSIM_WITH_MPI
#include <mpi.h>
#endif

namespace vaxsim {
namespace {

bool started_by_mpi_launcher() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
        if (std::getenv(name)) return true;
    return false;
}

} // namespace

bool MpiSession::compiled_in() {
#ifdef VAXSIM_WITH_MPI
    return true;
#else
    return false;
#endif
}

MpiSession::MpiSession([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#ifdef VAXSIM_WITH_MPI
    if (!started_by_mpi_launcher()) return;
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    initialised_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &group_.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &group_.size);
#else
    (void)started_by_mpi_launcher;
#endif
}

MpiSession::~MpiSession() {
#ifdef VAXSIM_WITH_MPI
    if (initialised_) MPI_Finalize();
#endif
}

void MpiSession::abort(int code) const {
#ifdef VAXSIM_WITH_MPI
    if (initialised_ && group_.size > 1) MPI_Abort(MPI_COMM_WORLD, code);
#endif
    std::exit(code);
}

bool all_ranks(bool ok, [[maybe_unused]] const ProcessGroup& group) {
#ifdef VAXSIM_WITH_MPI
    if (group.size > 1) {
        int local = ok ? 1 : 0, all = 0;
        MPI_Allreduce(&local, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
        return all == 1;
    }
#endif
    return ok;
}

SweepRuns gather_runs([[maybe_unused]] const SweepSpec& spec, SweepRuns local,
                      [[maybe_unused]] const ProcessGroup& group) {
#ifdef VAXSIM_WITH_MPI
    if (group.size == 1) return local;
    const auto width = static_cast<std::int64_t>(local.layout.size());
    // The runs of a rank, in run order: every replicate of its points.
    const auto runs_of = [&](int rank) {
        std::vector<std::int64_t> runs;
        for (std::int64_t point = rank; point < spec.grid_points() * spec.samples;
             point += group.size)
            for (std::int64_t k = 0; k < spec.replicates; ++k)
                runs.push_back(point * spec.replicates + k);
        return runs;
    };
    std::vector<std::int64_t> mine;
    for (std::int64_t run : runs_of(group.rank))
        mine.insert(mine.end(), local.record(run), local.record(run) + width);
    std::vector<int> counts(static_cast<std::size_t>(group.size)), offsets(counts.size());
    const int count = static_cast<int>(mine.size());
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<std::int64_t> all;
    if (group.rank == 0) {
        int total = 0;
        for (std::size_t r = 0; r < counts.size(); ++r) offsets[r] = total, total += counts[r];
        all.resize(static_cast<std::size_t>(total));
    }
    MPI_Gatherv(mine.data(), count, MPI_INT64_T, all.data(), counts.data(), offsets.data(),
                MPI_INT64_T, 0, MPI_COMM_WORLD);
    std::int64_t resumed = local.resumed;
    std::int64_t resumed_total = 0;
    MPI_Reduce(&resumed, &resumed_total, 1, MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    if (group.rank != 0) return local;
    for (int rank = 0; rank < group.size; ++rank) {
        const std::int64_t* from = all.data() + offsets[static_cast<std::size_t>(rank)];
        for (std::int64_t run : runs_of(rank)) {
            std::copy(from, from + width, local.records.begin() + run * width);
            from += width;
        }
    }
    local.resumed = resumed_total;
    return local;
#else
    return local;
#endif
}

} // namespace vaxsim
