#pragma once
// The `vaxsim` command line. Library code throws; only main() catches and exits.
#include <ostream>
#include <stdexcept>

namespace vaxsim {

// A command line that does not make sense (unknown subcommand, missing argument).
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct ProcessGroup;
// `group`: this process's place among MPI ranks (a group of one without MPI).
int run_command_line(int argc, const char* const* argv, std::ostream& out);
int run_command_line(int argc, const char* const* argv, std::ostream& out,
                     const ProcessGroup& group);

} // namespace vaxsim
