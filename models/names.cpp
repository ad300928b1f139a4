#include "models/names.hpp"

#include <algorithm>
#include <utility>

namespace vaxsim {

int edit_distance(const std::string& a, const std::string& b) {
    // Three rows: the one before last is for a swap of two neighbours.
    std::vector<int> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = static_cast<int>(i);
        for (std::size_t j = 1; j <= b.size(); ++j) {
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], before[j - 2] + 1);
        }
        std::swap(before, prev);
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

int typo_distance(const std::string& written, const std::string& known) {
    const int d = edit_distance(written, known);
    // Nothing left in common ('c' for 'a'): not a slip; unless the one is the other with
    // one letter added ('bb' for 'b').
    const std::size_t shorter_size = std::min(written.size(), known.size());
    const bool one_added = d == 1 && std::max(written.size(), known.size()) == shorter_size + 1;
    if (shorter_size == 0 || (d >= static_cast<int>(shorter_size) && !one_added)) return -1;
    if (d <= (known.size() < 6 ? 1 : 2)) return d;
    std::size_t prefix = 0;
    while (prefix < written.size() && prefix < known.size() && written[prefix] == known[prefix])
        ++prefix;
    const std::size_t shorter = std::min(written.size(), known.size());
    if (prefix >= 5 && prefix * 5 >= shorter * 3) return d;
    return -1;
}

std::string closest_name(const std::string& written, const std::vector<std::string>& known) {
    std::string hint;
    int best = 1 << 20;
    bool tied = false;
    for (const auto& k : known) {
        const int d = typo_distance(written, k);
        if (d < 0 || d > best || (d == best && k == hint)) continue;
        tied = d == best;
        if (d < best) best = d, hint = k;
    }
    return tied ? std::string() : hint; // two as alike: no guess
}

std::string did_you_mean(const std::string& written, const std::vector<std::string>& known,
                         const std::string& otherwise) {
    const std::string hint = closest_name(written, known);
    if (hint.empty()) return otherwise;
    // A guess, with the list still there when there is one ("; places: a, b" -> " (places: a, b)").
    const std::string rest = otherwise.starts_with("; ") ? otherwise.substr(2) : otherwise;
    return "; did you mean '" + hint + "'?" + (rest.empty() ? "" : " (" + rest + ")");
}

} // namespace vaxsim
