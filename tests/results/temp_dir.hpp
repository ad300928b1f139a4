#pragma once
// A fresh folder under the system's temporary folder, removed with everything in it.
// Named by the process: ctest runs each test case in its own process, in parallel.
#include <filesystem>
#include <string>

#include <unistd.h>

namespace vaxsim::test {

struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& name)
        : path(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

} // namespace vaxsim::test
