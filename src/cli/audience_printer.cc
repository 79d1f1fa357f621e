// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "cli/audience_printer.h"

#include <fmt/format.h>

#include "util/time_util.h"

namespace dl::cli {

std::string Grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string DescribeGuarded(const GuardedCount& g, const GuardrailOptions& o) {
  if (g.withheld) {
    return "withheld (under the minimum of " + Grouped(o.minimum) + " plus a per-audience margin)";
  }
  if (g.lower == g.upper) return Grouped(g.shown);
  return "about " + Grouped(g.shown) + " (" + Grouped(g.lower) + "–" + Grouped(g.upper) + ")";
}

std::string AudienceText(const AudienceView& v, const std::string& indent) {
  const GuardrailOptions& o = v.guardrails;
  std::string t;
  t += fmt::format("{}audience {}\n", indent, v.definition.name);
  t += fmt::format("{}  purpose    {}\n", indent, v.definition.purpose);
  t += fmt::format("{}  where      {}\n", indent, v.definition.filter);
  t += fmt::format("{}  evaluated  {}\n", indent, FormatTime(v.evaluated_us));
  t += fmt::format("{}  members    {}\n", indent, DescribeGuarded(v.members, o));
  t += fmt::format("{}  matching the filter before the gate: {}\n", indent,
                   DescribeGuarded(v.matched, o));
  if (!v.excluded.empty()) {
    t += indent + "  excluded by the gate, by reason (a person can count under several):\n";
    for (const auto& [reason, g] : v.excluded) {
      t += fmt::format("{}    {:<12} {}\n", indent, reason, DescribeGuarded(g, o));
    }
  }
  if (v.exports.empty()) {
    t += indent + "  exports    none\n";
  } else {
    t += indent + "  exports\n";
    for (const ExportSummary& e : v.exports) {
      t += fmt::format("{}    #{} {}  {}  to {}\n", indent, e.seq, FormatTime(e.time_us), e.format,
                       e.recipient);
    }
  }
  t += fmt::format(
      "{}Counts are rounded to multiples of {} and withheld under the minimum "
      "(docs/guardrails.md).\n",
      indent, Grouped(o.rounding));
  return t;
}

}  // namespace dl::cli
