// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "daylight/purpose.h"

#include <algorithm>
#include <utility>

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

std::string_view PurposeDescription(std::string_view key) {
  static const std::pair<std::string_view, std::string_view> kDescriptions[] = {
      {"essential", "providing the service the person asked for"},
      {"essential.service", "running the contract or service: orders, support, accounts"},
      {"essential.security", "security, fraud prevention, two-factor login"},
      {"functional", "features the person uses"},
      {"functional.contact_discovery", "finding friends among uploaded address books"},
      {"marketing", "all marketing"},
      {"marketing.communications", "direct marketing messages"},
      {"marketing.communications.email", "marketing e-mail"},
      {"marketing.communications.sms", "marketing SMS and telephone marketing"},
      {"marketing.advertising", "advertising"},
      {"marketing.advertising.first_party", "advertising on the organisation's own properties"},
      {"marketing.advertising.first_party.targeted", "targeted advertising on own properties"},
      {"marketing.advertising.third_party", "advertising on other platforms"},
      {"marketing.advertising.third_party.targeted",
       "custom audiences on Meta, Google and other platforms"},
      {"analytics", "measurement"},
      {"third_party_sharing", "handing data to another controller (sale or sharing)"},
  };
  for (const auto& [k, d] : kDescriptions) {
    if (k == key) return d;
  }
  return "";
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
