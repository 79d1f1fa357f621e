// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#ifndef DAYLIGHT_CLI_SUBJECT_PRINTER_H_
#define DAYLIGHT_CLI_SUBJECT_PRINTER_H_

#include <string>

#include "daylight/store.h"

#include "store/json_views.h"  // SubjectJson: `subject show --json`, shared with the API

namespace dl::cli {

// The view as text for a person at a terminal.
std::string SubjectText(const SubjectView& v, const Identifier& query);

}  // namespace dl::cli

#endif  // DAYLIGHT_CLI_SUBJECT_PRINTER_H_
