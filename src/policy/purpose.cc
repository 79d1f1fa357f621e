// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "daylight/purpose.h"

#include <algorithm>

namespace dl {

const std::vector<std::string>& KnownPurposes() {
  // fideslang data uses named in design.md, with their parents.
  static const std::vector<std::string> kPurposes = {
      "essential",
      "essential.service",
      "essential.security",
      "functional",
      "functional.contact_discovery",
      "marketing",
      "marketing.communications",
      "marketing.communications.email",
      "marketing.communications.sms",
      "marketing.advertising",
      "marketing.advertising.first_party",
      "marketing.advertising.first_party.targeted",
      "marketing.advertising.third_party",
      "marketing.advertising.third_party.targeted",
      "analytics",
      "third_party_sharing",
  };
  return kPurposes;
}

bool IsKnownPurpose(std::string_view key) {
  const auto& all = KnownPurposes();
  return std::find(all.begin(), all.end(), key) != all.end();
}

bool PurposeCovers(std::string_view parent, std::string_view key) {
  if (parent == key) return true;
  return key.size() > parent.size() && key.substr(0, parent.size()) == parent &&
         key[parent.size()] == '.';
}

}  // namespace dl
