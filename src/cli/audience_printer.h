// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// How audiences are shown, by `audience create|show|export` and by the demo alike. Counts only
// in guarded form (docs/guardrails.md).
#ifndef DAYLIGHT_CLI_AUDIENCE_PRINTER_H_
#define DAYLIGHT_CLI_AUDIENCE_PRINTER_H_

#include <cstdint>
#include <string>

#include "daylight/guardrails.h"
#include "daylight/store.h"

// GuardedJson, AudienceJson, DefinitionJson: the `--json` shapes, shared with the API.
#include "store/json_views.h"

namespace dl::cli {

// 1234567 -> "1,234,567".
std::string Grouped(uint64_t n);
// "about 1,200 (1,101–1,299)", or "withheld (under the minimum of 100 ...)".
std::string DescribeGuarded(const GuardedCount& g, const GuardrailOptions& o);

// The text of `audience show`, each line prefixed by `indent`.
std::string AudienceText(const AudienceView& v, const std::string& indent = "");

}  // namespace dl::cli

#endif  // DAYLIGHT_CLI_AUDIENCE_PRINTER_H_
