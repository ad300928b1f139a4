#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

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

// {"a", "b"} -> "a, b": names in a message or a printout.
inline std::string joined(const std::vector<std::string>& parts, const std::string& by = ", ") {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : by) + p;
    return out;
}

// 1234 -> "+1,234", -5 -> "-5": a gap or margin, with its sign always shown.
inline std::string signed_commas(std::int64_t n) {
    std::string out = n >= 0 ? "+" : "";
    return out += with_commas(n);
}

// Columns a terminal shows `s` in, for lining up tables: one per character of UTF-8, two
// for the wide East Asian ones (Hangul syllables and jamo, CJK, full-width forms), so that
// a tier named 가 lines up under a heading as "ab" does.
inline std::size_t shown_length(const std::string& s) {
    std::size_t shown = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t length = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
        char32_t c = length == 1 ? b : b & (0x7F >> length);
        for (std::size_t k = 1; k < length && i + k < s.size(); ++k)
            c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                          (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                          (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                          (c >= 0xFFE0 && c <= 0xFFE6);
        shown += wide ? 2 : 1;
        i += length;
    }
    return shown;
}

// `s` padded with spaces on the left (right-aligned) or right to `width` characters.
inline std::string pad_left(const std::string& s, std::size_t width) {
    const std::size_t shown = shown_length(s);
    return shown >= width ? s : std::string(width - shown, ' ') + s;
}
inline std::string pad_right(const std::string& s, std::size_t width) {
    const std::size_t shown = shown_length(s);
    return shown >= width ? s : s + std::string(width - shown, ' ');
}

// 0.5 -> "0.5", 1e12 -> "1e+12": a bound or parameter in a message, in the fewest digits
// (printf's %g).
inline std::string number_text(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}

// 0.0034, 3 -> "0.003": a real with a fixed number of decimals.
inline std::string fixed_decimals(double x, int digits) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", digits, x);
    return buf;
}

// 0.7049 -> "70.5%".
inline std::string percent(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100 * share);
    return buf;
}

} // namespace vaxsim
