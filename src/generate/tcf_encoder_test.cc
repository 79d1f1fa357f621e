// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The generator's TC strings must be what Daylight's own strict decoder accepts: these tests
// decode every string with src/policy/tcf_decoder.cc and check the policy rules (TCF v2.3) and
// the purposes the demo's signals are meant to grant.
//
// The generator may not depend on the policy layer (docs/architecture.md); this test links it
// (CMakeLists.txt) to hold the encoder to the decoder.
#include "generate/tcf_encoder.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "daylight/tcf.h"

#include "generate/demo_data.h"

namespace dl::generate {
namespace {

constexpr const char* kThirdPartyAds = "marketing.advertising.third_party.targeted";

std::vector<int> Purposes(const std::bitset<24>& bits) {
  std::vector<int> out;
  for (int p = 1; p <= 24; ++p) {
    if (bits[static_cast<size_t>(p - 1)]) out.push_back(p);
  }
  return out;
}

std::vector<int> Purposes(uint32_t mask) {
  std::vector<int> out;
  for (int p = 1; p <= 24; ++p) {
    if ((mask >> (p - 1)) & 1U) out.push_back(p);
  }
  return out;
}

TcfChoice Typical() {
  TcfChoice c;
  c.created_deciseconds = int64_t{1735689600} * 10;  // 2025-01-01
  c.last_updated_deciseconds = int64_t{1740787200} * 10;
  c.cmp_id = 300;
  c.cmp_version = 4;
  c.consent_screen = 2;
  c.consent_language = "FR";
  c.vendor_list_version = 97;
  c.tcf_policy_version = 5;
  c.purposes_consent = TcfPurposeMask({1, 3, 4, 7, 24});
  c.purposes_li_transparency = TcfPurposeMask({2, 7, 11});
  c.publisher_cc = "DE";
  c.vendor_consents = {755, 10, 11, 12, 13, 793, 10};  // unsorted, a run, a duplicate
  c.vendor_legitimate_interests = {1, 2, 3, 5, 8};     // dense: a bitfield is shorter
  c.disclosed_vendors = {10, 11, 12, 13, 755, 793, 1, 2, 3, 5, 8};
  return c;
}

TEST(TcfEncoderTest, TheDecoderReadsBackEveryField) {
  const TcfChoice c = Typical();
  const std::string s = EncodeTcString(c);
  EXPECT_EQ(
      s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
      std::string::npos)
      << s;
  StatusOr<TcString> tc = DecodeTcString(s);
  ASSERT_TRUE(tc.ok()) << tc.status().ToString();
  EXPECT_TRUE(CheckTcfPolicy(*tc).ok()) << CheckTcfPolicy(*tc).ToString();
  EXPECT_EQ(tc->version, 2);
  EXPECT_EQ(tc->created_deciseconds, c.created_deciseconds);
  EXPECT_EQ(tc->last_updated_deciseconds, c.last_updated_deciseconds);
  EXPECT_EQ(tc->cmp_id, 300);
  EXPECT_EQ(tc->cmp_version, 4);
  EXPECT_EQ(tc->consent_screen, 2);
  EXPECT_EQ(tc->consent_language, "FR");
  EXPECT_EQ(tc->vendor_list_version, 97);
  EXPECT_EQ(tc->tcf_policy_version, 5);
  EXPECT_TRUE(tc->is_service_specific);
  EXPECT_FALSE(tc->use_non_standard_texts);
  EXPECT_EQ(tc->special_feature_opt_ins.count(), 0u);
  EXPECT_EQ(Purposes(tc->purposes_consent), (std::vector<int>{1, 3, 4, 7, 24}));
  EXPECT_EQ(Purposes(tc->purposes_li_transparency), (std::vector<int>{2, 7, 11}));
  EXPECT_FALSE(tc->purpose_one_treatment);
  EXPECT_EQ(tc->publisher_cc, "DE");
  EXPECT_EQ(tc->vendor_consents.Ids(), (std::vector<uint16_t>{10, 11, 12, 13, 755, 793}));
  EXPECT_TRUE(tc->vendor_consents.range_encoded());  // sparse up to 793: ranges are shorter
  EXPECT_EQ(tc->vendor_legitimate_interests.Ids(), (std::vector<uint16_t>{1, 2, 3, 5, 8}));
  EXPECT_FALSE(tc->vendor_legitimate_interests.range_encoded());
  EXPECT_TRUE(tc->publisher_restrictions.empty());
  ASSERT_TRUE(tc->disclosed_vendors.has_value());
  EXPECT_EQ(tc->disclosed_vendors->Ids(),
            (std::vector<uint16_t>{1, 2, 3, 5, 8, 10, 11, 12, 13, 755, 793}));
  EXPECT_FALSE(tc->publisher_tc.has_value());
  EXPECT_EQ(FidesPurposesGranted(*tc),
            (std::vector<std::string>{"marketing.advertising.first_party.targeted",
                                      "marketing.advertising.third_party.targeted"}));
}

TEST(TcfEncoderTest, EmptyAnswersAndVendorSetsDecode) {
  TcfChoice c;
  c.created_deciseconds = c.last_updated_deciseconds = int64_t{1719792000} * 10;
  c.cmp_id = 2;
  const std::string s = EncodeTcString(c);
  StatusOr<TcString> tc = DecodeTcString(s);
  ASSERT_TRUE(tc.ok()) << tc.status().ToString();
  EXPECT_TRUE(CheckTcfPolicy(*tc).ok());
  EXPECT_EQ(tc->purposes_consent.count(), 0u);
  EXPECT_EQ(tc->vendor_consents.max_vendor_id(), 0);
  ASSERT_TRUE(tc->disclosed_vendors.has_value());
  EXPECT_TRUE(tc->disclosed_vendors->empty());
  EXPECT_TRUE(FidesPurposesGranted(*tc).empty());
}

TEST(TcfEncoderTest, EncodingIsAFunctionOfTheChoice) {
  EXPECT_EQ(EncodeTcString(Typical()), EncodeTcString(Typical()));
  TcfChoice other = Typical();
  other.purposes_consent = TcfPurposeMask({1});
  EXPECT_NE(EncodeTcString(other), EncodeTcString(Typical()));
}

// Every TC string in the demo's signals.csv is valid under the default (TCF v2.3) policy and
// grants exactly what the model says it does.
TEST(TcfEncoderTest, EveryDemoTcStringDecodesToItsIntendedAnswer) {
  GenerateOptions o;
  o.out_dir = "unused";
  o.people = 2000;
  auto data = BuildDemoData(o, {});
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  std::map<AdsSignal, int> answers;
  int strings = 0;
  for (const SignalRow& row : data->signals) {
    if (row.kind != SignalKind::kTcf) continue;
    ++strings;
    StatusOr<TcString> tc = DecodeTcString(row.signal);
    ASSERT_TRUE(tc.ok()) << row.signal << ": " << tc.status().ToString();
    const Status policy = CheckTcfPolicy(*tc);
    ASSERT_TRUE(policy.ok()) << row.signal << ": " << policy.ToString();
    EXPECT_EQ(Purposes(tc->purposes_consent), Purposes(row.tcf_purposes)) << row.signal;
    // The string was created on the day it was logged (CMPs keep the day only).
    EXPECT_EQ(tc->created_deciseconds, row.time / 86400 * 86400 * 10);
    const std::vector<std::string> granted = FidesPurposesGranted(*tc);
    const bool ads = std::find(granted.begin(), granted.end(), kThirdPartyAds) != granted.end();
    EXPECT_EQ(ads, row.ads == AdsSignal::kGranted) << row.signal;
    EXPECT_NE(row.ads, AdsSignal::kObjection);
    ++answers[row.ads];
    const Country country = data->people[row.person].country;
    EXPECT_NE(country, Country::kUS);  // the TCF banner is shown in the EU and the UK
    EXPECT_EQ(tc->consent_language, country == Country::kDE   ? "DE"
                                    : country == Country::kFR ? "FR"
                                                              : "EN");
  }
  EXPECT_GT(strings, 500);
  EXPECT_GT(answers[AdsSignal::kGranted], 0);
  EXPECT_GT(answers[AdsSignal::kDenied], 0);
}

}  // namespace
}  // namespace dl::generate
