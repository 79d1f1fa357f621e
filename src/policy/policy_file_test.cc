// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Tests for include/daylight/policy_file.h: the format, resolution through parents, every refusal
// (tests/data/policy/refused_policy_cases.txt) and the built-in default policy.

#include "daylight/policy_file.h"

#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daylight/purpose.h"

namespace dl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kDataDir = std::string(DAYLIGHT_SOURCE_DIR) + "/tests/data/policy/";

TEST(LegalBasis, NamesRoundTrip) {
  for (LegalBasis b :
       {LegalBasis::kConsent, LegalBasis::kContract, LegalBasis::kLegalObligation,
        LegalBasis::kVitalInterest, LegalBasis::kPublicTask, LegalBasis::kLegitimateInterest}) {
    EXPECT_EQ(ParseLegalBasis(LegalBasisName(b)), b);
  }
  EXPECT_EQ(ParseLegalBasis("Consent"), std::nullopt);
  EXPECT_EQ(ParseLegalBasis(""), std::nullopt);
}

TEST(PolicyFile, ExampleFileResolvesThroughParents) {
  StatusOr<Policy> policy = LoadPolicyFile(kDataDir + "example_policy.txt");
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  ASSERT_EQ(policy->entries().size(), 5U);
  EXPECT_EQ(policy->BasisFor("essential.service"), LegalBasis::kContract);
  EXPECT_EQ(policy->BasisFor("essential"), LegalBasis::kContract);
  EXPECT_EQ(policy->BasisFor("essential.security"), LegalBasis::kLegitimateInterest);
  EXPECT_EQ(policy->BasisFor("marketing.communications.email"), LegalBasis::kLegitimateInterest);
  EXPECT_EQ(policy->BasisFor("marketing.communications.sms"), LegalBasis::kConsent);
  EXPECT_EQ(policy->BasisFor("marketing.advertising.third_party.targeted"), LegalBasis::kConsent);
  EXPECT_EQ(policy->BasisFor("analytics"), LegalBasis::kLegitimateInterest);
  EXPECT_EQ(policy->BasisFor("functional.contact_discovery"), std::nullopt);
  EXPECT_EQ(policy->BasisFor("third_party_sharing"), std::nullopt);
  EXPECT_EQ(policy->BasisFor("unknown.key"), std::nullopt);
  const PolicyEntry* email = policy->EntryFor("marketing.communications.email");
  ASSERT_NE(email, nullptr);
  EXPECT_EQ(email->line, 6);
  EXPECT_EQ(email->comment, "existing customers, LIA 2026-03, DPO ref 17");
}

TEST(PolicyFile, FormatDetails) {
  // CRLF, tabs, BOM, blank and comment-only lines, no final newline.
  StatusOr<Policy> p = ParsePolicy(
      "\xEF\xBB\xBF# header\r\n\r\n\tanalytics\tconsent\t# x\r\n   \nessential contract", "p");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->entries().size(), 2U);
  EXPECT_EQ(p->entries()[0].line, 3);
  EXPECT_EQ(p->entries()[0].comment, "x");
  EXPECT_EQ(p->entries()[1].line, 5);
  EXPECT_EQ(p->entries()[1].comment, "");
  StatusOr<Policy> empty = ParsePolicy("", "p");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->BasisFor("essential"), std::nullopt);
}

TEST(PolicyFile, DuplicatePurpose) {
  StatusOr<Policy> p = ParsePolicy("analytics consent\n\nanalytics legitimate_interest\n", "x.txt");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status().message(),
            "x.txt:3: duplicate purpose analytics (first declared on line 1)");
}

TEST(PolicyFile, ControlCharacterAndNoEcho) {
  StatusOr<Policy> p = ParsePolicy("analytics\x01 consent\n", "p");
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("p:1: control character"));
  StatusOr<Policy> q = ParsePolicy("ann@example.com consent\n", "p");
  ASSERT_FALSE(q.ok());
  EXPECT_THAT(q.status().message(), Not(HasSubstr("ann")));
  StatusOr<Policy> r = ParsePolicy("analytics ann@example.com\n", "p");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), Not(HasSubstr("ann")));
}

TEST(PolicyFile, RefusedAndMalformedCasesFromDataFile) {
  std::ifstream in(kDataDir + "refused_policy_cases.txt");
  ASSERT_TRUE(in);
  std::string row;
  int cases = 0;
  while (std::getline(in, row)) {
    if (row.empty() || row[0] == '#') continue;
    const size_t tab = row.find('\t');
    ASSERT_NE(tab, std::string::npos) << row;
    const std::string line = row.substr(0, tab);
    const std::string expected = row.substr(tab + 1);
    StatusOr<Policy> p = ParsePolicy(line + "\n", "policy.txt");
    ASSERT_FALSE(p.ok()) << line;
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(p.status().message(), HasSubstr(expected)) << line;
    ++cases;
  }
  EXPECT_GE(cases, 16);
}

// Legitimate interest stays possible where the law allows it: e-mail to customers, first-party
// advertising, analytics, security.
TEST(PolicyFile, LegitimateInterestAllowedWhereDeclared) {
  for (const char* key : {"marketing.communications", "marketing.communications.email",
                          "marketing.advertising.first_party.targeted", "analytics",
                          "essential.security", "third_party_sharing"}) {
    StatusOr<Policy> p = ParsePolicy(std::string(key) + " legitimate_interest\n", "p");
    ASSERT_TRUE(p.ok()) << key << ": " << p.status().ToString();
    EXPECT_EQ(p->BasisFor(key), LegalBasis::kLegitimateInterest);
  }
}

TEST(PolicyFile, DefaultPolicy) {
  const Policy& p = DefaultPolicy();
  ASSERT_EQ(p.entries().size(), 3U);
  for (const std::string& key : KnownPurposes()) {
    std::optional<LegalBasis> expected;
    if (PurposeCovers("essential", key)) expected = LegalBasis::kContract;
    if (PurposeCovers("marketing", key) || key == "analytics") expected = LegalBasis::kConsent;
    EXPECT_EQ(p.BasisFor(key), expected) << key;
  }
}

TEST(PolicyFile, MissingFileIsIOError) {
  StatusOr<Policy> p = LoadPolicyFile(kDataDir + "no-such-policy.txt");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kIOError);
}

}  // namespace
}  // namespace dl
