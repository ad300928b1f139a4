#include "sim/progress.hpp"

#include <cstdio>
#include <unistd.h>

#include "models/text.hpp"

namespace vaxsim {

ProgressLine::ProgressLine(std::string what, std::int64_t total, std::int64_t already_done,
                           bool enabled)
    : what_(std::move(what)), total_(total), start_done_(already_done), enabled_(enabled),
      started_(std::chrono::steady_clock::now()), last_draw_(started_) {}

ProgressLine::~ProgressLine() {
    finish();
}

bool ProgressLine::stderr_is_terminal() {
    return ::isatty(STDERR_FILENO) == 1;
}

void ProgressLine::update(std::int64_t done) {
    if (!enabled_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (done < total_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    draw(done);
}

void ProgressLine::draw(std::int64_t done) {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done - start_done_) / elapsed : 0.0;
    const long left =
        rate > 0 ? static_cast<long>(static_cast<double>(total_ - done) / rate + 0.5) : -1;
    char eta[32] = "--:--";
    if (left >= 0) std::snprintf(eta, sizeof eta, "%ld:%02ld", left / 60, left % 60);
    std::fprintf(stderr, "\r%s: %s/%s runs (%d%%), %s runs/s, %s left   ", what_.c_str(),
                 with_commas(done).c_str(), with_commas(total_).c_str(),
                 total_ > 0 ? static_cast<int>(100 * done / total_) : 100,
                 with_commas(static_cast<std::int64_t>(rate)).c_str(), eta);
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressLine::finish() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!drawn_) return;
    std::fputc('\n', stderr);
    drawn_ = false;
}

} // namespace vaxsim
