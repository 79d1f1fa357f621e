#!/usr/bin/env bash
# Installs the Debian packages Daylight needs to build, test and run — only those missing,
# so a second run is instant. Needs root (or sudo) for apt-get.
#   scripts/install-deps.sh          what building and running need
#   scripts/install-deps.sh --test   also what the tests need: Node.js and npm (the Segment
#                                    client and playwright-core come from npm), Debian's chromium
#                                    for browser tests, curl for scenario tests
set -euo pipefail
WITH_TESTS=0
[[ "${1:-}" == "--test" ]] && WITH_TESTS=1
PACKAGES=(
  build-essential cmake pkg-config g++ python3
  libphonenumber-dev libprotobuf-dev libsodium-dev libssl-dev libsqlite3-dev libsimdjson-dev libroaring-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libboost-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev clang-format clang-tidy
)
if [[ $WITH_TESTS -eq 1 ]]; then
  PACKAGES+=(chromium curl)
fi
missing=()
if [[ $WITH_TESTS -eq 1 ]]; then
  # Node.js may come from Debian (nodejs + npm) or another packaging that bundles npm: only
  # the commands matter.
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then exit 0; fi
echo "installing: ${missing[*]}" >&2
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
