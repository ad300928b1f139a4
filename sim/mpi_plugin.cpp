// libvaxsim_mpi.so: vaxsim's MPI calls, loaded by sim/distributed.cpp under an MPI
// launcher only (see sim/mpi_plugin.hpp).
#include "sim/mpi_plugin.hpp"

#include <mpi.h>

namespace {

void init(int* argc, char*** argv, int* rank, int* size) {
    int provided = 0;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
}

void finalize() { MPI_Finalize(); }

void abort_all(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

int all_min(int value) {
    int all = 0;
    MPI_Allreduce(&value, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return all;
}

void send(const std::int64_t* values, std::int64_t count, int to) {
    MPI_Send(values, static_cast<int>(count), MPI_INT64_T, to, 0, MPI_COMM_WORLD);
}

void receive(std::int64_t* values, std::int64_t count, int from) {
    MPI_Recv(values, static_cast<int>(count), MPI_INT64_T, from, 0, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
}

std::int64_t sum_to_root(std::int64_t value) {
    std::int64_t total = 0;
    MPI_Reduce(&value, &total, 1, MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    return total;
}

constexpr vaxsim::MpiFunctions functions{init, finalize, abort_all, all_min,
                                         send, receive,  sum_to_root};

} // namespace

extern "C" const vaxsim::MpiFunctions* vaxsim_mpi_functions() { return &functions; }
