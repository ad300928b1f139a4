#include "sim/input/yaml_input.hpp"
#include "sim/input/inputs_read.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

namespace vaxsim {
namespace {

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

int edit_distance(const std::string& a, const std::string& b) {
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = static_cast<int>(i);
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// How unlike two keys are, or -1 when they are not alike enough to be a typo of each
// other: a few letters off, or the same long start ("delivery" for "deliveries").
int typo_distance(const std::string& written, const std::string& known) {
    const int d = edit_distance(written, known);
    if (d <= (known.size() < 6 ? 1 : 2)) return d;
    std::size_t prefix = 0;
    while (prefix < written.size() && prefix < known.size() && written[prefix] == known[prefix])
        ++prefix;
    const std::size_t shorter = std::min(written.size(), known.size());
    if (prefix >= 5 && prefix * 5 >= shorter * 3) return d;
    return -1;
}

std::string describe_scalar(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return "nothing";
    if (node.IsMap()) return "a mapping";
    if (node.IsSequence()) return "a list";
    return "'" + node.Scalar() + "'";
}

} // namespace

InputFileError::InputFileError(std::string file, int line, int column, std::string message,
                               std::string quoted_line)
    : std::runtime_error(format_error(file, line, column, message, quoted_line)),
      file_(std::move(file)), line_(line), column_(column), message_(std::move(message)) {}

InputSource::InputSource(std::string name, std::string body)
    : file_name(std::move(name)), text(std::move(body)), lines(split_lines(text)) {}

void InputSource::fail(const YAML::Mark& mark, const std::string& message) const {
    if (mark.is_null() || mark.line < 0) throw InputFileError(file_name, 0, 0, message, "");
    if (mark.line >= static_cast<int>(lines.size())) // e.g. an empty file, or past the last line
        throw InputFileError(file_name, mark.line + 1, mark.column + 1, message, "");
    const std::string& line = lines[mark.line];
    std::ostringstream quoted;
    const std::string number = std::to_string(mark.line + 1);
    quoted << " " << number << " | " << line << "\n"
           << " " << std::string(number.size(), ' ') << " | " << caret_padding(line, mark.column)
           << "^";
    throw InputFileError(file_name, mark.line + 1, mark.column + 1, message, quoted.str());
}

void InputSource::fail_at(int line, int column, const std::string& message) const {
    YAML::Mark mark;
    mark.line = line;
    mark.column = column;
    fail(mark, message);
}

InputNode::InputNode(YAML::Node node, std::shared_ptr<const InputSource> source, std::string path)
    : node_(std::move(node)), source_(std::move(source)), path_(std::move(path)) {}

void InputNode::fail(const std::string& message) const {
    const std::string where = path_.empty() ? message : path_ + ": " + message;
    for (const auto& o : source_->overrides) {
        if (!o.node.is(node_)) continue;
        if (o.origin) o.origin->fail(node_.Mark(), where);
        throw InputFileError("command line (--set " + o.assignment + ")", 0, 0, where, "");
    }
    source_->fail(node_.Mark(), where);
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
    std::string path = error.path();
    for (;;) {
        if (const auto it = nodes_.find(path); it != nodes_.end()) it->second.fail(error.message());
        if (path.empty()) throw error;
        const auto dot = path.rfind('.');
        path = dot == std::string::npos ? "" : path.substr(0, dot);
    }
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
    std::vector<std::string> seen;
    for (auto it = node.yaml().begin(); it != node.yaml().end(); ++it) {
        const std::string key = it->first.as<std::string>("");
        if (std::find(seen.begin(), seen.end(), key) != seen.end())
            InputNode(it->first, node.source(), node.path())
                .fail("duplicate key '" + key + "' in " + what_);
        seen.push_back(key);
    }
}

bool MapReader::has(const std::string& key) const {
    const YAML::Node& map = node_.yaml();
    return static_cast<bool>(map[key]);
}

std::optional<InputNode> MapReader::optional(const std::string& key) {
    asked_.push_back(key);
    const YAML::Node& map = node_.yaml();
    YAML::Node value = map[key];
    if (!value) return std::nullopt;
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
    for (auto it = node_.yaml().begin(); it != node_.yaml().end(); ++it) {
        const std::string other = it->first.as<std::string>("");
        if (std::find(asked_.begin(), asked_.end(), other) != asked_.end()) continue;
        if (typo_distance(other, key) >= 0)
            InputNode(it->first, node_.source(), node_.path())
                .fail("unknown key '" + other + "' in " + what_ + " (did you mean '" + key + "'?)");
    }
    node_.fail("missing required key '" + key + "' in " + what_);
}

std::string MapReader::exactly_one_of(const std::vector<std::string>& keys) {
    std::vector<std::string> present;
    for (const auto& k : keys)
        if (has(k)) present.push_back(k);
    if (present.size() != 1) {
        std::string list;
        for (const auto& k : keys) list += (list.empty() ? "'" : ", '") + k + "'";
        node_.fail(what_ + " needs exactly one of " + list +
                   (present.empty() ? ", found none" : ", found several"));
    }
    return present.front();
}

void MapReader::finish() const {
    for (auto it = node_.yaml().begin(); it != node_.yaml().end(); ++it) {
        const std::string key = it->first.as<std::string>("");
        if (std::find(asked_.begin(), asked_.end(), key) != asked_.end()) continue;
        std::string expected, hint;
        int best = 1 << 20;
        for (const auto& k : asked_) {
            expected += (expected.empty() ? "" : ", ") + k;
            const int d = typo_distance(key, k);
            if (d >= 0 && d < best) best = d, hint = k;
        }
        std::string message = "unknown key '" + key + "' in " + what_;
        if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
        message += "; expected one of: " + expected;
        // A key added by an override has no place in this file: point at its value,
        // whose override says where it came from.
        bool added_by_override = false;
        for (const auto& o : node_.source()->overrides) added_by_override |= o.node.is(it->second);
        InputNode(added_by_override ? it->second : it->first, node_.source(), node_.path())
            .fail(message);
    }
}

namespace {

// Refuses text that is not a plausible scenario before the YAML parser sees it: NUL
// bytes (binary files), and nesting so deep that a recursive parser would exhaust the
// stack. A scenario nests a handful of levels; the limits leave ample room.
void check_plain_text(const InputSource& source) {
    constexpr int max_flow_depth = 64, max_indent = 256;
    int flow_depth = 0;
    for (std::size_t l = 0; l < source.lines.size(); ++l) {
        const std::string& line = source.lines[l];
        YAML::Mark mark;
        mark.line = static_cast<int>(l);
        std::size_t indent = 0;
        while (indent < line.size() && (line[indent] == ' ' || line[indent] == '-')) ++indent;
        if (indent > max_indent) {
            mark.column = static_cast<int>(indent);
            source.fail(mark, "nesting is too deep (indented more than " +
                                  std::to_string(max_indent) +
                                  " columns); is this a scenario file?");
        }
        char quote = 0;
        for (std::size_t c = 0; c < line.size(); ++c) {
            const char ch = line[c];
            mark.column = static_cast<int>(c);
            if (ch == '\0') source.fail(mark, "the file is not text (it holds a NUL byte)");
            if (quote) {
                if (ch == quote) quote = 0;
                continue;
            }
            if (ch == '"' || ch == '\'')
                quote = ch;
            else if (ch == '#' && (c == 0 || line[c - 1] == ' '))
                break;
            else if (ch == '[' || ch == '{') {
                if (++flow_depth > max_flow_depth)
                    source.fail(mark, "nesting is too deep (more than " +
                                          std::to_string(max_flow_depth) +
                                          " brackets); is this a scenario file?");
            } else if ((ch == ']' || ch == '}') && flow_depth > 0) {
                --flow_depth;
            }
        }
    }
}

} // namespace

std::string read_input_file(const std::filesystem::path& path, const std::string& what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputFileError(path.string(), 0, 0, "cannot open the " + what, "");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return note_input_read(path, buffer.str());
}

InputSource read_named_file(const InputNode& name, const std::filesystem::path& base_dir,
                            const std::string& what) {
    const std::filesystem::path path = base_dir / name.as_string();
    std::ifstream in(path, std::ios::binary);
    if (!in) name.fail("cannot open " + what + " '" + path.string() + "'");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return InputSource(path.string(), note_input_read(path, buffer.str()));
}

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
    std::vector<std::string> segments;
    std::stringstream in(path);
    for (std::string seg; std::getline(in, seg, '.');) {
        if (seg.empty()) fail("empty segment in path '" + path + "'");
        segments.push_back(seg);
    }
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
                current[seg] = YAML::Node(YAML::NodeType::Map);
                created.push_back(current[seg]);
            }
            if (last) {
                current[seg] = value;
                return current[seg];
            }
            next.reset(current[seg]);
        } else if (current.IsSequence()) {
            std::optional<std::size_t> index;
            for (std::size_t k = 0; k < current.size() && !index; ++k) {
                const YAML::Node& item = current[k];
                if (item.IsMap() && item["id"] && item["id"].IsScalar() &&
                    item["id"].Scalar() == seg)
                    index = k;
            }
            if (!index) {
                std::size_t k = 0;
                auto [ptr, ec] = std::from_chars(seg.data(), seg.data() + seg.size(), k);
                if (ec == std::errc{} && ptr == seg.data() + seg.size() && k < current.size())
                    index = k;
            }
            if (!index)
                fail("no element with id or index '" + seg + "' in the list '" + walked + "'");
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
