// Hospital load: outcome delays, occupancy from lengths of stay, days over the beds, and
// the discretised gamma, each by hand.
#include <cmath>
#include <numeric>

#include <catch2/catch.hpp>

#include "models/error.hpp"
#include "models/hospital_load.hpp"

using namespace vaxsim;

namespace {

DaysSpec days(std::vector<double> p) {
    DaysSpec d;
    d.probabilities = std::move(p);
    return d;
}
DaysSpec gamma(double mean, double sd) {
    DaysSpec d;
    d.mean_days = mean;
    d.sd_days = sd;
    return d;
}

// One band: admitted exactly 2 days after infection, dying 1 day after, 3 days in bed.
HospitalSpec fixed() {
    HospitalSpec h;
    h.source = "by hand";
    h.admission_delay = days({0, 0, 1});
    h.death_delay = days({0, 1});
    h.ward_stay = days({0, 0, 1});
    h.icu_stay = days({1});
    h.icu_share = {0};
    h.beds = 9;
    h.icu_beds = 0;
    return h;
}

DaySeries on_day(int days, int day, double value) {
    DaySeries s = DaySeries::Zero(days, 1);
    s(day, 0) = value;
    return s;
}

std::string error_path(const HospitalSpec& spec, int bands = 1) {
    try {
        HospitalModel m(spec, bands);
    } catch (const ModelError& e) {
        return e.path();
    }
    return "(no error)";
}

} // namespace

TEST_CASE("10 admissions with a 2-day delay and a 3-day stay fill 10 beds on days 2, 3, 4",
          "[hospital]") {
    const HospitalModel m(fixed(), 1);
    const HospitalLoad h = hospital_load(m, on_day(7, 0, 10), on_day(7, 0, 4));
    CHECK(h.ward_occupancy == std::vector<double>{0, 0, 10, 10, 10, 0, 0});
    CHECK(h.icu_occupancy == std::vector<double>(7, 0.0));
    CHECK(h.admissions(2, 0) == 10);
    CHECK(h.admissions.sum() == 10);
    CHECK(h.deaths(1, 0) == 4);
    CHECK(h.deaths.sum() == 4);
    CHECK(h.admissions_after_end == std::vector<double>{0});
    // Over 9 beds on the three days, the first of them the peak; 0 ICU beds never exceeded.
    CHECK(h.days_over_beds == 3);
    CHECK(h.days_over_icu_beds == 0);
    CHECK(h.ward_peak.people == 10);
    CHECK(h.ward_peak.day == 2);
    CHECK(h.icu_peak.people == 0);
}

TEST_CASE("the ICU share of each band goes to ICU beds for the ICU stay", "[hospital]") {
    HospitalSpec spec = fixed();
    spec.icu_share = {0.5, 0.25};
    spec.icu_stay = days({0, 1}); // 2 days
    const HospitalModel m(spec, 2);
    DaySeries infected = DaySeries::Zero(6, 2);
    infected(0, 0) = 10; // band 0: 5 to ICU, 5 to a ward
    infected(1, 1) = 20; // band 1: 5 to ICU, 15 to a ward
    const HospitalLoad h = hospital_load(m, infected, DaySeries::Zero(6, 2));
    CHECK(h.icu_occupancy == std::vector<double>{0, 0, 5, 10, 5, 0});
    CHECK(h.ward_occupancy == std::vector<double>{0, 0, 5, 20, 20, 15});
    CHECK(h.days_over_icu_beds == 3);
    CHECK(h.days_over_beds == 3);
    CHECK(h.icu_peak.people == 10);
    CHECK(h.icu_peak.day == 3);
}

TEST_CASE("admissions and deaths after the last day are counted apart, not lost",
          "[hospital]") {
    const HospitalModel m(fixed(), 1);
    // Infected on the last but one day: admitted 2 days later, after the end; dying the
    // next day, the last day of the run.
    const HospitalLoad late = hospital_load(m, on_day(4, 2, 10), on_day(4, 2, 3));
    CHECK(late.admissions.sum() == 0);
    CHECK(late.admissions_after_end == std::vector<double>{10});
    CHECK(late.deaths(3, 0) == 3);
    CHECK(late.deaths_after_end == std::vector<double>{0});
    CHECK(late.ward_occupancy == std::vector<double>{0, 0, 0, 0});
    // Admitted on day 2 of a 4-day run: in bed on days 2 and 3, the rest of the stay is
    // past the end.
    const HospitalLoad stay = hospital_load(m, on_day(4, 0, 10), on_day(4, 0, 0));
    CHECK(stay.ward_occupancy == std::vector<double>{0, 0, 10, 10});
    CHECK(stay.admissions_after_end == std::vector<double>{0});
}

TEST_CASE("a discretised gamma: probabilities of nearest whole days, adding up to 1",
          "[hospital]") {
    // mean = sd = 1 is the exponential of rate 1: p[0] = F(0.5), p[d] = F(d+.5) - F(d-.5).
    const std::vector<double> e = discretised_gamma(1, 1);
    CHECK(e[0] == Approx(1 - std::exp(-0.5)).epsilon(1e-12));
    CHECK(e[1] == Approx(std::exp(-0.5) - std::exp(-1.5)).epsilon(1e-12));
    CHECK(e[3] == Approx(std::exp(-2.5) - std::exp(-3.5)).epsilon(1e-12));
    for (const auto& [mean, sd] : {std::pair{1.0, 1.0}, {10.0, 4.0}, {23.0, 9.0}, {2.0, 0.3},
                                   {120.0, 120.0}, {0.5, 3.0}}) {
        const std::vector<double> p = discretised_gamma(mean, sd);
        CHECK(std::accumulate(p.begin(), p.end(), 0.0) == Approx(1).epsilon(1e-12));
        CHECK(p.size() <= static_cast<std::size_t>(max_outcome_days) + 1);
        for (double v : p) CHECK(v >= 0);
    }
    // Rounding to the nearest day keeps the mean (to a few hundredths of a day).
    const std::vector<double> p = discretised_gamma(10, 4);
    double mean = 0;
    for (std::size_t d = 0; d < p.size(); ++d) mean += static_cast<double>(d) * p[d];
    CHECK(mean == Approx(10).margin(0.02));
}

TEST_CASE("a stay by mean and sd holds a bed at least on the day of admission",
          "[hospital]") {
    HospitalSpec spec = fixed();
    spec.ward_stay = gamma(12, 7);
    const HospitalModel m(spec, 1);
    REQUIRE(!m.ward_in_bed.empty());
    CHECK(m.ward_in_bed[0] == 1);
    for (std::size_t s = 1; s < m.ward_in_bed.size(); ++s)
        CHECK(m.ward_in_bed[s] <= m.ward_in_bed[s - 1]);
    // Bed-days per admission: the mean stay, stays under 1.5 days counted as one day.
    const double bed_days = std::accumulate(m.ward_in_bed.begin(), m.ward_in_bed.end(), 0.0);
    CHECK(bed_days == Approx(12).margin(0.05));
    // One admission a day for a long time fills as many beds as the mean stay.
    const HospitalLoad h = hospital_load(m, DaySeries::Constant(200, 1, 1.0),
                                         DaySeries::Zero(200, 1));
    CHECK(h.ward_occupancy.back() == Approx(bed_days).epsilon(1e-9));
}

TEST_CASE("an invalid hospital section throws ModelError naming the field", "[hospital]") {
    HospitalSpec s = fixed();
    CHECK(error_path(s) == "(no error)");
    s = fixed();
    s.admission_delay = days({0.5, 0.4});
    CHECK(error_path(s) == "delays.admission");
    s = fixed();
    s.death_delay = days({0.5, -0.1, 0.6});
    CHECK(error_path(s) == "delays.death.1");
    s = fixed();
    s.death_delay = gamma(-3, 2);
    CHECK(error_path(s) == "delays.death.mean_days");
    s = fixed();
    s.ward_stay = gamma(10, 0);
    CHECK(error_path(s) == "ward_stay_days.sd_days");
    s = fixed();
    s.icu_stay = gamma(10, 4);
    s.icu_stay.probabilities = {1};
    CHECK(error_path(s) == "icu_stay_days");
    s = fixed();
    s.icu_stay = DaysSpec{};
    CHECK(error_path(s) == "icu_stay_days");
    s = fixed();
    s.icu_share = {0.1, 0.2};
    CHECK(error_path(s, 3) == "icu_share");
    s = fixed();
    s.icu_share = {0.1, 1.2};
    CHECK(error_path(s, 2) == "icu_share.1");
    s = fixed();
    s.beds = -1;
    CHECK(error_path(s) == "capacity.beds");
    s = fixed();
    s.source = "";
    CHECK(error_path(s) == "source");
}

TEST_CASE("the peaks alone are those of the whole load", "[hospital]") {
    HospitalSpec spec = fixed();
    spec.admission_delay = gamma(10, 4);
    spec.ward_stay = gamma(12, 7);
    spec.icu_stay = gamma(14, 9);
    spec.icu_share = {0.1, 0.3, 0.5};
    spec.beds = 40;
    spec.icu_beds = 20;
    const HospitalModel m(spec, 3);
    DaySeries infected(120, 3);
    for (int t = 0; t < 120; ++t)
        for (int a = 0; a < 3; ++a) infected(t, a) = (a + 1) * std::exp(-0.002 * (t - 60) * (t - 60));
    const HospitalLoad load = hospital_load(m, infected, DaySeries::Zero(120, 3));
    const HospitalPeaks peaks = hospital_peaks(m, infected);
    REQUIRE(load.ward_peak.people > spec.beds); // the beds are exceeded on some days
    CHECK(peaks.ward_peak.people == Approx(load.ward_peak.people).epsilon(1e-12));
    CHECK(peaks.ward_peak.day == load.ward_peak.day);
    CHECK(peaks.icu_peak.people == Approx(load.icu_peak.people).epsilon(1e-12));
    CHECK(peaks.icu_peak.day == load.icu_peak.day);
    CHECK(peaks.days_over_beds == load.days_over_beds);
    CHECK(peaks.days_over_icu_beds == load.days_over_icu_beds);
    CHECK(load.days_over_beds > 0);
    // Nothing lost: admissions within the run and after its end are the hospitalisations.
    const double after = load.admissions_after_end[0] + load.admissions_after_end[1] +
                         load.admissions_after_end[2];
    CHECK(load.admissions.sum() + after == Approx(infected.sum()).epsilon(1e-12));
    CHECK(after > 0);
}
