#pragma once
// "Did you mean": the known name a misspelt one most likely stands for. Used by the input
// (unknown keys, --set paths, CSV cells) and by the models' constructors (an unknown group,
// band, tier, product or place named in a spec), so every unknown name gets the same hint.
#include <string>
#include <vector>

namespace vaxsim {

// Edit distance: insertions, deletions, substitutions and swaps of two neighbouring
// characters ('nnoe' for 'none'), one each.
int edit_distance(const std::string& a, const std::string& b);

// How unlike two names are, or -1 when they are not alike enough to be a typo of each
// other: a few letters off (one for names under six letters, else two), or the same long
// start ("delivery" for "deliveries"). Names with nothing left in common are no slip
// ('c' for 'a'), unless one is the other with one letter added ('bb' or 'xb' for 'b').
int typo_distance(const std::string& written, const std::string& known);

// The known name that `written` is most likely a typo of (the least unlike), or "" when
// none is alike enough or two are as alike ('adults_18_64' is as near 'adults_18_49' as
// 'adults_50_64': no guess).
std::string closest_name(const std::string& written, const std::vector<std::string>& known);

// "; did you mean 'elderly'?" when `written` is alike enough to a known name, else
// `otherwise` (e.g. "; declared bands: young, old"), which a guess keeps in brackets
// ("; did you mean 'old'? (declared bands: young, old)"): the end of an "unknown name"
// message.
std::string did_you_mean(const std::string& written, const std::vector<std::string>& known,
                         const std::string& otherwise = "");

} // namespace vaxsim
