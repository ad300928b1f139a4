#include "sim/input/yaml_input.hpp"
#include "sim/input/inputs_read.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/text.hpp"

namespace vaxsim {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// Excel's "CSV UTF-8" and some editors start a file with a byte-order mark; it is not
// part of the text, and left in it would shift every column of the first line.
std::string without_bom(std::string text) {
    if (text.starts_with(utf8_bom)) text.erase(0, utf8_bom.size());
    return text;
}

// The byte offset of the first byte in `s` that does not belong to well-formed UTF-8
// (no overlong forms, surrogates or code points above U+10FFFF), or npos.
std::size_t first_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        unsigned lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else
            return i;
        for (int k = 1; k < len; ++k) {
            if (i + k >= s.size()) return i;
            const auto d = static_cast<unsigned char>(s[i + k]);
            if (d < (k == 1 ? lo : 0x80) || d > (k == 1 ? hi : 0xBF)) return i;
        }
        i += static_cast<std::size_t>(len);
    }
    return std::string_view::npos;
}

// A line as it can be shown on a terminal: each byte that is not UTF-8 becomes '?', so
// the caret still sits under the same byte.
std::string printable(std::string line) {
    std::size_t from = 0;
    for (;;) {
        const std::size_t bad = first_invalid_utf8(std::string_view(line).substr(from));
        if (bad == std::string_view::npos) return line;
        line[from + bad] = '?';
        from += bad + 1;
    }
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::string line;
    std::istringstream in(text);
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

// The caret must sit under the character yaml-cpp points at. yaml-cpp counts columns
// in bytes; a Hangul syllable is three bytes but two cells wide on a terminal.
std::string caret_padding(const std::string& line, int byte_column) {
    std::string pad;
    int i = 0;
    const int n = std::min<int>(byte_column, static_cast<int>(line.size()));
    while (i < n) {
        const auto c = static_cast<unsigned char>(line[i]);
        if (c == '\t') {
            pad += '\t';
            ++i;
        } else if (c < 0x80) {
            pad += ' ';
            ++i;
        } else {
            int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            unsigned cp = 0;
            if (len == 3 && i + 2 < static_cast<int>(line.size()))
                cp = ((c & 0x0F) << 12) | ((line[i + 1] & 0x3F) << 6) | (line[i + 2] & 0x3F);
            const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                              (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                              (cp >= 0xFF00 && cp <= 0xFF60) || len == 4;
            pad += wide ? "  " : " ";
            i += len;
        }
    }
    return pad;
}

std::string format_error(const std::string& file, int line, int column, const std::string& message,
                         const std::string& quoted) {
    std::ostringstream out;
    if (line > 0)
        out << file << ":" << line << ":" << column << ": error: " << message;
    else
        out << file << ": error: " << message;
    if (!quoted.empty()) out << "\n" << quoted;
    return out.str();
}

std::string describe_scalar(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return "nothing";
    if (node.IsMap()) return "a mapping";
    if (node.IsSequence()) return "a list";
    return "'" + node.Scalar() + "'";
}

// The column an editor shows: yaml-cpp and a CSV cell's offset count bytes, editors
// count characters (a Hangul syllable is three bytes but one character). A byte that
// continues a character is not counted; past the end of the line, each byte counts.
int character_column(const std::string& line, int byte_column) {
    const int end = std::min<int>(byte_column, static_cast<int>(line.size()));
    int n = 0;
    for (int i = 0; i < end; ++i) n += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
    return n + (byte_column - end);
}

// "a.b.c" -> {"a", "b", "c"}: an override's path ("a..b" has an empty part; a final dot
// adds none).
std::vector<std::string> path_segments(const std::string& path) {
    std::vector<std::string> segments;
    std::stringstream in(path);
    for (std::string seg; std::getline(in, seg, '.');) segments.push_back(seg);
    return segments;
}

} // namespace

InputFileError::InputFileError(std::string file, int line, int column, std::string message,
                               std::string quoted_line)
    : std::runtime_error(format_error(file, line, column, message, quoted_line)),
      file_(std::move(file)), line_(line), column_(column), message_(std::move(message)) {}

InputSource::InputSource(std::string name, std::string body)
    : file_name(std::move(name)), text(without_bom(std::move(body))), lines(split_lines(text)) {}

void InputSource::fail(const YAML::Mark& mark, const std::string& message) const {
    if (mark.is_null() || mark.line < 0) throw InputFileError(file_name, 0, 0, message, "");
    if (mark.line >= static_cast<int>(lines.size())) // e.g. an empty file, or past the last line
        throw InputFileError(file_name, mark.line + 1, mark.column + 1, message, "");
    const std::string line = printable(lines[mark.line]);
    std::ostringstream quoted;
    const std::string number = std::to_string(mark.line + 1);
    quoted << " " << number << " | " << line << "\n"
           << " " << std::string(number.size(), ' ') << " | " << caret_padding(line, mark.column)
           << "^";
    throw InputFileError(file_name, mark.line + 1, character_column(lines[mark.line], mark.column) + 1,
                         message, quoted.str());
}

void InputSource::fail_at(int line, int column, const std::string& message) const {
    YAML::Mark mark;
    mark.line = line;
    mark.column = column;
    fail(mark, message);
}

InputNode::InputNode(YAML::Node node, std::shared_ptr<const InputSource> source, std::string path)
    : node_(std::move(node)), source_(std::move(source)), path_(std::move(path)) {}

namespace {

// Whether `node` is `tree` or a node within it.
bool within(const YAML::Node& tree, const YAML::Node& node) {
    std::vector<YAML::Node> stack{tree};
    while (!stack.empty()) {
        const YAML::Node n = stack.back();
        stack.pop_back();
        if (n.is(node)) return true;
        if (n.IsSequence())
            for (const auto& item : n) stack.push_back(item);
        else if (n.IsMap())
            for (const auto& kv : n) {
                stack.push_back(kv.first);
                stack.push_back(kv.second);
            }
    }
    return false;
}

} // namespace

void InputNode::fail(const std::string& message) const {
    const std::string where = path_.empty() ? message : path_ + ": " + message;
    // A value an override put in place, or one within it (a what-if file may set a whole
    // section), came from the override's file or the command line: its mark is a position
    // in that file, not in this one. The latest override wins, as it does in the tree.
    const auto& overrides = source_->overrides;
    const auto from = [&](const InputSource::Override& o) {
        if (o.origin) o.origin->fail(node_.Mark(), where);
        throw InputFileError("command line (--set " + o.assignment + ")", 0, 0, where, "");
    };
    for (auto o = overrides.rbegin(); o != overrides.rend(); ++o)
        if (o->node.is(node_)) from(*o);
    for (auto o = overrides.rbegin(); o != overrides.rend(); ++o)
        if (within(o->node, node_)) from(*o);
    source_->fail(node_.Mark(), where);
}

std::string InputNode::overrides_beside(const std::string& path) const {
    const std::vector<std::string> mine = path_segments(path);
    std::vector<std::string> seen, named;
    // Latest first: a later override of a path replaced the earlier ones, and the mappings
    // an override created are listed under its assignment again.
    const auto& overrides = source_->overrides;
    for (auto o = overrides.rbegin(); o != overrides.rend(); ++o) {
        const std::string set = o->assignment.substr(0, o->assignment.find('='));
        if (std::find(seen.begin(), seen.end(), set) != seen.end()) continue;
        seen.push_back(set);
        if (o->node.is(node_) || within(o->node, node_)) continue; // reported there already
        const std::vector<std::string> theirs = path_segments(set);
        // The value of this very path (the error points at its name, in the file: the
        // last place's share of a band), or one entry of a table of values checked
        // together, set on its own (one place's share under the file's shares).
        bool part = theirs == mine;
        if (!part && node_.IsMap()) {
            bool table = true, entry = false;
            for (const auto& kv : node_) {
                table = table && kv.second.IsScalar();
                entry = entry || kv.second.is(o->node);
            }
            part = table && entry;
        }
        // Or the same key of a sibling, or a sibling's whole part that holds it (a what-if
        // file giving another place's band_shares): one part differs.
        if (!part) {
            if (theirs.size() < 2 || theirs.size() > mine.size()) continue;
            int differ = 0;
            for (std::size_t i = 0; i < theirs.size(); ++i) differ += mine[i] != theirs[i];
            if (differ != 1) continue;
        }
        if (o->origin)
            named.push_back(o->origin->file_name + ":" + std::to_string(o->node.Mark().line + 1));
        else
            named.push_back("--set " + o->assignment);
    }
    if (named.empty()) return "";
    std::reverse(named.begin(), named.end()); // in the order they were given
    return " (see also " + joined(named) + ")";
}

std::filesystem::path InputNode::folder(const std::filesystem::path& scenario_dir) const {
    // As fail() finds it: the latest override that is this value or holds it.
    const auto& overrides = source_->overrides;
    const auto from = [&](const InputSource::Override& o) {
        return o.origin ? std::filesystem::path(o.origin->file_name).parent_path() : scenario_dir;
    };
    for (auto o = overrides.rbegin(); o != overrides.rend(); ++o)
        if (o->node.is(node_)) return from(*o);
    for (auto o = overrides.rbegin(); o != overrides.rend(); ++o)
        if (within(o->node, node_)) return from(*o);
    return scenario_dir;
}

std::string InputNode::location() const {
    try {
        fail("");
    } catch (const InputFileError& e) {
        if (e.line() == 0) return e.file();
        return e.file() + ":" + std::to_string(e.line()) + ":" + std::to_string(e.column());
    }
}

InputNode InputNode::noting_into(SourceMap& fields) const {
    InputNode noting = *this;
    noting.fields_ = &fields;
    noting.note_as(path_);
    return noting;
}

InputNode InputNode::at(YAML::Node node, std::string path) const {
    InputNode other(std::move(node), source_, std::move(path));
    other.fields_ = fields_;
    return other;
}

void InputNode::note_as(const std::string& field_path) const {
    if (fields_) fields_->note(field_path, *this);
}

void SourceMap::note(const std::string& field_path, const InputNode& node) {
    // Replaced, never assigned: assigning a YAML::Node would overwrite the node it refers to.
    nodes_.erase(field_path);
    nodes_.emplace(field_path, node);
}

void SourceMap::fail(const ModelError& error) const {
    // The node of a path, or of the nearest enclosing path noted.
    const auto node_of = [&](std::string path) -> const InputNode* {
        for (;;) {
            if (const auto it = nodes_.find(path); it != nodes_.end()) return &it->second;
            if (path.empty()) return nullptr;
            const auto dot = path.rfind('.');
            path = dot == std::string::npos ? "" : path.substr(0, dot);
        }
    };
    const InputNode* at = node_of(error.path());
    if (!at) throw error;
    std::string message = error.message();
    if (!error.other_path().empty())
        if (const InputNode* other = node_of(error.other_path()))
            message += " (" + error.other_what() + ": " + other->location() + ")";
    message += at->overrides_beside(error.path());
    at->fail(message);
}

std::string InputNode::as_string() const {
    if (!node_.IsScalar() || node_.Scalar().empty())
        fail("expected a text value, got " + describe_scalar(node_));
    return node_.Scalar();
}

std::int64_t InputNode::as_integer() const {
    if (!node_.IsScalar()) fail("expected a whole number, got " + describe_scalar(node_));
    const std::string& s = node_.Scalar();
    const char* begin = s.data() + (s.size() > 1 && s[0] == '+' ? 1 : 0);
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), value);
    if (ec == std::errc::result_out_of_range)
        fail("whole number " + s + " is too large (at most 9223372036854775807)");
    if (ec != std::errc{} || ptr != s.data() + s.size() || s.empty())
        fail("expected a whole number (digits only, no separators), got '" + s + "'");
    return value;
}

std::int64_t InputNode::as_count() const {
    const std::int64_t value = as_integer();
    try {
        return check_count(value, path_);
    } catch (const ModelError& e) {
        fail(e.message());
    }
}

double InputNode::as_number() const {
    if (!node_.IsScalar()) fail("expected a number, got " + describe_scalar(node_));
    const std::string& s = node_.Scalar();
    std::string lower;
    for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == ".nan" || lower == ".inf" || lower == "-.inf" || lower == "+.inf")
        fail("expected a finite number, got '" + s + "'");
    char* end = nullptr;
    const double value = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size()) fail("expected a number, got '" + s + "'");
    if (!std::isfinite(value)) fail("expected a finite number, got '" + s + "'");
    return value;
}

double InputNode::as_share() const {
    const double value = as_number();
    if (value < 0.0 || value > 1.0) fail("expected a share between 0 and 1, got " + node_.Scalar());
    return value;
}

DayNumber InputNode::as_date() const {
    if (!node_.IsScalar()) fail("expected a date YYYY-MM-DD, got " + describe_scalar(node_));
    auto day = parse_iso_date(node_.Scalar());
    if (!day) fail("expected a real calendar date YYYY-MM-DD, got '" + node_.Scalar() + "'");
    return *day;
}

bool InputNode::as_bool() const {
    // Strictly `true` or `false`: YAML 1.1's yes/no/on/off are refused, so a
    // typo cannot silently read as a switch.
    const std::string v = node_.IsScalar() ? node_.Scalar() : std::string();
    if (v != "true" && v != "false") fail("expected true or false, got " + describe_scalar(node_));
    return v == "true";
}

std::vector<InputNode> InputNode::items() const {
    if (!node_.IsSequence()) fail("expected a list, got " + describe_scalar(node_));
    std::vector<InputNode> out;
    out.reserve(node_.size());
    // Elements are named as --set addresses them: by id where they have one, else by index.
    for (std::size_t i = 0; i < node_.size(); ++i) {
        const YAML::Node& item = node_[i];
        const bool has_id = item.IsMap() && item["id"] && item["id"].IsScalar();
        out.push_back(at(item, path_ + "." + (has_id ? item["id"].Scalar() : std::to_string(i))));
        out.back().note_as(out.back().path());
    }
    return out;
}

std::vector<std::string> InputNode::as_string_list() const {
    if (node_.IsScalar()) return {as_string()};
    std::vector<std::string> out;
    for (const auto& item : items()) out.push_back(item.as_string());
    return out;
}

MapReader::MapReader(const InputNode& node, std::string what)
    : node_(node), what_(std::move(what)) {
    if (!node.is_map())
        node.fail("expected a mapping of keys to values for " + what_ + ", got " +
                  describe_scalar(node.yaml()));
    // Indexed once: yaml-cpp finds a key by scanning the mapping, so asking for each key of
    // a large mapping would take time growing with the square of its size.
    entries_.reserve(node.yaml().size());
    for (auto it = node.yaml().begin(); it != node.yaml().end(); ++it) {
        std::string key = it->first.as<std::string>("");
        if (!by_key_.emplace(key, entries_.size()).second)
            InputNode(it->first, node.source(), node.path())
                .fail("duplicate key '" + key + "' in " + what_);
        entries_.push_back({std::move(key), it->first, it->second});
    }
}

bool MapReader::has(const std::string& key) const { return by_key_.count(key) > 0; }

std::optional<InputNode> MapReader::optional(const std::string& key) {
    if (asked_set_.insert(key).second) asked_.push_back(key);
    const auto found = by_key_.find(key);
    if (found == by_key_.end()) return std::nullopt;
    const YAML::Node& value = entries_[found->second].value;
    const std::string path = node_.path().empty() ? key : node_.path() + "." + key;
    InputNode in = node_.at(value, path);
    in.note_as(path);
    if (value.IsNull()) in.fail("'" + key + "' has no value");
    return in;
}

InputNode MapReader::required(const std::string& key) {
    auto value = optional(key);
    if (value) return *value;
    // A missing key is most often a misspelt one: point at the typo, not the whole map.
    for (const Entry& e : entries_) {
        if (asked_set_.count(e.key)) continue;
        if (typo_distance(e.key, key) >= 0)
            InputNode(e.key_node, node_.source(), node_.path())
                .fail("unknown key '" + e.key + "' in " + what_ + " (did you mean '" + key +
                      "'?)");
    }
    node_.fail("missing required key '" + key + "' in " + what_);
}

std::string MapReader::exactly_one_of(const std::vector<std::string>& keys) {
    std::vector<std::string> present;
    for (const auto& k : keys)
        if (has(k)) present.push_back(k);
    if (present.empty())
        // None given: most often one misspelt. Point at it, as required() does.
        for (const Entry& e : entries_) {
            if (asked_set_.count(e.key)) continue;
            if (const std::string hint = closest_name(e.key, keys); !hint.empty())
                InputNode(e.key_node, node_.source(), node_.path())
                    .fail("unknown key '" + e.key + "' in " + what_ + " (did you mean '" + hint + "'?)");
        }
    if (present.size() != 1) {
        std::string list;
        for (const auto& k : keys) list += (list.empty() ? "'" : ", '") + k + "'";
        node_.fail(what_ + " needs exactly one of " + list +
                   (present.empty() ? ", found none" : ", found several"));
    }
    return present.front();
}

void MapReader::finish() const {
    for (const Entry& e : entries_) {
        if (asked_set_.count(e.key)) continue;
        std::string expected, hint;
        int best = 1 << 20;
        for (const auto& k : asked_) {
            expected += (expected.empty() ? "" : ", ") + k;
            const int d = typo_distance(e.key, k);
            if (d >= 0 && d < best) best = d, hint = k;
        }
        std::string message = "unknown key '" + e.key + "' in " + what_;
        if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
        message += "; expected one of: " + expected;
        // A key added by an override has no place in this file: point at its value,
        // whose override says where it came from.
        bool added_by_override = false;
        for (const auto& o : node_.source()->overrides) added_by_override |= o.node.is(e.value);
        InputNode(added_by_override ? e.value : e.key_node, node_.source(), node_.path())
            .fail(message);
    }
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Whether a scalar may start at column c of `line`: at the start of the line's content,
// after "key: ", "- " or "? ", or after a flow indicator '[', '{' or ','. A quote or a
// bracket anywhere else is part of plain text ("Children's", "Group [A]").
bool at_scalar_start(const std::string& line, std::size_t c, bool in_flow) {
    std::size_t p = c;
    while (p > 0 && is_blank(line[p - 1])) --p;
    if (p == 0) return true;
    const char before = line[p - 1];
    if (before == '[' || before == '{') return true;
    if (before == ',') return in_flow;
    if (p == c) return false; // "key:x", "-x": an indicator needs a blank after it
    if (before == ':') return true;
    if (before == '-' || before == '?') return p == 1 || is_blank(line[p - 2]);
    return false;
}

// Whether a line, outside any quote, reads as a key of a mapping ("start: 2021-03-01")
// or an item of a block list ("- id: x").
bool looks_like_key_or_item(const std::string& line, std::size_t indent) {
    if (indent >= line.size()) return false;
    if (line[indent] == '-' && (indent + 1 == line.size() || is_blank(line[indent + 1])))
        return true;
    if (line[indent] == '#' || line[indent] == '"' || line[indent] == '\'') return false;
    for (std::size_t c = indent; c < line.size(); ++c) {
        if (line[c] == ':') return c + 1 == line.size() || is_blank(line[c + 1]);
        if (is_blank(line[c]) || line[c] == '"' || line[c] == ',') return false;
    }
    return false;
}

void check_not_utf16(const InputSource& source) {
    if (source.text.starts_with("\xFF\xFE") || source.text.starts_with("\xFE\xFF"))
        source.fail_at(0, 0, "the file is UTF-16 text; save it as UTF-8");
}

// Line l (0-based) is UTF-8 text without NUL bytes.
void check_line_encoding(const InputSource& source, std::size_t l) {
    const std::string& line = source.lines[l];
    const int ln = static_cast<int>(l);
    if (const std::size_t bad = first_invalid_utf8(line); bad != std::string_view::npos) {
        if (line.find('\0') < bad)
            source.fail_at(ln, static_cast<int>(line.find('\0')),
                           "the file is not text (it holds a NUL byte)");
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(line[bad]));
        source.fail_at(ln, static_cast<int>(bad),
                       std::string("the text is not valid UTF-8 (byte ") + hex +
                           "); save the file as UTF-8");
    }
    if (const auto nul = line.find('\0'); nul != std::string::npos)
        source.fail_at(ln, static_cast<int>(nul), "the file is not text (it holds a NUL byte)");
}

// Refuses text that is not a plausible scenario before the YAML parser sees it, with the
// line and column of the first problem: bytes that are not UTF-8, NUL bytes (binary
// files), nesting so deep that a recursive parser would exhaust the stack, a quote that
// runs on over the keys after it (yaml-cpp would read them as its text and report a
// missing key instead), and a number with thousands separators inside a flow list, which
// YAML would read as several numbers ([80000, 90,000] is 80000, 90 and 0). A scenario
// nests a handful of levels; the limits leave ample room.
void check_plain_text(const InputSource& source) {
    check_not_utf16(source);
    constexpr int max_flow_depth = 64, max_indent = 256;
    int flow_depth = 0;
    struct Quote {
        char ch = 0;
        int line = 0, column = 0;
        std::size_t indent = 0;
    } quote;
    std::optional<std::size_t> block_scalar_indent; // of the line that opened a | or > scalar
    for (std::size_t l = 0; l < source.lines.size(); ++l) {
        const std::string& line = source.lines[l];
        const int ln = static_cast<int>(l);
        check_line_encoding(source, l);
        std::size_t spaces = 0;
        while (spaces < line.size() && line[spaces] == ' ') ++spaces;
        std::size_t indent = 0;
        while (indent < line.size() && (line[indent] == ' ' || line[indent] == '-')) ++indent;
        if (indent > max_indent)
            source.fail_at(ln, static_cast<int>(indent),
                           "nesting is too deep (indented more than " +
                               std::to_string(max_indent) + " columns); is this a scenario file?");
        // The text of a block scalar (| or >) is free text to its end: lines indented more
        // than the line that opened it, or blank.
        if (block_scalar_indent) {
            if (spaces == line.size() || spaces > *block_scalar_indent) continue;
            block_scalar_indent.reset();
        }
        if (quote.ch && spaces <= quote.indent && looks_like_key_or_item(line, spaces))
            source.fail_at(quote.line, quote.column,
                           std::string("this quote (") + quote.ch +
                               ") is not closed on its line, so line " + std::to_string(l + 1) +
                               " below ('" + printable(line.substr(spaces, 40)) +
                               "') would be read as part of its text; close the quote");
        std::size_t run_start = 0; // where the run of digits and commas before c starts
        for (std::size_t c = 0; c < line.size(); ++c) {
            const char ch = line[c];
            if (!is_digit(ch) && ch != ',') run_start = c + 1;
            if (quote.ch == '"') {
                if (ch == '\\')
                    ++c;
                else if (ch == '"')
                    quote.ch = 0;
                continue;
            }
            if (quote.ch == '\'') {
                if (ch == '\'' && c + 1 < line.size() && line[c + 1] == '\'')
                    ++c;
                else if (ch == '\'')
                    quote.ch = 0;
                continue;
            }
            if (ch == '#' && (c == 0 || is_blank(line[c - 1]))) break;
            const bool in_flow = flow_depth > 0;
            if ((ch == '"' || ch == '\'') && at_scalar_start(line, c, in_flow)) {
                quote = {ch, ln, static_cast<int>(c), spaces};
            } else if ((ch == '[' || ch == '{') && (in_flow || at_scalar_start(line, c, false))) {
                if (++flow_depth > max_flow_depth)
                    source.fail_at(ln, static_cast<int>(c),
                                   "nesting is too deep (more than " +
                                       std::to_string(max_flow_depth) +
                                       " brackets); is this a scenario file?");
            } else if ((ch == ']' || ch == '}') && in_flow) {
                --flow_depth;
            } else if (ch == ',' && in_flow && c > 0 && is_digit(line[c - 1])) {
                // A run of digits and commas that is a number written with thousands
                // separators (90,000 or 1,250,000), where a number may start. Each run is
                // looked at once, so a long line is not scanned again at each comma.
                const std::size_t first = run_start;
                std::size_t end = c;
                while (end < line.size() && (is_digit(line[end]) || line[end] == ',')) ++end;
                const bool starts = first == 0 || is_blank(line[first - 1]) ||
                                    line[first - 1] == '[' || line[first - 1] == '{' ||
                                    line[first - 1] == ':';
                const bool ends = end == line.size() || is_blank(line[end]) ||
                                  line[end] == ']' || line[end] == '}' || line[end] == '#';
                const std::string number = line.substr(first, end - first);
                // d{1,3}(,ddd)+
                const auto head = number.find(',');
                bool grouped = starts && ends && head >= 1 && head <= 3 &&
                               (number.size() - head) % 4 == 0;
                for (std::size_t k = head; grouped && k < number.size(); k += 4)
                    grouped = number[k] == ',' && is_digit(number[k + 1]) &&
                              is_digit(number[k + 2]) && is_digit(number[k + 3]);
                if (grouped) {
                    std::string parts;
                    for (std::size_t k = 0, from = 0; k <= number.size(); ++k)
                        if (k == number.size() || number[k] == ',') {
                            parts += (parts.empty() ? "" : ", ") + number.substr(from, k - from);
                            from = k + 1;
                        }
                    source.fail_at(ln, static_cast<int>(first),
                                   "'" + number + "' inside [ ] or { } reads as several numbers (" +
                                       parts +
                                       "); write numbers without separators, and a space "
                                       "after each comma between values");
                }
                c = end - 1; // the rest of the run: digits and commas only
            } else if ((ch == '|' || ch == '>') && !in_flow && at_scalar_start(line, c, false)) {
                std::size_t e = c + 1;
                while (e < line.size() && (line[e] == '+' || line[e] == '-' || is_digit(line[e])))
                    ++e;
                while (e < line.size() && is_blank(line[e])) ++e;
                if (e == line.size() || line[e] == '#') {
                    block_scalar_indent = spaces;
                    break;
                }
            }
        }
    }
    if (quote.ch)
        source.fail_at(quote.line, quote.column,
                       std::string("this quote (") + quote.ch + ") is never closed");
}

// The first line of a second YAML document: a '---' line after some content, or else the
// second document's first node.
YAML::Mark second_document(const InputSource& source, const YAML::Mark& second) {
    bool content = false;
    for (std::size_t l = 0; l < source.lines.size(); ++l) {
        const std::string& line = source.lines[l];
        const bool marker = line.starts_with("---") && (line.size() == 3 || is_blank(line[3]));
        if (marker && content) {
            YAML::Mark mark;
            mark.line = static_cast<int>(l);
            mark.column = 0;
            return mark;
        }
        const auto first = line.find_first_not_of(" \t");
        if (first != std::string::npos && line[first] != '#' && line[first] != '%' && !marker)
            content = true;
    }
    return second;
}

} // namespace

namespace {

// "No such file or directory" as a clause: "no such file or directory".
std::string reason(int err) {
    std::string text = std::strerror(err);
    if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

// read_input_file, the file called `called` in messages ("the scenario file").
std::string read_text_file(const std::filesystem::path& path, const std::string& called) {
    const auto fail = [&](const std::string& why) -> void {
        throw InputFileError(path.string(), 0, 0,
                             "cannot read " + called + " '" + path.string() + "': " + why, "");
    };
    // Non-blocking, so that opening a FIFO with no writer does not wait for one.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        const int err = errno;
        throw InputFileError(path.string(), 0, 0,
                             "cannot open " + called + " '" + path.string() + "': " + reason(err),
                             "");
    }
    struct Close {
        int fd;
        ~Close() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) fail(reason(errno));
    if (S_ISDIR(st.st_mode)) fail("it is a directory");
    if (!S_ISREG(st.st_mode)) fail("it is not a regular file (a device, a pipe or a socket)");
    const auto too_large = [&](std::uintmax_t size) {
        fail("it is " + with_commas(static_cast<std::int64_t>(size)) +
             " bytes, more than the limit of " +
             with_commas(static_cast<std::int64_t>(max_input_file_bytes)) + " bytes (" +
             std::to_string(max_input_file_bytes >> 20) + " MiB)");
    };
    if (static_cast<std::uintmax_t>(st.st_size) > max_input_file_bytes) too_large(st.st_size);
    // Read to the end, but never past the limit, in case the file grows while it is read.
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t used = 0;
    for (;;) {
        if (used == text.size()) {
            if (used > max_input_file_bytes) too_large(used);
            text.resize(std::min<std::size_t>(max_input_file_bytes + 1, used + 65536));
        }
        const ssize_t got = ::read(fd, text.data() + used, text.size() - used);
        if (got < 0) {
            if (errno == EINTR) continue;
            fail(reason(errno));
        }
        if (got == 0) break;
        used += static_cast<std::size_t>(got);
    }
    text.resize(used);
    return without_bom(std::move(text));
}

} // namespace

std::optional<std::size_t> find_list_element(const std::vector<ListElement>& list,
                                             const std::string& seg, const std::string& where,
                                             std::string& error) {
    for (std::size_t k = 0; k < list.size(); ++k)
        if (!list[k].id.empty() && list[k].id == seg) return k;
    if (const auto day = parse_iso_date(seg)) {
        std::vector<std::size_t> dated;
        for (std::size_t k = 0; k < list.size(); ++k)
            if (list[k].date == day) dated.push_back(k);
        if (dated.size() == 1) return dated.front();
        if (dated.size() > 1) {
            error = "'" + seg + "' is the date of " + std::to_string(dated.size()) +
                    " elements of the list '" + where + "' (";
            for (std::size_t i = 0; i < dated.size(); ++i)
                error += (i ? ", " : "") + std::to_string(dated[i]);
            error += "): name one by its index, or give it an id";
            return std::nullopt;
        }
    }
    std::size_t k = 0;
    const auto [ptr, ec] = std::from_chars(seg.data(), seg.data() + seg.size(), k);
    if (ec == std::errc{} && ptr == seg.data() + seg.size() && k < list.size()) return k;
    error = "no element with id or index '" + seg + "' in the list '" + where + "'";
    if (list.empty()) {
        error += " (it is empty)";
        return std::nullopt;
    }
    error += "; it has ";
    std::vector<std::string> names;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i == 12) {
            error += ", ... (" + std::to_string(list.size()) + " in all)";
            break;
        }
        error += (i ? ", " : "") + std::to_string(i);
        if (!list[i].id.empty()) error += " = " + list[i].id;
        if (list[i].date) error += " (" + format_iso_date(*list[i].date) + ")";
    }
    for (const auto& e : list) {
        if (!e.id.empty()) names.push_back(e.id);
        if (e.date) names.push_back(format_iso_date(*e.date));
    }
    if (const std::string hint = closest_name(seg, names); !hint.empty())
        error += "; did you mean '" + hint + "'?";
    return std::nullopt;
}

void check_text_encoding(const InputSource& source) {
    check_not_utf16(source);
    for (std::size_t l = 0; l < source.lines.size(); ++l) check_line_encoding(source, l);
}

std::string read_input_file(const std::filesystem::path& path, const std::string& what) {
    return note_input_read(path, read_text_file(path, "the " + what));
}

InputSource read_named_file(const InputNode& name, const std::filesystem::path& base_dir,
                            const std::string& what) {
    const std::filesystem::path path = name.folder(base_dir) / name.as_string();
    try {
        return InputSource(path.string(), note_input_read(path, read_text_file(path, what)));
    } catch (const InputFileError& e) {
        name.fail(e.message());
    }
}

namespace {

// Notes where documents start, and nothing else.
class DocumentStarts final : public YAML::EventHandler {
  public:
    std::vector<YAML::Mark> starts;
    void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

// Where a second document starts, if the text has one. It parses at most two documents:
// YAML::LoadAll never ends on some text (a contact-matrix CSV given as a scenario made it
// allocate without end), so the documents are not all loaded.
std::optional<YAML::Mark> second_document_start(const std::string& text) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentStarts documents;
    for (int i = 0; i < 2 && parser.HandleNextDocument(documents); ++i) {
    }
    if (documents.starts.size() < 2) return std::nullopt;
    return documents.starts[1];
}

} // namespace

InputNode parse_input(std::shared_ptr<InputSource> source) {
    check_plain_text(*source);
    YAML::Node root;
    try {
        root = YAML::Load(source->text);
    } catch (const YAML::ParserException& e) {
        source->fail(e.mark, "YAML syntax error: " + e.msg);
    }
    if (!root.IsMap()) {
        if (!root.IsDefined() || root.IsNull())
            source->fail(YAML::Mark(),
                         "the file is empty: expected a scenario (a mapping of keys to values)");
        InputNode(root, source, "").fail("expected a scenario: a mapping of keys to values");
    }
    try {
        if (const auto second = second_document_start(source->text))
            source->fail(second_document(*source, *second),
                         "a second YAML document starts here; a scenario or sweep file holds "
                         "one document (remove the '---' line and what follows, or merge them)");
    } catch (const YAML::ParserException& e) {
        source->fail(e.mark, "YAML syntax error: " + e.msg);
    }
    return InputNode(root, std::move(source), "");
}

namespace {

// Puts `value` at the dotted `path` below `root` and returns the node now there.
// Missing mappings on the way are created (a scenario may leave out an optional section
// such as `policy`); they are returned in `created` so errors inside them point at the
// override that made them.
YAML::Node set_at_path(YAML::Node root, const std::string& path, const YAML::Node& value,
                       const std::function<void(const std::string&)>& fail,
                       std::vector<YAML::Node>& created) {
    // "…scale@FROM..TO": the scale of a window of dates (see apply_override).
    std::string window;
    std::string plain = path;
    if (const auto at = path.find('@'); at != std::string::npos) {
        window = path.substr(at + 1);
        plain = path.substr(0, at);
        if (!plain.ends_with(".scale") && plain != "scale")
            fail("a window '@" + window + "' applies to a supply's scale only " +
                 "(products.P.supply.scale@FROM..TO), not to '" + plain + "'");
    }
    std::optional<DayNumber> window_from, window_to;
    if (!window.empty() || path.find('@') != std::string::npos) {
        const auto dots = window.find("..");
        if (dots != std::string::npos) {
            window_from = parse_iso_date(window.substr(0, dots));
            window_to = parse_iso_date(window.substr(dots + 2));
        }
        if (!window_from || !window_to)
            fail("expected a window of dates FROM..TO after '@', e.g. "
                 "scale@2021-07-01..2021-09-30, got '@" + window + "'");
        if (*window_to < *window_from)
            fail("the window '@" + window + "' ends before it starts");
    }
    const std::vector<std::string> segments = path_segments(plain);
    for (const std::string& seg : segments)
        if (seg.empty()) fail("empty segment in path '" + path + "'");
    if (segments.empty()) fail("empty path");
    YAML::Node current;
    current.reset(root);
    std::string walked;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::string& seg = segments[i];
        const bool last = i + 1 == segments.size();
        YAML::Node next;
        if (current.IsMap()) {
            const YAML::Node& lookup = current;
            if (!lookup[seg] && !last) {
                // An item of a list that is not there ("capacity.periods.0.doses_per_day" in
                // a place that takes its part of the city's capacity): no list to pick from.
                const std::string& next_seg = segments[i + 1];
                const std::string here = walked + (walked.empty() ? "" : ".") + seg;
                if (i + 2 < segments.size() &&
                    std::all_of(next_seg.begin(), next_seg.end(), [](char c) { return c >= '0' && c <= '9'; }))
                    fail("'" + here + "' is not in the scenario, so it has no item " + next_seg +
                         " to change; give '" + here + "' whole (a list), or the part that holds it");
                current[seg] = YAML::Node(YAML::NodeType::Map);
                created.push_back(current[seg]);
            }
            if (last && window_from) {
                // The window's entry in scale_windows: the one with these dates, else new.
                if (!lookup["scale_windows"]) current["scale_windows"] = YAML::Node(YAML::NodeType::Sequence);
                YAML::Node windows = current["scale_windows"];
                if (!windows.IsSequence()) fail("'" + walked + ".scale_windows' is not a list");
                for (std::size_t k = 0; k < windows.size(); ++k) {
                    YAML::Node w = windows[k];
                    if (w.IsMap() && w["from"] && w["to"] && w["from"].IsScalar() &&
                        w["to"].IsScalar() && parse_iso_date(w["from"].Scalar()) == window_from &&
                        parse_iso_date(w["to"].Scalar()) == window_to) {
                        w["scale"] = value;
                        return w["scale"];
                    }
                }
                YAML::Node w(YAML::NodeType::Map);
                w["from"] = format_iso_date(*window_from);
                w["to"] = format_iso_date(*window_to);
                w["scale"] = value;
                windows.push_back(w);
                created.push_back(windows[windows.size() - 1]);
                return windows[windows.size() - 1]["scale"];
            }
            if (last) {
                current[seg] = value;
                return current[seg];
            }
            next.reset(current[seg]);
        } else if (current.IsSequence()) {
            std::vector<ListElement> elements;
            for (std::size_t k = 0; k < current.size(); ++k) {
                const YAML::Node& item = current[k];
                ListElement e;
                if (item.IsMap()) {
                    if (item["id"] && item["id"].IsScalar()) e.id = item["id"].Scalar();
                    for (const char* key : {"from", "date"})
                        if (!e.date && item[key] && item[key].IsScalar())
                            e.date = parse_iso_date(item[key].Scalar());
                }
                elements.push_back(std::move(e));
            }
            std::string error;
            const std::optional<std::size_t> index = find_list_element(elements, seg, walked, error);
            if (!index) fail(error);
            if (last) {
                current[*index] = value;
                return current[*index];
            }
            next.reset(current[*index]);
        } else {
            fail("'" + walked + "' is a single value; it has no '" + seg + "'");
        }
        walked += (walked.empty() ? "" : ".") + seg;
        current.reset(next);
    }
    return current; // not reached: the last segment returns above
}

} // namespace

void apply_override(InputSource& source, YAML::Node root, const std::string& assignment) {
    const auto fail = [&](const std::string& message) {
        throw InputFileError("command line (--set " + assignment + ")", 0, 0, message, "");
    };
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        fail("expected PATH=VALUE, e.g. policy.first_dose_allocation=proportional");
    const std::string path = assignment.substr(0, eq);
    const std::string text = assignment.substr(eq + 1);
    try {
        check_plain_text(InputSource("--set", text));
    } catch (const InputFileError& e) {
        fail("value of '" + path + "': " + e.message());
    }
    YAML::Node value;
    try {
        value = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        fail("value '" + text + "' is not valid YAML: " + e.msg);
    }
    if (!value.IsDefined() || value.IsNull()) fail("no value given for '" + path + "'");
    std::vector<YAML::Node> created;
    const YAML::Node placed = set_at_path(root, path, value, fail, created);
    source.overrides.push_back({assignment, placed, nullptr});
    for (const auto& node : created) source.overrides.push_back({assignment, node, nullptr});
}

void apply_what_if_setting(InputSource& source, YAML::Node root, const InputNode& path_node,
                           const YAML::Node& value, std::shared_ptr<const InputSource> origin) {
    const std::string path = path_node.as_string();
    const auto fail = [&](const std::string& message) { path_node.fail(message); };
    if (!value.IsDefined() || value.IsNull()) path_node.fail("no value given for '" + path + "'");
    std::vector<YAML::Node> created;
    const YAML::Node placed = set_at_path(root, path, value, fail, created);
    YAML::Emitter text;
    text << value;
    const std::string assignment = path + "=" + text.c_str();
    // A created mapping has no place in either file; its errors point at the setting's path.
    for (const auto& node : created) source.overrides.push_back({assignment, node, nullptr});
    source.overrides.push_back({assignment, placed, std::move(origin)});
}

} // namespace vaxsim
