#include "models/error.hpp"

#include <cstdio>

namespace vaxsim {

ModelError::ModelError(std::string path, std::string message)
    : std::invalid_argument(path.empty() ? message : path + ": " + message), path_(std::move(path)),
      message_(std::move(message)) {}

ModelError ModelError::within(const std::string& prefix) const {
    if (prefix.empty()) return *this;
    return ModelError(path_.empty() ? prefix : prefix + "." + path_, message_);
}

std::int64_t check_count(std::int64_t value, const std::string& path) {
    if (value < 0)
        throw ModelError(path, "expected a count of zero or more, got " + std::to_string(value));
    if (value > max_count)
        throw ModelError(path, "expected a count of at most 1,000,000,000,000, got " +
                                   std::to_string(value));
    return value;
}

double check_share(double value, const std::string& path) {
    if (!(value >= 0.0 && value <= 1.0)) {
        char text[32];
        std::snprintf(text, sizeof text, "%g", value);
        throw ModelError(path, std::string("expected a share between 0 and 1, got ") + text);
    }
    return value;
}

} // namespace vaxsim
