// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// What every command shares: where the store is (--db, DAYLIGHT_DB, ./daylight.db), who is
// acting (for the ledger), and how failures are printed.
#ifndef DAYLIGHT_CLI_CLI_UTIL_H_
#define DAYLIGHT_CLI_CLI_UTIL_H_

#include <string>

#include <CLI/CLI.hpp>

#include "daylight/status.h"

namespace dl::cli {

// Adds --db to a command; the value lives in DbPath().
void AddDbOption(CLI::App* cmd);
// --db if given, else $DAYLIGHT_DB, else ./daylight.db.
std::string DbPath();

// "cli:<login name>" — the operator, never a data subject.
std::string Actor();

// Prints "daylight: <status>" on stderr and sets the exit code: 2 for InvalidArgument (bad
// input or usage), 1 for everything else.
void Fail(const Status& s);

}  // namespace dl::cli

#endif  // DAYLIGHT_CLI_CLI_UTIL_H_
