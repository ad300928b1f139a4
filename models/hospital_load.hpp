#pragma once
// Hospital load of an epidemic run: its hospitalisations and deaths (counted on the day of
// infection) dated by the delay from infection to admission and to death, and the beds
// they fill (ward and ICU) for their lengths of stay, against the beds there are.
// Definitions and discretisation: models/EPIDEMIC.md, "Hospital load".
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace vaxsim {

// A distribution of whole days, given either by mean and sd (a gamma distribution,
// discretised: see discretised_gamma) or as its probabilities, one per day.
struct DaysSpec {
    std::optional<double> mean_days, sd_days;
    std::vector<double> probabilities; // given instead of mean and sd
};

// Error paths are relative to the hospital section: "delays.admission.mean_days",
// "ward_stay_days.3" (the fourth probability), "icu_share.15", "capacity.beds", ...
struct HospitalSpec {
    std::string source; // where the values come from
    DaysSpec admission_delay, death_delay; // from infection: day 0 is the day of infection
    DaysSpec ward_stay, icu_stay;           // nights in bed: a stay of 1 day is the first
    std::vector<double> icu_share;          // of admissions: one for every band, or one per band
    std::int64_t beds = 0, icu_beds = 0;    // ward beds and ICU beds
};

// The longest delay or stay a distribution may give, in days.
inline constexpr int max_outcome_days = 365;

// Probabilities of whole days 0, 1, ..., n of a gamma distribution of that mean and sd,
// each day the continuous value rounded to the nearest day: p[0] = F(0.5), p[d] =
// F(d + 0.5) - F(d - 0.5); the list ends at the first d with 1 - F(d + 0.5) < 1e-9 (or at
// max_outcome_days), whose tail it takes, so the probabilities add up to 1.
std::vector<double> discretised_gamma(double mean, double sd);

class HospitalModel {
  public:
    HospitalModel(const HospitalSpec& spec, int bands);

    std::string source;
    std::vector<double> admission_delay; // P(admitted d days after infection), d = 0, 1, ...
    std::vector<double> death_delay;     // P(dying d days after infection)
    // P(still in bed s days after admission), s = 0, 1, ...: 1 - P(stay <= s); a stay of n
    // days holds a bed on the day of admission and the n - 1 days after.
    std::vector<double> ward_in_bed, icu_in_bed;
    std::vector<double> icu_share; // per band
    std::int64_t beds = 0, icu_beds = 0;
};

using DaySeries = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct OccupancyPeak {
    double people = 0;
    int day = 0; // the first day at the peak
};

struct HospitalLoad {
    DaySeries admissions;             // [day][band] by day of admission
    DaySeries deaths;                 // [day][band] by day of death
    std::vector<double> admissions_after_end, deaths_after_end; // per band: after the last day
    std::vector<double> ward_occupancy, icu_occupancy;          // people in bed each day
    int days_over_beds = 0, days_over_icu_beds = 0; // days with more people than beds
    OccupancyPeak ward_peak, icu_peak;
};

// `hospitalisations`, `deaths`: [day][band] by day of infection. Admissions and deaths
// that would fall after the last day are counted in *_after_end, so the totals add up;
// occupancy counts only the run's days (a stay beyond the end is not held anywhere).
// Cost O(days × bands × longest delay + days × longest stay).
HospitalLoad hospital_load(const HospitalModel& model,
                           const Eigen::Ref<const DaySeries>& hospitalisations,
                           const Eigen::Ref<const DaySeries>& deaths);

// Only the peaks and days over the beds of the same load, for callers that need no series
// (an optimiser): the bands summed into ward and ICU patients before dating, so
// O(days × (longest delay + longest stay)). Equal to hospital_load's to rounding.
struct HospitalPeaks {
    OccupancyPeak ward_peak, icu_peak;
    int days_over_beds = 0, days_over_icu_beds = 0;
};
HospitalPeaks hospital_peaks(const HospitalModel& model,
                             const Eigen::Ref<const DaySeries>& hospitalisations);

// Days an occupancy series is over capacity: above it (`>`, not `>=`).
int days_over(const std::vector<double>& series, std::int64_t capacity);

} // namespace vaxsim
