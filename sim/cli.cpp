#include "sim/cli.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/program_options.hpp>

#include "models/text.hpp"
#include "results/check.hpp"
#include "results/compare.hpp"
#include "results/hdf5_interface.hpp"
#include "results/observed.hpp"
#include "results/output_file.hpp"
#include "results/export.hpp"
#include "results/report.hpp"
#include "results/run_file.hpp"
#include "results/run_reader.hpp"
#include "results/optimize_record.hpp"
#include "results/solve_record.hpp"
#include "results/place_summary.hpp"
#include "results/summary.hpp"
#include "results/sweep_file.hpp"
#include "results/sweep_reader.hpp"
#include "sim/distributed.hpp"
#include "models/epidemic_run.hpp"
#include "models/invariants.hpp"
#include "models/outcomes.hpp"
#include "sim/pipeline.hpp"
#include "sim/progress.hpp"
#include "sim/input/inputs_read.hpp"
#include "sim/input/observed_reader.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/scenario_check.hpp"
#include "sim/search_values.hpp"
#include "sim/serve.hpp"
#include "sim/optimize.hpp"
#include "sim/solve.hpp"
#include "sim/sweep_runner.hpp"
#include "sim/template.hpp"
#include "results/version.hpp"

namespace vaxsim {
namespace {

std::vector<std::filesystem::path> input_paths(const std::vector<InputRead>& files) {
    std::vector<std::filesystem::path> paths;
    for (const InputRead& f : files) paths.emplace_back(f.path);
    return paths;
}

namespace po = boost::program_options;

const char* usage_text = R"(usage: vaxsim <command> [options]

commands:
  run SCENARIO.yaml [-o OUT.h5] [--set PATH=VALUE ...] [--force] [--quiet]
      simulate one scenario, print its summary, and write the results file
  solve SCENARIO.yaml --vary PATH --range FROM:TO --target ID [-o OUT.h5] [options]
      the smallest (or latest) value of PATH at which the target is met: e.g. the
      daily capacity needed, the latest a delivery may be; 'vaxsim solve --help'
  optimize SCENARIO.yaml (--order G1,G2,... | --vary PATH=FROM..TO | --shares G1,G2,...) [options]
      the order of priority groups (or values of paths) with the fewest deaths,
      hospitalisations, years of life lost, or the earliest target; 'vaxsim optimize --help'
  sweep SWEEP.yaml -o OUT.h5 [-j N] [--samples N] [--replicates N] [--resume] [--force] [--quiet]
      run a scenario many times (grids, samples, replicates) and report the
      probability of meeting each target; --samples, --replicates: a trial of other counts
  report FILE.h5 -o REPORT.html [--lang en|ko] [--force]
      a self-contained HTML report (charts and tables) of a run or a sweep
  export FILE.h5 (--csv DIR [--bom] | --xlsx FILE.xlsx) [--force]
      the results as tidy CSV tables, one file per table, or as one Excel workbook
  compare RUN.h5 --observed OBSERVED.csv [--csv TABLE.csv] [-o PAGE.html] [--force]
      the run against observed daily counts (what happened), day by day
  init FILE.yaml [--force]
      write a commented template scenario (a city, tiers, groups by quarter,
      products, supply, capacity, targets) to start from
  compare A.h5 B.h5 ... [--csv TABLE.csv] [-o PAGE.html] [--force]
      runs side by side (targets, plan, waste, overdue, what changed), or sweeps
      (P(met) per policy, paired on the same futures); the first file is the base
  serve SCENARIO.yaml [--port N] [--host 127.0.0.1] [--lang en|ko]
      a what-if page in the browser: move a lever (supply, capacity, reserve,
      uptake, opening dates), the scenario re-runs and the page redraws
  check FILE [--lang en|ko]
      a results file (.h5): verify its format and the model's invariants on its numbers;
      a scenario or sweep file: validate it and print what was understood
  version
      print the program version

Run 'vaxsim run --help' for the options of run. What run, sweep, check, report,
compare and serve print or write is in English or Korean: --lang en|ko, or Korean when LANG is ko_KR.
)";

// Parses a subcommand's arguments: its options and one positional argument (or any number,
// as a list, with `many_positional`). Returns
// nothing when --help was asked for (and printed).
std::optional<po::variables_map> parse_arguments(const std::vector<std::string>& args,
                                                 const std::string& command,
                                                 const po::options_description& options,
                                                 const char* positional_name, std::ostream& out,
                                                 bool many_positional = false) {
    po::options_description hidden;
    if (many_positional)
        hidden.add_options()(positional_name, po::value<std::vector<std::string>>());
    else
        hidden.add_options()(positional_name, po::value<std::string>());
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add(positional_name, many_positional ? -1 : 1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(command + ": " + e.what());
    }
    if (vm.count("help")) {
        out << options;
        return std::nullopt;
    }
    return vm;
}

// --lang, or the environment's language (LANG) when it is not given.
Language chosen_language(const po::variables_map& vm, const std::string& command) {
    if (!vm.count("lang")) return language_from_environment();
    const std::string name = vm["lang"].as<std::string>();
    const auto language = parse_language(name);
    if (!language) throw UsageError(command + ": --lang takes en or ko, not '" + name + "'");
    return *language;
}

// --samples and --replicates of a sweep, each from 1 to 10,000,000 as in a sweep file.
SweepCounts sweep_counts(const po::variables_map& vm, const std::string& command) {
    SweepCounts counts;
    for (const auto& [option, count] :
         {std::pair{"samples", &counts.samples}, std::pair{"replicates", &counts.replicates}}) {
        if (!vm.count(option)) continue;
        const std::int64_t n = vm[option].as<std::int64_t>();
        if (n < 1 || n > 10'000'000)
            throw UsageError(command + ": --" + option + " takes 1 to 10,000,000, got " +
                             std::to_string(n));
        *count = n;
    }
    return counts;
}

// The warning for the runs keep_daily names that a trial with fewer runs does not make.
std::string keep_daily_dropped(const SweepSpec& spec, const SweepCounts& counts, Language language) {
    std::string runs;
    for (std::int64_t run : spec.keep_daily_dropped())
        runs += (runs.empty() ? "" : ", ") + std::to_string(run);
    if (runs.empty()) runs = language == Language::ko ? "없음" : "none";
    return fill(std::string(text(Label::k_sweep_keep_daily_dropped, language)),
                {runs, with_commas(spec.runs()), counts.flags()});
}

// The --lang option: the words of what a command prints or writes.
const char* const lang_help = "en or ko: the language of what is printed (default: from LANG)";

int command_run(const std::vector<std::string>& args, const std::string& command_line,
                std::ostream& out) {
    po::options_description options("vaxsim run SCENARIO.yaml [options]");
    options.add_options()("help,h", "show this help")("output,o", po::value<std::string>(),
                                                      "write the results to this HDF5 file")(
        "set", po::value<std::vector<std::string>>()->composing(),
        "override one scenario value, e.g. --set products.pfizer.supply.delay_days=28 "
        "(list elements by id or index; repeatable)")("force", "overwrite an existing output file")(
        "quiet,q", "print nothing on success")(
        "future", po::value<std::int64_t>()->default_value(0),
        "for a scenario with uncertain inputs: which future to draw (the same as a sweep's)")(
        "lang", po::value<std::string>(), lang_help);
    const auto parsed = parse_arguments(args, "run", options, "scenario", out);
    if (!parsed) return 0;
    const po::variables_map& vm = *parsed;
    const Language language = chosen_language(vm, "run");
    const auto T = [language](Label l) { return std::string(text(l, language)); };
    if (!vm.count("scenario"))
        throw UsageError("run: name a scenario file, e.g. scenarios/seoul-2021-plan.yaml");
    const std::vector<std::string> overrides =
        vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};

    // Every file the scenario reads (its extends: chain, supply CSVs, contact matrices) is
    // an input the output must never replace.
    const InputsRead reading;
    const Scenario loaded = load_scenario_file(vm["scenario"].as<std::string>(), overrides);
    const std::int64_t future = vm["future"].as<std::int64_t>();
    if (future < 0) throw UsageError("run: --future must be 0 or more");
    const bool force = vm.count("force") > 0;
    std::optional<OutputTarget> output;
    if (vm.count("output")) {
        output = OutputTarget{vm["output"].as<std::string>(), force, OutputKind::file,
                              input_paths(reading.files())};
        check_output(*output);
    }

    if (!vm.count("quiet"))
        for (const auto& warning : scenario_warnings(loaded, language))
            std::cerr << fill(T(Label::k_warning), {warning}) << "\n";

    RunPipeline pipeline;
    const RunOutput& result = pipeline.run(loaded, {.future = static_cast<std::uint64_t>(future)});
    const Scenario& scenario = *result.scenario;
    const Ledger& run = *result.ledger;
    const Outcomes& outcomes = result.outcomes;
    const auto& epidemic = result.epidemic;
    if (output)
        write_run_file(*output, scenario, run, outcomes,
                       RunMetadata{command_line, utc_timestamp_now()},
                       epidemic ? &*epidemic : nullptr, {}, result.places);
    if (!vm.count("quiet")) {
        if (scenario.is_stochastic())
            out << fill(T(Label::k_future_drawn),
                        {std::to_string(future), std::to_string(scenario.seed)})
                << "\n";
        out << format_summary(scenario, run, outcomes, epidemic ? &*epidemic : nullptr, language);
        if (!result.places.empty())
            out << "\n" << format_place_summary(scenario, result.places, language);
        if (vm.count("output"))
            out << "\n" << fill(T(Label::k_results_written), {vm["output"].as<std::string>()})
                << "\n";
    }
    return 0;
}

// `vaxsim init FILE.yaml`: the commented template scenario, to start from.
int command_init(const std::vector<std::string>& args, std::ostream& out) {
    po::options_description options("vaxsim init FILE.yaml [--force]");
    options.add_options()("help,h", "show this help")("force", "overwrite an existing file");
    const auto parsed = parse_arguments(args, "init", options, "scenario", out);
    if (!parsed) return 0;
    const po::variables_map& vm = *parsed;
    if (!vm.count("scenario")) throw UsageError("init: name the scenario file to write (.yaml)");
    const std::filesystem::path path = vm["scenario"].as<std::string>();
    write_template_scenario(path, vm.count("force") > 0);
    out << "template scenario written to " << path.string()
        << ": a city of 1,000,000, three tiers, groups by quarter, two products, targets.\n"
           "Replace its example numbers with yours, then:\n"
           "  vaxsim check "
        << path.string() << "\n  vaxsim run " << path.string() << " -o "
        << std::filesystem::path(path).replace_extension(".h5").string() << "\n";
    return 0;
}

int command_check(const std::vector<std::string>& args, std::ostream& out) {
    po::options_description options(
        "vaxsim check FILE [--set PATH=VALUE ...] [--samples N] [--replicates N]");
    options.add_options()("help,h", "show this help")(
        "set", po::value<std::vector<std::string>>()->composing(),
        "for a scenario: override a value, as for run")(
        "samples", po::value<std::int64_t>(), "for a sweep: check it with this many samples")(
        "replicates", po::value<std::int64_t>(), "for a sweep: check it with this many replicates")(
        "lang", po::value<std::string>(), lang_help);
    const auto parsed = parse_arguments(args, "check", options, "file", out);
    if (!parsed) return 0;
    const po::variables_map& vm = *parsed;
    const Language language = chosen_language(vm, "check");
    const auto T = [language](Label l) { return std::string(text(l, language)); };
    if (!vm.count("file"))
        throw UsageError("check: name a results file (.h5), a scenario or a sweep file");
    const std::filesystem::path file = vm["file"].as<std::string>();
    if (hdf5::is_hdf5_file(file)) {
        if (vm.count("set") || vm.count("samples") || vm.count("replicates"))
            throw UsageError("check: --set, --samples and --replicates are for a scenario or a "
                             "sweep file, not a results file");
        const FileCheck check = check_results_file(file, language);
        out << format_file_check(file, check);
        return check.ok() ? 0 : 1;
    }
    const bool sweep_file = file.string().ends_with(".sweep.yaml");
    if (sweep_file && vm.count("set"))
        throw UsageError("check: --set overrides a scenario's values; a sweep varies its "
                         "scenario's values itself (check the scenario with --set, or the "
                         "sweep with --samples or --replicates)");
    if ((vm.count("samples") || vm.count("replicates")) && !sweep_file)
        throw UsageError("check: --samples and --replicates are for a sweep file (.sweep.yaml)");
    if (sweep_file) {
        const SweepCounts counts = sweep_counts(vm, "check");
        const SweepSpec spec(file, counts);
        const SweepDesign& design = spec.design();
        out << fill(T(Label::k_valid_sweep),
                    {file.string(), with_commas(spec.runs()), std::to_string(spec.grid_points()),
                     std::to_string(design.samples), std::to_string(design.replicates),
                     std::to_string(design.seed)})
            << "\n";
        // What it varies, as people read it and as the file spells it: a list index that
        // names another period than meant shows here.
        for (const SweepParameterInfo& p : design.parameters)
            out << "  "
                << fill(T(Label::k_sweep_varies),
                        {p.display_name.empty() || p.display_name == p.path
                             ? p.path
                             : p.display_name + " (" + p.path + ")",
                         p.description})
                << "\n";
        if (spec.replicates_alike())
            out << "  "
                << fill(T(Label::k_warning_caps),
                        {fill(T(Label::k_sweep_replicates_alike), {std::to_string(design.replicates)})})
                << "\n";
        if (spec.keep_daily_renumbered())
            out << "  "
                << fill(T(Label::k_warning_caps),
                        {keep_daily_dropped(spec, counts, language)})
                << "\n";
        out << describe_scenario(spec.base(), language);
        return 0;
    }
    const std::vector<std::string> overrides =
        vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
    const Scenario scenario = load_scenario_file(file, overrides);
    out << fill(T(Label::k_valid_scenario), {file.string()}) << "\n"
        << describe_scenario(scenario, language);
    return 0;
}

// `vaxsim serve SCENARIO.yaml`: the what-if page (sim/serve.hpp), until stopped.
int command_serve(const std::vector<std::string>& args, std::ostream& out) {
    po::options_description options("vaxsim serve SCENARIO.yaml [options]");
    options.add_options()("help,h", "show this help")(
        "port", po::value<int>()->default_value(8765), "the port to listen on (0: any free port)")(
        "host", po::value<std::string>()->default_value("127.0.0.1"),
        "the address to listen on; the default is this machine only")(
        "lang", po::value<std::string>(), "the page's language: en or ko (default: from LANG)")(
        "max-sweep", po::value<std::int64_t>()->default_value(1000),
        "the most futures one sweep of the page may run");
    const auto parsed = parse_arguments(args, "serve", options, "scenario", out);
    if (!parsed) return 0;
    const po::variables_map& vm = *parsed;
    if (!vm.count("scenario"))
        throw UsageError("serve: name a scenario file, e.g. scenarios/seoul-2021-plan.yaml");
    const int port = vm["port"].as<int>();
    if (port < 0 || port > 65535) throw UsageError("serve: --port takes 0 to 65535");
    ServeOptions serve_options;
    serve_options.language = std::string(language_code(chosen_language(vm, "serve")));
    serve_options.limits.max_sweep_futures = vm["max-sweep"].as<std::int64_t>();
    if (serve_options.limits.max_sweep_futures < 1)
        throw UsageError("serve: --max-sweep must be 1 or more");
    ServeSession session(vm["scenario"].as<std::string>(), serve_options);
    serve(session, vm["host"].as<std::string>(), port, out);
    return 0;
}

int command_report(const std::vector<std::string>& args, std::ostream& out) {
    po::options_description options("vaxsim report FILE.h5 -o REPORT.html [options]");
    options.add_options()("help,h", "show this help")("output,o", po::value<std::string>(),
                                                      "write the HTML report here")(
        "lang", po::value<std::string>(),
        "en or ko: the language of headings, axis titles and legends (default: from LANG)")(
        "force", "overwrite an existing output");
    const auto parsed = parse_arguments(args, "report", options, "input", out);
    if (!parsed) return 0;
    const po::variables_map& vm = *parsed;
    if (!vm.count("input")) throw UsageError("report: name a results file (.h5)");
    if (!vm.count("output")) throw UsageError("report: give the output with --output");
    const Language language = chosen_language(vm, "report");
    const std::filesystem::path output = vm["output"].as<std::string>();
    write_report(vm["input"].as<std::string>(), output, vm.count("force") > 0, language);
    out << fill(text(Label::k_report_written, language), {output.string()}) << "\n";
    return 0;
}

int command_export(const std::vector<std::string>& args, std::ostream& out) {
    po::options_description options("vaxsim export FILE.h5 (--csv DIR | --xlsx FILE.xlsx) [options]");
    options.add_options()("help,h", "show this help")(
        "csv", po::value<std::string>(), "write the CSV tables into this new folder")(
        "xlsx", po::value<std::string>(), "write one Excel workbook, a sheet per table")(
        "bom", "start each CSV with a UTF-8 byte-order mark (for Excel and Korean labels)")(
        "force", "overwrite an existing output");
    const auto parsed = parse_arguments(args, "export", options, "input", out);
    if (!parsed) return 0;
    const po::variables_map& vm = *parsed;
    if (!vm.count("input")) throw UsageError("export: name a results file (.h5)");
    const bool csv = vm.count("csv") > 0, xlsx = vm.count("xlsx") > 0, force = vm.count("force") > 0;
    if (csv == xlsx)
        throw UsageError("export: give the output with --csv DIR or --xlsx FILE.xlsx (one of them)");
    if (vm.count("bom") && !csv) throw UsageError("export: --bom is for --csv (a workbook needs none)");
    const std::filesystem::path input = vm["input"].as<std::string>();
    if (xlsx) {
        const std::filesystem::path book = vm["xlsx"].as<std::string>();
        const auto sheets = export_xlsx(input, book, force);
        out << sheets.size() << " tables written to " << book.string() << " (sheets:";
        for (const auto& s : sheets) out << " " << s;
        out << ")\n";
        return 0;
    }
    const std::filesystem::path dir = vm["csv"].as<std::string>();
    const auto files = export_csv(input, dir, force, vm.count("bom") > 0);
    out << files.size() << " tables written to " << (dir / "").string() << ":";
    for (const auto& f : files) out << " " << f;
    out << "\n";
    return 0;
}

// `vaxsim compare RUN.h5 --observed OBSERVED.csv`: the run against what happened, day by
// day. `vaxsim compare A.h5 B.h5 ...`: runs (or sweeps) side by side, the first the base.
int command_compare(const std::vector<std::string>& args, std::ostream& out) {
    po::options_description options(
        "vaxsim compare RUN.h5 --observed OBSERVED.csv [options]\n"
        "vaxsim compare A.h5 B.h5 ... [options] (runs, or sweeps; the first is the base)");
    options.add_options()("help,h", "show this help")(
        "observed", po::value<std::string>(),
        "a CSV of observed daily counts: date,<measure>[:group=|tier=|product=ID],...")(
        "csv", po::value<std::string>(),
        "write the table here: with --observed the day-by-day table (date, column, run, "
        "observed, difference, ...); else the comparison of the runs or sweeps")(
        "output,o", po::value<std::string>(),
        "write an HTML page here: with --observed one chart per column, the run against what "
        "happened; else the runs overlaid")(
        "lang", po::value<std::string>(),
        "en or ko: the language of what is printed and of the page (default: from LANG)")(
        "force", "overwrite existing output files");
    const auto parsed = parse_arguments(args, "compare", options, "runs", out, true);
    if (!parsed) return 0;
    const po::variables_map& vm = *parsed;
    const Language language = chosen_language(vm, "compare");
    const std::vector<std::string> runs =
        vm.count("runs") ? vm["runs"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (runs.empty())
        throw UsageError("compare: name a run file (.h5), e.g. vaxsim compare results/run.h5 "
                         "--observed observed.csv, or two or more: vaxsim compare A.h5 B.h5");
    const bool observed_mode = vm.count("observed") > 0;
    if (observed_mode && runs.size() > 1)
        throw UsageError("compare: with --observed, give one run file (got " +
                         std::to_string(runs.size()) + " files)");
    if (!observed_mode && runs.size() < 2)
        throw UsageError("compare: give what happened with --observed OBSERVED.csv, or a second "
                         "run or sweep file to compare with");
    const bool force = vm.count("force") > 0;
    std::vector<std::filesystem::path> inputs(runs.begin(), runs.end());
    if (observed_mode) inputs.emplace_back(vm["observed"].as<std::string>());
    std::optional<OutputTarget> csv, html;
    if (vm.count("csv")) csv = OutputTarget{vm["csv"].as<std::string>(), force, OutputKind::file, inputs};
    if (vm.count("output"))
        html = OutputTarget{vm["output"].as<std::string>(), force, OutputKind::file, inputs};
    if (csv && html &&
        std::filesystem::weakly_canonical(csv->path) == std::filesystem::weakly_canonical(html->path))
        throw UsageError("compare: --csv and -o name the same file");
    if (csv) check_output(*csv);
    if (html) check_output(*html);
    for (const auto& file : runs) require_hdf5_input(file);

    std::string csv_text, html_text, summary;
    if (observed_mode) {
        const std::filesystem::path run_file = runs.front();
        const RunReader run(run_file);
        const ObservedData observed = read_observed_csv(inputs.back(), run_names(run));
        const Comparison comparison = compare_with_observed(run, observed);
        csv_text = csv ? comparison_csv(comparison) : std::string();
        html_text = html ? comparison_html(comparison, language) : std::string();
        summary = format_comparison(comparison, language);
    } else {
        // Every file a run file, or every file a sweep file.
        std::vector<std::string> kinds;
        for (const auto& file : runs) {
            const hdf5::Handle h = open_results_file(file);
            kinds.push_back(read_identity(h.id(), file).filetype);
        }
        for (std::size_t i = 0; i < runs.size(); ++i)
            if (kinds[i] != format::run_filetype && kinds[i] != format::sweep_filetype)
                throw std::runtime_error("'" + runs[i] + "' is not a vaxsim run or sweep file (filetype " +
                                         kinds[i] + ")");
        for (std::size_t i = 1; i < runs.size(); ++i)
            if (kinds[i] != kinds[0])
                throw UsageError("compare: '" + runs[0] + "' is a " +
                                 (kinds[0] == format::run_filetype ? "run" : "sweep") +
                                 " file and '" + runs[i] + "' a " +
                                 (kinds[i] == format::run_filetype ? "run" : "sweep") +
                                 " file; compare runs with runs, or sweeps with sweeps");
        if (kinds[0] == format::run_filetype) {
            std::vector<std::unique_ptr<RunReader>> readers;
            std::vector<const RunReader*> views;
            for (const auto& file : runs) views.push_back(readers.emplace_back(std::make_unique<RunReader>(file)).get());
            const RunsComparison comparison = compare_runs(views, language);
            csv_text = csv ? runs_comparison_csv(comparison) : std::string();
            html_text = html ? runs_comparison_html(views, comparison, language) : std::string();
            summary = format_runs_comparison(comparison, language);
        } else {
            if (html)
                throw UsageError("compare: -o (an HTML page) is for runs; for sweeps, use --csv "
                                 "or 'vaxsim report' on each sweep");
            std::vector<std::unique_ptr<SweepReader>> readers;
            std::vector<const SweepReader*> views;
            for (const auto& file : runs) views.push_back(readers.emplace_back(std::make_unique<SweepReader>(file)).get());
            const SweepsComparison comparison = compare_sweeps(views, language);
            csv_text = csv ? sweeps_comparison_csv(comparison) : std::string();
            summary = format_sweeps_comparison(comparison, language);
        }
    }
    // Everything is computed before anything is written.
    if (csv) write_atomically(*csv, [&](const std::filesystem::path& t) { write_text(t, csv_text); });
    if (html)
        write_atomically(*html, [&](const std::filesystem::path& t) { write_text(t, html_text); });
    out << summary;
    const auto T = [language](Label l) { return std::string(text(l, language)); };
    if (csv)
        out << "\n"
            << fill(T(observed_mode ? Label::k_day_table_written : Label::k_table_written),
                    {csv->path.string()})
            << "\n";
    if (html)
        out << (csv ? "" : "\n") << fill(T(Label::k_page_written), {html->path.string()}) << "\n";
    return 0;
}

// The targets of one run, for solve's summary.
std::vector<SolveTargetLine> target_lines(const Scenario& scenario, const Outcomes& outcomes,
                                          const std::vector<std::string>& ids) {
    std::vector<SolveTargetLine> out;
    for (std::size_t t = 0; t < scenario.targets.size(); ++t) {
        const Target& target = scenario.targets[t];
        if (std::find(ids.begin(), ids.end(), target.id) == ids.end()) continue;
        const TargetResult& r = outcomes.targets[t];
        out.push_back({target.id, target.label, r.met, r.value_at_deadline, r.threshold, r.margin,
                       format_iso_date(target.deadline),
                       r.first_reached ? format_iso_date(*r.first_reached) : std::string()});
    }
    return out;
}

// `vaxsim solve`: the inverse question (sim/solve.hpp). Exit 0 with an answer, 4 when the
// range holds none (met nowhere, or the response is not monotone): nothing is written then.
int command_solve(const std::vector<std::string>& args, const std::string& command_line,
                  std::ostream& out) {
    po::options_description options(
        "vaxsim solve SCENARIO.yaml --vary PATH --range FROM:TO --target ID [options]\n\n"
        "The smallest value of PATH (or with --latest the largest: the latest date, the\n"
        "longest delay) at which the target is met by its deadline. PATH is any path a sweep\n"
        "can set (README, \"Sweeps and Monte Carlo\"), e.g.\n"
        "  vaxsim solve scenarios/seoul-2021-plan.yaml --vary capacity.periods.2.doses_per_day \\\n"
        "      --range 50000:200000 --step 1000 --target adults_70pct_first_dose\n"
        "The direction is found from the ends of the range (met at the upper end only: the\n"
        "smallest; at the lower end only: the latest) unless stated. Values are a grid from\n"
        "FROM in steps of --step up to TO; the search bisects, and checks that every value it\n"
        "tried fails below the answer and meets from it (else: 'not monotone', no answer).\n"
        "With uncertain inputs, a value meets when P(met) >= p over futures 0..N-1, the same\n"
        "futures for every value. Exit 0 with an answer, 4 when the range holds none.\n\n"
        "options");
    options.add_options()("help,h", "show this help")(
        "vary", po::value<std::string>(),
        "the scenario path to solve for, as --set names it (list elements by id, date or index)")(
        "range", po::value<std::string>(), "FROM:TO, numbers or dates YYYY-MM-DD")(
        "step", po::value<std::string>(),
        "resolution of the answer (default 1: a day, or one; 0.01 for scales and shares)")(
        "target", po::value<std::vector<std::string>>()->composing(),
        "a target id that must be met (repeatable: all must be met)")(
        "all-targets", "every target of the scenario must be met")(
        "smallest", "the smallest value that meets (capacity, supply)")(
        "latest", "the largest value that meets (the latest date, the longest delay)")(
        "futures", po::value<std::int64_t>(),
        "with uncertain inputs: the futures 0..N-1 every value is run on")(
        "p", po::value<double>()->default_value(0.9, "0.9"),
        "with --futures: the P(met) a value must reach")(
        "set", po::value<std::vector<std::string>>()->composing(),
        "override one scenario value first, as for run (repeatable)")(
        "jobs,j", po::value<int>(), "worker threads (default: all cores)")(
        "output,o", po::value<std::string>(),
        "write the run at the answer here, with the search's record in /solve")(
        "force", "overwrite an existing output file")("quiet,q", "print nothing on success");
    const auto parsed = parse_arguments(args, "solve", options, "scenario", out);
    if (!parsed) return 0;
    const po::variables_map& vm = *parsed;
    if (!vm.count("scenario"))
        throw UsageError("solve: name a scenario file, e.g. scenarios/seoul-2021-plan.yaml");
    if (!vm.count("vary"))
        throw UsageError("solve: say what varies with --vary PATH, e.g. "
                         "--vary capacity.periods.2.doses_per_day");
    if (!vm.count("range")) throw UsageError("solve: give the values to search with --range FROM:TO");
    if (vm.count("smallest") && vm.count("latest"))
        throw UsageError("solve: give --smallest or --latest, not both");
    SolveRequest request;
    request.path = vm["vary"].as<std::string>();
    const std::string range = vm["range"].as<std::string>();
    const auto colon = range.find(':');
    if (colon == std::string::npos || range.find(':', colon + 1) != std::string::npos)
        throw UsageError("solve: --range " + range + ": expected FROM:TO, e.g. 50000:200000");
    request.from = range.substr(0, colon);
    request.to = range.substr(colon + 1);
    if (vm.count("step")) request.step = vm["step"].as<std::string>();
    if (vm.count("smallest")) request.direction = SolveDirection::smallest;
    if (vm.count("latest")) request.direction = SolveDirection::latest;
    if (vm.count("target")) request.targets = vm["target"].as<std::vector<std::string>>();
    request.all_targets = vm.count("all-targets") > 0;
    if (vm.count("futures")) {
        request.futures = vm["futures"].as<std::int64_t>();
        if (request.futures < 1) throw UsageError("solve: --futures takes 1 or more");
    } else if (!vm["p"].defaulted()) {
        throw UsageError("solve: --p applies with --futures N");
    }
    request.p = vm["p"].as<double>();
    request.threads = vm.count("jobs") ? vm["jobs"].as<int>()
                                       : std::clamp(static_cast<int>(std::thread::hardware_concurrency()),
                                                    1, max_sweep_threads);
    if (request.threads < 1 || request.threads > max_sweep_threads)
        throw UsageError("solve: -j takes 1 to " + std::to_string(max_sweep_threads) +
                         " worker threads, got " + std::to_string(request.threads));
    const bool quiet = vm.count("quiet") > 0;
    request.show_progress = !quiet && ProgressLine::stderr_is_terminal();

    const std::filesystem::path scenario_file = vm["scenario"].as<std::string>();
    std::vector<std::string> overrides =
        vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
    for (const auto& o : overrides)
        if (o.substr(0, o.find('=')) == request.path)
            throw UsageError("solve: --set " + o + " sets the value solve varies");
    const InputsRead reading;
    const Scenario base = load_scenario_file(scenario_file, overrides);
    std::optional<OutputTarget> output;
    if (vm.count("output")) {
        output = OutputTarget{vm["output"].as<std::string>(), vm.count("force") > 0,
                              OutputKind::file, input_paths(reading.files())};
        check_output(*output);
    }

    SolveRecord record = solve(base, request);
    // The runs at the answer and one step before, as `vaxsim run --set PATH=VALUE` makes
    // them (future 0 under uncertainty).
    const auto at = [&](std::size_t evaluation) {
        std::vector<std::string> with = overrides;
        with.push_back(request.path + "=" + record.evaluations[evaluation].value);
        return load_scenario_file(scenario_file, with);
    };
    RunPipeline pipeline;
    if (record.last_failing) {
        const Scenario s = at(*record.last_failing);
        const RunOutput& r = pipeline.run(s, {.future = 0});
        record.at_last_failing = target_lines(*r.scenario, r.outcomes, record.targets);
    }
    std::optional<Scenario> answer;
    if (record.answer) {
        answer.emplace(at(*record.answer));
        const RunOutput& r = pipeline.run(*answer, {.future = 0});
        record.at_answer = target_lines(*r.scenario, r.outcomes, record.targets);
        // Deterministic: the run --set makes must be the run the search made.
        if (record.futures == 0)
            for (const auto& t : record.at_answer)
                if (!t.met)
                    throw std::logic_error("solve: the run with --set " + request.path + "=" +
                                           record.evaluations[*record.answer].value +
                                           " misses " + t.id + ", which the search met");
        if (output)
            write_run_file(*output, *r.scenario, *r.ledger, r.outcomes,
                           RunMetadata{command_line, utc_timestamp_now()},
                           r.epidemic ? &*r.epidemic : nullptr,
                           [&](hid_t file) { write_solve_record(file, record); }, r.places);
    }
    if (!quiet) {
        out << format_solve(record);
        if (output)
            out << "\n"
                << (record.answer ? "the run at the answer and this record written to " +
                                        output->path.string()
                                  : "no answer, so nothing written to " + output->path.string())
                << "\n";
    }
    return record.answer ? 0 : 4;
}

// Comma-separated words ("a,b,c"), each non-empty.
std::vector<std::string> comma_list(const std::string& text, const std::string& option) {
    std::vector<std::string> out;
    std::size_t from = 0;
    for (;;) {
        const auto at = text.find(',', from);
        out.push_back(text.substr(from, at == std::string::npos ? std::string::npos : at - from));
        if (out.back().empty())
            throw UsageError("optimize: " + option + " " + text + ": an empty item in the list");
        if (at == std::string::npos) return out;
        from = at + 1;
    }
}

// `vaxsim optimize`: the allocation with the best objective (sim/optimize.hpp).
int command_optimize(const std::vector<std::string>& args, const std::string& command_line,
                     std::ostream& out) {
    po::options_description options(
        "vaxsim optimize SCENARIO.yaml (--order G1,G2,... | --vary PATH=FROM..TO ... |\n"
        "                               --shares G1,G2,... [--periods DATE,...]) [options]\n\n"
        "Which order of the priority groups named (or which values of the paths named) gives\n"
        "the fewest deaths (or hospitalisations, years of life lost, days to a target) under\n"
        "the scenario's supply and capacity, and how much better it is than the plan. An order\n"
        "hands the named groups' (opening date, priority) slots, earliest first, to the groups\n"
        "in the new order. Up to 7 groups every order is tried; more, a local search (not\n"
        "exhaustive). --vary searches with NLopt (DIRECT-L for 1-2 paths, Sbplx for more).\n"
        "--shares searches the named groups' shares of each day's first doses (the allocation\n"
        "'shares') in each period, with NLopt Sbplx from their shares of the people.\n\n"
        "options");
    options.add_options()("help,h", "show this help")(
        "order", po::value<std::string>(), "the groups to reorder, by id: G1,G2,...")(
        "vary", po::value<std::vector<std::string>>()->composing(),
        "PATH=FROM..TO: a scenario path (as --set names it) and its range, numbers or dates "
        "(repeatable)")(
        "shares", po::value<std::string>(),
        "the groups whose shares of first doses are searched, by id: G1,G2,... (the others get "
        "what these cannot take, in priority order)")(
        "periods", po::value<std::string>(),
        "with --shares: the dates new shares begin, DATE,DATE,... (e.g. quarter starts); the "
        "first period begins on the run's start (default: one period)")(
        "objective", po::value<std::string>()->default_value("deaths"),
        "deaths, hospitalisations, yll (years of life lost) or time-to-target:TARGET_ID")(
        "life-expectancy", po::value<std::string>(),
        "for yll: remaining years of life at 0-4, 5-9, ..., 75+ (16 values, commas; averaged "
        "over each band's people when the epidemic has coarser bands), or one per epidemic band; "
        "default Korea 2020 (KOSTAT life tables) [assumed]")(
        "futures", po::value<std::int64_t>(),
        "with uncertain inputs: the futures 0..N-1 every candidate is run on")(
        "risk", po::value<std::string>()->default_value("mean"),
        "with --futures: mean, or worst-decile (the mean of the worst 10% of futures)")(
        "budget", po::value<std::int64_t>(),
        "the most candidates evaluated when not exhaustive (default 5,000 orders, 200 values "
        "or shares)")(
        "compare", po::value<std::vector<std::string>>()->composing(),
        "another scenario to show beside the plan and the optimum, on the same futures "
        "(repeatable)")(
        "set", po::value<std::vector<std::string>>()->composing(),
        "override one scenario value first, as for run (repeatable)")(
        "jobs,j", po::value<int>(), "worker threads (default: all cores)")(
        "output,o", po::value<std::string>(),
        "write the run at the optimum here, with the search's record in /optimize")(
        "force", "overwrite an existing output file")("quiet,q", "print nothing on success");
    const auto parsed = parse_arguments(args, "optimize", options, "scenario", out);
    if (!parsed) return 0;
    const po::variables_map& vm = *parsed;
    if (!vm.count("scenario"))
        throw UsageError("optimize: name a scenario file, e.g. scenarios/seoul-2021-epidemic.yaml");
    OptimizeRequest request;
    if (vm.count("order")) request.order = comma_list(vm["order"].as<std::string>(), "--order");
    if (vm.count("vary")) request.vary = vm["vary"].as<std::vector<std::string>>();
    if (vm.count("shares")) request.shares = comma_list(vm["shares"].as<std::string>(), "--shares");
    if (vm.count("periods")) request.periods = comma_list(vm["periods"].as<std::string>(), "--periods");
    request.objective = vm["objective"].as<std::string>();
    if (vm.count("life-expectancy")) {
        if (request.objective != "yll")
            throw UsageError("optimize: --life-expectancy applies with --objective yll");
        for (const auto& v : comma_list(vm["life-expectancy"].as<std::string>(), "--life-expectancy")) {
            const auto x = parse_real(v);
            if (!x) throw UsageError("optimize: --life-expectancy: '" + v + "' is not a number");
            request.life_expectancy.push_back(*x);
        }
    }
    if (vm.count("futures")) {
        request.futures = vm["futures"].as<std::int64_t>();
        if (request.futures < 1) throw UsageError("optimize: --futures takes 1 or more");
    }
    const std::string risk = vm["risk"].as<std::string>();
    if (risk == "mean")
        request.risk = OptimizeRisk::mean;
    else if (risk == "worst-decile")
        request.risk = OptimizeRisk::worst_decile;
    else
        throw UsageError("optimize: --risk takes mean or worst-decile, not '" + risk + "'");
    if (!vm["risk"].defaulted() && !vm.count("futures"))
        throw UsageError("optimize: --risk applies with --futures N");
    if (vm.count("budget")) {
        request.budget = vm["budget"].as<std::int64_t>();
        if (request.budget < 1) throw UsageError("optimize: --budget takes 1 or more");
    }
    request.threads = vm.count("jobs") ? vm["jobs"].as<int>()
                                       : std::clamp(static_cast<int>(std::thread::hardware_concurrency()),
                                                    1, max_sweep_threads);
    if (request.threads < 1 || request.threads > max_sweep_threads)
        throw UsageError("optimize: -j takes 1 to " + std::to_string(max_sweep_threads) +
                         " worker threads, got " + std::to_string(request.threads));
    const bool quiet = vm.count("quiet") > 0;
    request.show_progress = !quiet && ProgressLine::stderr_is_terminal();

    const std::filesystem::path scenario_file = vm["scenario"].as<std::string>();
    const std::vector<std::string> overrides =
        vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
    for (const auto& o : overrides)
        for (const auto& v : request.vary)
            if (o.substr(0, o.find('=')) == v.substr(0, v.find('=')))
                throw UsageError("optimize: --set " + o + " sets a value optimize varies");
    if (!request.shares.empty())
        for (const auto& o : overrides)
            for (const char* path : {"policy.first_dose_allocation", "policy.shares", "policy.changes"})
                if (o.rfind(path, 0) == 0)
                    throw UsageError("optimize: --set " + o + ": --shares sets the allocation, the "
                                     "shares and the policy changes that date them");
    const InputsRead reading;
    const Scenario base = load_scenario_file(scenario_file, overrides);
    // Scenarios compared: as their files say (no --set), on the same futures.
    std::vector<std::unique_ptr<Scenario>> compared;
    if (vm.count("compare"))
        for (const auto& file : vm["compare"].as<std::vector<std::string>>()) {
            compared.push_back(std::make_unique<Scenario>(load_scenario_file(file, {})));
            request.compare.emplace_back(std::filesystem::path(file).filename().string(),
                                         compared.back().get());
        }
    std::optional<OutputTarget> output;
    if (vm.count("output")) {
        output = OutputTarget{vm["output"].as<std::string>(), vm.count("force") > 0,
                              OutputKind::file, input_paths(reading.files())};
        check_output(*output);
    }

    OptimizeRecord record = optimize(base, request);
    if (output) {
        // The run at the optimum, as `vaxsim run --set ...` makes it (future 0 under
        // uncertainty), its epidemic with the counterfactual when the scenario asks.
        std::vector<std::string> with = overrides;
        for (const auto& s : record.results[1].settings) with.push_back(s);
        const Scenario at = load_scenario_file(scenario_file, with);
        RunPipeline pipeline;
        const RunOutput& r = pipeline.run(at, {.future = 0});
        record.future = 0;
        // The run --set makes must be the run the search made (future 0 of it).
        const double found = record.results[1].per_future.front();
        if (run_objective(request, r) != found)
            throw std::logic_error("optimize: the run with the optimum's --set overrides gives " +
                                   std::to_string(run_objective(request, r)) + ", not the " +
                                   std::to_string(found) + " the search found");
        write_run_file(*output, *r.scenario, *r.ledger, r.outcomes,
                       RunMetadata{command_line, utc_timestamp_now()},
                       r.epidemic ? &*r.epidemic : nullptr,
                       [&](hid_t file) { write_optimize_record(file, record); }, r.places);
    }
    if (!quiet) {
        out << format_optimize(record);
        if (output) out << "\nthe run at the optimum and this record written to " << output->path.string() << "\n";
    }
    return 0;
}

// Ctrl-C, a kill or a hang-up during a sweep: stop taking new runs, keep the finished ones. A second
// signal ends the program at once (the journal stays readable).
std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int signal_number) {
    stop_requested.store(true);
    std::signal(signal_number, SIG_DFL);
}

int command_sweep(const std::vector<std::string>& args, const std::string& command_line,
                  std::ostream& out, const ProcessGroup& group) {
    po::options_description options("vaxsim sweep SWEEP.yaml -o OUT.h5 [options]");
    options.add_options()("help,h", "show this help")(
        "output,o", po::value<std::string>(), "write the sweep's results to this HDF5 file")(
        "jobs,j", po::value<int>(), "worker threads (default: all cores; 1 per rank under MPI)")(
        "samples", po::value<std::int64_t>(),
        "run this many samples instead of the sweep file's count (a sweep with samples:)")(
        "replicates", po::value<std::int64_t>(),
        "run this many futures of each point instead of the sweep file's replicates")(
        "resume", "finish an interrupted sweep from its journal (OUT.h5.journal)")(
        "force", "overwrite an existing output, or discard an old journal and start over")(
        "quiet,q", "print nothing on success (and no progress line)")(
        "lang", po::value<std::string>(), lang_help);
    const auto parsed = parse_arguments(args, "sweep", options, "sweep", out);
    if (!parsed) return 0;
    const po::variables_map& vm = *parsed;
    const Language language = chosen_language(vm, "sweep");
    if (!vm.count("sweep"))
        throw UsageError(
            "sweep: name a sweep file, e.g. scenarios/seoul-2021-supply-delays.sweep.yaml");
    if (!vm.count("output")) throw UsageError("sweep: give the output file with -o OUT.h5");
    const std::filesystem::path output = vm["output"].as<std::string>();
    const bool force = vm.count("force") > 0;
    const bool quiet = vm.count("quiet") > 0;

    // The command line first: a usage error is one whatever the files hold.
    SweepOptions run_options;
    // Under MPI, one worker per rank unless told otherwise: ranks already fill the cores.
    run_options.threads = vm.count("jobs") ? vm["jobs"].as<int>()
                          : group.size > 1
                              ? 1
                              : std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1,
                                           max_sweep_threads);
    run_options.rank = group.rank;
    run_options.ranks = group.size;
    if (run_options.threads < 1 || run_options.threads > max_sweep_threads)
        throw UsageError("sweep: -j takes 1 to " + std::to_string(max_sweep_threads) +
                         " worker threads, got " + std::to_string(run_options.threads));

    const SweepCounts counts = sweep_counts(vm, "sweep");
    const SweepSpec spec(vm["sweep"].as<std::string>(), counts);
    if (!quiet && group.rank == 0) {
        const auto T = [language](Label l) { return std::string(text(l, language)); };
        if (spec.replicates_alike())
            std::cerr << fill(T(Label::k_warning),
                              {fill(T(Label::k_sweep_replicates_alike),
                                    {std::to_string(spec.design().replicates)})})
                      << "\n";
        if (spec.keep_daily_renumbered())
            std::cerr << fill(T(Label::k_warning), {keep_daily_dropped(spec, counts, language)})
                      << "\n";
    }
    // No file the sweep read (the sweep file, its scenario's extends: chain, CSVs, contact
    // matrices) is ever replaced.
    const OutputTarget target{output, force, OutputKind::file, input_paths(spec.inputs())};
    check_output(target);

    run_options.resume = vm.count("resume") > 0;
    run_options.restart = force && !run_options.resume;

    // Journals an earlier sweep to this output left, by one process or by each MPI rank:
    // a plain rerun refuses them all, and --force removes exactly those (rank 0 does; the
    // agreement below holds the other ranks back until it has).
    // Each is checked as any output is first: --force removes a regular file, never what a
    // link points to, a folder or an input.
    const auto journal = journal_path(output, group.rank, group.size);
    check_side_file(journal, target.inputs);
    for (const auto& old : sweep_journals(output)) check_side_file(old, target.inputs);
    std::string refusal = journal_refusal(output, group.size, run_options.resume, force);
    if (refusal.empty() && run_options.restart && group.rank == 0)
        for (const auto& old : sweep_journals(output)) std::filesystem::remove(old);
    if (!all_ranks(refusal.empty(), group))
        throw OutputExistsError(refusal.empty() ? "another rank found an earlier sweep's journals"
                                                : refusal);
    run_options.show_progress = !quiet && group.rank == 0 && ProgressLine::stderr_is_terminal();
    stop_requested = false;
    run_options.stop = &stop_requested;
    // SIGHUP (a closed terminal, a scheduler) stops a sweep as SIGINT and SIGTERM do.
    for (int s : {SIGINT, SIGTERM, SIGHUP}) std::signal(s, request_stop);
    struct RestoreSignals {
        ~RestoreSignals() {
            for (int s : {SIGINT, SIGTERM, SIGHUP}) std::signal(s, SIG_DFL);
        }
    } restore;

    // Every rank must reach the agreement below, whatever happened to it, or the others
    // would wait for it forever.
    SweepRuns local;
    std::exception_ptr error;
    std::string interrupted;
    try {
        local = execute_sweep(spec, journal, run_options);
    } catch (const SweepInterrupted& e) {
        interrupted = e.what();
    } catch (...) {
        error = std::current_exception();
    }
    const bool everyone_done = all_ranks(!error && interrupted.empty(), group);
    if (error) std::rethrow_exception(error);
    if (!everyone_done)
        throw SweepInterrupted(
            !interrupted.empty()
                ? interrupted
                : "another rank was interrupted; this rank's finished runs are kept in '" +
                      journal.string() + "': rerun with --resume and the same number of ranks");
    const std::int64_t resumed = sum_on_rank0(local.resumed, group);
    if (group.rank == 0) {
        const SweepSummary summary =
            write_sweep_file(target, spec.design(), spec.base(), spec.layout(),
                             gathered_records(spec, journal, group), local.kept,
                             RunMetadata{command_line, utc_timestamp_now()});
        if (!quiet) {
            out << format_sweep_summary(spec.design(), spec.base(), summary, resumed, language);
            if (group.size > 1) out << "(on " << group.size << " MPI ranks)\n";
            out << "\n" << fill(text(Label::k_results_written, language), {output.string()})
                << "\n";
        }
    } else {
        send_journal(spec, journal, group);
    }
    // The file is complete (rank 0 wrote it before anyone passes this point): journals go.
    all_ranks(true, group);
    std::filesystem::remove(journal);
    return 0;
}

} // namespace

int run_command_line(int argc, const char* const* argv, std::ostream& out) {
    return run_command_line(argc, argv, out, ProcessGroup{});
}

int run_command_line(int argc, const char* const* argv, std::ostream& out,
                     const ProcessGroup& group) {
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
    if (command == "sweep") return command_sweep(args, command_line, out, group);
    if (command == "solve") return command_solve(args, command_line, out);
    if (command == "optimize") return command_optimize(args, command_line, out);
    if (command == "check") return command_check(args, out);
    if (command == "init") return command_init(args, out);
    if (command == "report") return command_report(args, out);
    if (command == "export") return command_export(args, out);
    if (command == "compare") return command_compare(args, out);
    if (command == "serve") return command_serve(args, out);
    if (command == "version" || command == "--version") {
        out << "vaxsim " << program_version << (MpiSession::compiled_in() ? " (with MPI)" : "")
            << "\n";
        return 0;
    }
    throw UsageError("unknown command '" + command + "'");
}

} // namespace vaxsim
