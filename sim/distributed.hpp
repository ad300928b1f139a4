#pragma once
// Running one sweep across processes with MPI (`mpirun -n N vaxsim sweep ...`). Built
// when CMake finds MPI (VAXSIM_WITH_MPI); without it every run is a group of one.
// Work is split by point index (point % ranks == rank), and rank 0 gathers every run's
// record in run order, so the file is the one a single process would write.
#include "sim/sweep_runner.hpp"

namespace vaxsim {

struct ProcessGroup {
    int rank = 0;
    int size = 1;
};

class MpiSession {
  public:
    // Initialises MPI only when the program was started by an MPI launcher.
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
    [[maybe_unused]] bool initialised_ = false; // only used when built with MPI
};

// True on every rank when `ok` is true on every rank.
bool all_ranks(bool ok, const ProcessGroup& group);

// Rank 0 receives every rank's records, placed by run index; other ranks' results are
// returned unchanged. A group of one returns `local` as it is.
SweepRuns gather_runs(const SweepSpec& spec, SweepRuns local, const ProcessGroup& group);

} // namespace vaxsim
