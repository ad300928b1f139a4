// Engine benchmark: how many plan-sized scenarios one core simulates per second, and
// how long one whole `vaxsim run` takes (load, simulate, check, evaluate, write HDF5).
//
//   vaxsim-bench [SCENARIO.yaml] [--seconds S]
//
// Figures are printed, never asserted: speed is measured here, not in tests.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "sim/cli.hpp"
#include "sim/engine.hpp"
#include "sim/invariants.hpp"
#include "sim/outcomes.hpp"
#include "sim/scenario.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Runs `work` repeatedly for about `budget` seconds; returns runs per second.
template <class Work> double rate(double budget, Work work) {
    for (int i = 0; i < 20; ++i) work(); // warm caches and the allocator
    long runs = 0;
    const auto t0 = Clock::now();
    double elapsed = 0;
    while (elapsed < budget) {
        for (int i = 0; i < 50; ++i) work();
        runs += 50;
        elapsed = seconds_since(t0);
    }
    return static_cast<double>(runs) / elapsed;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    std::string scenario_path = "scenarios/seoul-2021-plan.yaml";
    double budget = 3.0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--seconds" && i + 1 < argc)
            budget = std::stod(argv[++i]);
        else
            scenario_path = arg;
    }
    try {
        const vaxsim::Scenario scenario = vaxsim::load_scenario_file(scenario_path);
        std::cout << "scenario: " << scenario.name << " (" << scenario.days() << " days, "
                  << scenario.population.groups().size() << " groups, " << scenario.products.size()
                  << " products)\n";

        std::int64_t sink = 0;
        const double simulate_rate =
            rate(budget, [&] { sink += vaxsim::simulate(scenario).capacity_used.sum(); });
        const double evaluate_rate = rate(budget, [&] {
            const auto run = vaxsim::simulate(scenario);
            sink += vaxsim::evaluate(scenario, run).targets.size();
        });
        const double load_rate =
            rate(budget / 3, [&] { sink += vaxsim::load_scenario_file(scenario_path).days(); });
        const double invariant_rate = rate(budget / 3, [&, run = vaxsim::simulate(scenario)] {
            sink += vaxsim::check_invariants(scenario, run).size();
        });

        // One whole `vaxsim run` through the command-line entry point, writing HDF5.
        const auto dir =
            std::filesystem::temp_directory_path() / ("vaxsim-bench-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        const std::string out = (dir / "bench.h5").string();
        std::vector<double> end_to_end;
        for (int i = 0; i < 15; ++i) {
            std::ostringstream discard;
            const char* args[] = {"vaxsim", "run",       scenario_path.c_str(),
                                  "-o",     out.c_str(), "--force"};
            const auto t0 = Clock::now();
            vaxsim::run_command_line(6, args, discard);
            end_to_end.push_back(seconds_since(t0));
        }
        const auto file_size = std::filesystem::file_size(out);
        std::filesystem::remove_all(dir);

        std::cout << std::fixed << std::setprecision(0);
        std::cout << "simulate only:            " << simulate_rate << " scenarios/s per core ("
                  << std::setprecision(1) << 1e6 / simulate_rate << " us each)\n";
        std::cout << std::setprecision(0) << "simulate + evaluate:      " << evaluate_rate
                  << " scenarios/s per core (" << std::setprecision(1) << 1e6 / evaluate_rate
                  << " us each)\n";
        std::cout << std::setprecision(2) << "load + validate YAML:     " << 1e3 / load_rate
                  << " ms\n";
        std::cout << "invariant check:          " << 1e3 / invariant_rate << " ms\n";
        std::cout << "one `vaxsim run` with -o: " << median(end_to_end) * 1e3
                  << " ms (median of 15; " << file_size / 1024 << " KiB file)\n";
        std::cout << "(checksum " << sink % 997 << ")\n";
    } catch (const std::exception& e) {
        std::cerr << "vaxsim-bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
