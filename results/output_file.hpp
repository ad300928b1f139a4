#pragma once
// The one place that decides what vaxsim may write, and how: every command that writes a
// file (run, sweep and its journal, report, export) goes through here.
//
// The rules:
// - An output is a regular file, or for `export` a folder of CSV tables. A path that is
//   empty, ends in '.' or '..', is a symbolic link, a folder (other than an export folder
//   vaxsim made), a device, a FIFO or a socket is refused, with or without --force.
// - An output is never one of the command's inputs (same device and inode), nor, for an
//   export folder, the folder holding one.
// - Without --force an existing output is never replaced, even one that appears while
//   vaxsim works: the commit is renameat2(RENAME_NOREPLACE) (or link(2) + unlink).
// - With --force, exactly one regular file is replaced, or exactly one export folder
//   vaxsim made: it holds the marker `format::export_marker`, written last, listing every
//   file in it. The old folder goes only once the new one is complete.
// - The output is written to a temporary beside it, `.NAME.vaxsim-tmp.HOST.PID.RANDOM`,
//   renamed into place when complete; SIGINT, SIGTERM and SIGHUP wait meanwhile, and on
//   any error the temporary is removed. A temporary whose process is gone (SIGKILL, a
//   power cut) is removed by the next write of the same output on the same host.
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace vaxsim {

// An output refused, or one that could not be committed (exit code 1).
class OutputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};
using OutputExistsError = OutputError;

enum class OutputKind { file, export_folder };

struct OutputTarget {
    std::filesystem::path path;
    bool force = false;
    OutputKind kind = OutputKind::file;
    std::vector<std::filesystem::path> inputs; // files the command reads: never replaced
};

// Fails (before any work) if the output may not be written: see the rules above, and its
// folder must exist.
void check_output(const OutputTarget& target);
void check_output_path(const std::filesystem::path& path, bool force);

// Lets `write` create the temporary `temp` (a file, or for an export folder a folder of
// regular files), then commits it to the target's path by the rules above. On failure
// the temporary is removed and nothing at the path changes.
void write_atomically(const OutputTarget& target,
                      const std::function<void(const std::filesystem::path& temp)>& write);
void write_atomically(const std::filesystem::path& path, bool force,
                      const std::function<void(const std::filesystem::path& temp)>& write);

// A file vaxsim keeps beside an output while it works (the sweep journal) obeys the same
// rules. `check_side_file`: if `path` exists it must be a regular file (not a link) and
// none of `inputs`. `create_side_file`: creates `path` exclusively (O_EXCL, so two
// processes never share it), first removing a regular file there when `replace`; returns
// the open descriptor.
void check_side_file(const std::filesystem::path& path,
                     const std::vector<std::filesystem::path>& inputs = {});
int create_side_file(const std::filesystem::path& path, bool replace);

// The temporary's name for `output` begins with this (".NAME.vaxsim-tmp.HOST.").
std::string temporary_prefix(const std::filesystem::path& output);

} // namespace vaxsim
