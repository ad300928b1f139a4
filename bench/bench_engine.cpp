// Benchmark: how many plan-sized scenarios one core simulates per second, how long one
// whole `vaxsim run` takes (load, simulate, check, evaluate, write HDF5), sweep
// throughput at 1 and 2 threads (and MPI ranks, when built with MPI), and the sweep
// file's write time against a raw write of the same number of bytes.
//
//   vaxsim-bench [SCENARIO.yaml] [--seconds S] [--sweep-runs N]
//
// Figures are printed, never asserted: speed is measured here, not in tests.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "results/sweep_file.hpp"
#include "sim/cli.hpp"
#include "sim/distributed.hpp"
#include "models/epidemic_run.hpp"
#include "models/invariants.hpp"
#include "models/outcomes.hpp"
#include "models/scenario.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/sweep_runner.hpp"

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

// Runs per second of a sampled sweep on one thread: `runs` distinct points of the plan with
// uncertain supply (a Pfizer delay and the Q3 capacity drawn), one replicate each, so
// every run builds its own scenario.
double sampled_sweep_rate(const std::filesystem::path& dir, const std::string& base, long runs) {
    const auto file = dir / "sampled.sweep.yaml";
    std::ofstream(file) << "name: sampled\nscenario: " << base << "\nsamples:\n  count: " << runs
                        << "\n  parameters:\n"
                           "    products.pfizer.supply.delay_days: {uniform_int: [0, 42]}\n"
                           "    capacity.periods.2.doses_per_day: {uniform_int: [80000, 140000]}\n";
    const vaxsim::SweepSpec spec(file);
    vaxsim::SweepOptions options;
    options.restart = true;
    const auto t0 = Clock::now();
    vaxsim::execute_sweep(spec, dir / "sampled.journal", options);
    return static_cast<double>(spec.runs()) / seconds_since(t0);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    std::string scenario_path = "scenarios/seoul-2021-plan.yaml";
    double budget = 3.0;
    long sweep_runs = 100000;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--seconds" && i + 1 < argc)
            budget = std::stod(argv[++i]);
        else if (arg == "--sweep-runs" && i + 1 < argc)
            sweep_runs = std::stol(argv[++i]);
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

        // The epidemic model on the plan (SEIR, 16 bands, RK4), with and without vaccination.
        double epidemic_rate = 0;
        int epidemic_substeps = 0;
        const auto epidemic_file =
            std::filesystem::path(scenario_path).parent_path() / "seoul-2021-epidemic.yaml";
        if (std::filesystem::exists(epidemic_file)) {
            const vaxsim::Scenario epi = vaxsim::load_scenario_file(epidemic_file);
            const vaxsim::Ledger epi_run = vaxsim::simulate(epi);
            epidemic_substeps = epi.epidemic->substeps;
            epidemic_rate = rate(budget / 3, [&] {
                sink += static_cast<long>(vaxsim::simulate_epidemic(epi, &epi_run).total_deaths());
            });
        }

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

        std::cout << std::fixed << std::setprecision(0);
        std::cout << "simulate only:            " << simulate_rate << " scenarios/s per core ("
                  << std::setprecision(1) << 1e6 / simulate_rate << " us each)\n";
        std::cout << std::setprecision(0) << "simulate + evaluate:      " << evaluate_rate
                  << " scenarios/s per core (" << std::setprecision(1) << 1e6 / evaluate_rate
                  << " us each)\n";
        if (epidemic_rate > 0)
            std::cout << std::setprecision(1) << "epidemic model (SEIR, 16 bands, "
                      << epidemic_substeps
                      << " RK4 step(s) a day), one run: " << 1e6 / epidemic_rate << " us\n";
        std::cout << std::setprecision(2) << "load + validate YAML:     " << 1e3 / load_rate
                  << " ms\n";
        std::cout << "invariant check:          " << 1e3 / invariant_rate << " ms\n";
        std::cout << "one `vaxsim run` with -o: " << median(end_to_end) * 1e3
                  << " ms (median of 15; " << file_size / 1024 << " KiB file)\n";

        // Sweeps: the plan with uncertain supply, two policies on common futures.
        const auto sweep_dir = dir; // re-created below
        std::filesystem::create_directories(sweep_dir);
        const auto sweep_file = sweep_dir / "bench.sweep.yaml";
        std::ofstream(sweep_file)
            << "name: bench\nscenario: "
            << std::filesystem::absolute(std::filesystem::path(scenario_path).parent_path() /
                                         "seoul-2021-uncertain-supply.yaml")
                   .string()
            << "\ngrid:\n  policy.second_dose_reserve: [hold_second_doses, none]\nreplicates: "
            << sweep_runs / 2 << "\n";
        const vaxsim::SweepSpec spec(sweep_file);
        const double sampled_rate = sampled_sweep_rate(
            sweep_dir,
            std::filesystem::absolute(std::filesystem::path(scenario_path).parent_path() /
                                      "seoul-2021-uncertain-supply.yaml")
                .string(),
            sweep_runs / 2);
        double sweep_rate[3] = {0, 0, 0};
        vaxsim::SweepRuns runs;
        for (int threads : {1, 2}) {
            vaxsim::SweepOptions options;
            options.threads = threads;
            options.restart = true;
            const auto t0 = Clock::now();
            runs = vaxsim::execute_sweep(spec, sweep_dir / "bench.journal", options);
            sweep_rate[threads] = static_cast<double>(spec.runs()) / seconds_since(t0);
        }
        std::vector<double> write_times, raw_times;
        std::uintmax_t bytes = 0;
        for (int i = 0; i < 7; ++i) {
            // Fresh names each time on both sides, so neither pays for replacing a file.
            const auto out_file = sweep_dir / ("sweep" + std::to_string(i) + ".h5");
            auto t0 = Clock::now();
            vaxsim::write_sweep_file(out_file, false, spec.design(), spec.base(), spec.layout(),
                                     [&](const vaxsim::RecordBatch& batch) {
                                         vaxsim::read_journal(spec, sweep_dir / "bench.journal",
                                                              batch);
                                     },
                                     runs.kept, {"bench", "now"});
            write_times.push_back(seconds_since(t0));
            bytes = std::filesystem::file_size(out_file);
            const std::vector<char> buffer(bytes, 'x');
            const auto raw_file = sweep_dir / ("raw" + std::to_string(i) + ".bin");
            t0 = Clock::now();
            std::FILE* raw = std::fopen(raw_file.c_str(), "wb");
            std::fwrite(buffer.data(), 1, buffer.size(), raw);
            std::fclose(raw);
            raw_times.push_back(seconds_since(t0));
            std::filesystem::remove(out_file);
            std::filesystem::remove(raw_file);
        }

        // MPI ranks: whole `mpirun -n N vaxsim sweep` commands, start-up included.
        std::string rank_figures;
        const auto vaxsim_binary = std::filesystem::path(argv[0]).parent_path() / "vaxsim";
        if (vaxsim::MpiSession::compiled_in() && std::filesystem::exists(vaxsim_binary) &&
            std::system("command -v mpirun > /dev/null 2>&1") == 0) {
            for (int ranks : {1, 2}) {
                const std::string command = "mpirun --allow-run-as-root --oversubscribe -n " +
                                            std::to_string(ranks) + " " + vaxsim_binary.string() +
                                            " sweep " + sweep_file.string() + " -o " +
                                            (sweep_dir / "mpi.h5").string() + " --force -q -j 1";
                const auto t0 = Clock::now();
                const int status = std::system(command.c_str());
                const double rate = static_cast<double>(spec.runs()) / seconds_since(t0);
                rank_figures +=
                    "  " + std::to_string(ranks) + (ranks == 1 ? " rank:  " : " ranks: ") +
                    (status == 0
                         ? std::to_string(static_cast<long>(rate)) + " runs/s (start-up included)\n"
                         : "mpirun failed\n");
            }
        }
        std::filesystem::remove_all(sweep_dir);

        std::cout << std::setprecision(0) << "sweep of " << spec.runs()
                  << " plan runs, 1 thread:  " << sweep_rate[1] << " runs/s\n";
        std::cout << "sweep of " << spec.runs() << " plan runs, 2 threads: " << sweep_rate[2]
                  << " runs/s (" << std::setprecision(2) << sweep_rate[2] / sweep_rate[1] << "x)\n";
        std::cout << "sampled sweep of " << sweep_runs / 2
                  << " points, 1 thread: " << std::setprecision(0) << sampled_rate << " runs/s ("
                  << std::setprecision(2) << sampled_rate / sweep_rate[1] << "x the replicates')\n";
        if (!rank_figures.empty())
            std::cout << "sweep under MPI, 1 thread per rank:\n" << rank_figures;
        std::cout << std::setprecision(1) << "sweep file write: " << median(write_times) * 1e3
                  << " ms for " << bytes / 1024 << " KiB; raw write of as many bytes "
                  << median(raw_times) * 1e3 << " ms (" << std::setprecision(2)
                  << median(write_times) / median(raw_times) << "x)\n";
        std::cout << "(checksum " << sink % 997 << ")\n";
    } catch (const std::exception& e) {
        std::cerr << "vaxsim-bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
