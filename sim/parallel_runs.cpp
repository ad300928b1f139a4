#include "sim/parallel_runs.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace vaxsim {

void run_in_parallel(std::int64_t jobs, int threads,
                     const std::function<void(RunPipeline&, std::int64_t job)>& work) {
    if (jobs <= 0) return;
    std::atomic<std::int64_t> next{0};
    std::exception_ptr error;
    std::mutex mutex;
    const auto worker = [&] {
        RunPipeline pipeline;
        for (;;) {
            const std::int64_t job = next.fetch_add(1);
            if (job >= jobs) return;
            try {
                work(pipeline, job);
            } catch (...) {
                const std::lock_guard<std::mutex> lock(mutex);
                if (!error) error = std::current_exception();
                next = jobs;
                return;
            }
        }
    };
    const int n = static_cast<int>(std::clamp<std::int64_t>(threads, 1, jobs));
    std::vector<std::thread> pool;
    for (int k = 1; k < n; ++k) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

} // namespace vaxsim
