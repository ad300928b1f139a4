// The vaxsim program: the only place errors are caught, printed and turned into an exit code.
#include <iostream>

#include "models/input.hpp"
#include "results/hdf5_interface.hpp"
#include "results/run_file.hpp"
#include "sim/cli.hpp"
#include "sim/sweep_runner.hpp"

int main(int argc, char** argv) {
    try {
        return vaxsim::run_command_line(argc, argv, std::cout);
    } catch (const vaxsim::InputFileError& e) {
        std::cerr << e.what() << "\n";
        return 2;
    } catch (const vaxsim::UsageError& e) {
        std::cerr << "vaxsim: " << e.what() << " (see 'vaxsim help')\n";
        return 2;
    } catch (const vaxsim::OutputExistsError& e) {
        std::cerr << "vaxsim: " << e.what() << "\n";
        return 1;
    } catch (const vaxsim::SweepInterrupted& e) {
        std::cerr << "vaxsim: " << e.what() << "\n";
        return 130;
    } catch (const vaxsim::InvariantError& e) {
        std::cerr << "vaxsim: internal error: " << e.what() << "\n";
        return 3;
    } catch (const std::exception& e) {
        std::cerr << "vaxsim: error: " << e.what() << "\n";
        return 1;
    }
}
