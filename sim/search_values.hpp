#pragma once
// Reading the values a search is given on the command line (`vaxsim solve --range`,
// `vaxsim optimize --vary`): whole numbers, reals, their decimals, and the name of a
// parameter's kind as the records write it.
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "sim/parameter_space.hpp"

namespace vaxsim {

// count, integer, number, share or date; empty for a kind a search cannot vary (words).
inline std::string kind_name(ValueKind kind) {
    switch (kind) {
    case ValueKind::count:
        return "count";
    case ValueKind::integer:
        return "integer";
    case ValueKind::number:
        return "number";
    case ValueKind::share:
        return "share";
    case ValueKind::date:
        return "date";
    default:
        return "";
    }
}

inline std::optional<std::int64_t> parse_whole(const std::string& text) {
    if (text.empty()) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || end != text.c_str() + text.size()) return std::nullopt;
    return v;
}

inline std::optional<double> parse_real(const std::string& text) {
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

// Digits after the decimal point as written ("0.05" -> 2).
inline int decimals_of(const std::string& text) {
    const auto dot = text.find('.');
    if (dot == std::string::npos) return 0;
    const auto e = text.find_first_of("eE", dot);
    return static_cast<int>((e == std::string::npos ? text.size() : e) - dot - 1);
}

} // namespace vaxsim
