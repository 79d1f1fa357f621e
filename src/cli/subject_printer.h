// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#ifndef DAYLIGHT_CLI_SUBJECT_PRINTER_H_
#define DAYLIGHT_CLI_SUBJECT_PRINTER_H_

#include <string>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

namespace dl::cli {

// The view as JSON (the contract of `subject show --json`, docs/cli.md).
nlohmann::json SubjectJson(const SubjectView& v, const Identifier& query);
// The view as text for a person at a terminal.
std::string SubjectText(const SubjectView& v, const Identifier& query);

}  // namespace dl::cli

#endif  // DAYLIGHT_CLI_SUBJECT_PRINTER_H_
