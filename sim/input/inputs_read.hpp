#pragma once
// A record of every file the input readers read: path and a hash of its content, in the
// order read. The reading functions (read_input_file, read_named_file) note each file;
// an InputsRead alive on the same thread collects what is read while it lives. A sweep
// keeps one around reading its file and its scenario, so the fingerprint that guards
// --resume covers every input: the sweep file, each file of the `extends:` chain, supply
// CSVs and contact matrices.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace vaxsim {

struct InputRead {
    std::string path;          // as it was opened
    std::uint64_t hash = 0;    // FNV-1a of the content
    std::uint64_t bytes = 0;
};

class InputsRead {
  public:
    // Starts collecting on this thread; collectors nest (an outer one sees everything an
    // inner one does).
    InputsRead();
    ~InputsRead();
    InputsRead(const InputsRead&) = delete;
    InputsRead& operator=(const InputsRead&) = delete;
    const std::vector<InputRead>& files() const { return files_; }

  private:
    friend const std::string& note_input_read(const std::filesystem::path&, const std::string&);
    InputsRead* outer_;
    std::vector<InputRead> files_;
};

// Called by the reading functions with each file's whole content; returns the content.
const std::string& note_input_read(const std::filesystem::path& path, const std::string& text);

} // namespace vaxsim
