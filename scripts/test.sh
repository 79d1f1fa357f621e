#!/usr/bin/env bash
# The README's second command: install what is missing, build, and run every test — unit
# tests, scenario tests that drive the real CLI, and each fuzz target for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh -DDAYLIGHT_BUILD_TESTS=ON -DDAYLIGHT_BUILD_BENCHMARKS=ON
(cd build && ctest --output-on-failure -j2 --timeout 600)
scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
