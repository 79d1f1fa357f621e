#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) in ./build-fuzz and runs each for
# $1 seconds (default 20) from its seed corpus. A crash fails the run and leaves the input
# in build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDAYLIGHT_BUILD_FUZZERS=ON -DDAYLIGHT_BUILD_TESTS=OFF -DDAYLIGHT_BUILD_BENCHMARKS=OFF >/dev/null
targets=$(cd tests/fuzz && ls *_fuzz.cc | sed 's/\.cc$//')
cmake --build build-fuzz -j"$(nproc)" --target $targets
mkdir -p build-fuzz/artifacts
ran=0
for t in $targets; do
  corpus=build-fuzz/corpus/$t
  mkdir -p "$corpus"
  seeds=tests/fuzz/seeds/$t
  [[ -d $seeds ]] || seeds=""
  echo "fuzz: $t for ${secs}s"
  ./build-fuzz/tests/fuzz/$t -max_total_time="$secs" -max_len=65536 -artifact_prefix=build-fuzz/artifacts/ \
    -print_final_stats=0 "$corpus" $seeds 2>build-fuzz/$t.log || { tail -50 build-fuzz/$t.log; exit 1; }
  ran=$((ran + 1))
done
echo "fuzz: $ran passed, 0 failed"
