// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Purposes (data uses) are fideslang keys (design.md "Purpose"). This header holds only the
// vocabulary; compatibility between purposes and legal bases belong to the gate (policy layer).
#ifndef DAYLIGHT_PURPOSE_H_
#define DAYLIGHT_PURPOSE_H_

#include <string>
#include <string_view>
#include <vector>

namespace dl {

// Every purpose key Daylight knows, parents included ("marketing" covers "marketing.*").
const std::vector<std::string>& KnownPurposes();

// One line saying what the purpose means (docs/purposes.md); "" for an unknown key.
std::string_view PurposeDescription(std::string_view key);

// True if `key` is a known purpose.
bool IsKnownPurpose(std::string_view key);

// True if `parent` equals `key` or is a dot-separated prefix of it ("marketing" covers
// "marketing.communications.email").
bool PurposeCovers(std::string_view parent, std::string_view key);

}  // namespace dl

#endif  // DAYLIGHT_PURPOSE_H_
