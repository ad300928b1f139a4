#pragma once
// Every word vaxsim shows a person (the run and sweep summaries, `check`, the reports and
// pages, the lines the commands print), in each language vaxsim speaks: one table per
// language (results/labels.cpp), keyed by `Label`. A label missing from a table
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

// Unprefixed: the run report (and words shared); s_ the run summary; k_ what `check` says
// of a scenario, and the commands' own lines; f_ `check FILE.h5`; w_ the sweep report; ws_
// the sweep summary; v_, cr_, ch_, cs_ and o_ comparisons (the page, what compare prints,
// what changed, sweeps side by side, against what happened); p_ whom a target counts;
// srv_ the page of `vaxsim serve` (its keys in sim/serve.cpp, page_words); pl_ the places in
// the run summary; rp_ the places in the run report.
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
    hospitalisations, deaths, averted, epidemic_note, capacity_title, capacity_legend,
    doses_given, why_slipped, why_slipped_intro, col_started_of_planned, col_reached_plan,
    col_held_by, not_reached_in_run, c_none, c_capacity, c_supply, c_second_dose_reserve,
    c_eligibility, c_no_group_open, c_awaiting_arrivals, jan, feb, mar, apr, may, jun, jul, aug,
    sep, oct, nov, dec, month_year, s_run_header, s_policy, s_started_from, s_stock_on_hand,
    s_replaced, s_plan_heading, s_col_status, s_slipped_caps, s_tier_total, s_all,
    s_quarter_total, s_why_heading, s_started_of, s_reached_on, s_never_started,
    s_no_first_dose, s_last_first_dose, s_held_by, s_days_short, s_served_in_full,
    s_by_quarter_heading, s_quarter_line, s_boosters_part, s_target_bound, s_bound_result,
    s_target_line, s_target_result, s_since, s_met_caps, s_not_met_caps, s_mp_first_dose,
    s_mp_fully_vaccinated, s_mp_doses, s_mp_overdue_peak, s_mp_overdue_person_days,
    s_mp_boosted, s_mp_up_to_date, s_mp_dose_n, s_boosters_heading, s_boosters_line, s_campaign,
    s_campaign_to, s_after_days, s_when_lapses, s_epidemic_heading, s_rk4_steps, s_rk4_step_one, s_chain_steps, s_chain_step_one, s_epi_expected, s_epi_random, s_epi_bands, s_epi_variant, s_epi_importation, s_epi_waning, s_epi_infection_immunity,
    s_doses_by_product, s_delivered_w, s_given_w, s_wasted_w, s_in_stock_end_w,
    s_extracted_line, s_exports_warning, s_after_end_line, s_after_end_places_line, s_doses_by_site, s_capacity_w, s_used_w,
    s_overdue_heading, s_never_overdue, s_overdue_line, s_dropped_out, k_never_first_dose,
    k_opens_after_end, k_target_unreachable, k_quarter_unchecked, k_outside, k_partly_within,
    k_group_one, k_group_many, k_supply_short, k_shares_unused, k_head, k_uncertain, k_population,
    k_outside_counts, k_groups_count, k_no_plan, k_quarter_groups, k_group_line, k_product,
    k_interval, k_to_dose, k_n_days, k_change_from, k_change_to, k_by_due_moved, k_by_due,
    k_drop_out, k_ages, k_rule_from, k_no_first_before, k_wastage_supply, k_before_random,
    k_heterologous, k_may_be, k_from_comma, k_to_comma, k_always, k_when_out, k_capacity,
    k_capacity_at, k_capacity_from, k_capacity_to, k_holidays, k_swap, k_initial, k_policy,
    k_changes_on, k_walk_ins, k_walk_ins_from, k_walk_ins_end, k_target, k_warning_caps,
    k_no_warnings, k_valid_scenario, k_valid_sweep, k_sweep_varies, k_sweep_replicates_alike, k_sweep_keep_daily_dropped, k_warning, k_future_drawn,
    k_results_written, f_ok, f_problems_found, f_ok_line, f_problem_line, f_failures, f_format,
    f_written_by, f_written_at, f_run_facts, f_with_epidemic, f_sweep_facts, f_run_layout,
    f_run_rules, f_epidemic, f_epidemic_without, f_epi_people_head, f_epi_shares_head,
    f_epi_people_ok, f_epi_shares_ok, f_epi_totals_head, f_epi_totals_ok, f_epi_conserved_head,
    f_epi_conserved_ok, f_epi_doses_head, f_epi_doses_ok, f_opening_head,
    f_opening_ok, f_ledger_head, f_ledger_ok, f_held_head, f_held_ok, f_over_head,
    f_accounting_head, f_over_ok, f_accounting_ok, f_site_list_head, f_site_list_ok,
    f_site_over_head, f_site_over_ok, f_coverage_head, f_first_total_head, f_coverage_ok,
    f_first_total_ok, f_verdicts_head, f_verdicts_ok, f_plan_head, f_plan_ok, f_odds_head,
    f_odds_ok, f_coverage_sweep_head, f_coverage_sweep_ok, f_sweep_layout, f_sweep_rules,
    f_places_head, f_places_ok, f_unknown_filetype, f_layout_broken, p_bands, p_tiers, p_groups,
    p_group_one, p_everyone, p_all_products, p_products, w_runs_meta, w_p_heading, w_p_chart,
    w_col_runs, w_col_p, w_col_met_not, w_col_by5, w_col_median, w_col_95, w_not_reached,
    w_all_runs, w_n_met, w_n_not_met, w_when_chart, w_when_heading, w_fan_heading,
    w_fan_intro_main, w_fan_intro_all, w_fan_first, w_fan_full, w_median_run, w_deadline_date,
    w_by_param_heading, w_by_param_intro, w_by_param_policies, w_p_against, w_same_every_bin,
    w_epi_heading, w_epi_intro, w_epi_chart, w_epi_infections, w_epi_deaths, w_epi_averted,
    w_sens_heading, w_sens_chart, w_days_value, w_col_parameter, w_col_earliest, w_col_latest,
    v_runs_compared, v_col_run, v_col_file, v_col_scenario, v_col_dates, v_col_command, v_base,
    v_what_changed, v_vs_base, v_no_target, v_days_delta, v_coverage_chart, v_full_suffix,
    v_not_in_run, v_no_places, v_no_place_plan, v_place_plan_intro, v_bound_heading, v_bound_chart, v_waste_heading, v_col_wasted, v_col_overdue,
    v_title, ws_head, ws_resumed, ws_target_head, ws_line, ws_dates, ws_all_places, ws_epidemic_head, ws_epidemic_head_random, ws_epidemic_head_mixed, ws_epidemic_range,
    ws_epidemic_line, ws_sens_head, ws_sens_line, k_report_written, k_page_written,
    k_table_written, k_day_table_written, cr_head, cr_run_line, cr_what_changed,
    cr_targets_head, cr_only_in, cr_no_target, cr_reached_w, cr_margin_w, cr_vs, cr_same, cr_na,
    cr_plan_head, cr_waste_head, cr_wasted_w, cr_of_used, cr_overdue_w, cr_no_product,
    ch_scenario, ch_dates, ch_first, ch_reserve, ch_set, ch_not_set, ch_too_long, ch_plus,
    ch_minus, ch_more, ch_nothing, ch_items, cs_head, cs_sweep_line, cs_paired, cs_not_paired,
    cs_another_seed, cs_not_same_futures, cs_target_head, cs_no_grid, cs_paired_line, 
    o_first_dose_people, o_fully_vaccinated_people, o_boosted_people, o_up_to_date_people, o_administered, o_administered_to_date, o_everyone, o_group, o_tier, o_product, o_head, o_observed_dates, o_observed_date_one, o_outside_not_compared, o_difference_rule, o_no_day, o_outside_it, o_days_compared, o_day_compared, o_outside_run, o_mean_largest, o_col_date, o_col_run, o_col_observed, o_col_difference, o_not_reached, o_same_day, o_ahead, o_behind, o_n_days, o_n_day, o_target, o_reached_it, o_did_not_reach, o_at_or_above, o_below, o_page_title, o_page_meta, o_outside_comma, o_page_rule, o_page_no_day,
    
    srv_compare, srv_reset, srv_dl_h5, srv_dl_html, srv_dl_xlsx, srv_overrides, srv_no_overrides, srv_command, srv_targets, srv_coverage, srv_binding, srv_plan, srv_overdue, srv_sweep, srv_futures, srv_sweep_start, srv_sweep_cancel, srv_remove, srv_target, srv_status, srv_reached, srv_margin, srv_deadline, srv_threshold, srv_value, srv_met, srv_not_met, srv_never, srv_base, srv_quarter, srv_tier, srv_group, srv_planned, srv_started, srv_gap, srv_product, srv_peak, srv_peak_day, srv_person_days, srv_at_end, srv_p_met, srv_interval, srv_runs, srv_running, srv_done, srv_cancelled, srv_error, srv_same_futures, srv_round_trip, srv_server, srv_supply, srv_capacity, srv_policy, srv_groups, srv_boosters, srv_this_run, srv_base_run, srv_finished, srv_held, srv_lever_supply_scale, srv_lever_supply_delay, srv_lever_supply_shortfall, srv_lever_supply_window, srv_lever_capacity_period, srv_lever_reserve, srv_lever_allocation, srv_lever_uptake, srv_lever_opens, srv_lever_booster_from, srv_lever_booster_uptake, srv_lever_place_rule, srv_lever_transfer_lag, srv_lever_rebalance, srv_places_plan, srv_places_met, srv_places_slipped,
    
    pl_heading, pl_rule_population, pl_rule_need, pl_rule_capacity, pl_rule_shares, pl_rule_listed, pl_rebalance_every, pl_rebalanced, col_place, col_people, col_first_dose, col_fully, col_targets_met, pl_met_of, pl_targets_heading, pl_target_line, pl_target_unreached, pl_target_same_day, pl_target_none, pl_and_more, pl_spread, pl_slowest_heading, pl_slowest_line, pl_plan_heading, pl_plan_met_in, pl_plan_slipped,
    
    f_places_sum_head, f_places_sum_ok, f_places_people_head, f_places_people_ok, f_places_verdict_head, f_places_verdict_ok, f_places_plan_head, f_places_plan_ok, f_places_equity_head, f_places_equity_ok,
    
    k_places, k_place_line,
    rp_places, rp_places_intro, rp_no_coverage_target, rp_choose_target, rp_choose_date, rp_tiles_caption, rp_tiles_legend, rp_equity_heading, rp_equity_chart, rp_axis_share, rp_equity_range, rp_equity_gini, rp_equity_text, rp_slowest_heading, rp_slowest_intro, rp_held_by_nothing, rp_plan_heading, rp_plan_intro,
    
    cr_places_line,
    f_hosp_dated_head, f_hosp_dated_ok, f_hosp_over_head, f_hosp_over_ok, s_hosp_heading,
    s_hosp_peak_ward, s_hosp_peak_icu, s_hosp_over_ward, s_hosp_over_icu, s_hosp_adm_after_end,
    s_hosp_deaths_after_end, s_on_date, rp_hosp_heading, rp_ward_chart, rp_icu_chart,
    rp_beds_line, rp_hosp_note,
    rp_solve_heading, rp_solve_smallest, rp_solve_latest, rp_solve_futures, rp_solve_range, rp_solve_answer, rp_solve_everywhere, rp_solve_caution, rp_solve_run_shown, rp_solve_run_future, rp_solve_col_value, rp_solve_meets, rp_solve_fails, rp_solve_bracket,
    ws_sens_within, ws_sens_beyond, ws_sens_untold, w_col_chance, w_within_chance, w_chance_untold,
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

// Whom a target or campaign counts, as models/ words it ("bands 18-49, 50-64", "tiers
// 가+나", "6 groups", "1 group", "everyone", "all products", "products a+b"), in `language`.
// Anything else is returned as it is.
std::string population_name(const std::string& label, Language language);

// A binding constraint's display name.
std::string_view constraint_name(Constraint c, Language language);

} // namespace vaxsim
