#pragma once
// Running one sweep across processes with MPI (`mpirun -n N vaxsim sweep ...`). The MPI
// calls live in libvaxsim_mpi.so (sim/mpi_plugin.cpp), built when CMake finds MPI and
// loaded only under an MPI launcher; otherwise every run is a group of one.
// Work is split by point index (point % ranks == rank), and rank 0 receives every rank's
// records, a batch at a time, to write the file a single process would write.
#include "sim/sweep_runner.hpp"

namespace vaxsim {

struct ProcessGroup {
    int rank = 0;
    int size = 1;
};

class MpiSession {
  public:
    // Loads the MPI module and initialises MPI only when the program was started by an
    // MPI launcher.
    MpiSession(int& argc, char**& argv);
    ~MpiSession();
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;
    ProcessGroup group() const { return group_; }
    // Ends every rank at once (after an error on one rank, so others do not wait forever).
    [[noreturn]] void abort(int code) const;
    static bool compiled_in();

  private:
    ProcessGroup group_;
};

// True on every rank when `ok` is true on every rank.
bool all_ranks(bool ok, const ProcessGroup& group);

// Every rank's journal entries, for rank 0 to write: rank 0's own, read from its journal,
// then those of ranks 1, 2, ... as each sends them (send_journal). Without MPI, or in a
// group of one, the journal's entries alone.
RecordSource gathered_records(const SweepSpec& spec, const std::filesystem::path& journal,
                              const ProcessGroup& group);
// On a rank other than 0: sends its journal's entries to rank 0, a batch at a time.
void send_journal(const SweepSpec& spec, const std::filesystem::path& journal,
                  const ProcessGroup& group);
// The sum over ranks, on rank 0 (elsewhere: `value` unchanged).
std::int64_t sum_on_rank0(std::int64_t value, const ProcessGroup& group);

} // namespace vaxsim
