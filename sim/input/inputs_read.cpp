#include "sim/input/inputs_read.hpp"

#include "models/random.hpp"

namespace vaxsim {
namespace {
thread_local InputsRead* innermost = nullptr;
} // namespace

InputsRead::InputsRead() : outer_(innermost) { innermost = this; }

InputsRead::~InputsRead() { innermost = outer_; }

const std::string& note_input_read(const std::filesystem::path& path, const std::string& text) {
    for (InputsRead* r = innermost; r; r = r->outer_)
        r->files_.push_back({path.string(), fnv1a(text), text.size()});
    return text;
}

} // namespace vaxsim
