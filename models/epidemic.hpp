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

// The five-year bands of the contact data (Prem et al. 2021): 0-4, 5-9, ..., 70-74, 75+.
// The epidemic runs on these or on coarser bands made of them (EpidemicModel::bands(),
// models/EPIDEMIC.md, *Age bands*), so its vectors and matrices are sized at run time, at
// most sixteen bands: with that bound Eigen keeps them on the stack (no allocation in the
// integration's inner loop, which cost a fifth of a run's time with plain dynamic types).
inline constexpr int five_year_bands = 16;
using EpiMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor,
                                five_year_bands, five_year_bands>;
using EpiVector = Eigen::Matrix<double, Eigen::Dynamic, 1, Eigen::ColMajor, five_year_bands, 1>;
using EpiArray = Eigen::Array<double, Eigen::Dynamic, 1, Eigen::ColMajor, five_year_bands, 1>;
std::string five_year_band_label(int band); // "0-4", ..., "75+"

// One of the epidemic's age bands as the scenario gives it ("10-19", "70+"): ages
// min_age to max_age, both included; no max_age for the open top band.
struct EpiBandSpec {
    std::int64_t min_age = 0;
    std::optional<std::int64_t> max_age;
};

// Leaky: every protected person's risk of infection is cut by the efficacy. All or
// nothing: that share of the people a dose moves become fully immune, the rest are not
// protected against infection at all.
enum class EfficacyType { leaky, all_or_nothing };

// The protection of one level (a dose of the series, or a booster): efficacy against
// infection, against severe disease (overall, not given infection) and against onward
// transmission.
struct Efficacy {
    double infection = 0, severe = 0, transmission = 0;
};

struct Protection {
    int delay_days = 14;           // from a dose to its protection
    std::vector<double> infection; // efficacy against infection after dose k, per dose of the series
    std::vector<double> severe; // against hospitalisation and death (overall, not given infection)
    std::vector<double> transmission; // against onward transmission, per dose (0: none)
    EfficacyType type = EfficacyType::leaky;
    EpiVector by_age; // multiplies every efficacy, per band of the model (all 1 when not given)
    std::optional<Efficacy> booster;      // after a booster of this product; none: not given
    // Waning: protected people lose their dose's protection at this rate (per day, 1 /
    // the mean days at full protection; 0: never) and keep the waned efficacies.
    double waning_rate = 0;
    std::vector<Efficacy> waned;          // per dose of the series, once waned
    std::optional<Efficacy> waned_booster; // a booster's, once waned
    // The efficacy of dose k (0-based) of the series, fresh or waned.
    Efficacy series(std::size_t k, bool is_waned) const {
        return is_waned ? waned[k] : Efficacy{infection[k], severe[k], transmission[k]};
    }
};

// A booster's or a waned dose's efficacy as given (transmission 0 when not given).
struct EfficacySpec {
    double infection = 0, severe = 0;
    std::optional<double> transmission;
};

// Waning of a product's protection as given: the mean days at full protection (an
// exponential wait), then the efficacy per dose of the series, and after a booster.
struct WaningSpec {
    double mean_days = 0;
    std::vector<double> infection, severe, transmission; // per dose; transmission may be empty
    std::optional<EfficacySpec> booster;
};

// A product's protection as given: one efficacy per dose of its series.
struct ProtectionSpec {
    std::int64_t delay_days = 14;
    std::vector<double> infection;
    std::vector<double> severe;
    std::string type = "leaky";       // leaky or all_or_nothing
    std::vector<double> transmission; // per dose; empty: none
    std::vector<double> by_age;       // per five-year band or per band; empty: all 1
    std::optional<EfficacySpec> booster; // after a booster of this product (required when a
                                         // campaign gives it and the scenario has an epidemic)
    std::optional<WaningSpec> waning;    // none: protection does not wane
};

struct ContactScaling {
    DayNumber from = 0;
    double factor = 1.0;
};

// From `from` on, beta is multiplied by `transmissibility` and the hospitalisation and
// fatality ratios by `severity` (relative to the scenario's, not to the variant before).
struct Variant {
    DayNumber from = 0;
    double transmissibility = 1.0;
    double severity = 1.0;
    std::string label;
};

// `per_day` people exposed from outside every day from `from` to `to` (both included).
struct Importation {
    DayNumber from = 0, to = 0;
    double per_day = 0;
};

// Error paths are relative to the epidemic section: "r0", "populations.3",
// "protection.pfizer.severe", "contacts" (the matrix), ...
// Per-band inputs are given per five-year band (five_year_bands values) or, with `bands`,
// per band of the model; five-year rates are then averaged over each band's people.
struct EpidemicSpec {
    std::vector<EpiBandSpec> bands;  // the model's age bands; empty: the five-year bands
    std::vector<double> populations; // per five-year band: five_year_bands values
    EpiMatrix contacts = EpiMatrix::Zero(five_year_bands, five_year_bands); // five-year bands
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
    bool stochastic = false; // chain binomial in whole people (models/EPIDEMIC.md, *Stochastic mode*)
    // Age-specific susceptibility and clinical fraction (Davies et al. 2020); empty: all 1.
    std::vector<double> susceptibility;    // per five-year band, relative
    std::vector<double> clinical_fraction; // per five-year band, share of infections clinical
    std::optional<double> subclinical_infectiousness; // relative; required with clinical_fraction
    std::vector<double> initial_immune_by_band; // per five-year band; empty: initial_immune
    std::vector<Variant> variants;              // in date order
    std::vector<Importation> importations;
    std::optional<HospitalSpec> hospital; // hospital load (models/hospital_load.hpp)
    // Mean days of immunity after infection (exponential) before the recovered are
    // susceptible again; none: immunity after infection lasts (no reinfection).
    std::optional<double> infection_immunity_days;
};

// Each rollout band's share of its people in each five-year band, [band][epi band], rows
// summing to 1: the people in both, fitted so that the rollout bands hold their counts
// (with the people outside the bands who take their ages) and the five-year bands their
// populations. Throws ModelError("populations") when the two disagree: the same ages must
// hold the same people to 0.1%, or, where no rollout band holds some of the ages, the
// rollout's people no more than the epidemic's.
std::vector<std::array<double, five_year_bands>>
spread_rollout_bands(const std::vector<AgeBand>& rollout_bands, const EpiVector& population);

class EpidemicModel {
  public:
    EpidemicModel(const EpidemicSpec& spec, const std::vector<Product>& products,
                  const std::vector<AgeBand>& rollout_bands);

    // The model's age bands: labels ("0-4" or as the scenario's `bands` give them), and the
    // band of each five-year band of the contact data.
    std::vector<std::string> band_labels;
    std::vector<int> band_min_age;
    std::vector<int> band_of_five_year;
    int bands() const { return static_cast<int>(band_labels.size()); }
    EpiVector five_year_population; // people per five-year band, as given
    EpiVector population; // people per band
    // The people of band a the run starts from: its population, or in the stochastic mode
    // the nearest whole number.
    double band_people(int a) const;
    // mean daily contacts of a person in band a with band b (aggregated from the five-year
    // bands' as sum over a in I, b in J of N_a C_ab / N_I)
    EpiMatrix contacts;
    double r0 = 0;        // basic reproduction number (no immunity, no contact scaling)
    // transmission per contact: r0 * gamma / spectral radius of diag(susceptibility) *
    // contacts * diag(infectiousness)
    double beta = 0;
    double sigma = 0;     // 1 / latent period (days)
    double gamma = 0;     // 1 / infectious period (days)
    double initial_exposed = 0, initial_infectious = 0, initial_immune = 0; // shares of each band
    EpiVector immune_share; // initial immune share per band (initial_immune
                                                // in every band unless given by band)
    std::vector<Variant> variants;              // in date order
    std::vector<Importation> importations;
    double infection_waning_rate = 0; // per day, recovered back to susceptible (0: never)
    int substeps = 2;                                                       // RK4 steps per day
    EpiVector hospitalisation; // infection-hospitalisation ratio per band (unvaccinated)
    EpiVector fatality;        // infection-fatality ratio per band (unvaccinated)
    std::string severity_source;
    EpiVector susceptibility;    // relative susceptibility per band (all 1 when not given)
    EpiVector clinical_fraction; // share of a band's infections clinical (all 1 when not given)
    double subclinical_infectiousness = 1;           // relative to a clinical case
    // Mean relative infectiousness of a band's infectious people:
    // clinical_fraction + subclinical_infectiousness * (1 - clinical_fraction).
    EpiVector infectiousness;
    std::vector<Protection> protection; // per product, in the scenario's product order
    std::vector<std::pair<DayNumber, double>> contact_scaling; // (from, factor), in date order
    bool counterfactual = true; // also run without vaccination, for what was averted
    // Whole people and random events (a chain binomial) instead of expected numbers; the
    // draws come from the streams of (the scenario's seed, its future, "epidemic" /
    // "epidemic doses"): models/EPIDEMIC.md, *Stochastic mode*.
    bool stochastic = false;
    std::optional<HospitalModel> hospital; // dated outcomes and beds, when the scenario asks
    // How a rollout age band's people spread over the model's bands: [rollout band][band],
    // each row summing to 1 (spread_rollout_bands over the five-year bands, summed per band).
    std::vector<std::vector<double>> band_share;

    // A rate per five-year band as a rate per band: the mean over each band's people
    // (sum over a in I of N_a r_a / N_I); the five-year rates themselves without `bands`.
    EpiVector per_band(const EpiVector& five_year_rates) const;

    double contact_factor(DayNumber day) const;
    double transmissibility(DayNumber day) const;  // of the variant in force (1 before any)
    double severity_factor(DayNumber day) const;   // of the variant in force (1 before any)
    double imported(DayNumber day) const;          // people exposed from outside that day
    bool wanes() const; // whether any product's protection wanes
};

} // namespace vaxsim
