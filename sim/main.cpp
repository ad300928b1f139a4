// The vaxsim program: the only place errors are caught, printed and turned into an exit code.
#include <csignal>
#include <iostream>
#include <string>

#include "sim/input/yaml_input.hpp"
#include "models/invariants.hpp"
#include "results/hdf5_interface.hpp"
#include "results/output_file.hpp"
#include "sim/cli.hpp"
#include "sim/distributed.hpp"
#include "sim/sweep_runner.hpp"

int main(int argc, char** argv) {
    // Past a file-size limit, writes should fail with an error we report (and clean up
    // after), not kill the program.
    std::signal(SIGXFSZ, SIG_IGN);
    const vaxsim::MpiSession mpi(argc, argv);
    const vaxsim::ProcessGroup group = mpi.group();
    // Under MPI every rank reads the same input and meets the same input errors: only
    // rank 0 reports those. Other errors are reported with the rank that met them.
    const bool reporter = group.rank == 0;
    const std::string who =
        group.size > 1 ? "vaxsim[rank " + std::to_string(group.rank) + "]: " : "vaxsim: ";
    try {
        return vaxsim::run_command_line(argc, argv, std::cout, group);
    } catch (const vaxsim::InputFileError& e) {
        if (reporter) std::cerr << e.what() << "\n";
        return 2;
    } catch (const vaxsim::UsageError& e) {
        if (reporter) std::cerr << "vaxsim: " << e.what() << " (see 'vaxsim help')\n";
        return 2;
    } catch (const vaxsim::OutputError& e) {
        if (reporter) std::cerr << "vaxsim: " << e.what() << "\n";
        return 1;
    } catch (const vaxsim::SweepInterrupted& e) {
        std::cerr << who << e.what() << "\n";
        return 130;
    } catch (const vaxsim::InvariantError& e) {
        std::cerr << "vaxsim: internal error: " << e.what() << "\n";
        return 3;
    } catch (const std::exception& e) {
        std::cerr << who << "error: " << e.what() << "\n";
        if (group.size > 1) mpi.abort(1); // the other ranks may be waiting for this one
        return 1;
    }
}
