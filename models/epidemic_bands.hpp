#pragma once
// The epidemic's age bands when the scenario chooses coarser ones than the five-year bands
// of the contact data: the bands' validation, and five-year inputs aggregated to them
// (models/EPIDEMIC.md, *Age bands*).
#include <string>
#include <vector>

#include "models/epidemic.hpp"
#include "models/hospital_load.hpp"

namespace vaxsim {

// The model's bands: their labels ("0-9", "70+"), youngest ages, and the band of each
// five-year band. Empty `given`: the five-year bands themselves. Throws ModelError at
// "bands" or "bands.i" unless the bands run from age 0 without gap or overlap, each made
// of whole five-year bands (ending at 4, 9, ..., 74), the last open.
struct EpiBands {
    std::vector<std::string> labels;
    std::vector<int> min_age;
    std::vector<int> of_five_year; // [five-year band] -> band
};
EpiBands epi_bands_of(const std::vector<EpiBandSpec>& given);

// Sums over each band of the values of its fine bands: band_of[a] is fine band a's band.
EpiVector sum_per_band(const EpiVector& fine, const std::vector<int>& band_of, int bands);
// Means over each band's people: sum over a in I of N_a r_a / N_I.
EpiVector mean_per_band(const EpiVector& fine, const EpiVector& people,
                        const std::vector<int>& band_of, int bands);
// Mean daily contacts of a person of band I with people of band J, from those of the fine
// bands: C'_IJ = sum over a in I, b in J of N_a C_ab / sum over a in I of N_a.
EpiMatrix aggregate_contacts(const EpiMatrix& contacts, const EpiVector& people,
                             const std::vector<int>& band_of, int bands);

// A per-band input of the model `m` (its bands and five-year populations set): either one
// value per five-year band, checked and then averaged over each band's people, or one per
// band of the model. Each value from `low` to `high` (ModelError at "path.i"); another
// count is a ModelError at `path` naming both counts.
EpiVector band_rates(const EpidemicModel& m, const std::vector<double>& values, double low,
                     double high, const std::string& path, const std::string& what);
// `values` as a vector, each from `low` to `high`, or ModelError at "path.i" naming `what`
// (band_rates and the five-year populations check their count first).
EpiVector checked_values(const std::vector<double>& values, double low, double high,
                         const std::string& path, const std::string& what);

// The hospital section with its icu_share per band of `m` (one share, or one per five-year
// band averaged over each band's people, or one per band of the model).
HospitalSpec hospital_per_band(const EpidemicModel& m, const HospitalSpec& spec);

} // namespace vaxsim
