#pragma once
// What a model constructor throws when the values it is given are not valid: the field
// path of the offending value (the syntax of --set: mapping keys, list elements by id or
// 0-based index, e.g. "products.pfizer.wastage") and what is wrong with it. The input
// reader turns the path back into the file, line and column the value came from.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace vaxsim {

class ModelError : public std::invalid_argument {
  public:
    ModelError(std::string path, std::string message);
    // An error where two values conflict: at `path`, naming the other value's place too
    // (`other_path`, called `other_what` in the message) so a reader can point at both.
    ModelError(std::string path, std::string message, std::string other_path, std::string other_what);
    const std::string& path() const { return path_; } // empty: the whole spec
    const std::string& message() const { return message_; }
    const std::string& other_path() const { return other_path_; } // empty: no second place
    const std::string& other_what() const { return other_what_; }
    // The same error seen from a spec that holds this one at `prefix`.
    ModelError within(const std::string& prefix) const;

  private:
    std::string path_;
    std::string message_;
    std::string other_path_, other_what_;
};

// Runs `build`; a ModelError it throws gets its path prefixed with `prefix`, so a model
// built inside another reports paths relative to the outer spec.
template <class Build> auto build_within(const std::string& prefix, Build&& build) {
    try {
        return build();
    } catch (const ModelError& e) {
        throw e.within(prefix);
    }
}

// Far above any population or supply; keeps every sum the engine makes within 64 bits.
inline constexpr std::int64_t max_count = 1'000'000'000'000;

// `value`, or ModelError at `path` unless it is a count from 0 to max_count.
std::int64_t check_count(std::int64_t value, const std::string& path);
// `value`, or ModelError at `path` unless it is a share from 0 to 1.
double check_share(double value, const std::string& path);
// The optional ids of a list's elements (`list`.N.id), by which paths may name them: each
// used once, and none a whole number or a date (those name elements by index and date).
void check_element_ids(const std::vector<std::string>& ids, const std::string& list);

} // namespace vaxsim
