#!/usr/bin/env bash
# clang-format check and clang-tidy over the project's sources (needs a configured ./build for
# compile_commands.json). Prints findings; exits non-zero if clang-format would change a file.
set -uo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files 'src/*.cc' 'src/*.h' 'include/*.h' 'bench/*.cc' 'tests/fuzz/*.cc' 'tests/fuzz/*.h')
rc=0
clang-format --dry-run -Werror $files || rc=1
[[ -f build/compile_commands.json ]] || cmake -S . -B build >/dev/null
clang-tidy -p build --quiet $(git ls-files 'src/*.cc' | grep -v _test.cc) 2>/dev/null | grep -E "warning:|error:" | sort | uniq -c | sort -rn | head -50
exit $rc
