#pragma once
// A progress line for long work: "sweep: 1,234/10,000 runs (12%), 2,345 runs/s, 0:04 left".
// Drawn on standard error only when it is a terminal; silent otherwise (logs, CI).
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace vaxsim {

class ProgressLine {
  public:
    ProgressLine(std::string what, std::int64_t total, std::int64_t already_done, bool enabled);
    ~ProgressLine();
    void update(std::int64_t done); // thread-safe; redraws at most 5 times a second
    void finish();

    static bool stderr_is_terminal();

  private:
    void draw(std::int64_t done);
    std::string what_;
    std::int64_t total_, start_done_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point started_, last_draw_;
    std::mutex mutex_;
};

} // namespace vaxsim
