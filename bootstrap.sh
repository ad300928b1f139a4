#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a result:
#   ./bootstrap.sh run    install what is missing, build, run the Seoul 2021 plan
#   ./bootstrap.sh test   the same, then the whole test suite (what CI runs)
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-run}"
case "$mode" in run | test) ;; *) echo "usage: $0 [run|test]" >&2; exit 2 ;; esac

# Debian's packages only (see README, "Dependencies").
packages=(g++ cmake ninja-build pkg-config libeigen3-dev libboost-program-options-dev
          libhdf5-dev libyaml-cpp-dev catch2 python3 python3-h5py python3-numpy hdf5-tools
          libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing: ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$(nproc)"

# The plan's results file is the demo output: rewritten on every bootstrap.
./build/vaxsim run scenarios/seoul-2021-plan.yaml -o results/seoul-2021-plan.h5 --force

if [ "$mode" = test ]; then
    ctest --test-dir build --output-on-failure -j "$(nproc)"
fi
