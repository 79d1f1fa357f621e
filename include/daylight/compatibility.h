// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Purpose compatibility (design.md, gate rule 2): may data *collected for* one purpose be used for
// another? The answer is a static table (CompatibilityRules(), explained row by row in
// docs/compatibility.md), never a heuristic.
//
// Contract:
//  * Each known purpose (purpose.h) has exactly one row: the purposes its data is usable for,
//    written as keys that cover their children ("marketing.communications" covers
//    ".email" and ".sms").
//  * CompatibleUse(collected_for, target) is true iff both keys are known and an entry of the row
//    of `collected_for` covers `target` (PurposeCovers). So a parent target ("marketing") is
//    compatible only if the row allows that parent as a whole, which implies every child; allowing
//    each child that exists today is not enough, because a parent also stands for children the
//    vocabulary may gain later. A parent collected-for key has its own, explicit row.
//  * Unknown keys are never compatible with anything.
//  * The table is conservative: where GDPR Art. 6(4) would need a case-by-case assessment, the
//    answer is "not compatible" and the operator records a further collected-for purpose instead.
#ifndef DAYLIGHT_COMPATIBILITY_H_
#define DAYLIGHT_COMPATIBILITY_H_

#include <string>
#include <string_view>
#include <vector>

namespace dl {

struct CompatibilityRule {
  std::string_view collected_for;            // a known purpose key
  std::vector<std::string_view> usable_for;  // keys (each covering its children)
  std::string_view reason;                   // why, in words (docs/compatibility.md has more)
};

// The table, one row per known purpose, in KnownPurposes() order.
const std::vector<CompatibilityRule>& CompatibilityRules();

// See the contract above.
bool CompatibleUse(std::string_view collected_for, std::string_view target);

// The reason for CompatibleUse's answer in one sentence, e.g.
//   "data collected for essential.security is usable only for essential.security (...)"
// Purpose keys are quoted; unknown keys are reported as unknown without being quoted.
std::string ExplainCompatibility(std::string_view collected_for, std::string_view target);

}  // namespace dl

#endif  // DAYLIGHT_COMPATIBILITY_H_
