#pragma once
// `vaxsim serve SCENARIO.yaml`: a what-if page on a local web server. Every change on the
// page is an override by the paths of `--set`. A lever's plainly written value is set on
// the loaded scenario's spec through the parameter space (as sweeps do); any other
// override, and any value refused that way, is loaded through the same code as
// `vaxsim run --set` (so an invalid value gets the same error text). The run's results
// go back as JSON, which the page draws.
//
// ServeSession is the server without HTTP: the requests' bodies in, status and body out,
// so its rules (limits, malformed requests, errors) are tested without a socket.
// serve() puts it behind cpp-httplib.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "models/scenario.hpp"

namespace vaxsim {

struct ServeLimits {
    std::size_t max_request_bytes = 64 * 1024; // a request's body
    std::size_t max_overrides = 200;           // overrides in one request
    std::size_t max_override_chars = 400;      // one "path=value"
    int max_concurrent_runs = 2;               // runs at once; more are refused (503)
    std::int64_t max_sweep_futures = 1000;     // futures in one sweep
};

struct ServeReply {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
};

// The page's words in one language: "en" or "ko".
struct ServeOptions {
    std::string language = "en";
    ServeLimits limits;
};

class ServeSession {
  public:
    // Loads the scenario once (InputFileError as `vaxsim run` throws it) and notes every
    // file it reads: the only files a later run may read.
    explicit ServeSession(std::filesystem::path scenario, ServeOptions options = {});
    ~ServeSession();
    ServeSession(const ServeSession&) = delete;
    ServeSession& operator=(const ServeSession&) = delete;

    // GET /api/levers: the scenario, its levers (path, display name, kind, base value)
    // and the limits.
    ServeReply levers() const;
    // POST /api/run {"overrides": ["path=value", ...]}: the run's results, or 422 with the
    // error text `vaxsim run --set` prints and the override it names.
    ServeReply run(std::string_view body);
    // POST /api/sweep {"overrides": [...], "futures": N}: starts N futures (0 .. N-1, as
    // `vaxsim run --future k`) in the background; 409 while one runs.
    ServeReply start_sweep(std::string_view body);
    // GET /api/sweep: progress and P(met) with its 95% Wilson interval so far.
    ServeReply sweep_status() const;
    // POST /api/sweep/cancel
    ServeReply cancel_sweep();
    // The static assets: "/" (the page) and "/app.js"; 404 otherwise.
    ServeReply asset(std::string_view path) const;
    // GET /download/run.h5|report.html|run.xlsx?set=path=value&set=...: the run as a
    // results file, its HTML report or Excel workbook, made in a private temporary folder
    // and removed once read.
    ServeReply download(std::string_view what, const std::vector<std::string>& overrides);

    const ServeLimits& limits() const { return options_.limits; }
    const std::filesystem::path& scenario_path() const { return path_; }

  private:
    struct Sweep;
    // The fast way: the overrides set on a copy of the base's spec through the parameter
    // space (no file read, no YAML parsed), for lever paths with plainly written values
    // only; none when any is not (then load() reads the file as `vaxsim run --set` does,
    // which also gives the error text).
    std::optional<Scenario> set_on_base(const std::vector<std::string>& overrides) const;
    // Loads the scenario with overrides; the reply is set (and false returned) on an error.
    bool load(const std::vector<std::string>& overrides, std::optional<Scenario>& out,
              ServeReply& reply) const;
    std::filesystem::path path_;
    ServeOptions options_;
    std::set<std::string> own_files_; // canonical paths the base scenario read (before base_)
    Scenario base_;
    std::set<std::string> lever_paths_; // the paths the page offers (levers())
    std::atomic<int> running_{0};
    mutable std::mutex sweep_mutex_;
    std::shared_ptr<Sweep> sweep_;
    std::thread sweep_thread_;
};

// Parses a request body {"overrides": [...], ...}: the overrides, or a reply saying what
// is wrong with the request (400) or over which limit it goes (413).
struct ParsedRequest {
    std::vector<std::string> overrides;
    std::int64_t futures = 0;
    bool ok = false;
    ServeReply error;
};
ParsedRequest parse_serve_request(std::string_view body, const ServeLimits& limits,
                                  bool with_futures = false);

// Serves `session` on host:port (0: any free port) until the process is stopped; prints
// the address to `out` once listening. Throws std::runtime_error if it cannot bind.
void serve(ServeSession& session, const std::string& host, int port, std::ostream& out);

} // namespace vaxsim
