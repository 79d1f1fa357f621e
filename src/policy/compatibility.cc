// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "daylight/compatibility.h"

#include <algorithm>

#include "daylight/purpose.h"

namespace dl {

const std::vector<CompatibilityRule>& CompatibilityRules() {
  // docs/compatibility.md explains every row. Keep the order of KnownPurposes().
  static const std::vector<CompatibilityRule> kRules = {
      {"essential",
       {"essential"},
       "the service as a whole, including keeping it secure, is the purpose it was given for"},
      {"essential.service",
       {"essential"},
       "securing the service the person uses is part of providing it (GDPR recital 49); "
       "marketing needs its own collected-for purpose"},
      {"essential.security",
       {"essential.security"},
       "security data (e.g. a phone for two-factor login) is never reused for anything else"},
      {"functional", {"functional"}, "features the person uses, and nothing beyond them"},
      {"functional.contact_discovery",
       {"functional.contact_discovery"},
       "address-book data serves only to find friends, never to reach or profile the people in "
       "it"},
      {"marketing", {"marketing"}, "marketing of every kind was the stated purpose"},
      {"marketing.communications",
       {"marketing.communications"},
       "direct messages on any channel were the stated purpose, advertising was not"},
      {"marketing.communications.email",
       {"marketing.communications.email"},
       "an e-mail address given for newsletters is not a licence to advertise or to text"},
      {"marketing.communications.sms",
       {"marketing.communications.sms"},
       "a number given for SMS offers is not a licence to advertise or to e-mail"},
      {"marketing.advertising",
       {"marketing.advertising"},
       "advertising was the stated purpose, direct messages were not"},
      {"marketing.advertising.first_party",
       {"marketing.advertising.first_party"},
       "advertising on the organisation's own properties only; handing data to a platform is a "
       "different, riskier use"},
      {"marketing.advertising.first_party.targeted",
       {"marketing.advertising.first_party.targeted"},
       "targeting on own properties only"},
      {"marketing.advertising.third_party",
       {"marketing.advertising.third_party"},
       "advertising on other platforms only"},
      {"marketing.advertising.third_party.targeted",
       {"marketing.advertising.third_party.targeted"},
       "custom audiences only"},
      {"analytics", {"analytics"}, "measurement only, never acting on a person"},
      {"third_party_sharing",
       {"third_party_sharing"},
       "handing to another controller only; Daylight's own uses were not stated"},
  };
  return kRules;
}

namespace {

const CompatibilityRule* RuleFor(std::string_view collected_for) {
  for (const CompatibilityRule& rule : CompatibilityRules()) {
    if (rule.collected_for == collected_for) return &rule;
  }
  return nullptr;
}

bool Allowed(const CompatibilityRule& rule, std::string_view target) {
  return std::any_of(rule.usable_for.begin(), rule.usable_for.end(),
                     [&](std::string_view entry) { return PurposeCovers(entry, target); });
}

std::string Join(const std::vector<std::string_view>& keys) {
  std::string out;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out += i + 1 == keys.size() ? " and " : ", ";
    out += keys[i];
  }
  return out;
}

}  // namespace

bool CompatibleUse(std::string_view collected_for, std::string_view target) {
  if (!IsKnownPurpose(target)) return false;
  const CompatibilityRule* rule = RuleFor(collected_for);
  if (rule == nullptr) return false;
  return Allowed(*rule, target);
}

std::string ExplainCompatibility(std::string_view collected_for, std::string_view target) {
  const CompatibilityRule* rule = RuleFor(collected_for);
  if (rule == nullptr) return "the collected-for purpose is not a known purpose";
  if (!IsKnownPurpose(target)) return "the requested purpose is not a known purpose";
  const std::string usable =
      "data collected for " + std::string(collected_for) + " is usable " +
      (rule->usable_for.size() == 1 && rule->usable_for[0] == collected_for ? "only " : "") +
      "for " + Join(rule->usable_for);
  if (Allowed(*rule, target)) {
    return std::string(target) + " is compatible: " + usable + " (" + std::string(rule->reason) +
           ")";
  }
  return usable + ", not for " + std::string(target) + ": " + std::string(rule->reason);
}

}  // namespace dl
