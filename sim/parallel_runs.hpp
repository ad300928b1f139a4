#pragma once
// Many runs on worker threads, for the searches (`vaxsim solve`, `vaxsim optimize`): jobs
// 0 .. jobs-1 are handed out in turn to `threads` workers, each with its own RunPipeline
// (its engine's buffers reused from run to run). `work` puts each job's result where its
// index says, so a caller that reduces the results in job order gets the same answer at
// any thread count. The first exception stops the other workers and is rethrown.
#include <cstdint>
#include <functional>

#include "sim/pipeline.hpp"

namespace vaxsim {

void run_in_parallel(std::int64_t jobs, int threads,
                     const std::function<void(RunPipeline&, std::int64_t job)>& work);

} // namespace vaxsim
