#include "sim/cli.hpp"

#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "results/run_file.hpp"
#include "results/summary.hpp"
#include "sim/engine.hpp"
#include "sim/invariants.hpp"
#include "sim/outcomes.hpp"
#include "sim/scenario.hpp"
#include "sim/version.hpp"

namespace vaxsim {
namespace {

namespace po = boost::program_options;

const char* usage_text = R"(usage: vaxsim <command> [options]

commands:
  run SCENARIO.yaml [-o OUT.h5] [--set PATH=VALUE ...] [--force] [--quiet]
      simulate one scenario, print its summary, and write the results file
  version
      print the program version

Run 'vaxsim run --help' for the options of run.
)";

int command_run(const std::vector<std::string>& args, const std::string& command_line,
                std::ostream& out) {
    po::options_description options("vaxsim run SCENARIO.yaml [options]");
    options.add_options()("help,h", "show this help")("output,o", po::value<std::string>(),
                                                      "write the results to this HDF5 file")(
        "set", po::value<std::vector<std::string>>()->composing(),
        "override one scenario value, e.g. --set products.pfizer.supply.delay_days=28 "
        "(list elements by id or index; repeatable)")("force", "overwrite an existing output file")(
        "quiet,q", "print nothing on success");
    po::options_description hidden;
    hidden.add_options()("scenario", po::value<std::string>());
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("scenario", 1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string("run: ") + e.what());
    }
    if (vm.count("help")) {
        out << options;
        return 0;
    }
    if (!vm.count("scenario"))
        throw UsageError("run: name a scenario file, e.g. scenarios/seoul-2021-plan.yaml");
    const std::vector<std::string> overrides =
        vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};

    const Scenario scenario = load_scenario_file(vm["scenario"].as<std::string>(), overrides);
    const bool force = vm.count("force") > 0;
    if (vm.count("output")) check_output_path(vm["output"].as<std::string>(), force);

    const RunResult run = simulate(scenario);
    const auto violations = check_invariants(scenario, run);
    if (!violations.empty()) {
        std::string text =
            "the run broke the model's invariants (a bug in vaxsim; please report it):";
        for (const auto& v : violations) text += "\n  " + v;
        throw InvariantError(text);
    }
    const Outcomes outcomes = evaluate(scenario, run);
    if (vm.count("output"))
        write_run_file(vm["output"].as<std::string>(), force, scenario, run, outcomes,
                       RunMetadata{command_line, utc_timestamp_now()});
    if (!vm.count("quiet")) {
        out << format_summary(scenario, run, outcomes);
        if (vm.count("output"))
            out << "\nresults written to " << vm["output"].as<std::string>() << "\n";
    }
    return 0;
}

} // namespace

int run_command_line(int argc, const char* const* argv, std::ostream& out) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string command_line;
    for (int i = 0; i < argc; ++i) {
        if (i > 0) command_line += ' ';
        command_line += argv[i];
    }
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        out << usage_text;
        if (args.empty()) throw UsageError("no command given");
        return 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    if (command == "run") return command_run(args, command_line, out);
    if (command == "version" || command == "--version") {
        out << "vaxsim " << program_version << "\n";
        return 0;
    }
    throw UsageError("unknown command '" + command + "'");
}

} // namespace vaxsim
