#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the demo — generate a
# realistic data set, import it into a fresh embedded store under ./demo (with the web shop's
# Segment events), show a subject joined from several sources and a shadow contact held only
# from address books, build and export an audience — and then start `daylight serve` on it
# (console, privacy portal, API, collection) at 127.0.0.1:8080 until Ctrl-C.
#
#   scripts/demo.sh                 serve afterwards when run from a terminal
#   scripts/demo.sh --no-serve      only the demo (the default when not on a terminal, so that
#                                   scripts and CI running it are not left waiting)
#   DAYLIGHT_DEMO_LISTEN=0.0.0.0:9000 scripts/demo.sh   serve elsewhere
set -euo pipefail
cd "$(dirname "$0")/.."
serve=auto
args=()
for a in "$@"; do
  case "$a" in
    --no-serve) serve=no ;;
    --serve) serve=yes ;;
    *) args+=("$a") ;;
  esac
done
if [[ $serve == auto ]]; then
  if [[ -t 0 && -t 1 ]]; then serve=yes; else serve=no; fi
fi
scripts/install-deps.sh
scripts/build.sh -DDAYLIGHT_BUILD_TESTS=OFF -DDAYLIGHT_BUILD_BENCHMARKS=OFF
if [[ $serve == yes ]]; then
  exec ./build/daylight demo --dir demo --force --serve "${DAYLIGHT_DEMO_LISTEN:-127.0.0.1:8080}" \
    ${args[@]+"${args[@]}"}
fi
./build/daylight demo --dir demo --force ${args[@]+"${args[@]}"}
echo
echo "(not on a terminal: the server was not started. Start it on the demo store with"
echo "   scripts/demo.sh --serve      or      build/daylight serve --db demo/daylight.db)"
