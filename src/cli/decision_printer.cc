// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "cli/decision_printer.h"

#include <algorithm>

#include <fmt/format.h>

#include "util/time_util.h"

namespace dl::cli {

std::string DecisionText(const Decision& d, const Identifier& id, std::string_view indent) {
  std::string out =
      fmt::format("{}{} for {}: {}\n", indent.substr(std::min<size_t>(2, indent.size())),
                  id.ToString(), d.purpose, d.allow ? "ALLOW" : "DENY (" + d.exclusion + ")");
  for (const RuleVerdict& r : d.rules) {
    out += fmt::format("{}{} {:<12} {:<4} {}\n", indent, r.rule, r.name, r.pass ? "ok" : "FAIL",
                       r.reason);
  }
  return out;
}

}  // namespace dl::cli
