#pragma once
// Calendar dates as whole day numbers: the engine steps one day at a time, so a date
// is an int (days since 1970-01-01) and every calendar question is answered here.
#include <optional>
#include <string>
#include <string_view>

namespace vaxsim {

using DayNumber = int;

// Parses a strict ISO date "YYYY-MM-DD"; nullopt if malformed or not a real date (2021-02-30).
std::optional<DayNumber> parse_iso_date(std::string_view text);
std::string format_iso_date(DayNumber day);

int year_of(DayNumber day);
int month_of(DayNumber day);     // 1..12
int day_of_month(DayNumber day); // 1..31
int quarter_of(DayNumber day);   // 1..4
int weekday_of(DayNumber day);   // 0 = Monday .. 6 = Sunday

// "2021Q1" and "2021-03": labels used in summaries and in the HDF5 file.
std::string quarter_label(DayNumber day);
std::string month_label(DayNumber day);
// Parses "2021Q3" into the first day of that quarter; nullopt if malformed.
std::optional<DayNumber> parse_quarter_label(std::string_view text);
DayNumber first_day_of_quarter(int year, int quarter);
DayNumber last_day_of_quarter(int year, int quarter);

} // namespace vaxsim
