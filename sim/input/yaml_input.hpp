#pragma once
// Reading YAML input with its provenance. Every value a reader reads is an InputNode: a
// YAML node plus where it came from (file, line, column, or a --set override), so any
// validation failure can point the planner at the exact spot.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <type_traits>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/date.hpp"
#include "models/error.hpp"
#include "models/names.hpp"

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

    InputSource(std::string file_name, std::string text);
    [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) const;
    // The same at a 0-based line and column, for files that are not YAML (CSV tables).
    [[noreturn]] void fail_at(int line, int column, const std::string& message) const;
};

class SourceMap;

class InputNode {
  public:
    InputNode(YAML::Node node, std::shared_ptr<const InputSource> source, std::string path);

    [[noreturn]] void fail(const std::string& message) const;
    // Where the value came from, as "file:line:column" (or the command-line override):
    // for a message that must point at a second place.
    std::string location() const;
    // The values set by --set or a what-if file beside `path`, the path of a rule checked
    // across several values and reported at this node (the places' shares of a band): those
    // whose path differs from it, or from the part of it as long, in one part (another
    // place's share of the same band, or its band_shares), the latest of each path, as
    // " (see also --set path=value, whatif.yaml:12)"; empty when there are none.
    std::string overrides_beside(const std::string& path) const;
    // The folder a file this value names is relative to: the what-if file's that set it
    // (its `set:`), else `scenario_dir`, the scenario's.
    std::filesystem::path folder(const std::filesystem::path& scenario_dir) const;

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
    bool as_bool() const;                            // exactly true or false
    std::vector<InputNode> items() const;            // elements of a sequence
    std::vector<std::string> as_string_list() const; // a sequence of strings (or one string)

    std::shared_ptr<const InputSource> source() const { return source_; }

    // This node, noting itself and every node read below it (through items() and
    // MapReader) in `fields` under its path; `fields` must outlive the reading.
    InputNode noting_into(SourceMap& fields) const;
    // Another node of the same input (e.g. a mapping key) named `path`: what is read below
    // it is noted where this node's reads are, but it is not noted itself.
    InputNode at(YAML::Node node, std::string path) const;
    // Notes this node under `field_path`: where a spec field that is not this node's own
    // path came from (e.g. a matrix given as a file name).
    void note_as(const std::string& field_path) const;

  private:
    YAML::Node node_;
    std::shared_ptr<const InputSource> source_;
    std::string path_;
    SourceMap* fields_ = nullptr;
};

// Where each field of a spec was read, by field path (the syntax of --set), so that a
// ModelError a model constructor throws is reported at the value's file, line and column.
class SourceMap {
  public:
    void note(const std::string& field_path, const InputNode& node);
    // Fails at the node of the error's path, or of the nearest enclosing path noted. The
    // message keeps the node's own path as its prefix, as when a reader fails there.
    [[noreturn]] void fail(const ModelError& error) const;

  private:
    // A later node of the same path wins: of two list elements with the same id, the
    // second is the one a "used twice" error must point at.
    std::map<std::string, InputNode> nodes_;
};

// Builds a model from the spec read at `node`; a ModelError (its path relative to that
// spec) is reported at the position `fields` noted for the path.
template <class Build>
auto build_at(const InputNode& node, const SourceMap& fields, Build&& build) {
    try {
        return build();
    } catch (const ModelError& e) {
        fields.fail(e.within(node.path()));
    }
}

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
    struct Entry {
        std::string key;
        YAML::Node key_node, value;
    };
    InputNode node_;
    std::string what_;
    std::vector<Entry> entries_;                      // in the file's order
    std::unordered_map<std::string, std::size_t> by_key_; // into entries_
    std::vector<std::string> asked_;                  // in the order asked, for messages
    std::unordered_set<std::string> asked_set_;
};

// A mapping of names to values (`{pfizer: 120000}`, `{"18-49": 0.2}`), in the file's
// order, each value read by `value(node)`. Each name is noted at <mapping's path>.<name>,
// so an error about the name (unknown, used twice) points at the name, not its value.
// `what` names the mapping in messages (unknown or repeated keys).
template <class Read>
auto read_named(const InputNode& node, const std::string& what, Read&& value)
    -> std::vector<std::pair<std::string, std::invoke_result_t<Read&, const InputNode&>>> {
    MapReader m(node, what);
    std::vector<std::pair<std::string, std::invoke_result_t<Read&, const InputNode&>>> out;
    for (auto it = node.yaml().begin(); it != node.yaml().end(); ++it) {
        const InputNode key = node.at(it->first, node.path());
        const std::string name = key.as_string();
        out.emplace_back(name, value(m.required(name)));
        key.note_as(node.path() + "." + name);
    }
    m.finish();
    return out;
}

// No input file may be larger: a scenario is kilobytes, a daily supply CSV for a decade
// under a megabyte.
inline constexpr std::uintmax_t max_input_file_bytes = 64u << 20; // 64 MiB

// The whole of a text file, without a UTF-8 byte-order mark; InputFileError (naming
// `what`) when it cannot be read. Only regular files are read (a directory, a device or a
// pipe is refused without reading from it), and at most max_input_file_bytes. Every input
// file (scenarios, their bases, CSV tables, sweep files) is read through here.
std::string read_input_file(const std::filesystem::path& path, const std::string& what);


// Refuses text that is not UTF-8 (UTF-16, invalid bytes) or holds a NUL byte, at the
// line and column of the first problem: what parse_input checks first, for files that are
// not YAML (CSV tables).
void check_text_encoding(const InputSource& source);

// A data file (e.g. a CSV table) that `name` names, relative to `base_dir` (or to the
// what-if file that set it, InputNode::folder), read as
// read_input_file does; when it cannot be read, the error points at `name` and calls the
// file `what`.
InputSource read_named_file(const InputNode& name, const std::filesystem::path& base_dir,
                            const std::string& what);

// Parses scenario text; YAML syntax errors become InputFileError. Before the parser sees
// it, the text is refused (with the line and column) if it is not UTF-8, holds a NUL
// byte, nests absurdly deep, has a quote that runs on over following keys, or writes a
// number with thousands separators inside a [flow, list]; after, if it holds more than
// one YAML document.
InputNode parse_input(std::shared_ptr<InputSource> source);

// A list element as a path may name it: by its `id`, by its date (its `from`, or a
// delivery's `date`), or by its 0-based index.
struct ListElement {
    std::string id;                // empty: none
    std::optional<DayNumber> date; // none: not dated
};
// The element `segment` names in `list` (the path walked to it, for messages): its id,
// else the one element with that date (YYYY-MM-DD), else the element at that index.
// When it names none, or a date names several, `error` says so, listing the elements
// (index, id, date) with a "did you mean" for a near id.
std::optional<std::size_t> find_list_element(const std::vector<ListElement>& list,
                                             const std::string& segment,
                                             const std::string& where, std::string& error);

// Applies "a.b.c=value" to the parsed tree. A path segment addresses a mapping key,
// or a sequence element by its `id`, its date or its 0-based index (find_list_element).
// The last key may be new (the model's strict reader still rejects it if it is not a
// known key). A supply's scale may be limited to a window of dates,
// "products.P.supply.scale@2021-07-01..2021-09-30=0.7": that sets the scale of the
// supply's scale_windows entry with those dates, added when there is none.
void apply_override(InputSource& source, YAML::Node root, const std::string& assignment);

// The same for a what-if file's `set: {path: value}` entry: errors in the path point at
// `path_node`, and errors in the value later point at the what-if file's line.
void apply_what_if_setting(InputSource& source, YAML::Node root, const InputNode& path_node,
                           const YAML::Node& value, std::shared_ptr<const InputSource> origin);

} // namespace vaxsim
