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

nlohmann::json DecisionJson(const Decision& d, const Identifier& id, int64_t at) {
  nlohmann::json rules = nlohmann::json::array();
  for (const RuleVerdict& r : d.rules) {
    rules.push_back({{"rule", r.rule}, {"name", r.name}, {"pass", r.pass}, {"reason", r.reason}});
  }
  return {{"identifier", id.ToString()}, {"purpose", d.purpose},
          {"at", FormatTime(at)},        {"allow", d.allow},
          {"exclusion", d.exclusion},    {"rules", rules}};
}

}  // namespace dl::cli
