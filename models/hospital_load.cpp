#include "models/hospital_load.hpp"

#include <algorithm>
#include <cmath>

#include <stdexcept>

#include "models/error.hpp"

namespace vaxsim {
namespace {

// The regularised lower incomplete gamma function P(a, x): a series below a + 1, a
// continued fraction (modified Lentz) above.
double gamma_p(double a, double x) {
    if (x <= 0) return 0;
    const double log_front = a * std::log(x) - x - std::lgamma(a);
    if (x < a + 1) {
        double term = 1 / a, sum = term;
        for (int n = 1; n < 10000 && std::abs(term) > std::abs(sum) * 1e-16; ++n) {
            term *= x / (a + n);
            sum += term;
        }
        return std::min(1.0, sum * std::exp(log_front));
    }
    constexpr double tiny = 1e-300;
    double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
    for (int n = 1; n < 10000; ++n) {
        const double an = -n * (n - a);
        b += 2;
        d = an * d + b;
        if (std::abs(d) < tiny) d = tiny;
        c = b + an / c;
        if (std::abs(c) < tiny) c = tiny;
        d = 1 / d;
        const double delta = d * c;
        h *= delta;
        if (std::abs(delta - 1) < 3e-16) break; // about machine precision: 1e-16 never stops
    }
    return std::max(0.0, 1 - std::exp(log_front) * h);
}

// Whole days d = 0, 1, ... of a delay.
std::vector<double> days_distribution(const DaysSpec& spec, const std::string& path) {
    const bool by_moments = spec.mean_days || spec.sd_days;
    if (by_moments == !spec.probabilities.empty())
        throw ModelError(path, "expected either mean_days and sd_days or probabilities");
    if (by_moments) {
        if (!spec.mean_days || !spec.sd_days)
            throw ModelError(path + (spec.mean_days ? ".sd_days" : ".mean_days"),
                             "expected both mean_days and sd_days");
        const double mean = *spec.mean_days, sd = *spec.sd_days;
        if (!(mean > 0 && mean <= 120))
            throw ModelError(path + ".mean_days", "mean_days must be above 0 and at most 120");
        if (!(sd > 0 && sd <= 120))
            throw ModelError(path + ".sd_days", "sd_days must be above 0 and at most 120");
        return discretised_gamma(mean, sd);
    }
    const auto& p = spec.probabilities;
    if (p.size() > static_cast<std::size_t>(max_outcome_days) + 1)
        throw ModelError(path, "at most " + std::to_string(max_outcome_days + 1) + " days");
    double sum = 0;
    for (std::size_t d = 0; d < p.size(); ++d) {
        if (!(p[d] >= 0 && p[d] <= 1))
            throw ModelError(path + "." + std::to_string(d),
                             "a probability must be from 0 to 1");
        sum += p[d];
    }
    if (std::abs(sum - 1) > 1e-6)
        throw ModelError(path, "the probabilities must add up to 1, not " + std::to_string(sum));
    std::vector<double> out = p;
    for (double& v : out) v /= sum;
    return out;
}

// P(still in bed s days after admission), from a stay's distribution over whole days: by
// mean and sd the gamma rounded to the nearest day, stays under 1.5 days counted as 1;
// as probabilities, the first is a stay of 1 day.
std::vector<double> in_bed(const DaysSpec& spec, const std::string& path) {
    std::vector<double> length = days_distribution(spec, path); // [n]: a stay of n days
    if (spec.probabilities.empty()) {
        if (length.size() < 2) length.resize(2, 0.0);
        length[1] += length[0];
        length[0] = 0;
    } else {
        length.insert(length.begin(), 0.0);
    }
    // in_bed[s] = P(stay > s), s = 0 .. longest stay - 1.
    std::vector<double> out;
    double left = 1;
    for (std::size_t n = 0; n + 1 < length.size(); ++n) {
        left -= length[n];
        out.push_back(std::max(0.0, left));
    }
    while (!out.empty() && out.back() <= 0) out.pop_back();
    return out;
}

// Convolves each band of `by_infection` with `delay`: what lands within the run, and what
// falls after its last day (per band). Row blocks, so each delay is one vector operation.
void date(const Eigen::Ref<const DaySeries>& by_infection, const std::vector<double>& delay,
          DaySeries& dated, std::vector<double>& after_end) {
    const Eigen::Index D = by_infection.rows(), B = by_infection.cols();
    dated = DaySeries::Zero(D, B);
    Eigen::RowVectorXd late = Eigen::RowVectorXd::Zero(B), tail = late; // tail: the last d rows
    for (std::size_t i = 0; i < delay.size(); ++i) {
        const auto d = static_cast<Eigen::Index>(i);
        if (d > 0 && d <= D) tail += by_infection.row(D - d);
        const double p = delay[i];
        if (p == 0) continue;
        if (d < D) dated.bottomRows(D - d) += p * by_infection.topRows(D - d);
        late += p * tail;
    }
    after_end.assign(late.data(), late.data() + B);
}

// The same for one series.
Eigen::VectorXd date(const Eigen::VectorXd& by_infection, const std::vector<double>& delay) {
    const Eigen::Index D = by_infection.size();
    Eigen::VectorXd dated = Eigen::VectorXd::Zero(D);
    for (std::size_t i = 0; i < delay.size() && static_cast<Eigen::Index>(i) < D; ++i) {
        const auto d = static_cast<Eigen::Index>(i);
        if (delay[i] != 0) dated.tail(D - d) += delay[i] * by_infection.head(D - d);
    }
    return dated;
}

std::vector<double> occupancy(const Eigen::VectorXd& admitted,
                              const std::vector<double>& still_in_bed) {
    const Eigen::Index D = admitted.size();
    Eigen::VectorXd out = Eigen::VectorXd::Zero(D);
    for (std::size_t i = 0; i < still_in_bed.size() && static_cast<Eigen::Index>(i) < D; ++i) {
        const auto s = static_cast<Eigen::Index>(i);
        out.tail(D - s) += still_in_bed[i] * admitted.head(D - s);
    }
    return {out.data(), out.data() + D};
}

OccupancyPeak peak(const std::vector<double>& series) {
    OccupancyPeak p;
    for (std::size_t t = 0; t < series.size(); ++t)
        if (series[t] > p.people) p = {series[t], static_cast<int>(t)};
    return p;
}

} // namespace

int days_over(const std::vector<double>& series, std::int64_t capacity) {
    return static_cast<int>(std::count_if(series.begin(), series.end(), [&](double v) {
        return v > static_cast<double>(capacity);
    }));
}

std::vector<double> discretised_gamma(double mean, double sd) {
    const double shape = mean * mean / (sd * sd), scale = sd * sd / mean;
    std::vector<double> p;
    double below = 0; // F(d - 0.5)
    for (int d = 0; d <= max_outcome_days; ++d) {
        const double upto = gamma_p(shape, (d + 0.5) / scale);
        if (1 - upto < 1e-9 || d == max_outcome_days) {
            p.push_back(1 - below); // this day and the tail beyond it
            break;
        }
        p.push_back(upto - below);
        below = upto;
    }
    return p;
}

HospitalModel::HospitalModel(const HospitalSpec& spec, int bands)
    : source(spec.source), beds(spec.beds), icu_beds(spec.icu_beds) {
    if (source.empty()) throw ModelError("source", "expected where the values come from");
    admission_delay = days_distribution(spec.admission_delay, "delays.admission");
    death_delay = days_distribution(spec.death_delay, "delays.death");
    ward_in_bed = in_bed(spec.ward_stay, "ward_stay_days");
    icu_in_bed = in_bed(spec.icu_stay, "icu_stay_days");
    const std::size_t B = static_cast<std::size_t>(bands);
    if (spec.icu_share.size() != 1 && spec.icu_share.size() != B)
        throw ModelError("icu_share", "expected one share, or one per band (" +
                                          std::to_string(B) + "), got " +
                                          std::to_string(spec.icu_share.size()));
    for (std::size_t a = 0; a < spec.icu_share.size(); ++a)
        if (!(spec.icu_share[a] >= 0 && spec.icu_share[a] <= 1))
            throw ModelError(spec.icu_share.size() == 1 ? "icu_share"
                                                         : "icu_share." + std::to_string(a),
                             "a share must be from 0 to 1");
    icu_share = spec.icu_share.size() == 1 ? std::vector<double>(B, spec.icu_share[0])
                                           : spec.icu_share;
    check_count(beds, "capacity.beds");
    check_count(icu_beds, "capacity.icu_beds");
}

HospitalLoad hospital_load(const HospitalModel& m,
                           const Eigen::Ref<const DaySeries>& hospitalisations,
                           const Eigen::Ref<const DaySeries>& deaths) {
    if (hospitalisations.cols() != static_cast<Eigen::Index>(m.icu_share.size()) ||
        deaths.rows() != hospitalisations.rows() || deaths.cols() != hospitalisations.cols())
        throw std::logic_error("hospital_load: series of another shape than the model's bands");
    HospitalLoad out;
    date(hospitalisations, m.admission_delay, out.admissions, out.admissions_after_end);
    date(deaths, m.death_delay, out.deaths, out.deaths_after_end);
    const Eigen::Map<const Eigen::VectorXd> icu(m.icu_share.data(),
                                                static_cast<Eigen::Index>(m.icu_share.size()));
    const Eigen::VectorXd to_icu = out.admissions * icu;
    const Eigen::VectorXd to_ward = (out.admissions.rowwise().sum() - to_icu).cwiseMax(0.0);
    out.ward_occupancy = occupancy(to_ward, m.ward_in_bed);
    out.icu_occupancy = occupancy(to_icu, m.icu_in_bed);
    out.days_over_beds = days_over(out.ward_occupancy, m.beds);
    out.days_over_icu_beds = days_over(out.icu_occupancy, m.icu_beds);
    out.ward_peak = peak(out.ward_occupancy);
    out.icu_peak = peak(out.icu_occupancy);
    return out;
}

HospitalPeaks hospital_peaks(const HospitalModel& m,
                             const Eigen::Ref<const DaySeries>& hospitalisations) {
    if (hospitalisations.cols() != static_cast<Eigen::Index>(m.icu_share.size()))
        throw std::logic_error("hospital_peaks: series of another shape than the model's bands");
    const Eigen::Map<const Eigen::VectorXd> icu(m.icu_share.data(),
                                                static_cast<Eigen::Index>(m.icu_share.size()));
    // ICU and ward patients by day of infection, then dated: the delay is the same for both.
    const Eigen::VectorXd to_icu = hospitalisations * icu;
    const Eigen::VectorXd to_ward = (hospitalisations.rowwise().sum() - to_icu).cwiseMax(0.0);
    const std::vector<double> ward = occupancy(date(to_ward, m.admission_delay), m.ward_in_bed);
    const std::vector<double> in_icu = occupancy(date(to_icu, m.admission_delay), m.icu_in_bed);
    return {peak(ward), peak(in_icu), days_over(ward, m.beds), days_over(in_icu, m.icu_beds)};
}

} // namespace vaxsim
