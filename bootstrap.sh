#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a result:
#   ./bootstrap.sh run    install what is missing, build, run the Seoul 2021 plan
#   ./bootstrap.sh test   the same, then every check CI runs: the test suite, the test
#                         suite again under AddressSanitizer + UBSan, and a bounded
#                         fuzzing of the scenario loader and of the results readers
#                         (about 25 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-run}"
case "$mode" in run | test) ;; *) echo "usage: $0 [run|test]" >&2; exit 2 ;; esac

# Debian's packages only (see README, "Dependencies").
packages=(g++ cmake ninja-build pkg-config libeigen3-dev libboost-program-options-dev
          libhdf5-dev libyaml-cpp-dev libxlsxwriter-dev libcpp-httplib-dev nlohmann-json3-dev libnlopt-cxx-dev
          catch2 python3 python3-h5py
          python3-numpy hdf5-tools libopenmpi-dev openmpi-bin)
if [ "$mode" = test ]; then
    # the fuzzer; 'script' for the terminal test; a browser and Hangul fonts for the report
    # test and poppler-utils to read its printout; openpyxl to read the exported workbook
    # node and npm for Playwright, which drives chromium through the `vaxsim serve` page
    packages+=(clang libclang-rt-14-dev bsdutils chromium fonts-noto-cjk python3-openpyxl
               poppler-utils)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "$mode" = test ]; then
    # node and npm by command, not by package: a machine may carry a Node.js build of its
    # own (NodeSource's nodejs bundles npm and conflicts with Debian's npm package).
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
fi
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing: ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

jobs="$(nproc)"
browser=()
if [ "$mode" = test ]; then
    # Playwright's driver from npm into .node/ (not committed; see .gitignore), pinned to
    # the last release that runs on Debian 12's Node 18. It drives Debian's chromium.
    if [ ! -f .node/node_modules/playwright-core/package.json ]; then
        npm install --prefix .node --no-save --no-audit --no-fund playwright-core@1.57.0
    fi
    browser=(-DVAXSIM_BROWSER_TESTS=ON)
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "${browser[@]}"
cmake --build build -j "$jobs"

# The plan's results file is the demo output: rewritten on every bootstrap.
./build/vaxsim run scenarios/seoul-2021-plan.yaml -o results/seoul-2021-plan.h5 --force

if [ "$mode" = test ]; then
    echo "== test suite"
    ctest --test-dir build --output-on-failure -j "$jobs"

    echo "== test suite under AddressSanitizer and UndefinedBehaviorSanitizer"
    cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVAXSIM_SANITIZE=ON \
          -DVAXSIM_WITH_MPI=OFF
    cmake --build build-sanitize -j "$jobs"
    ASAN_OPTIONS=detect_leaks=1 \
    LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer-suppressions.txt" \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-sanitize --output-on-failure -j "$jobs"

    echo "== fuzzing the scenario loader for ${VAXSIM_FUZZ_SECONDS:-120} s"
    cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVAXSIM_FUZZ=ON \
          -DVAXSIM_BUILD_TESTS=OFF -DVAXSIM_WITH_MPI=OFF \
          -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
    cmake --build build-fuzz -j "$jobs" --target fuzz_scenario
    # New inputs go to a scratch corpus; the seeds in tests/fuzz/corpus stay as committed.
    mkdir -p build-fuzz/corpus
    # Its running commentary goes to a log; the log is shown whole only if it finds something.
    if ! build-fuzz/fuzz_scenario -max_total_time="${VAXSIM_FUZZ_SECONDS:-120}" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 \
        build-fuzz/corpus tests/fuzz/corpus tests/bad_inputs scenarios > build-fuzz/fuzz.log 2>&1; then
        cat build-fuzz/fuzz.log
        echo "== the fuzzer found a failing input (saved as crash-* / timeout-* above)"
        exit 1
    fi
    grep -E "^stat::|Done [0-9]+ runs" build-fuzz/fuzz.log

    echo "== fuzzing the results readers (check, report, export) for ${VAXSIM_FUZZ_RESULTS_SECONDS:-120} s"
    cmake --build build-fuzz -j "$jobs" --target fuzz_results
    # Valid run and sweep files, mutated dataset by dataset in memory (never HDF5's bytes).
    mkdir -p build-fuzz/corpus-results
    if ! LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer-suppressions.txt" \
        build-fuzz/fuzz_results -max_total_time="${VAXSIM_FUZZ_RESULTS_SECONDS:-120}" -timeout=10 \
        -rss_limit_mb=2048 -max_len=128 -len_control=0 -print_final_stats=1 \
        build-fuzz/corpus-results > build-fuzz/fuzz-results.log 2>&1; then
        cat build-fuzz/fuzz-results.log
        echo "== the results fuzzer found a failing input (saved as crash-* / timeout-* above)"
        exit 1
    fi
    grep -E "^stat::|Done [0-9]+ runs" build-fuzz/fuzz-results.log
    echo "== fuzzing found nothing; every check passed"
    # One closing line for tools that read it: the four stages above.
    echo "checks: 4 passed, 0 failed"
fi
