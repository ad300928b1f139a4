#include "results/output_file.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <pthread.h>
#include <random>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

#include "results/format.hpp"

namespace vaxsim {
namespace {

namespace fs = std::filesystem;

std::string named(const fs::path& p) {
    std::string text(1, '\'');
    text.append(p.native()).push_back('\'');
    return text;
}

std::string error_text(int err) { return std::generic_category().message(err); }

enum class Node { none, file, folder, link, device, fifo, socket, other };

Node look(const fs::path& p) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) {
        if (errno == ENOENT) return Node::none;
        throw OutputError("cannot use output " + named(p) + ": " + error_text(errno));
    }
    if (S_ISREG(st.st_mode)) return Node::file;
    if (S_ISDIR(st.st_mode)) return Node::folder;
    if (S_ISLNK(st.st_mode)) return Node::link;
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return Node::device;
    if (S_ISFIFO(st.st_mode)) return Node::fifo;
    if (S_ISSOCK(st.st_mode)) return Node::socket;
    return Node::other;
}

const char* describe(Node n) {
    switch (n) {
    case Node::device: return "a device";
    case Node::fifo: return "a FIFO (named pipe)";
    case Node::socket: return "a socket";
    default: return "not a regular file";
    }
}

fs::path folder_of(const fs::path& p) { return p.has_parent_path() ? p.parent_path() : "."; }

// The path as given, with an export folder's trailing '/' dropped; refuses what names no
// file at all.
fs::path normalised(const OutputTarget& t) {
    std::string s = t.path.string();
    if (s.empty())
        throw OutputError("the output path is empty: name the file to write, e.g. -o results/out.h5");
    if (t.kind == OutputKind::export_folder)
        while (s.size() > 1 && s.back() == '/') s.pop_back();
    const fs::path p = s;
    const std::string name = p.filename().string();
    if (name.empty() || name == "." || name == "..")
        throw OutputError(t.kind == OutputKind::file
                              ? "output " + named(p) + " names a folder, not a file: give the " +
                                    "file's name, e.g. " + named(p / "out.h5")
                              : "output " + named(p) + " names an existing folder: give the " +
                                    "new folder's name, e.g. " + named(p / "csv"));
    return p;
}

bool is_same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    return !b.empty() && fs::equivalent(a, b, ec) && !ec;
}

// Is `dir` an export folder exactly as vaxsim made it: the marker, written last, and
// nothing but the files it lists, each a regular file? Returns the first problem, or "".
std::string export_folder_problem(const fs::path& dir) {
    const fs::path marker = dir / format::export_marker;
    if (look(marker) != Node::file)
        return "output " + named(dir) + " is a folder vaxsim did not make (it has no " +
               std::string(format::export_marker) +
               " marker); --force replaces only an export folder vaxsim made: choose a new "
               "folder name";
    std::ifstream in(marker, std::ios::binary);
    std::string line;
    if (!std::getline(in, line) || line != format::export_marker_header)
        return "output " + named(dir) + " has a " + std::string(format::export_marker) +
               " marker vaxsim does not recognise; choose a new folder name";
    std::set<std::string> listed;
    while (std::getline(in, line))
        if (!line.empty()) listed.insert(line);
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name == format::export_marker) continue;
        if (!listed.count(name) || look(it->path()) != Node::file)
            return "output " + named(dir) + " holds " + named(name) +
                   ", which vaxsim did not write there; --force replaces only an export folder "
                   "exactly as vaxsim made it: move it out or choose a new folder name";
    }
    if (ec) return "cannot read the folder " + named(dir) + ": " + ec.message();
    return "";
}

// Refuses what no --force may replace; returns what is at the path now.
Node inspect(const OutputTarget& t, const fs::path& p) {
    const Node node = look(p);
    if (node != Node::none && node != Node::link)
        for (const fs::path& in : t.inputs) {
            if (is_same_file(p, in))
                throw OutputError("output " + named(p) + " is the input file " + named(in) +
                                  "; choose another name (--force never replaces an input)");
            std::error_code ec;
            if (node == Node::folder && t.kind == OutputKind::export_folder &&
                is_same_file(p, fs::absolute(in, ec).parent_path()))
                throw OutputError("output " + named(p) + " holds the input file " + named(in) +
                                  "; choose a new folder name");
        }
    switch (node) {
    case Node::none:
        break;
    case Node::file:
        if (t.kind == OutputKind::export_folder)
            throw OutputError("output " + named(p) +
                              " is a file, not an export folder; choose a new folder name");
        break;
    case Node::folder:
        if (t.kind == OutputKind::file)
            throw OutputError("output " + named(p) +
                              " is a folder: name a file inside it (--force replaces only a "
                              "regular file, never a folder)");
        if (const std::string problem = export_folder_problem(p); !problem.empty())
            throw OutputError(problem);
        break;
    case Node::link:
        throw OutputError("output " + named(p) +
                          " is a symbolic link: name the file itself (vaxsim neither writes "
                          "through nor replaces a link)");
    default:
        throw OutputError("output " + named(p) + " is " + describe(node) +
                          ", not a regular file; vaxsim writes only regular files");
    }
    return node;
}

void check_folder(const fs::path& p) {
    const fs::path dir = folder_of(p);
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw OutputError("output folder " + named(dir) + " does not exist");
}

std::string host_tag() {
    char buf[256] = {};
    ::gethostname(buf, sizeof buf - 1);
    std::string tag;
    for (const char* c = buf; *c && tag.size() < 40; ++c)
        tag += std::isalnum(static_cast<unsigned char>(*c)) || *c == '-' ? *c : '-';
    return tag.empty() ? "host" : tag;
}

fs::path temporary_for(const fs::path& p) {
    std::random_device device;
    const std::uint64_t r = (std::uint64_t{device()} << 32) ^ device();
    char random[17];
    std::snprintf(random, sizeof random, "%016llx", static_cast<unsigned long long>(r));
    return folder_of(p) / (temporary_prefix(p) + std::to_string(::getpid()) + "." + random);
}

// Removes the temporaries of this output left by processes of this host that are gone
// (killed with SIGKILL, a power cut). A live process's temporary is left alone.
void remove_stale_temporaries(const fs::path& p) {
    const std::string prefix = temporary_prefix(p);
    std::vector<fs::path> stale;
    std::error_code ec;
    for (fs::directory_iterator it(folder_of(p), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.starts_with(prefix)) continue;
        const std::string rest = name.substr(prefix.size()); // PID.RANDOM
        const std::size_t dot = rest.find('.');
        if (dot == 0 || dot == std::string::npos || dot > 9 || rest.size() != dot + 17) continue;
        if (!std::all_of(rest.begin(), rest.begin() + static_cast<long>(dot), ::isdigit) ||
            !std::all_of(rest.begin() + static_cast<long>(dot) + 1, rest.end(), ::isxdigit))
            continue;
        const pid_t pid = static_cast<pid_t>(std::stol(rest.substr(0, dot)));
        if (pid <= 0 || pid == ::getpid()) continue;
        if (::kill(pid, 0) == 0 || errno != ESRCH) continue; // alive, or not ours to judge
        stale.push_back(it->path());
    }
    for (const fs::path& s : stale) fs::remove_all(s, ec);
}

// Writes the marker into a finished export folder: every file the writer made, by name.
void mark_export_folder(const fs::path& temp) {
    if (look(temp) != Node::folder)
        throw std::logic_error("the export writer did not make a folder at " + named(temp));
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(temp)) {
        if (look(entry.path()) != Node::file)
            throw std::logic_error("the export writer made something other than a file: " +
                                   named(entry.path()));
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    std::ofstream out(temp / format::export_marker, std::ios::binary);
    out << format::export_marker_header << "\n";
    for (const std::string& name : names) out << name << "\n";
    out.close();
    if (!out) throw OutputError("could not write " + named(temp / format::export_marker) + " (disk full?)");
}

// Removes an old export folder, file by file as its marker lists them: never anything
// vaxsim did not write.
void remove_export_folder(const fs::path& dir) {
    std::error_code ec;
    std::ifstream in(dir / format::export_marker, std::ios::binary);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line))
        if (!line.empty() && line.find('/') == std::string::npos && line != "." && line != "..")
            fs::remove(dir / line, ec);
    in.close();
    fs::remove(dir / format::export_marker, ec);
    fs::remove(dir, ec); // only if empty
}

bool unsupported(int err) {
    return err == EINVAL || err == ENOSYS || err == ENOTSUP || err == EOPNOTSUPP;
}

[[noreturn]] void commit_failed(const fs::path& p, int err) {
    if (err == EEXIST || err == ENOTEMPTY)
        throw OutputError("output " + named(p) +
                          " appeared while vaxsim was writing it, and was left as it is; "
                          "use --force to overwrite it");
    throw OutputError("cannot write output " + named(p) + ": " + error_text(err));
}

// Moves the finished temporary to a path where nothing may be replaced.
void commit_new(const fs::path& temp, const fs::path& p, OutputKind kind) {
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, p.c_str(), RENAME_NOREPLACE) == 0) return;
    int err = errno;
    if (unsupported(err)) { // a file system without RENAME_NOREPLACE
        if (kind == OutputKind::file) {
            if (::link(temp.c_str(), p.c_str()) == 0) {
                ::unlink(temp.c_str());
                return;
            }
        } else if (::rename(temp.c_str(), p.c_str()) == 0) {
            return; // a folder renames over an empty folder at most, never over data
        }
        err = errno;
    }
    commit_failed(p, err);
}

// --force over an export folder vaxsim made: the new folder takes its place in one step
// (RENAME_EXCHANGE), the old one is checked again and removed file by file.
void replace_export_folder(const fs::path& temp, const fs::path& p, bool& temp_is_ours) {
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, p.c_str(), RENAME_EXCHANGE) == 0) {
        // `temp` now holds what was at the path: remove it only if it is still vaxsim's.
        if (const std::string problem = export_folder_problem(temp); !problem.empty()) {
            if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, p.c_str(), RENAME_EXCHANGE) != 0)
                temp_is_ours = false; // leave both where they are rather than lose either
            throw OutputError(problem);
        }
        remove_export_folder(temp);
        return;
    }
    if (!unsupported(errno)) commit_failed(p, errno);
    const fs::path aside = temporary_for(p);
    if (::rename(p.c_str(), aside.c_str()) != 0) commit_failed(p, errno);
    if (const std::string problem = export_folder_problem(aside); !problem.empty()) {
        ::rename(aside.c_str(), p.c_str());
        throw OutputError(problem);
    }
    try {
        commit_new(temp, p, OutputKind::export_folder);
    } catch (...) {
        ::rename(aside.c_str(), p.c_str());
        throw;
    }
    remove_export_folder(aside);
}

// Holds SIGINT, SIGTERM and SIGHUP back while the output is written and committed: a
// signal arriving then takes effect just after, so an interrupted program leaves either
// no output or a complete one, never a partial file or a stray temporary.
class DeferSignals {
  public:
    DeferSignals() {
        sigset_t set;
        sigemptyset(&set);
        for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, s);
        pthread_sigmask(SIG_BLOCK, &set, &previous_);
    }
    ~DeferSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
    DeferSignals(const DeferSignals&) = delete;
    DeferSignals& operator=(const DeferSignals&) = delete;

  private:
    sigset_t previous_;
};

} // namespace

std::string temporary_prefix(const fs::path& output) {
    std::string name = output.string();
    while (name.size() > 1 && name.back() == '/') name.pop_back();
    name = fs::path(name).filename().string();
    if (name.size() > 150) name.resize(150); // the whole name within NAME_MAX
    return "." + name + std::string(format::temporary_tag) + host_tag() + ".";
}

void check_output(const OutputTarget& target) {
    const fs::path p = normalised(target);
    if (inspect(target, p) != Node::none && !target.force)
        throw OutputError("output " + named(p) + " exists; use --force to overwrite it");
    check_folder(p);
}

void check_output_path(const fs::path& path, bool force) { check_output(OutputTarget{path, force, OutputKind::file, {}}); }

void write_atomically(const OutputTarget& target, const std::function<void(const fs::path&)>& write) {
    const DeferSignals defer;
    OutputTarget t = target;
    t.path = normalised(target);
    check_output(t);
    remove_stale_temporaries(t.path);
    const fs::path temp = temporary_for(t.path);
    bool temp_is_ours = true;
    try {
        write(temp);
        if (t.kind == OutputKind::export_folder) mark_export_folder(temp);
        // What is at the path now, which may have changed while we wrote.
        const Node now = inspect(t, t.path);
        if (now == Node::none || !t.force)
            commit_new(temp, t.path, t.kind);
        else if (t.kind == OutputKind::file) {
            if (::rename(temp.c_str(), t.path.c_str()) != 0) commit_failed(t.path, errno);
        } else
            replace_export_folder(temp, t.path, temp_is_ours);
    } catch (...) {
        std::error_code ec;
        if (temp_is_ours) fs::remove_all(temp, ec);
        throw;
    }
}

void write_atomically(const fs::path& path, bool force,
                      const std::function<void(const fs::path&)>& write) {
    write_atomically(OutputTarget{path, force, OutputKind::file, {}}, write);
}

void check_side_file(const fs::path& path, const std::vector<fs::path>& inputs) {
    const Node node = look(path);
    if (node == Node::none) return;
    if (node == Node::link)
        throw OutputError(named(path) + " is a symbolic link; vaxsim keeps its sweep journal "
                                         "there and neither writes through nor replaces a link");
    if (node != Node::file)
        throw OutputError(named(path) + " is " +
                          (node == Node::folder ? "a folder" : describe(node)) +
                          ", not a regular file; vaxsim keeps its sweep journal there");
    for (const fs::path& in : inputs)
        if (is_same_file(path, in))
            throw OutputError(named(path) + " is the input file " + named(in) +
                              "; vaxsim keeps its sweep journal there: choose another output name");
}

int create_side_file(const fs::path& path, bool replace) {
    check_side_file(path);
    if (replace && ::unlink(path.c_str()) != 0 && errno != ENOENT)
        throw OutputError("cannot remove " + named(path) + ": " + error_text(errno));
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) return fd;
    if (errno == EEXIST)
        throw OutputError(named(path) +
                          " was created by another process meanwhile (another vaxsim writing "
                          "the same output?), and was left as it is");
    throw OutputError("cannot create " + named(path) + ": " + error_text(errno));
}

} // namespace vaxsim
