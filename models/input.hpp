#pragma once
// Reading scenario input with its provenance. Every value a model type reads is an
// InputNode: a YAML node plus where it came from (file, line, column, or a --set
// override), so any validation failure can point the planner at the exact spot.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/date.hpp"

namespace vaxsim {

// An error in input a person wrote: names the file, line and column, quotes the line
// with a caret under the column, and says what was expected.
class InputFileError : public std::runtime_error {
  public:
    InputFileError(std::string file, int line, int column, std::string message,
                   std::string quoted_line);
    const std::string& file() const { return file_; }
    int line() const { return line_; }     // 1-based; 0 when the input has no position
    int column() const { return column_; } // 1-based
    const std::string& message() const { return message_; }

  private:
    std::string file_;
    int line_;
    int column_;
    std::string message_;
};

// The text a scenario was read from, and the command-line overrides applied to it.
struct InputSource {
    std::string file_name;
    std::string text;
    std::vector<std::string> lines;
    struct Override {
        std::string assignment; // "path=value"
        YAML::Node node;        // the node that replaced the file's value
        // The what-if file the value came from (its marks point there); null for --set.
        std::shared_ptr<const InputSource> origin;
    };
    std::vector<Override> overrides;
    // When this file was loaded as the base of a what-if file: that file.
    std::shared_ptr<const InputSource> extended_by;

    InputSource(std::string file_name, std::string text);
    [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) const;
};

class InputNode {
  public:
    static constexpr std::int64_t max_count = 1'000'000'000'000;
    InputNode(YAML::Node node, std::shared_ptr<const InputSource> source, std::string path);

    [[noreturn]] void fail(const std::string& message) const;

    const std::string& path() const { return path_; }
    const YAML::Node& yaml() const { return node_; }
    bool is_map() const { return node_.IsMap(); }
    bool is_sequence() const { return node_.IsSequence(); }
    bool is_scalar() const { return node_.IsScalar(); }

    std::string as_string() const;                   // a non-empty scalar
    std::int64_t as_count() const;                   // a whole number >= 0
    std::int64_t as_integer() const;                 // any whole number
    double as_number() const;                        // a finite number
    double as_share() const;                         // a number in [0, 1]
    DayNumber as_date() const;                       // YYYY-MM-DD, a real date
    std::vector<InputNode> items() const;            // elements of a sequence
    std::vector<std::string> as_string_list() const; // a sequence of strings (or one string)

    std::shared_ptr<const InputSource> source() const { return source_; }

  private:
    YAML::Node node_;
    std::shared_ptr<const InputSource> source_;
    std::string path_;
};

// Reads a mapping strictly: every key must be asked for, or finish() reports it as
// unknown (with a "did you mean" hint), so a typo is never silently ignored.
class MapReader {
  public:
    MapReader(const InputNode& node, std::string what);
    InputNode required(const std::string& key);
    std::optional<InputNode> optional(const std::string& key);
    bool has(const std::string& key) const;
    // Fails unless exactly one of the keys is present; returns which.
    std::string exactly_one_of(const std::vector<std::string>& keys);
    void finish() const;
    const InputNode& node() const { return node_; }

  private:
    InputNode node_;
    std::string what_;
    std::vector<std::string> asked_;
};

// The whole of a text file; InputFileError (naming `what`) when it cannot be read.
std::string read_input_file(const std::filesystem::path& path, const std::string& what);

// Parses scenario text; YAML syntax errors become InputFileError.
InputNode parse_input(std::shared_ptr<InputSource> source);

// Applies "a.b.c=value" to the parsed tree. A path segment addresses a mapping key,
// or a sequence element by its `id` or by its 0-based index. The last key may be new
// (the model's strict reader still rejects it if it is not a known key).
void apply_override(InputSource& source, YAML::Node root, const std::string& assignment);

// The same for a what-if file's `set: {path: value}` entry: errors in the path point at
// `path_node`, and errors in the value later point at the what-if file's line.
void apply_what_if_setting(InputSource& source, YAML::Node root, const InputNode& path_node,
                           const YAML::Node& value, std::shared_ptr<const InputSource> origin);

} // namespace vaxsim
