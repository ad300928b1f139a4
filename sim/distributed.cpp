#include "sim/distributed.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include <dlfcn.h>
#include <unistd.h>

#include "sim/mpi_plugin.hpp"

namespace vaxsim {
namespace {

bool started_by_mpi_launcher() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
        if (std::getenv(name)) return true;
    return false;
}

// The folder of the running program: the MPI module is built and installed beside it.
std::string program_folder() {
    std::string path(4096, '\0');
    const ssize_t n = ::readlink("/proc/self/exe", path.data(), path.size() - 1);
    if (n <= 0) return ".";
    path.resize(static_cast<std::size_t>(n));
    return path.substr(0, path.rfind('/'));
}

// Loaded once, under a launcher only. RTLD_GLOBAL: Open MPI loads plugins of its own that
// look for its symbols in the global scope.
const MpiFunctions* mpi = nullptr;

const MpiFunctions& load_mpi() {
    const std::string module = program_folder() + "/libvaxsim_mpi.so";
    void* handle = ::dlopen(module.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (!handle)
        throw std::runtime_error("started by an MPI launcher, but this vaxsim has no MPI support (" +
                                 std::string(::dlerror()) +
                                 "); build it where CMake finds MPI (libopenmpi-dev)");
    const auto entry =
        reinterpret_cast<const MpiFunctions* (*)()>(::dlsym(handle, "vaxsim_mpi_functions"));
    if (!entry) throw std::runtime_error(module + " is not vaxsim's MPI module");
    return *entry();
}

} // namespace

bool MpiSession::compiled_in() {
#ifdef VAXSIM_WITH_MPI
    return true;
#else
    return false;
#endif
}

MpiSession::MpiSession(int& argc, char**& argv) {
    if (!started_by_mpi_launcher()) return;
    mpi = &load_mpi();
    mpi->init(&argc, &argv, &group_.rank, &group_.size);
}

MpiSession::~MpiSession() {
    if (mpi) mpi->finalize();
}

void MpiSession::abort(int code) const {
    if (mpi && group_.size > 1) mpi->abort(code);
    std::exit(code);
}

bool all_ranks(bool ok, const ProcessGroup& group) {
    if (group.size > 1) return mpi->all_min(ok ? 1 : 0) == 1;
    return ok;
}

RecordSource gathered_records(const SweepSpec& spec, const std::filesystem::path& journal,
                              const ProcessGroup& group) {
    return [&spec, journal, group](const RecordBatch& batch) {
        read_journal(spec, journal, batch);
        const auto entry = static_cast<std::int64_t>(1 + spec.layout().size());
        std::vector<std::int64_t> buffer;
        for (int rank = 1; rank < group.size; ++rank)
            for (;;) {
                std::int64_t count = 0;
                mpi->receive(&count, 1, rank);
                if (count == 0) break;
                buffer.resize(static_cast<std::size_t>(count * entry));
                mpi->receive(buffer.data(), count * entry, rank);
                batch(buffer.data(), static_cast<std::size_t>(count));
            }
    };
}

void send_journal(const SweepSpec& spec, const std::filesystem::path& journal,
                  const ProcessGroup& group) {
    if (group.size <= 1) return;
    const auto entry = static_cast<std::int64_t>(1 + spec.layout().size());
    read_journal(spec, journal, [&](const std::int64_t* entries, std::size_t n) {
        const auto count = static_cast<std::int64_t>(n);
        mpi->send(&count, 1, 0);
        mpi->send(entries, count * entry, 0);
    });
    const std::int64_t end = 0;
    mpi->send(&end, 1, 0);
}

std::int64_t sum_on_rank0(std::int64_t value, const ProcessGroup& group) {
    if (group.size > 1) {
        const std::int64_t total = mpi->sum_to_root(value);
        return group.rank == 0 ? total : value;
    }
    return value;
}

} // namespace vaxsim
