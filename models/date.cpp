#include "models/date.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace vaxsim {
namespace {

using namespace std::chrono;

year_month_day to_ymd(DayNumber day) {
    return year_month_day{sys_days{days{day}}};
}

DayNumber to_day(year_month_day ymd) {
    return sys_days{ymd}.time_since_epoch().count();
}

bool parse_digits(std::string_view text, int& out) {
    if (text.empty()) return false;
    for (char c : text)
        if (c < '0' || c > '9') return false;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && ptr == text.data() + text.size();
}

} // namespace

std::optional<DayNumber> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int y = 0, m = 0, d = 0;
    if (!parse_digits(text.substr(0, 4), y) || !parse_digits(text.substr(5, 2), m) ||
        !parse_digits(text.substr(8, 2), d))
        return std::nullopt;
    year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return to_day(ymd);
}

std::string format_iso_date(DayNumber day) {
    auto ymd = to_ymd(day);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

int year_of(DayNumber day) {
    return static_cast<int>(to_ymd(day).year());
}
int month_of(DayNumber day) {
    return static_cast<int>(static_cast<unsigned>(to_ymd(day).month()));
}
int day_of_month(DayNumber day) {
    return static_cast<int>(static_cast<unsigned>(to_ymd(day).day()));
}
int quarter_of(DayNumber day) {
    return (month_of(day) - 1) / 3 + 1;
}

int weekday_of(DayNumber day) {
    // 1970-01-01 was a Thursday (index 3 when Monday is 0).
    return static_cast<int>(((day % 7) + 7 + 3) % 7);
}

std::string quarter_label(DayNumber day) {
    return std::to_string(year_of(day)) + "Q" + std::to_string(quarter_of(day));
}

std::string month_label(DayNumber day) {
    return format_iso_date(day).substr(0, 7);
}

std::optional<DayNumber> parse_quarter_label(std::string_view text) {
    if (text.size() != 6 || text[4] != 'Q') return std::nullopt;
    int y = 0, q = 0;
    if (!parse_digits(text.substr(0, 4), y) || !parse_digits(text.substr(5, 1), q))
        return std::nullopt;
    if (q < 1 || q > 4) return std::nullopt;
    return first_day_of_quarter(y, q);
}

DayNumber first_day_of_quarter(int y, int q) {
    return to_day(year{y} / month{static_cast<unsigned>(3 * q - 2)} / day{1});
}

DayNumber last_day_of_quarter(int y, int q) {
    return to_day(year{y} / month{static_cast<unsigned>(3 * q)} / last);
}

} // namespace vaxsim
