#pragma once
// Random streams keyed by (master seed, index, stream name) - never by thread or rank -
// so a run's draws are the same whatever runs beside it, on any number of workers.
// Generator and distributions are written here (not <random>'s) so results do not
// depend on the standard library's implementation; the binomial is Boost.Random's (BTRD,
// Hormann 1993: exact, constant expected time), a fixed algorithm of the Boost release
// the build finds (Debian 12: 1.74).
#include <cstdint>
#include <string_view>

namespace vaxsim {

class RandomStream {
  public:
    RandomStream(std::uint64_t seed, std::uint64_t index, std::string_view name);
    std::uint64_t next();  // xoshiro256**
    double uniform();      // [0, 1), 53 bits
    double uniform_open(); // (0, 1)
    // Successes in n trials of probability p (p clamped to [0, 1]). Nothing is drawn when
    // n or p is 0, so two runs that skip empty compartments stay in step.
    std::int64_t binomial(std::int64_t n, double p);

    // For Boost.Random (UniformRandomNumberGenerator).
    using result_type = std::uint64_t;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type{0}; }
    result_type operator()() { return next(); }

  private:
    std::uint64_t s_[4];
};

// FNV-1a hash of text, continuing from `h` (to hash several texts in turn).
std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 0xCBF29CE484222325ull);

// Standard normal distribution function and its inverse.
double normal_cdf(double x);
double normal_quantile(double p); // p in (0, 1)

} // namespace vaxsim
