#include "results/labels.hpp"

#include <cstdlib>
#include <iterator>

namespace vaxsim {
namespace {

struct Entry {
    Label key;
    std::string_view text;
};

// One table per language, in the order of `Label`; complete() checks each at compile time.
constexpr Entry english[] = {
    {Label::targets, "Targets"},
    {Label::coverage, "Coverage"},
    {Label::boosters_and_protection, "Boosters and protection"},
    {Label::quarterly_plan, "Quarterly plan"},
    {Label::supply_stock_given, "Supply, stock and doses given"},
    {Label::overdue_later_doses, "Overdue later doses"},
    {Label::health_impact, "Health impact (epidemic model)"},
    {Label::capacity_section, "Capacity"},
    {Label::sites, "Sites"},
    {Label::col_target, "target"},
    {Label::col_measure, "measure"},
    {Label::col_population, "population"},
    {Label::col_threshold, "threshold"},
    {Label::col_deadline, "deadline"},
    {Label::col_at_deadline, "at the deadline"},
    {Label::col_margin, "margin"},
    {Label::col_first_reached, "first reached"},
    {Label::col_quarter, "quarter"},
    {Label::col_tier, "tier"},
    {Label::col_group, "group"},
    {Label::col_planned, "planned"},
    {Label::col_started, "started"},
    {Label::col_gap, "gap"},
    {Label::col_product, "product"},
    {Label::col_peak, "peak"},
    {Label::col_on, "on"},
    {Label::col_person_days, "person-days"},
    {Label::col_dropped_out, "dropped out"},
    {Label::col_bound_by, "what bound the day"},
    {Label::col_days, "days"},
    {Label::met, "met"},
    {Label::not_met, "not met"},
    {Label::slipped, "slipped"},
    {Label::partial, "partial"},
    {Label::never, "never"},
    {Label::quarter_total, "quarter total"},
    {Label::all_groups, "all groups"},
    {Label::m_first_dose, "at least one dose"},
    {Label::m_fully_vaccinated, "fully vaccinated"},
    {Label::m_doses, "doses given"},
    {Label::m_overdue_peak, "overdue for a later dose (peak day)"},
    {Label::m_overdue_person_days, "overdue for a later dose (person-days)"},
    {Label::m_boosted, "boosted"},
    {Label::m_up_to_date, "up to date"},
    {Label::axis_people, "people"},
    {Label::axis_doses, "doses"},
    {Label::axis_person_days, "person-days"},
    {Label::axis_people_per_day, "people per day"},
    {Label::axis_doses_per_day_weekly, "doses per day (weekly average)"},
    {Label::from_to, "{0} to {1}"},
    {Label::first_doses_policy, "first doses {0}"},
    {Label::second_dose_reserve_policy, "second-dose reserve {0}"},
    {Label::threshold, "threshold {0}"},
    {Label::deadline, "deadline"},
    {Label::coverage_by_tier_title, "People vaccinated by tier (solid: at least one dose; dashed: fully)"},
    {Label::tier_n, "tier {0}"},
    {Label::fully_suffix, "{0} (fully vaccinated)"},
    {Label::boosters_title, "People with a completed series, boosted, and up to date (last dose still protecting), all groups"},
    {Label::completed_series, "completed a series"},
    {Label::boosted, "boosted"},
    {Label::up_to_date, "up to date"},
    {Label::at_the_end, "At the end: {0} completed a series, {1} boosted, {2} up to date."},
    {Label::plan_intro, "People given a first dose within the quarter, against the plan's count."},
    {Label::delivered_cumulative, "delivered (cumulative)"},
    {Label::given_cumulative, "given (cumulative)"},
    {Label::in_stock, "in stock"},
    {Label::overdue_title, "People overdue for a later dose (due, not yet given)"},
    {Label::new_infections_per_day, "New infections per day"},
    {Label::deaths_cumulative, "Deaths, cumulative"},
    {Label::this_rollout, "this rollout"},
    {Label::no_vaccination, "no vaccination"},
    {Label::infections, "infections"},
    {Label::hospitalisations, "hospitalisations"},
    {Label::deaths, "deaths"},
    {Label::averted, "averted"},
    {Label::epidemic_note, "Expected numbers from the SEIR model (models/EPIDEMIC.md); severity: {0}"},
    {Label::capacity_title, "Capacity and doses given, per day, averaged over each week; below, what bound each day"},
    {Label::capacity_legend, "capacity"},
    {Label::doses_given, "doses given"},
    {Label::why_slipped, "Why groups slipped"},
    {Label::why_slipped_intro, "When each slipped group reached its plan count, and what held it on the days of its quarter it was not fully served."},
    {Label::col_started_of_planned, "started / planned"},
    {Label::col_reached_plan, "reached the plan count"},
    {Label::col_held_by, "held by (days)"},
    {Label::not_reached_in_run, "not in the run; last first dose {0} ({1} with a first dose, {2} before the quarter)"},
    {Label::c_none, "no one waiting"},
    {Label::c_capacity, "capacity"},
    {Label::c_supply, "supply"},
    {Label::c_second_dose_reserve, "second-dose reserve"},
    {Label::c_eligibility, "eligibility"},
    {Label::c_no_group_open, "no group open yet"},
    {Label::c_awaiting_arrivals, "awaiting arrivals"},
    {Label::jan, "Jan"},
    {Label::feb, "Feb"},
    {Label::mar, "Mar"},
    {Label::apr, "Apr"},
    {Label::may, "May"},
    {Label::jun, "Jun"},
    {Label::jul, "Jul"},
    {Label::aug, "Aug"},
    {Label::sep, "Sep"},
    {Label::oct, "Oct"},
    {Label::nov, "Nov"},
    {Label::dec, "Dec"},
    {Label::month_year, "{0} {1}"},
};

constexpr Entry korean[] = {
    {Label::targets, "목표"},
    {Label::coverage, "접종 현황"},
    {Label::boosters_and_protection, "추가 접종과 면역 유지"},
    {Label::quarterly_plan, "분기별 계획"},
    {Label::supply_stock_given, "공급, 재고, 접종량"},
    {Label::overdue_later_doses, "지연된 후속 접종"},
    {Label::health_impact, "건강 영향 (유행 모델)"},
    {Label::capacity_section, "접종 역량"},
    {Label::sites, "접종 기관"},
    {Label::col_target, "목표"},
    {Label::col_measure, "지표"},
    {Label::col_population, "대상"},
    {Label::col_threshold, "기준"},
    {Label::col_deadline, "기한"},
    {Label::col_at_deadline, "기한 시점"},
    {Label::col_margin, "여유"},
    {Label::col_first_reached, "처음 도달"},
    {Label::col_quarter, "분기"},
    {Label::col_tier, "군"},
    {Label::col_group, "대상군"},
    {Label::col_planned, "계획"},
    {Label::col_started, "시작"},
    {Label::col_gap, "차이"},
    {Label::col_product, "백신"},
    {Label::col_peak, "최대"},
    {Label::col_on, "날짜"},
    {Label::col_person_days, "인·일"},
    {Label::col_dropped_out, "중단"},
    {Label::col_bound_by, "그날의 제약"},
    {Label::col_days, "일수"},
    {Label::met, "달성"},
    {Label::not_met, "미달성"},
    {Label::slipped, "지연"},
    {Label::partial, "일부 기간"},
    {Label::never, "없음"},
    {Label::quarter_total, "분기 합계"},
    {Label::all_groups, "전체"},
    {Label::m_first_dose, "1차 이상 접종"},
    {Label::m_fully_vaccinated, "접종 완료"},
    {Label::m_doses, "접종 횟수"},
    {Label::m_overdue_peak, "후속 접종 지연 (하루 최대)"},
    {Label::m_overdue_person_days, "후속 접종 지연 (인·일)"},
    {Label::m_boosted, "추가 접종"},
    {Label::m_up_to_date, "면역 유지"},
    {Label::axis_people, "명"},
    {Label::axis_doses, "회분"},
    {Label::axis_person_days, "인·일"},
    {Label::axis_people_per_day, "명/일"},
    {Label::axis_doses_per_day_weekly, "회분/일 (주간 평균)"},
    {Label::from_to, "{0} ~ {1}"},
    {Label::first_doses_policy, "1차 접종 배분 {0}"},
    {Label::second_dose_reserve_policy, "2차분 비축 {0}"},
    {Label::threshold, "기준 {0}"},
    {Label::deadline, "기한"},
    {Label::coverage_by_tier_title, "군별 접종자 (실선: 1차 이상, 점선: 접종 완료)"},
    {Label::tier_n, "{0}군"},
    {Label::fully_suffix, "{0} (접종 완료)"},
    {Label::boosters_title, "접종 완료, 추가 접종, 면역 유지 (마지막 접종의 효과가 남은) 인원, 전체"},
    {Label::completed_series, "접종 완료"},
    {Label::boosted, "추가 접종"},
    {Label::up_to_date, "면역 유지"},
    {Label::at_the_end, "종료 시점: 접종 완료 {0}명, 추가 접종 {1}명, 면역 유지 {2}명."},
    {Label::plan_intro, "분기 안에 1차 접종을 받은 인원을 계획 인원과 비교합니다."},
    {Label::delivered_cumulative, "도입 (누적)"},
    {Label::given_cumulative, "접종 (누적)"},
    {Label::in_stock, "재고"},
    {Label::overdue_title, "후속 접종이 지연된 인원 (예정일이 지났으나 미접종)"},
    {Label::new_infections_per_day, "일일 신규 감염"},
    {Label::deaths_cumulative, "누적 사망"},
    {Label::this_rollout, "이 접종 계획"},
    {Label::no_vaccination, "접종 없음"},
    {Label::infections, "감염"},
    {Label::hospitalisations, "입원"},
    {Label::deaths, "사망"},
    {Label::averted, "예방"},
    {Label::epidemic_note, "SEIR 모델의 기대값 (models/EPIDEMIC.md); 중증도: {0}"},
    {Label::capacity_title, "접종 역량과 접종량 (하루 기준, 주간 평균); 아래 띠는 그날의 제약"},
    {Label::capacity_legend, "역량"},
    {Label::doses_given, "접종량"},
    {Label::why_slipped, "대상군이 지연된 이유"},
    {Label::why_slipped_intro, "지연된 대상군이 계획 인원에 도달한 날짜와, 분기 중 모두 접종받지 못한 날에 무엇이 막았는지."},
    {Label::col_started_of_planned, "시작 / 계획"},
    {Label::col_reached_plan, "계획 인원 도달"},
    {Label::col_held_by, "제약 (일수)"},
    {Label::not_reached_in_run, "기간 안에 도달하지 못함; 마지막 1차 접종 {0} (1차 접종 {1}명, 분기 이전 {2}명)"},
    {Label::c_none, "대기자 없음"},
    {Label::c_capacity, "접종 역량"},
    {Label::c_supply, "공급"},
    {Label::c_second_dose_reserve, "2차분 비축"},
    {Label::c_eligibility, "접종 연령 제한"},
    {Label::c_no_group_open, "개시된 대상군 없음"},
    {Label::c_awaiting_arrivals, "예약자 도착 대기"},
    {Label::jan, "1월"},
    {Label::feb, "2월"},
    {Label::mar, "3월"},
    {Label::apr, "4월"},
    {Label::may, "5월"},
    {Label::jun, "6월"},
    {Label::jul, "7월"},
    {Label::aug, "8월"},
    {Label::sep, "9월"},
    {Label::oct, "10월"},
    {Label::nov, "11월"},
    {Label::dec, "12월"},
    {Label::month_year, "{1}년 {0}"},
};

template <std::size_t N>
constexpr bool complete(const Entry (&table)[N]) {
    if (N != static_cast<std::size_t>(Label::count_)) return false;
    for (std::size_t i = 0; i < N; ++i)
        if (table[i].key != static_cast<Label>(i) || table[i].text.empty()) return false;
    return true;
}
static_assert(complete(english), "the English table must list every Label, in order");
static_assert(complete(korean), "the Korean table must list every Label, in order");

} // namespace

std::optional<Language> parse_language(std::string_view name) {
    if (name == "en") return Language::en;
    if (name == "ko") return Language::ko;
    return std::nullopt;
}

Language language_from_environment() {
    // POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG; the first that is set decides.
    for (const char* variable : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(variable);
        if (value && *value) {
            const std::string_view v(value);
            return v == "ko" || v.starts_with("ko_") || v.starts_with("ko.") ? Language::ko
                                                                                 : Language::en;
        }
    }
    return Language::en;
}

std::string_view language_code(Language language) {
    return language == Language::ko ? "ko" : "en";
}

std::string_view text(Label label, Language language) {
    const auto i = static_cast<std::size_t>(label);
    return (language == Language::ko ? korean : english)[i].text;
}

std::string fill(std::string_view pattern, std::initializer_list<std::string_view> args) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
            pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
            const auto k = static_cast<std::size_t>(pattern[i + 1] - '0');
            if (k < args.size()) {
                out += *(args.begin() + k);
                i += 2;
                continue;
            }
        }
        out += pattern[i];
    }
    return out;
}

std::string measure_name(const std::string& measure, Language language) {
    static constexpr std::pair<std::string_view, Label> names[] = {
        {"first_dose", Label::m_first_dose},
        {"fully_vaccinated", Label::m_fully_vaccinated},
        {"doses", Label::m_doses},
        {"overdue_peak", Label::m_overdue_peak},
        {"overdue_person_days", Label::m_overdue_person_days},
        {"boosted", Label::m_boosted},
        {"up_to_date", Label::m_up_to_date}};
    for (const auto& [id, label] : names)
        if (measure == id) return std::string(text(label, language));
    std::string out = measure; // "dose 3", and any measure added later: readable as it is
    for (char& c : out)
        if (c == '_') c = ' ';
    return out;
}

std::string measure_unit(const std::string& measure, Language language) {
    if (measure == "doses") return std::string(text(Label::axis_doses, language));
    if (measure == "overdue_person_days") return std::string(text(Label::axis_person_days, language));
    return std::string(text(Label::axis_people, language));
}

std::string_view constraint_name(Constraint c, Language language) {
    const auto code = static_cast<int>(constraint_info(c).code);
    return text(static_cast<Label>(static_cast<int>(Label::c_none) + code), language);
}

} // namespace vaxsim
