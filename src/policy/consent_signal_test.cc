// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Tests for the consent-signal parsers and ParseSignal's detection (include/daylight/
// consent_signal.h), driven by tests/data/policy/signal_cases.txt, plus the invariants every
// signal keeps.

#include "daylight/consent_signal.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daylight/purpose.h"

namespace dl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) out.push_back(part);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

std::vector<std::string> List(const std::string& s) {
  if (s == "-") return {};
  return Split(s, ',');
}

void ExpectInvariants(const ConsentSignal& s) {
  for (const auto* list : {&s.granted_purposes, &s.denied_purposes, &s.objections}) {
    for (size_t i = 0; i < list->size(); ++i) {
      EXPECT_TRUE(IsKnownPurpose((*list)[i])) << (*list)[i];
      if (i > 0) {
        EXPECT_LT((*list)[i - 1], (*list)[i]);
      }
    }
  }
  for (const std::string& g : s.granted_purposes) {
    EXPECT_THAT(s.denied_purposes, ::testing::Not(::testing::Contains(g)));
    for (const std::string& other : KnownPurposes()) {
      EXPECT_TRUE(other == g || !PurposeCovers(g, other)) << g << " is not a leaf";
    }
  }
}

TEST(ConsentSignal, CasesFromDataFile) {
  std::ifstream in(std::string(DAYLIGHT_SOURCE_DIR) + "/tests/data/policy/signal_cases.txt");
  ASSERT_TRUE(in);
  std::string row;
  int ok_cases = 0, error_cases = 0;
  while (std::getline(in, row)) {
    if (row.empty() || row[0] == '#') continue;
    const std::vector<std::string> cols = Split(row, '\t');
    ASSERT_GE(cols.size(), 3U) << row;
    StatusOr<ConsentSignal> s = ParseSignal(cols[0]);
    if (cols[1] == "error") {
      ASSERT_FALSE(s.ok()) << cols[0];
      EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
      EXPECT_THAT(s.status().message(), HasSubstr(cols[2])) << cols[0];
      ++error_cases;
      continue;
    }
    ASSERT_EQ(cols.size(), 5U) << row;
    ASSERT_TRUE(s.ok()) << cols[0] << ": " << s.status().ToString();
    EXPECT_EQ(SignalKindName(s->kind), cols[1]) << cols[0];
    EXPECT_EQ(s->granted_purposes, List(cols[2])) << cols[0];
    EXPECT_EQ(s->denied_purposes, List(cols[3])) << cols[0];
    EXPECT_EQ(s->objections, List(cols[4])) << cols[0];
    ExpectInvariants(*s);
    ++ok_cases;
  }
  EXPECT_GE(ok_cases, 25);
  EXPECT_GE(error_cases, 20);
}

TEST(ConsentSignal, ParsersAgreeWithDetection) {
  StatusOr<ConsentSignal> a = ParseGpc("Sec-GPC: 1");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->kind, SignalKind::kGpc);
  EXPECT_THAT(a->granted_purposes, IsEmpty());
  EXPECT_THAT(a->denied_purposes, IsEmpty());
  EXPECT_THAT(a->objections,
              ElementsAre("marketing.advertising.third_party.targeted", "third_party_sharing"));
  StatusOr<ConsentSignal> b =
      ParseGoogleConsentMode("ad_user_data=granted;ad_personalization=granted");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, *ParseSignal("ad_user_data=granted;ad_personalization=granted"));
  EXPECT_FALSE(ParseGoogleConsentMode("").ok());
  EXPECT_FALSE(ParseGpc("").ok());
}

TEST(ConsentSignal, TcSignalPolicyOptions) {
  // A v2.2 string without the DisclosedVendors segment: refused by default (v2.3), accepted when
  // the gate relaxes the rule.
  const std::string no_disclosed = "CP1R2oAP1R2oAAKABBENBkFgAP_gAAAAAAYgAAAAAAAA";
  StatusOr<ConsentSignal> strict = ParseTcSignal(no_disclosed);
  ASSERT_FALSE(strict.ok());
  EXPECT_THAT(strict.status().message(), HasSubstr("TC string: "));
  EXPECT_THAT(strict.status().message(), HasSubstr("DisclosedVendors"));
  StatusOr<ConsentSignal> relaxed =
      ParseTcSignal(no_disclosed, {.require_disclosed_vendors = false});
  ASSERT_TRUE(relaxed.ok()) << relaxed.status().ToString();
  EXPECT_EQ(relaxed->granted_purposes.size(), 3U);
}

TEST(ConsentSignal, ErrorsDoNotQuoteInput) {
  for (const char* input :
       {"ad_user_data=ann@example.com", "ann@example.com=granted",
        "{\"ann@example.com\":\"granted\"}", "gpc=ann@example.com", "ann@example.com"}) {
    StatusOr<ConsentSignal> s = ParseSignal(input);
    ASSERT_FALSE(s.ok()) << input;
    EXPECT_THAT(s.status().message(), ::testing::Not(HasSubstr("ann"))) << input;
  }
}

TEST(ConsentSignal, KindNames) {
  EXPECT_EQ(SignalKindName(SignalKind::kTcf), "tcf");
  EXPECT_EQ(SignalKindName(SignalKind::kGoogleConsentMode), "google_consent_mode");
  EXPECT_EQ(SignalKindName(SignalKind::kGpc), "gpc");
}

}  // namespace
}  // namespace dl
