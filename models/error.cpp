#include "models/error.hpp"

#include "models/date.hpp"

#include <cstdio>

namespace vaxsim {

ModelError::ModelError(std::string path, std::string message)
    : std::invalid_argument(path.empty() ? message : path + ": " + message), path_(std::move(path)),
      message_(std::move(message)) {}

ModelError::ModelError(std::string path, std::string message, std::string other_path,
                       std::string other_what)
    : ModelError(std::move(path), std::move(message)) {
    other_path_ = std::move(other_path);
    other_what_ = std::move(other_what);
}

ModelError ModelError::within(const std::string& prefix) const {
    if (prefix.empty()) return *this;
    const auto under = [&](const std::string& p) { return p.empty() ? prefix : prefix + "." + p; };
    if (other_path_.empty()) return ModelError(under(path_), message_);
    return ModelError(under(path_), message_, under(other_path_), other_what_);
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

void check_element_ids(const std::vector<std::string>& ids, const std::string& list) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::string& id = ids[i];
        if (id.empty()) continue;
        const std::string path = list + "." + std::to_string(i) + ".id";
        if (id.find_first_not_of("0123456789") == std::string::npos)
            throw ModelError(path, "an id must not be a whole number ('" + id +
                                       "' would name the element at that index)");
        if (parse_iso_date(id))
            throw ModelError(path, "an id must not be a date ('" + id +
                                       "' would name the element dated so)");
        if (id.find_first_of(".=@") != std::string::npos)
            throw ModelError(path, "an id must not hold '.', '=' or '@' (paths use them)");
        for (std::size_t j = 0; j < i; ++j)
            if (ids[j] == id)
                throw ModelError(path, "id '" + id + "' is already used by " + list + "." +
                                           std::to_string(j));
    }
}

} // namespace vaxsim
