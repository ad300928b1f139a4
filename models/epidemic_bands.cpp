#include "models/epidemic_bands.hpp"

#include "models/error.hpp"
#include "models/text.hpp"

namespace vaxsim {
namespace {

std::string band_label(std::int64_t lo, const std::optional<std::int64_t>& hi) {
    return hi ? std::to_string(lo) + "-" + std::to_string(*hi) : std::to_string(lo) + "+";
}

// "16 (bands 0-4 ... 75+) or 9 (bands 0-9 ... 80+)", or the first alone with the five-year bands.
std::string counts_text(const EpidemicModel& m) {
    std::string text = std::to_string(five_year_bands) + " values (bands 0-4 ... 75+)";
    if (m.bands() != five_year_bands)
        text += " or " + std::to_string(m.bands()) + " (bands " + m.band_labels.front() +
                " ... " + m.band_labels.back() + ")";
    return text;
}

} // namespace

EpiBands epi_bands_of(const std::vector<EpiBandSpec>& given) {
    EpiBands out;
    if (given.empty()) {
        for (int a = 0; a < five_year_bands; ++a) {
            out.labels.push_back(five_year_band_label(a));
            out.min_age.push_back(5 * a);
            out.of_five_year.push_back(a);
        }
        return out;
    }
    constexpr int top = 5 * (five_year_bands - 1); // 75, where the data's open band starts
    std::int64_t next = 0;                          // the age the next band must start at
    for (std::size_t i = 0; i < given.size(); ++i) {
        const EpiBandSpec& b = given[i];
        const std::string path = "bands." + std::to_string(i);
        const std::string label = band_label(b.min_age, b.max_age);
        const bool last = i + 1 == given.size();
        if (b.min_age != next)
            throw ModelError(path, "the band " + label + " must start at age " +
                                       std::to_string(next) +
                                       (i == 0 ? "" : ", the age after the band before ends") +
                                       ": the bands cover every age from 0, in order, without "
                                       "gaps or overlaps");
        if (!b.max_age) {
            if (!last)
                throw ModelError(path, "only the last band may be open (" + label + ")");
        } else {
            if (*b.max_age < b.min_age)
                throw ModelError(path, "the band " + label + " ends before it starts");
            if ((*b.max_age + 1) % 5 != 0 || *b.max_age + 1 > top)
                throw ModelError(
                    path, "the band " + label + " must end at age 4, 9, ..., or 74: each band is "
                          "made of the contact data's five-year bands 0-4 ... 70-74, 75+, and "
                          "the data have no contacts of their own for ages within one (such as "
                          "80+ within 75+)");
            if (last)
                throw ModelError(path, "the last band must be open, as " +
                                           std::to_string(b.min_age) +
                                           "+: the contact data's top band, 75+, has no end");
        }
        const int index = static_cast<int>(i);
        out.labels.push_back(label);
        out.min_age.push_back(static_cast<int>(b.min_age));
        const std::int64_t end = b.max_age ? *b.max_age + 1 : top + 5;
        for (std::int64_t a = b.min_age; a < end; a += 5) out.of_five_year.push_back(index);
        next = end;
    }
    return out;
}

EpiVector sum_per_band(const EpiVector& fine, const std::vector<int>& band_of, int bands) {
    EpiVector out = EpiVector::Zero(bands);
    for (Eigen::Index a = 0; a < fine.size(); ++a) out(band_of[static_cast<std::size_t>(a)]) += fine(a);
    return out;
}

EpiVector mean_per_band(const EpiVector& fine, const EpiVector& people,
                        const std::vector<int>& band_of, int bands) {
    return sum_per_band(fine.cwiseProduct(people), band_of, bands)
        .cwiseQuotient(sum_per_band(people, band_of, bands));
}

EpiMatrix aggregate_contacts(const EpiMatrix& contacts, const EpiVector& people,
                             const std::vector<int>& band_of, int bands) {
    EpiMatrix out = EpiMatrix::Zero(bands, bands);
    for (Eigen::Index a = 0; a < contacts.rows(); ++a)
        for (Eigen::Index b = 0; b < contacts.cols(); ++b)
            out(band_of[static_cast<std::size_t>(a)], band_of[static_cast<std::size_t>(b)]) +=
                people(a) * contacts(a, b);
    const EpiVector n = sum_per_band(people, band_of, bands);
    for (int i = 0; i < bands; ++i) out.row(i) /= n(i);
    return out;
}

EpiVector band_rates(const EpidemicModel& m, const std::vector<double>& values, double low,
                     double high, const std::string& path, const std::string& what) {
    const std::size_t B = static_cast<std::size_t>(m.bands());
    if (values.size() != five_year_bands && values.size() != B)
        throw ModelError(path, "expected " + counts_text(m) + ", got " +
                                   std::to_string(values.size()));
    const EpiVector v = checked_values(values, low, high, path, what);
    return values.size() == B ? v : m.per_band(v);
}

EpiVector checked_values(const std::vector<double>& values, double low, double high,
                         const std::string& path, const std::string& what) {
    EpiVector v(static_cast<Eigen::Index>(values.size()));
    for (std::size_t a = 0; a < values.size(); ++a) {
        v(static_cast<Eigen::Index>(a)) = values[a];
        if (!(values[a] >= low && values[a] <= high))
            throw ModelError(path + "." + std::to_string(a),
                             what + " must be from " + number_text(low) + " to " +
                                 number_text(high));
    }
    return v;
}

HospitalSpec hospital_per_band(const EpidemicModel& m, const HospitalSpec& spec) {
    HospitalSpec out = spec;
    if (m.bands() == five_year_bands || spec.icu_share.size() == 1 ||
        spec.icu_share.size() == static_cast<std::size_t>(m.bands()))
        return out; // HospitalModel checks the shares
    if (spec.icu_share.size() != five_year_bands)
        throw ModelError("icu_share", "expected one share, " + counts_text(m) + ", got " +
                                          std::to_string(spec.icu_share.size()));
    const EpiVector shares = band_rates(m, spec.icu_share, 0, 1, "icu_share", "a share");
    out.icu_share.assign(shares.data(), shares.data() + shares.size());
    return out;
}

EpiVector EpidemicModel::per_band(const EpiVector& five_year_rates) const {
    if (bands() == five_year_bands) return five_year_rates;
    return mean_per_band(five_year_rates, five_year_population, band_of_five_year, bands());
}

} // namespace vaxsim
