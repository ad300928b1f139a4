#pragma once
// An optional age-structured SEIR model coupled to the rollout, to compare rollouts by
// infections, hospitalisations and deaths. Equations and units: models/EPIDEMIC.md.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "models/date.hpp"
#include "models/hospital_load.hpp"
#include "models/population.hpp"
#include "models/product.hpp"

namespace vaxsim {

// Five-year bands 0-4, 5-9, ..., 70-74, 75+ (those of the Prem et al. contact matrices).
inline constexpr int epi_bands = 16;
using EpiMatrix = Eigen::Matrix<double, epi_bands, epi_bands, Eigen::RowMajor>;
using EpiVector = Eigen::Matrix<double, epi_bands, 1>;
std::string epi_band_label(int band);

struct Protection {
    int delay_days = 14;           // from a dose to its protection
    std::vector<double> infection; // efficacy against infection after dose k, per dose of the series
    std::vector<double> severe; // against hospitalisation and death (overall, not given infection)
};

// A product's protection as given: one efficacy per dose of its series.
struct ProtectionSpec {
    std::int64_t delay_days = 14;
    std::vector<double> infection;
    std::vector<double> severe;
};

struct ContactScaling {
    DayNumber from = 0;
    double factor = 1.0;
};

// Error paths are relative to the epidemic section: "r0", "populations.3",
// "protection.pfizer.severe", "contacts" (the matrix), ...
struct EpidemicSpec {
    std::vector<double> populations; // per five-year band: epi_bands values
    EpiMatrix contacts = EpiMatrix::Zero();
    double r0 = 0;
    double latent_days = 0;
    double infectious_days = 0;
    double initial_exposed = 0, initial_infectious = 0, initial_immune = 0;
    std::int64_t substeps = 2;
    std::string severity_source;
    std::vector<double> hospitalisation;              // per five-year band
    std::vector<double> fatality;                     // per five-year band
    std::map<std::string, ProtectionSpec> protection; // by product id, one for each product
    std::vector<ContactScaling> contact_scaling;      // in date order
    bool counterfactual = true;
    std::optional<HospitalSpec> hospital; // hospital load (models/hospital_load.hpp)
};

// Each rollout band's share of its people in each five-year band, [band][epi band], rows
// summing to 1: the people in both, fitted so that the rollout bands hold their counts
// (with the people outside the bands who take their ages) and the five-year bands their
// populations. Throws ModelError("populations") when the two disagree: the same ages must
// hold the same people to 0.1%, or, where no rollout band holds some of the ages, the
// rollout's people no more than the epidemic's.
std::vector<std::array<double, epi_bands>>
spread_rollout_bands(const std::vector<AgeBand>& rollout_bands, const EpiVector& population);

class EpidemicModel {
  public:
    EpidemicModel(const EpidemicSpec& spec, const std::vector<Product>& products,
                  const std::vector<AgeBand>& rollout_bands);

    EpiVector population; // people per five-year band
    EpiMatrix contacts;   // mean daily contacts of a person in band a with band b
    double r0 = 0;        // basic reproduction number (no immunity, no contact scaling)
    double beta = 0;      // transmission per contact: r0 * gamma / spectral radius of contacts
    double sigma = 0;     // 1 / latent period (days)
    double gamma = 0;     // 1 / infectious period (days)
    double initial_exposed = 0, initial_infectious = 0, initial_immune = 0; // shares of each band
    int substeps = 2;                                                       // RK4 steps per day
    EpiVector hospitalisation; // infection-hospitalisation ratio per band (unvaccinated)
    EpiVector fatality;        // infection-fatality ratio per band (unvaccinated)
    std::string severity_source;
    std::vector<Protection> protection; // per product, in the scenario's product order
    std::vector<std::pair<DayNumber, double>> contact_scaling; // (from, factor), in date order
    bool counterfactual = true; // also run without vaccination, for what was averted
    std::optional<HospitalModel> hospital; // dated outcomes and beds, when the scenario asks
    // How a rollout age band's people spread over the five-year bands: [rollout band][epi
    // band], each row summing to 1 (spread_rollout_bands).
    std::vector<std::array<double, epi_bands>> band_share;

    double contact_factor(DayNumber day) const;
};

} // namespace vaxsim
