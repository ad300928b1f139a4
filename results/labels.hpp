#pragma once
// Every word results/ shows a person in the report, in each language vaxsim speaks: one
// table per language (results/labels.cpp), keyed by `Label`. A label missing from a table
// does not compile (the tables are checked, entry by entry, at compile time).
// Identifiers (group ids, product ids, dates, numbers) are never translated.
#include <optional>
#include <string>
#include <string_view>

#include "models/constraint.hpp"

namespace vaxsim {

enum class Language { en, ko };

// "en" or "ko" (`--lang`); nullopt for anything else.
std::optional<Language> parse_language(std::string_view name);
// The default when no --lang is given: Korean when LANG (or LC_ALL, LC_MESSAGES, which
// take precedence as in POSIX) names a Korean locale ("ko_KR.UTF-8", "ko"), else English.
Language language_from_environment();
std::string_view language_code(Language language); // "en", "ko": the page's lang

enum class Label {
    targets, coverage, boosters_and_protection, quarterly_plan, supply_stock_given,
    overdue_later_doses, health_impact, capacity_section, sites, col_target, col_measure,
    col_population, col_threshold, col_deadline, col_at_deadline, col_margin, col_first_reached,
    col_quarter, col_tier, col_group, col_planned, col_started, col_gap, col_product, col_peak,
    col_on, col_person_days, col_dropped_out, col_bound_by, col_days, met, not_met, slipped,
    partial, never, quarter_total, all_groups, m_first_dose, m_fully_vaccinated, m_doses,
    m_overdue_peak, m_overdue_person_days, m_boosted, m_up_to_date, axis_people, axis_doses,
    axis_person_days, axis_people_per_day, axis_doses_per_day_weekly, from_to,
    first_doses_policy, second_dose_reserve_policy, threshold, deadline, coverage_by_tier_title,
    tier_n, fully_suffix, boosters_title, completed_series, boosted, up_to_date, at_the_end,
    plan_intro, delivered_cumulative, given_cumulative, in_stock, overdue_title,
    new_infections_per_day, deaths_cumulative, this_rollout, no_vaccination, infections,
    hospitalisations, deaths, averted, epidemic_note, capacity_title, capacity_legend, doses_given,
    why_slipped, why_slipped_intro, col_started_of_planned, col_reached_plan, col_held_by,
    not_reached_in_run, c_none, c_capacity, c_supply, c_second_dose_reserve, c_eligibility, c_no_group_open,
    c_awaiting_arrivals, jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec, month_year,
    count_
};

// The label's text in a language. Some hold {0}, {1}, ... for fill().
std::string_view text(Label label, Language language);

// `pattern` with {0}, {1}, ... replaced by the arguments, in any order a language needs.
std::string fill(std::string_view pattern, std::initializer_list<std::string_view> args);

// A target measure's name ("at least one dose") and what it counts ("people"); a measure
// without a label of its own reads as its id with spaces.
std::string measure_name(const std::string& measure, Language language);
std::string measure_unit(const std::string& measure, Language language);

// A binding constraint's display name.
std::string_view constraint_name(Constraint c, Language language);

} // namespace vaxsim
