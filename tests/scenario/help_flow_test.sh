#!/usr/bin/env bash
# The "Start with:" commands that `daylight --help` prints work as printed, in order, on a fresh
# directory: the first thing a new user runs must not fail.
source "$(dirname "$0")/lib.sh" "$1"
unset DAYLIGHT_DB  # as a new user runs them: the store is ./daylight.db

# The block between "Start with:" and "or run": continuation lines ("\") joined; lines that do
# not start with "daylight" are comments for the reader.
python3 - "$("$DAYLIGHT" --help)" >commands.txt <<'PY'
import sys
text = sys.argv[1].split("Start with:\n", 1)[1].split("\nor run", 1)[0]
command = ""
for line in text.splitlines():
    line = line.strip()
    if command:
        command += " " + line
    elif line.startswith("daylight "):
        command = line
    else:
        continue
    if command.endswith("\\"):
        command = command[:-1].rstrip()
        continue
    print(command)
    command = ""
PY
N=$(grep -c . commands.txt || true)
[[ $N -ge 3 ]] && pass "--help shows $N commands to start with" || fail "--help shows $N commands"
while IFS= read -r command; do
  read -ra words <<<"${command#daylight }"
  expect_exit "$command" 0 "$DAYLIGHT" "${words[@]}"
done <commands.txt
expect_contains "the import stored people" "$("$DAYLIGHT" status --json | json 'd["subjects"] > 0')" "True"
finish
