#pragma once
// What results/'s HTML pages share, inside results/ only: the page colours, the status
// badges and the line that says which program wrote a file. The public side (a whole
// page, month ticks) is in results/report.hpp.
#include <string>
#include <utility>
#include <vector>

#include "results/labels.hpp"
#include "results/place_summary.hpp"
#include "results/run_reader.hpp"

namespace vaxsim {

class SweepReader;

namespace report_parts {

// Series colours, in the order series are drawn (index modulo the count).
inline constexpr const char* palette[] = {"#c0392b", "#2471a3", "#229954", "#7d3c98",
                                          "#b9770e", "#17a589", "#566573"};
inline constexpr std::size_t palette_size = sizeof(palette) / sizeof(palette[0]);

// A coloured status word: cls is one of the page's badge classes (met, missed, partial).
std::string badge(const std::string& cls, const std::string& text);
// "vaxsim VERSION, TIME · seed S · COMMAND LINE", as a page's metadata paragraph.
std::string metadata(const FileIdentity& id);

// Each day's value replaced by the average per day of its week (Monday to Sunday, over
// the week's days within the run): a daily series that swings by weekday (lighter
// weekends) drawn as its level. `dates` are "YYYY-MM-DD", one per value.
std::vector<double> weekly_average(const std::vector<double>& values,
                                   const std::vector<std::string>& dates);

} // namespace report_parts

// The body of the report of a run file (results/run_report.cpp) and of a sweep file
// (results/sweep_report.cpp), each a whole page.
std::string run_report(const RunReader& reader, Language language);
// The run report's "Places" section (results/place_report.cpp), for a file with /places:
// `dates` and `ticks` are the run's; `plan` its /plan_check (the rows of each place's plan
// check, since 2.10).
std::string places_section(const PlaceData& places, const TargetTable& targets,
                           const PlanCheckTable& plan, const std::vector<std::string>& dates,
                           const std::vector<std::pair<int, std::string>>& ticks, Language language);
// The rows of each place's plan check in a file (since 2.10: /places/plan_*, a column per
// /plan_check row); empty for an older file or a run without a plan.
std::vector<PlacePlanRow> place_plan_rows(const PlaceData& places, const PlanCheckTable& plan);
std::string sweep_report(const SweepReader& reader, Language language);

} // namespace vaxsim
