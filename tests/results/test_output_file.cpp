// The output rules (results/output_file.hpp): what appears meanwhile is never replaced
// without --force, --force replaces only what vaxsim made, temporaries never linger.
#include <fstream>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "results/format.hpp"
#include "results/output_file.hpp"
#include "temp_dir.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::set<std::string> names_in(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
}

// An export as `vaxsim export` makes one: a folder of files, marked when complete.
void write_export(const OutputTarget& target, const std::string& content) {
    write_atomically(target, [&](const fs::path& temp) {
        fs::create_directory(temp);
        std::ofstream(temp / "table.csv") << content;
    });
}

} // namespace

TEST_CASE("without --force, a file that appears while the output is written is kept",
          "[outputs]") {
    const test::TempDir dir("vaxsim-outputs");
    const fs::path out = dir.path / "out.h5";
    CHECK_THROWS_WITH(write_atomically(OutputTarget{out, false, OutputKind::file, {}},
                                       [&](const fs::path& temp) {
                                           std::ofstream(temp) << "ours";
                                           std::ofstream(out) << "theirs"; // another process
                                       }),
                      Catch::Contains("appeared while vaxsim was writing it"));
    CHECK(read(out) == "theirs");
    CHECK(names_in(dir.path) == std::set<std::string>{"out.h5"}); // no temporary left
}

TEST_CASE("without --force, a folder that appears while an export is written is kept",
          "[outputs]") {
    const test::TempDir dir("vaxsim-outputs");
    const fs::path out = dir.path / "csv";
    CHECK_THROWS_AS(write_atomically(OutputTarget{out, false, OutputKind::export_folder, {}},
                                     [&](const fs::path& temp) {
                                         fs::create_directory(temp);
                                         std::ofstream(temp / "table.csv") << "ours";
                                         fs::create_directory(out);
                                         std::ofstream(out / "theirs.txt") << "theirs";
                                     }),
                    OutputError);
    CHECK(names_in(out) == std::set<std::string>{"theirs.txt"});
    CHECK(names_in(dir.path) == std::set<std::string>{"csv"});
}

TEST_CASE("forced, an export folder vaxsim made is replaced, and only while it stays so",
          "[outputs]") {
    const test::TempDir dir("vaxsim-outputs");
    const fs::path out = dir.path / "csv";
    write_export({out, false, OutputKind::export_folder, {}}, "first");
    CHECK(names_in(out) ==
          std::set<std::string>{std::string(format::export_marker), "table.csv"});
    CHECK(read(out / format::export_marker) ==
          std::string(format::export_marker_header) + "\ntable.csv\n");

    write_export({out, true, OutputKind::export_folder, {}}, "second");
    CHECK(read(out / "table.csv") == "second");
    CHECK(names_in(dir.path) == std::set<std::string>{"csv"});

    // Someone puts a file of their own in it while the new export is written: kept.
    CHECK_THROWS_WITH(write_atomically(OutputTarget{out, true, OutputKind::export_folder, {}},
                                       [&](const fs::path& temp) {
                                           fs::create_directory(temp);
                                           std::ofstream(temp / "table.csv") << "third";
                                           std::ofstream(out / "notes.txt") << "mine";
                                       }),
                      Catch::Contains("holds 'notes.txt', which vaxsim did not write there"));
    CHECK(read(out / "notes.txt") == "mine");
    CHECK(read(out / "table.csv") == "second");
    CHECK(names_in(dir.path) == std::set<std::string>{"csv"});
}

TEST_CASE("a failed write removes its temporary and leaves the old output", "[outputs]") {
    const test::TempDir dir("vaxsim-outputs");
    const fs::path out = dir.path / "out.h5";
    std::ofstream(out) << "old";
    CHECK_THROWS_AS(write_atomically(OutputTarget{out, true, OutputKind::file, {}},
                                     [&](const fs::path& temp) {
                                         std::ofstream(temp) << "half";
                                         throw std::runtime_error("disk full");
                                     }),
                    std::runtime_error);
    CHECK(read(out) == "old");
    CHECK(names_in(dir.path) == std::set<std::string>{"out.h5"});
}

TEST_CASE("temporaries are named for their output and process, and stale ones are removed",
          "[outputs]") {
    const test::TempDir dir("vaxsim-outputs");
    const fs::path out = dir.path / "out.h5";
    std::string seen;
    write_atomically(OutputTarget{out, false, OutputKind::file, {}}, [&](const fs::path& temp) {
        seen = temp.filename().string();
        std::ofstream(temp) << "x";
    });
    const std::string prefix = temporary_prefix(out) + std::to_string(::getpid()) + ".";
    CHECK(seen.starts_with(".out.h5.vaxsim-tmp."));
    CHECK(seen.starts_with(prefix));
    CHECK(seen.size() == prefix.size() + 16);

    // A process that has ended (a reaped child) left one; pid 1 (alive) left another; an
    // other output's temporary is not this output's business.
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    const std::string stale = temporary_prefix(out) + std::to_string(child) + ".0123456789abcdef";
    const std::string live = temporary_prefix(out) + "1.0123456789abcdef";
    const std::string other =
        temporary_prefix(dir.path / "other.h5") + std::to_string(child) + ".0123456789abcdef";
    for (const std::string& name : {stale, live, other}) std::ofstream(dir.path / name) << "x";
    fs::create_directory(dir.path / (stale + "0")); // not a temporary's name: kept
    write_atomically(OutputTarget{out, true, OutputKind::file, {}},
                     [&](const fs::path& temp) { std::ofstream(temp) << "y"; });
    CHECK(names_in(dir.path) == std::set<std::string>{"out.h5", live, other, stale + "0"});
}

TEST_CASE("a side file (the sweep journal) is created exclusively, never through a link",
          "[outputs]") {
    const test::TempDir dir("vaxsim-outputs");
    const fs::path journal = dir.path / "out.h5.journal";
    const int fd = create_side_file(journal, false);
    CHECK(fd >= 0);
    ::close(fd);
    CHECK_THROWS_WITH(create_side_file(journal, false), Catch::Contains("another process"));
    ::close(create_side_file(journal, true)); // --force: the regular file is replaced

    fs::remove(journal);
    std::ofstream(dir.path / "precious") << "keep";
    fs::create_symlink("precious", journal);
    CHECK_THROWS_WITH(create_side_file(journal, true), Catch::Contains("symbolic link"));
    CHECK(read(dir.path / "precious") == "keep");
    CHECK(fs::is_symlink(journal));

    fs::remove(journal);
    std::ofstream(journal) << "x";
    CHECK_THROWS_WITH(check_side_file(journal, {dir.path / "." / "out.h5.journal"}),
                      Catch::Contains("is the input file"));
}
