#pragma once
// What stopped more doses being given on a day: the codes stored in results files, their
// labels (file and summary) and colours (the report's strip). Every user of a constraint
// reads it from this table; the words a report shows for each are in results/labels.cpp.
#include <array>
#include <cstdint>
#include <string_view>

namespace vaxsim {

enum class Constraint : std::int8_t {
    none = 0,                // nobody in an open group was left waiting: demand was met
    capacity = 1,            // every dose of the day's capacity was given
    supply = 2,              // waiting people, spare capacity, but no stock of the product
    second_dose_reserve = 3, // stock was there but held back for booked doses
    eligibility = 4,         // waiting people, but no product they may receive that day
    no_group_open = 5,       // before any group opens: nobody may be offered a dose yet
    awaiting_arrivals = 6    // open groups have served everyone arrived; more will arrive later
};

struct ConstraintInfo {
    Constraint code;
    std::string_view label;  // in files and the text summary
    std::string_view colour; // in the report's strip
};

inline constexpr std::array<ConstraintInfo, 7> constraint_table{{
    {Constraint::none, "no_one_waiting", "#d5d8dc"},
    {Constraint::capacity, "capacity", "#5dade2"},
    {Constraint::supply, "supply", "#e74c3c"},
    {Constraint::second_dose_reserve, "second_dose_reserve", "#f5b041"},
    {Constraint::eligibility, "eligibility", "#8e44ad"},
    {Constraint::no_group_open, "no_group_open", "#f4f6f7"},
    {Constraint::awaiting_arrivals, "awaiting_arrivals", "#a3e4d7"},
}};
inline constexpr int constraint_codes = static_cast<int>(constraint_table.size());

// The entry of a code read from a file; codes outside the table count as `none`.
constexpr const ConstraintInfo& constraint_info(std::int64_t code) {
    return constraint_table[code >= 0 && code < constraint_codes ? static_cast<std::size_t>(code) : 0];
}
constexpr const ConstraintInfo& constraint_info(Constraint c) {
    return constraint_info(static_cast<std::int64_t>(c));
}

} // namespace vaxsim
