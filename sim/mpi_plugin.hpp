#pragma once
// The few MPI operations a distributed sweep needs, as a table of plain functions.
// They live in a separate shared module (libvaxsim_mpi.so, sim/mpi_plugin.cpp) that the
// program loads only when an MPI launcher started it: a plain `vaxsim run` never loads
// MPI and its dozens of libraries, which cost more start-up time than a whole run.
#include <cstdint>

namespace vaxsim {

struct MpiFunctions {
    // MPI_Init_thread (funneled); rank and size of the world.
    void (*init)(int* argc, char*** argv, int* rank, int* size);
    void (*finalize)();
    void (*abort)(int code);
    // The minimum of `value` over every rank.
    int (*all_min)(int value);
    // Blocking point-to-point int64 messages (tag 0).
    void (*send)(const std::int64_t* values, std::int64_t count, int to);
    void (*receive)(std::int64_t* values, std::int64_t count, int from);
    // The sum over every rank, on rank 0.
    std::int64_t (*sum_to_root)(std::int64_t value);
};

} // namespace vaxsim

// The module's one entry point, looked up by name after loading.
extern "C" const vaxsim::MpiFunctions* vaxsim_mpi_functions();
