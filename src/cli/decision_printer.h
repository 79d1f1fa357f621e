// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// How the gate's decision is shown, by `explain` and by the demo alike.
#ifndef DAYLIGHT_CLI_DECISION_PRINTER_H_
#define DAYLIGHT_CLI_DECISION_PRINTER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "daylight/gate.h"
#include "daylight/identifier.h"

#include "store/json_views.h"  // DecisionJson: `explain --json`, shared with the API

namespace dl::cli {

// "<id> for <purpose>: ALLOW|DENY (<exclusion>)" and one line per rule, each prefixed by `indent`
// (the verdict line two characters less, so the rules stand indented under it).
std::string DecisionText(const Decision& d, const Identifier& id, std::string_view indent);

}  // namespace dl::cli

#endif  // DAYLIGHT_CLI_DECISION_PRINTER_H_
