#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

namespace vaxsim {

// 1234567 -> "1,234,567": how planners read counts.
inline std::string with_commas(std::int64_t n) {
    // The magnitude in unsigned arithmetic: -n overflows for the most negative int64.
    const std::uint64_t magnitude =
        n < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
    const std::string digits = std::to_string(magnitude);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

// 1234 -> "+1,234", -5 -> "-5": a gap or margin, with its sign always shown.
inline std::string signed_commas(std::int64_t n) {
    std::string out = n >= 0 ? "+" : "";
    return out += with_commas(n);
}

// 0.7049 -> "70.5%".
inline std::string percent(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100 * share);
    return buf;
}

} // namespace vaxsim
