#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the demo — generate a
# realistic data set, import it into a fresh embedded store under ./demo, and show a subject
# joined from several sources and a shadow contact held only from address books.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DDAYLIGHT_BUILD_TESTS=OFF -DDAYLIGHT_BUILD_BENCHMARKS=OFF
./build/daylight demo --dir demo --force "$@"
