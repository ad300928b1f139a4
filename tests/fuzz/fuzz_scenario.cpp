// libFuzzer target for the scenario loader (and, for what loads, the engine and its
// invariants; with places, each place's and the city as its places added up), and for the observed-counts CSV of `vaxsim compare`, which reads the same
// bytes. Any input must end in a valid scenario or an InputFileError, and in an observed
// table or an InputFileError: any other exception, a crash, a sanitizer report or a
// broken invariant is a finding.
//
//   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
//         -DVAXSIM_FUZZ=ON -DVAXSIM_BUILD_TESTS=OFF -DVAXSIM_WITH_MPI=OFF
//   cmake --build build-fuzz --target fuzz_scenario
//   build-fuzz/fuzz_scenario -max_total_time=120 NEW_CORPUS_DIR tests/fuzz/corpus
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "models/invariants.hpp"
#include "models/scenario.hpp"
#include "sim/engine/places.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/input/observed_reader.hpp"
#include "sim/input/scenario_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 64 * 1024) return 0;
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        // The names of tests/data/observed-tiny.yaml's run, and a Korean tier.
        vaxsim::RunNames names;
        names.groups = {"g1", "=g2"};
        names.tiers = {"A", "-B", "\xea\xb0\x80"};
        names.products = {"vax"};
        names.has_boosters = true;
        const vaxsim::ObservedData observed =
            vaxsim::parse_observed_csv(vaxsim::InputSource("fuzz.csv", text), names);
        for (const auto& column : observed.columns)
            if (column.values.size() != observed.dates.size()) std::abort();
    } catch (const vaxsim::InputFileError&) {
        // The expected outcome for a bad table.
    }
    try {
        const vaxsim::Scenario loaded = vaxsim::load_scenario_text("fuzz.yaml", text, "/nonexistent-fuzz-dir");
        // Keep each input quick: long runs with many groups only slow the search down.
        if (loaded.days() > 400 || loaded.population.groups().size() > 64) return 0;
        const vaxsim::Scenario sc = loaded.is_stochastic() ? loaded.realize(1) : loaded;
        const vaxsim::Ledger run = vaxsim::simulate(sc);
        if (!vaxsim::check_invariants(sc, run).empty()) std::abort();
        if (sc.places) {
            // Each place keeps the invariants, and the city, added up from what each place's
            // run changed, is their whole ledgers added up, count for count.
            // One engine for every input: a city's sum reuses the last one's ledger when the
            // shape is the same.
            static vaxsim::PlacesEngine engine;
            vaxsim::Ledger added;
            const vaxsim::Ledger& city = engine.run(sc, [&](int l, const vaxsim::Ledger& whole) {
                if (!vaxsim::check_invariants(sc.place_scenarios[static_cast<std::size_t>(l)], whole).empty())
                    std::abort();
                if (l == 0)
                    added = whole;
                else
                    added.add(whole);
            });
            if (!city.counts_differing(added).empty()) std::abort();
        }
    } catch (const vaxsim::InputFileError&) {
        // The expected outcome for bad input.
    }
    return 0;
}
