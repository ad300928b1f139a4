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

RecordSource gathered_records(const SweepSpec& spec, const std::filesystem::path& journal,
                              [[maybe_unused]] const ProcessGroup& group) {
    return [&spec, journal, group](const RecordBatch& batch) {
        read_journal(spec, journal, batch);
#ifdef VAXSIM_WITH_MPI
        const auto entry = static_cast<std::int64_t>(1 + spec.layout().size());
        std::vector<std::int64_t> buffer;
        for (int rank = 1; rank < group.size; ++rank)
            for (;;) {
                std::int64_t count = 0;
                MPI_Recv(&count, 1, MPI_INT64_T, rank, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                if (count == 0) break;
                buffer.resize(static_cast<std::size_t>(count * entry));
                MPI_Recv(buffer.data(), static_cast<int>(count * entry), MPI_INT64_T, rank, 0,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                batch(buffer.data(), static_cast<std::size_t>(count));
            }
#endif
    };
}

void send_journal([[maybe_unused]] const SweepSpec& spec,
                  [[maybe_unused]] const std::filesystem::path& journal,
                  [[maybe_unused]] const ProcessGroup& group) {
#ifdef VAXSIM_WITH_MPI
    const auto entry = static_cast<std::int64_t>(1 + spec.layout().size());
    read_journal(spec, journal, [&](const std::int64_t* entries, std::size_t n) {
        const auto count = static_cast<std::int64_t>(n);
        MPI_Send(&count, 1, MPI_INT64_T, 0, 0, MPI_COMM_WORLD);
        MPI_Send(entries, static_cast<int>(count * entry), MPI_INT64_T, 0, 0, MPI_COMM_WORLD);
    });
    const std::int64_t end = 0;
    MPI_Send(&end, 1, MPI_INT64_T, 0, 0, MPI_COMM_WORLD);
#endif
}

std::int64_t sum_on_rank0(std::int64_t value, [[maybe_unused]] const ProcessGroup& group) {
#ifdef VAXSIM_WITH_MPI
    if (group.size > 1) {
        std::int64_t total = 0;
        MPI_Reduce(&value, &total, 1, MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
        return group.rank == 0 ? total : value;
    }
#endif
    return value;
}

} // namespace vaxsim
