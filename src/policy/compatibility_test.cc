// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Tests for include/daylight/compatibility.h: the table's shape, every case listed in
// tests/data/policy/compatibility_cases.txt, and the explanations.

#include "daylight/compatibility.h"

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daylight/purpose.h"

namespace dl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Compatibility, OneRowPerKnownPurposeInOrder) {
  const auto& rules = CompatibilityRules();
  ASSERT_EQ(rules.size(), KnownPurposes().size());
  for (size_t i = 0; i < rules.size(); ++i) {
    EXPECT_EQ(rules[i].collected_for, KnownPurposes()[i]);
    EXPECT_FALSE(rules[i].usable_for.empty()) << rules[i].collected_for;
    EXPECT_FALSE(rules[i].reason.empty()) << rules[i].collected_for;
    for (std::string_view entry : rules[i].usable_for) {
      EXPECT_TRUE(IsKnownPurpose(entry)) << entry;
    }
  }
}

TEST(Compatibility, EveryKeyIsCompatibleWithItself) {
  for (const std::string& key : KnownPurposes()) EXPECT_TRUE(CompatibleUse(key, key)) << key;
}

// Nothing collected for one purpose reaches marketing unless it was collected for marketing.
TEST(Compatibility, OnlyMarketingDataReachesMarketing) {
  for (const std::string& from : KnownPurposes()) {
    for (const std::string& to : KnownPurposes()) {
      if (PurposeCovers("marketing", to) && CompatibleUse(from, to)) {
        EXPECT_TRUE(PurposeCovers("marketing", from)) << from << " -> " << to;
      }
    }
  }
}

// A parent target is compatible only if each of its children is.
TEST(Compatibility, ParentTargetOnlyIfEveryChild) {
  for (const std::string& from : KnownPurposes()) {
    for (const std::string& parent : KnownPurposes()) {
      bool all_children = true;
      bool has_child = false;
      for (const std::string& child : KnownPurposes()) {
        if (child != parent && PurposeCovers(parent, child)) {
          has_child = true;
          all_children = all_children && CompatibleUse(from, child);
        }
      }
      if (has_child) {
        EXPECT_TRUE(!CompatibleUse(from, parent) || all_children) << from << " " << parent;
      }
    }
  }
}

TEST(Compatibility, CasesFromDataFile) {
  std::ifstream in(std::string(DAYLIGHT_SOURCE_DIR) + "/tests/data/policy/compatibility_cases.txt");
  ASSERT_TRUE(in) << "missing compatibility_cases.txt";
  std::string line;
  int cases = 0;
  std::set<std::string> collected;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string from, to, expected;
    ASSERT_TRUE(fields >> from >> to >> expected) << line;
    ASSERT_TRUE(expected == "yes" || expected == "no") << line;
    EXPECT_EQ(CompatibleUse(from, to), expected == "yes") << from << " -> " << to;
    collected.insert(from);
    ++cases;
  }
  EXPECT_GE(cases, 50);
  for (const std::string& key : KnownPurposes()) {
    EXPECT_TRUE(collected.count(key)) << "no case collected for " << key;
  }
}

TEST(Compatibility, Explanations) {
  EXPECT_THAT(ExplainCompatibility("essential.security", "marketing.communications.sms"),
              HasSubstr("data collected for essential.security is usable only for "
                        "essential.security, not for marketing.communications.sms"));
  EXPECT_THAT(ExplainCompatibility("essential.security", "essential.security"),
              HasSubstr("essential.security is compatible"));
  EXPECT_THAT(ExplainCompatibility("functional.contact_discovery", "marketing"),
              HasSubstr("usable only for functional.contact_discovery, not for marketing"));
  EXPECT_THAT(ExplainCompatibility("essential.service", "marketing.communications.email"),
              HasSubstr("usable for essential, not for marketing.communications.email"));
  EXPECT_EQ(ExplainCompatibility("secret-value", "analytics"),
            "the collected-for purpose is not a known purpose");
  EXPECT_THAT(ExplainCompatibility("analytics", "secret-value"), Not(HasSubstr("secret-value")));
}

}  // namespace
}  // namespace dl
