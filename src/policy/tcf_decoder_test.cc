// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Tests for the TCF v2.2/v2.3 TC string decoder (include/daylight/tcf.h):
//  * published example strings decode to their published values (sources cited per test);
//  * every error path reports the right bit offset / character position and reason;
//  * round trip: decode(encode(x)) == x for random x, bitfield and range encodings, with the
//    encoder below (a test helper only; Daylight never writes TC strings).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daylight/purpose.h"
#include "daylight/tcf.h"

namespace dl {
namespace {

using ::testing::HasSubstr;

// ---------------------------------------------------------------------------------------------
// Test-only encoder.

class BitWriter {
 public:
  void Put(uint64_t value, int n) {
    for (int k = n - 1; k >= 0; --k) bits_.push_back(((value >> k) & 1U) != 0);
  }
  size_t pos() const { return bits_.size(); }
  std::vector<bool>& bits() { return bits_; }

  // base64url of the bits after zero-padding to a multiple of `pad_to` bits (6, 8 or 24), and
  // then to a whole character.
  std::string Base64(int pad_to = 6) const {
    std::vector<bool> b = bits_;
    while (b.size() % static_cast<size_t>(pad_to) != 0) b.push_back(false);
    while (b.size() % 6 != 0) b.push_back(false);
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    for (size_t i = 0; i < b.size(); i += 6) {
      int v = 0;
      for (size_t k = 0; k < 6; ++k) v = (v << 1) | (b[i + k] ? 1 : 0);
      out.push_back(kAlphabet[v]);
    }
    return out;
  }

 private:
  std::vector<bool> bits_;
};

// Where each field starts, for the offset tests.
struct FieldPos {
  std::string name;
  size_t start;
  int width;
};
using Layout = std::vector<FieldPos>;

void Put(BitWriter& w, Layout* layout, const std::string& name, uint64_t value, int n) {
  if (layout != nullptr) layout->push_back({name, w.pos(), n});
  w.Put(value, n);
}

template <size_t N>
uint64_t Bits(const std::bitset<N>& b, int n) {
  uint64_t v = 0;
  for (int k = 0; k < n; ++k) v = (v << 1) | (b[static_cast<size_t>(k)] ? 1U : 0U);
  return v;
}

void PutLetters(BitWriter& w, Layout* layout, const std::string& name, const std::string& s) {
  Put(w, layout, name, static_cast<uint64_t>(s[0] - 'A'), 6);
  Put(w, layout, name, static_cast<uint64_t>(s[1] - 'A'), 6);
}

// Consecutive runs of a set, as range entries.
std::vector<VendorRange> Runs(const VendorSet& set) {
  std::vector<VendorRange> runs;
  for (uint16_t id : set.Ids()) {
    if (!runs.empty() && runs.back().last + 1 == id) {
      runs.back().last = id;
    } else {
      runs.push_back({id, id});
    }
  }
  return runs;
}

void PutRanges(BitWriter& w, Layout* layout, const std::string& prefix,
               const std::vector<VendorRange>& ranges) {
  Put(w, layout, prefix + "NumEntries", ranges.size(), 12);
  for (size_t e = 0; e < ranges.size(); ++e) {
    const std::string entry = prefix + "RangeEntry[" + std::to_string(e) + "].";
    const bool is_range = ranges[e].first != ranges[e].last;
    Put(w, layout, entry + "IsARange", is_range ? 1 : 0, 1);
    Put(w, layout, entry + "StartOrOnlyVendorId", ranges[e].first, 16);
    if (is_range) Put(w, layout, entry + "EndVendorId", ranges[e].last, 16);
  }
}

void PutVendorSection(BitWriter& w, Layout* layout, const std::string& section,
                      const VendorSet& set) {
  const std::string p = section + ".";
  Put(w, layout, p + "MaxVendorId", set.max_vendor_id(), 16);
  Put(w, layout, p + "IsRangeEncoding", set.range_encoded() ? 1 : 0, 1);
  if (set.range_encoded()) {
    PutRanges(w, layout, p, Runs(set));
  } else {
    if (layout != nullptr) layout->push_back({p + "BitField", w.pos(), set.max_vendor_id()});
    for (uint32_t v = 1; v <= set.max_vendor_id(); ++v) {
      w.Put(set.Contains(static_cast<uint16_t>(v)) ? 1 : 0, 1);
    }
  }
}

BitWriter EncodeCore(const TcString& tc, Layout* layout = nullptr) {
  BitWriter w;
  Put(w, layout, "Version", static_cast<uint64_t>(tc.version), 6);
  Put(w, layout, "Created", static_cast<uint64_t>(tc.created_deciseconds), 36);
  Put(w, layout, "LastUpdated", static_cast<uint64_t>(tc.last_updated_deciseconds), 36);
  Put(w, layout, "CmpId", static_cast<uint64_t>(tc.cmp_id), 12);
  Put(w, layout, "CmpVersion", static_cast<uint64_t>(tc.cmp_version), 12);
  Put(w, layout, "ConsentScreen", static_cast<uint64_t>(tc.consent_screen), 6);
  PutLetters(w, layout, "ConsentLanguage", tc.consent_language);
  Put(w, layout, "VendorListVersion", static_cast<uint64_t>(tc.vendor_list_version), 12);
  Put(w, layout, "TcfPolicyVersion", static_cast<uint64_t>(tc.tcf_policy_version), 6);
  Put(w, layout, "IsServiceSpecific", tc.is_service_specific ? 1 : 0, 1);
  Put(w, layout, "UseNonStandardTexts", tc.use_non_standard_texts ? 1 : 0, 1);
  Put(w, layout, "SpecialFeatureOptIns", Bits(tc.special_feature_opt_ins, 12), 12);
  Put(w, layout, "PurposesConsent", Bits(tc.purposes_consent, 24), 24);
  Put(w, layout, "PurposesLITransparency", Bits(tc.purposes_li_transparency, 24), 24);
  Put(w, layout, "PurposeOneTreatment", tc.purpose_one_treatment ? 1 : 0, 1);
  PutLetters(w, layout, "PublisherCC", tc.publisher_cc);
  PutVendorSection(w, layout, "VendorConsents", tc.vendor_consents);
  PutVendorSection(w, layout, "VendorLegitimateInterests", tc.vendor_legitimate_interests);
  Put(w, layout, "PublisherRestrictions.NumPubRestrictions", tc.publisher_restrictions.size(), 12);
  for (size_t r = 0; r < tc.publisher_restrictions.size(); ++r) {
    const PublisherRestriction& pr = tc.publisher_restrictions[r];
    const std::string p = "PublisherRestrictions[" + std::to_string(r) + "].";
    Put(w, layout, p + "PurposeId", static_cast<uint64_t>(pr.purpose_id), 6);
    Put(w, layout, p + "RestrictionType", static_cast<uint64_t>(pr.type), 2);
    PutRanges(w, layout, p, pr.vendors);
  }
  return w;
}

BitWriter EncodeDisclosed(const VendorSet& set, Layout* layout = nullptr) {
  BitWriter w;
  Put(w, layout, "SegmentType", 1, 3);
  PutVendorSection(w, layout, "DisclosedVendors", set);
  return w;
}

BitWriter EncodePublisherTc(const PublisherTc& p, Layout* layout = nullptr) {
  BitWriter w;
  Put(w, layout, "SegmentType", 3, 3);
  Put(w, layout, "PubPurposesConsent", Bits(p.purposes_consent, 24), 24);
  Put(w, layout, "PubPurposesLITransparency", Bits(p.purposes_li_transparency, 24), 24);
  Put(w, layout, "NumCustomPurposes", static_cast<uint64_t>(p.num_custom_purposes), 6);
  if (p.num_custom_purposes > 0) {
    Put(w, layout, "CustomPurposesConsent", Bits(p.custom_purposes_consent, p.num_custom_purposes),
        p.num_custom_purposes);
    Put(w, layout, "CustomPurposesLITransparency",
        Bits(p.custom_purposes_li_transparency, p.num_custom_purposes), p.num_custom_purposes);
  }
  return w;
}

std::string Encode(const TcString& tc, int pad_to = 6, bool publisher_first = false) {
  std::string out = EncodeCore(tc).Base64(pad_to);
  std::string disclosed, publisher;
  if (tc.disclosed_vendors) disclosed = "." + EncodeDisclosed(*tc.disclosed_vendors).Base64(pad_to);
  if (tc.publisher_tc) publisher = "." + EncodePublisherTc(*tc.publisher_tc).Base64(pad_to);
  return publisher_first ? out + publisher + disclosed : out + disclosed + publisher;
}

VendorSet MakeSet(uint16_t max, std::initializer_list<uint16_t> ids, bool range = false) {
  VendorSet s(max);
  for (uint16_t id : ids) s.Add(id);
  s.set_range_encoded(range);
  return s;
}

// Purposes (1-based) as a bitset, index i = purpose i + 1.
std::bitset<24> PurposeBits(std::initializer_list<int> one_based) {
  std::bitset<24> b;
  for (int p : one_based) b.set(static_cast<size_t>(p - 1));
  return b;
}

// A valid, typical TC string model.
TcString Typical() {
  TcString tc;
  tc.created_deciseconds = 17000000000;
  tc.last_updated_deciseconds = 17000000000;
  tc.cmp_id = 300;
  tc.cmp_version = 12;
  tc.consent_screen = 1;
  tc.consent_language = "EN";
  tc.vendor_list_version = 80;
  tc.tcf_policy_version = 5;
  tc.is_service_specific = true;
  tc.purposes_consent = PurposeBits({1, 2, 3, 4, 7, 8, 9, 10});
  tc.purposes_li_transparency.set(1);  // purpose 2
  tc.publisher_cc = "DE";
  tc.vendor_consents = MakeSet(800, {1, 2, 10, 64, 65, 128, 755, 800});
  tc.vendor_legitimate_interests = MakeSet(700, {5, 6, 7, 8, 9, 700}, true);
  tc.publisher_restrictions = {
      {2, TcfRestrictionType::kRequireConsent, {{10, 20}, {64, 64}}},
  };
  tc.disclosed_vendors = MakeSet(800, {1, 2, 5, 6, 7, 8, 9, 10, 64, 65, 128, 700, 755, 800});
  return tc;
}

std::vector<int> SetPurposes(const TcString& tc, bool consent) {
  std::vector<int> out;
  for (int p = 1; p <= 24; ++p) {
    if (consent ? tc.PurposeConsent(p) : tc.PurposeLegitimateInterest(p)) out.push_back(p);
  }
  return out;
}

std::vector<uint16_t> Ids(std::initializer_list<uint16_t> ids) { return ids; }

TcString MustDecode(const std::string& s) {
  StatusOr<TcString> tc = DecodeTcString(s);
  EXPECT_TRUE(tc.ok()) << tc.status().ToString();
  return tc.ok() ? *tc : TcString{};
}

std::string DecodeError(const std::string& s) {
  StatusOr<TcString> tc = DecodeTcString(s);
  EXPECT_FALSE(tc.ok()) << "decoded unexpectedly";
  if (tc.ok()) return "";
  EXPECT_EQ(tc.status().code(), StatusCode::kInvalidArgument);
  return tc.status().message();
}

// ---------------------------------------------------------------------------------------------
// Published example strings.

// iabtcf-java, TCStringV2Test.testCanConstructTCModelFromBase64String
// (github.com/InteractiveAdvertisingBureau/iabtcf-java, iabtcf-decoder/src/test/...).
TEST(TcfPublished, IabtcfJavaAllCoreFields) {
  const TcString tc = MustDecode("COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA");
  EXPECT_EQ(tc.version, 2);
  EXPECT_EQ(tc.created_deciseconds, int64_t{1580058060} * 10);       // 2020-01-26T17:01:00Z
  EXPECT_EQ(tc.last_updated_deciseconds, int64_t{1612285260} * 10);  // 2021-02-02T17:01:00Z
  EXPECT_EQ(tc.cmp_id, 675);
  EXPECT_EQ(tc.cmp_version, 2);
  EXPECT_EQ(tc.consent_screen, 1);
  EXPECT_EQ(tc.vendor_list_version, 15);
  EXPECT_EQ(tc.tcf_policy_version, 2);
  EXPECT_EQ(tc.consent_language, "EN");
  EXPECT_EQ(tc.publisher_cc, "AA");
  EXPECT_FALSE(tc.is_service_specific);
  EXPECT_TRUE(tc.purpose_one_treatment);
  EXPECT_FALSE(tc.use_non_standard_texts);
  EXPECT_TRUE(tc.SpecialFeatureOptIn(1));
  EXPECT_FALSE(tc.SpecialFeatureOptIn(2));
  EXPECT_EQ(SetPurposes(tc, true), (std::vector<int>{2, 10}));
  EXPECT_EQ(SetPurposes(tc, false), (std::vector<int>{2, 9}));
  EXPECT_FALSE(tc.disclosed_vendors.has_value());
  EXPECT_FALSE(tc.publisher_tc.has_value());
}

// iabtcf-java, TCStringV2Test.testConstructConsentsFromBitFields / testCanParseDisclosed...
constexpr const char* kJavaBitfields =
    "COrEAV4OrXx94ACABBENAHCIAD-AAAAAAACAAxAAAAgAIAwgAgAAAAEAgQAAAAAEAYQAQAAAACAAAABAAA";

TEST(TcfPublished, IabtcfJavaBitfields) {
  const TcString tc = MustDecode(kJavaBitfields);
  EXPECT_EQ(SetPurposes(tc, true), (std::vector<int>{3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(tc.vendor_consents.Ids(), Ids({23, 37, 47, 48, 53, 65, 98}));
  EXPECT_EQ(tc.vendor_legitimate_interests.Ids(), Ids({37, 47, 48, 53, 65, 98, 129}));
  EXPECT_FALSE(tc.vendor_consents.range_encoded());
  EXPECT_TRUE(tc.VendorConsent(98));
  EXPECT_FALSE(tc.VendorConsent(99));
}

TEST(TcfPublished, IabtcfJavaDisclosedVendorsAndPublisherTc) {
  // The published string also carries an AllowedVendors segment (".QAagAQAgAIAwgA"), which this
  // decoder rejects; without it the disclosed vendors are as published.
  const std::string disclosed = std::string(kJavaBitfields) + ".IBAgAAAgAIAwgAgAAAAEAAAACA";
  TcString tc = MustDecode(disclosed);
  ASSERT_TRUE(tc.disclosed_vendors.has_value());
  EXPECT_EQ(tc.disclosed_vendors->Ids(), Ids({23, 37, 47, 48, 53, 65, 98, 129}));
  EXPECT_TRUE(tc.VendorDisclosed(129));
  EXPECT_FALSE(tc.VendorDisclosed(12));

  // testCanParseAllParts: the publisher TC segment "cAAAAAAAITg=" has one purpose consent; the
  // '=' padding is not base64url-without-padding and is rejected.
  EXPECT_THAT(DecodeError(disclosed + ".cAAAAAAAITg="),
              HasSubstr("character " + std::to_string(disclosed.size() + 12) +
                        ": '=' padding is not allowed"));
  tc = MustDecode(disclosed + ".cAAAAAAAITg");
  ASSERT_TRUE(tc.publisher_tc.has_value());
  EXPECT_EQ(tc.publisher_tc->purposes_consent.count(), 1U);

  EXPECT_THAT(DecodeError(disclosed + ".QAagAQAgAIAwgA"),
              HasSubstr("segment 3: bit 0: SegmentType 2 (AllowedVendors) is obsolete"));
}

TEST(TcfPublished, IabtcfJavaRanges) {
  // testCanParseRangeEncodedVendorLegitimateInterests
  TcString tc = MustDecode("COv__-wOv__-wC2AAAENAPCgAAAAAAAAAAAAA_wAQA_gEBABAEAAAA");
  EXPECT_EQ(tc.vendor_legitimate_interests.Ids(), Ids({128}));
  // testRange
  const std::string disclosed =
      ".IFoEUQQgAIQwgIwQABAEAAAAOIAACAIAAAAQAIAgEAACEAAAAAgAQBAAAAAAAGBAAgAAAAAAAFAAECAAAgAAQARAEQA"
      "AAAAJAAIAAgAAAYQEAAAQmAgBC3ZAYzUw";
  tc = MustDecode("COwBOpCOwBOpCLqAAAENAPCAAAAAAAAAAAAAFfwAYFfAV-BVkAGBVYFWAAA" + disclosed);
  EXPECT_EQ(tc.vendor_consents.Ids(), Ids({702, 703}));
  EXPECT_TRUE(tc.vendor_consents.range_encoded());
  tc = MustDecode("COwBOpCOwBOpCLqAAAENAPCAAAAAAAAAAAAAFfwAQFfgUbABAUaAAA" + disclosed);
  EXPECT_EQ(tc.vendor_consents.Ids(), Ids({703}));
}

// GDPR::IAB::TCFv2 (Perl, github.com/peczenyj/GDPR-IAB-TCFv2), t/01-parse.t.
constexpr const char* kPerlBitfield =
    "CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA";

TEST(TcfPublished, PerlBitfield) {
  const TcString tc = MustDecode(kPerlBitfield);
  EXPECT_EQ(tc.created_deciseconds, 12286442577);       // 1228644257.7 s
  EXPECT_EQ(tc.last_updated_deciseconds, 13262154134);  // 1326215413.4 s
  EXPECT_EQ(tc.cmp_id, 21);
  EXPECT_EQ(tc.cmp_version, 7);
  EXPECT_EQ(tc.consent_screen, 2);
  EXPECT_EQ(tc.consent_language, "EN");
  EXPECT_EQ(tc.vendor_list_version, 23);
  EXPECT_EQ(tc.tcf_policy_version, 2);
  EXPECT_TRUE(tc.is_service_specific);
  EXPECT_FALSE(tc.use_non_standard_texts);
  EXPECT_FALSE(tc.purpose_one_treatment);
  EXPECT_EQ(tc.publisher_cc, "KM");
  EXPECT_EQ(tc.vendor_consents.max_vendor_id(), 115);
  EXPECT_EQ(tc.vendor_legitimate_interests.max_vendor_id(), 113);
  EXPECT_EQ(SetPurposes(tc, true), (std::vector<int>{1, 3, 9, 10}));
  EXPECT_EQ(SetPurposes(tc, false), (std::vector<int>{3, 4, 5, 8, 9, 10}));
  for (int f = 1; f <= 12; ++f) EXPECT_EQ(tc.SpecialFeatureOptIn(f), f == 2) << f;
  EXPECT_EQ(tc.vendor_consents.Ids(),
            Ids({2,  3,  6,  7,  8,  10, 12, 13, 14, 15, 16, 21, 25,  27,  30,  31,  34,  35, 37,
                 38, 39, 42, 43, 49, 52, 54, 55, 56, 57, 59, 60, 63,  64,  65,  66,  67,  68, 69,
                 73, 74, 76, 78, 83, 86, 87, 89, 90, 92, 96, 99, 100, 106, 109, 110, 114, 115}));
  EXPECT_EQ(tc.vendor_legitimate_interests.Ids(),
            Ids({1, 9, 26, 27, 30, 36, 37, 43, 86, 97, 110, 113}));
  EXPECT_TRUE(tc.publisher_restrictions.empty());
  EXPECT_FALSE(tc.publisher_tc.has_value());
}

TEST(TcfPublished, PerlPublisherTcWithCustomPurposes) {
  const TcString tc = MustDecode(std::string(kPerlBitfield) + ".YAAAAAAAAXA");
  ASSERT_TRUE(tc.publisher_tc.has_value());
  const PublisherTc& p = *tc.publisher_tc;
  EXPECT_EQ(p.num_custom_purposes, 2);
  EXPECT_TRUE(p.purposes_consent.none());
  EXPECT_TRUE(p.purposes_li_transparency.none());
  EXPECT_TRUE(p.CustomPurposeConsent(1));
  EXPECT_TRUE(p.CustomPurposeConsent(2));
  EXPECT_FALSE(p.CustomPurposeConsent(3));
  EXPECT_TRUE(p.CustomPurposeLegitimateInterest(1));
  EXPECT_FALSE(p.CustomPurposeLegitimateInterest(2));
}

TEST(TcfPublished, PerlRange) {
  const TcString tc = MustDecode(
      "COyfVVoOyfVVoADACHENAwCAAAAAAAAAAAAAE5QBgALgAqgD8AQACSwEygJyAnSAMABgAFkAgQCDASeAmYBOgAA");
  EXPECT_EQ(tc.created_deciseconds, 15879460200);
  EXPECT_EQ(tc.last_updated_deciseconds, 15879460200);
  EXPECT_EQ(tc.cmp_id, 3);
  EXPECT_EQ(tc.cmp_version, 2);
  EXPECT_EQ(tc.consent_screen, 7);
  EXPECT_EQ(tc.consent_language, "EN");
  EXPECT_EQ(tc.vendor_list_version, 48);
  EXPECT_EQ(tc.tcf_policy_version, 2);
  EXPECT_FALSE(tc.is_service_specific);
  EXPECT_EQ(tc.publisher_cc, "AA");
  EXPECT_TRUE(tc.purposes_consent.none());
  EXPECT_TRUE(tc.purposes_li_transparency.none());
  EXPECT_TRUE(tc.special_feature_opt_ins.none());
  EXPECT_EQ(tc.vendor_consents.max_vendor_id(), 626);
  EXPECT_EQ(tc.vendor_legitimate_interests.max_vendor_id(), 628);
  EXPECT_EQ(tc.vendor_consents.Ids(), Ids({23, 42, 126, 127, 128, 587, 613, 626}));
  EXPECT_EQ(tc.vendor_legitimate_interests.Ids(), Ids({24, 44, 129, 130, 131, 591, 614, 628}));
}

TEST(TcfPublished, PerlPublisherRestrictions) {
  TcString tc = MustDecode("COwAdDhOwAdDhN4ABAENAPCgAAQAAv___wAAAFP_AAp_4AI6ACACAA");
  const auto kNotAllowed = TcfRestrictionType::kNotAllowed;
  const auto kRequireConsent = TcfRestrictionType::kRequireConsent;
  EXPECT_FALSE(tc.Restricted(1, kNotAllowed, 284));
  EXPECT_TRUE(tc.Restricted(7, kRequireConsent, 32));
  EXPECT_FALSE(tc.Restricted(7, kRequireConsent, 7));
  EXPECT_FALSE(tc.Restricted(5, kRequireConsent, 32));

  tc = MustDecode(
      "COxPe2TOxPe2TALABAENAPCgAAAAAAAAAAAAAFAAAAoAAA4IACACAIABgACAFA4ADACAAIygAGADwAQBIAIAIB0AEAE"
      "BSACACAA");
  EXPECT_FALSE(tc.purpose_one_treatment);
  EXPECT_FALSE(tc.SpecialFeatureOptIn(3));
  EXPECT_FALSE(tc.Restricted(1, kNotAllowed, 284));
  EXPECT_TRUE(tc.Restricted(1, kNotAllowed, 32));
  EXPECT_FALSE(tc.Restricted(1, kRequireConsent, 32));
  EXPECT_TRUE(tc.Restricted(2, kNotAllowed, 32));
  EXPECT_TRUE(tc.Restricted(2, kNotAllowed, 5));
  EXPECT_TRUE(tc.Restricted(2, kNotAllowed, 11));
  EXPECT_FALSE(tc.Restricted(2, kNotAllowed, 44));
  EXPECT_FALSE(tc.Restricted(2, kNotAllowed, 500));
  EXPECT_TRUE(tc.Restricted(2, kRequireConsent, 32));
  EXPECT_FALSE(tc.Restricted(2, kRequireConsent, 42));

  tc = MustDecode("COzSDo9OzSDo9B9AAAENAiCAALAAAAAAAAAACOQAQCOAAAAA");
  EXPECT_FALSE(tc.Restricted(1, kNotAllowed, 284));
}

// Perl t/05-tcf-v23.t: a string with a disclosed-vendors segment, and a real-world TCF v2.2
// string (policy version 5) without one.
constexpr const char* kPerlV23 =
    "COwAdDhOwAdDhN4ABAENAPCgAAQAAv___wAAAFP_AAp_4AI6ACACAA.ILrtR_G__bXlv-bb36ftkeYxf9_hr7sQxBgbJ"
    "s24FzLvW7JwX32E7NEzatqYKmRIAu3TBIQNtHJjURVChKIgVrzDsaEyUoTtKJ-BkiHMRY2NYCFxvm4tjWQCZ5vr_91d9m"
    "T-N7dr-2dzyy7hnv3a9_-S1WJidKYetHfv8bBKT-_IU9_x-_4v4_N7pE2-eS1v_tGvt639-4vP_dpvxt-7yffz____73_e"
    "7X__d_______Xf_7____________4AAA";
constexpr const char* kPerlV22 =
    "CP188cAQKFpAAAHABBENBSFsAP_gAEPgAAiQKqNX_H__bW9r8X73aft0eY1P9_j77uQxBhfJE-4FzLvW_JwXx2ExNA36t"
    "qIKmRIEu3bBIQNlHJHUTVigaogVryHMak2cpTNKJ6BkiFMRM2dYCF5vm4tj-QKY5_r993dx2D-t_dv83dzyz81Hn3f5_2e"
    "0eLCdQ5-tDfv9bROb-9IPd_78v4v8_l_rk2_eT1n_tevr7D_-ft8__XW_9_fff_9Pn_-uB_-_3_vf_EFUwCTDQqIA-wJC"
    "Qg0DCKBACoKwgIoFAQAAJA0QEAJgwKdgYALrCRACAFAAMEAIAAQZAAgAAAgAQiACQAoEAAEAgUAAYAEAwEABAwAAgAsBA"
    "IAAQHQMUwIIFAsIEjMioUwIQoEggJbKhBICgQVwhCLPAIgERMFAAgAAAVgACAsFgcSSAlQkECXUG0AABAAgFEIFQgk9MA"
    "AwJmy1B4MG0ZWmAYPmCRDTAMgCIIyEAAAA.f_wACHwAAAAA";

TEST(TcfPublished, PerlDisclosedVendorsAndDuplicates) {
  const TcString tc = MustDecode(kPerlV23);
  EXPECT_TRUE(tc.VendorDisclosed(284));
  EXPECT_FALSE(tc.VendorDisclosed(9999));
  const std::string dv = std::string(kPerlV23).substr(std::string(kPerlV23).find('.'));
  EXPECT_THAT(DecodeError(kPerlV23 + dv),
              HasSubstr("segment 3 (DisclosedVendors): bit 0: duplicate DisclosedVendors segment "
                        "(first was segment 2)"));
}

TEST(TcfPublished, PerlRealWorldV22) {
  const TcString tc = MustDecode(kPerlV22);
  EXPECT_EQ(tc.tcf_policy_version, 5);
  EXPECT_TRUE(tc.is_service_specific);
  EXPECT_FALSE(tc.disclosed_vendors.has_value());
  ASSERT_TRUE(tc.publisher_tc.has_value());
  for (int p = 3; p <= 6; ++p) EXPECT_FALSE(tc.PurposeLegitimateInterest(p)) << p;
  EXPECT_TRUE(tc.PurposeLegitimateInterest(10));
  EXPECT_THAT(CheckTcfPolicy(tc).message(), HasSubstr("no DisclosedVendors segment"));
  EXPECT_TRUE(CheckTcfPolicy(tc, {.require_disclosed_vendors = false}).ok());
}

TEST(TcfPublished, PerlInvalidStrings) {
  // A TCF v1 string.
  EXPECT_THAT(DecodeError("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASAAAAAAAAAA"),
              HasSubstr("segment 1 (core): bit 0: Version is 1, must be 2"));
  EXPECT_THAT(DecodeError("DOEFEAyOEFEAyAHABDENAI4AAAB9vABAASAAAAAAAAAA"),
              HasSubstr("bit 0: Version is 3, must be 2"));
  EXPECT_THAT(DecodeError("Clc"),
              HasSubstr("bit 6: truncated in Created (needs 36 bits, 12 left)"));
  EXPECT_THAT(DecodeError("COyfVVoOyfVVoADACHENAwCAAAAAAAAAAAAAE5QBgALgAqgD8AQACSwEygJyAnSAMABgAFkA"
                          "gQCDASeAmYBOgA!A"),
              HasSubstr("character 86: byte 0x21 is not in the base64url alphabet"));
  // Bitfield of 10 vendor consents, then MaxVendorId 0 for legitimate interests and no
  // NumPubRestrictions: Perl reports "offset 256".
  EXPECT_THAT(DecodeError("COvcSpYOvcSpYC9AAAENAPCAAAAAAAAAAAAAAFAAAAA"),
              HasSubstr("bit 257: truncated in PublisherRestrictions.NumPubRestrictions"));
  // Range section declaring 6 entries that are there, then a truncated LI section.
  EXPECT_THAT(DecodeError("COvcSpYOvcSpYC9AAAENAPCAAAAAAAAAAAAAAFQBgAAgABAACAAEAAQAAgAA"),
              HasSubstr("truncated in VendorLegitimateInterests"));
}

// The example in the specification ("TC String Format", "IAB Tech Lab - Consent string and
// vendor list formats v2", 2025). The specification publishes no decoded values; these were
// cross-checked with an independent bit dump. It is illustrative: TcfPolicyVersion 2 makes it
// invalid under the v2.2 policy rules although it is well-formed.
TEST(TcfPublished, SpecificationExample) {
  const TcString tc =
      MustDecode("CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA");
  EXPECT_EQ(tc.version, 2);
  EXPECT_EQ(tc.created_deciseconds, int64_t{1748908800} * 10);  // 2025-06-03, day granularity
  EXPECT_EQ(tc.last_updated_deciseconds, tc.created_deciseconds);
  EXPECT_EQ(tc.cmp_id, 880);
  EXPECT_EQ(tc.vendor_list_version, 48);
  EXPECT_EQ(tc.tcf_policy_version, 2);
  EXPECT_TRUE(tc.is_service_specific);
  EXPECT_EQ(tc.consent_language, "EN");
  EXPECT_EQ(tc.publisher_cc, "DE");
  EXPECT_TRUE(tc.purposes_consent.none());
  EXPECT_EQ(tc.vendor_consents.Ids(), Ids({1, 2, 3, 4}));
  EXPECT_EQ(tc.vendor_legitimate_interests.max_vendor_id(), 0);
  ASSERT_TRUE(tc.disclosed_vendors.has_value());
  EXPECT_TRUE(tc.disclosed_vendors->range_encoded());
  EXPECT_EQ(tc.disclosed_vendors->Ids(), Ids({1, 2, 3, 4, 5, 100, 404}));
  ASSERT_TRUE(tc.publisher_tc.has_value());
  EXPECT_EQ(tc.publisher_tc->num_custom_purposes, 0);
  EXPECT_THAT(CheckTcfPolicy(tc).message(), HasSubstr("TcfPolicyVersion is 2, below 4"));
}

// ---------------------------------------------------------------------------------------------
// Error paths.

TEST(TcfErrors, CoreFieldOffsetsAreTheSpecifiedOnes) {
  Layout layout;
  EncodeCore(Typical(), &layout);
  const std::pair<std::string, size_t> expected[] = {
      {"Version", 0},
      {"Created", 6},
      {"LastUpdated", 42},
      {"CmpId", 78},
      {"CmpVersion", 90},
      {"ConsentScreen", 102},
      {"VendorListVersion", 120},
      {"TcfPolicyVersion", 132},
      {"IsServiceSpecific", 138},
      {"UseNonStandardTexts", 139},
      {"SpecialFeatureOptIns", 140},
      {"PurposesConsent", 152},
      {"PurposesLITransparency", 176},
      {"PurposeOneTreatment", 200},
      {"PublisherCC", 201},
      {"VendorConsents.MaxVendorId", 213},
  };
  for (const auto& [name, start] : expected) {
    auto it = std::find_if(layout.begin(), layout.end(),
                           [&](const FieldPos& f) { return f.name == name; });
    ASSERT_NE(it, layout.end()) << name;
    EXPECT_EQ(it->start, start) << name;
  }
}

// Cut the string at the start of every field (padding with zeros to a whole character); where
// the padding does not complete the field, the error names exactly that field and offset.
void ExpectTruncationAtEveryField(const BitWriter& full, const Layout& layout,
                                  const std::string& prefix, const std::string& segment_label,
                                  int min_checked) {
  int checked = 0;
  for (const FieldPos& f : layout) {
    const size_t padded = (f.start + 5) / 6 * 6;
    if (f.width == 0 || padded >= f.start + static_cast<size_t>(f.width)) continue;
    if (f.start == 0) continue;  // an empty segment is a different error
    BitWriter cut;
    auto b = full;
    cut.bits().assign(b.bits().begin(), b.bits().begin() + static_cast<std::ptrdiff_t>(f.start));
    const std::string& name = f.name;
    const std::string want = segment_label + ": bit " + std::to_string(f.start) +
                             ": truncated in " + name + " (needs " + std::to_string(f.width) +
                             " bits, " + std::to_string(padded - f.start) + " left)";
    EXPECT_THAT(DecodeError(prefix + cut.Base64()), HasSubstr(want)) << name;
    ++checked;
  }
  EXPECT_GE(checked, min_checked);
}

TEST(TcfErrors, TruncationInEveryCoreField) {
  TcString tc = Typical();
  tc.vendor_consents.set_range_encoded(true);
  tc.publisher_restrictions.push_back({7, TcfRestrictionType::kNotAllowed, {{1, 1}, {3, 9}}});
  Layout layout;
  const BitWriter w = EncodeCore(tc, &layout);
  ExpectTruncationAtEveryField(w, layout, "", "segment 1 (core)", 25);
  // And the bitfield variant.
  tc.vendor_consents.set_range_encoded(false);
  layout.clear();
  ExpectTruncationAtEveryField(EncodeCore(tc, &layout), layout, "", "segment 1 (core)", 20);
}

TEST(TcfErrors, TruncationInOptionalSegments) {
  const std::string core = EncodeCore(Typical()).Base64() + ".";
  Layout layout;
  VendorSet dv = MakeSet(300, {1, 2, 3, 200, 300}, true);
  BitWriter w = EncodeDisclosed(dv, &layout);
  ExpectTruncationAtEveryField(w, layout, core, "segment 2 (DisclosedVendors)", 6);
  BitWriter bitfield;  // SegmentType 1, MaxVendorId 300, bitfield, and no bits
  bitfield.Put(1, 3);
  bitfield.Put(300, 16);
  bitfield.Put(0, 1);
  EXPECT_THAT(DecodeError(core + bitfield.Base64()),
              HasSubstr("segment 2 (DisclosedVendors): bit 20: truncated in "
                        "DisclosedVendors.BitField (needs 300 bits, 4 left)"));
  PublisherTc p;
  p.num_custom_purposes = 40;
  p.custom_purposes_consent.set(3);
  layout.clear();
  w = EncodePublisherTc(p, &layout);
  ExpectTruncationAtEveryField(w, layout, core, "segment 2 (PublisherTC)", 4);
  BitWriter custom;  // NumCustomPurposes 10, then 3 bits
  custom.Put(3, 3);
  custom.Put(0, 48);
  custom.Put(10, 6);
  custom.Put(0, 3);
  EXPECT_THAT(DecodeError(core + custom.Base64()),
              HasSubstr("segment 2 (PublisherTC): bit 57: truncated in CustomPurposesConsent "
                        "(needs 10 bits, 3 left)"));
}

// Replaces `width` bits at `start` with `value`.
std::string Patch(BitWriter w, size_t start, int width, uint64_t value) {
  for (int k = 0; k < width; ++k) {
    w.bits()[start + static_cast<size_t>(k)] = ((value >> (width - 1 - k)) & 1U) != 0;
  }
  return w.Base64();
}

const FieldPos& Find(const Layout& layout, const std::string& name) {
  static const FieldPos kNone{"", 0, 0};
  for (const FieldPos& f : layout) {
    if (f.name == name) return f;
  }
  ADD_FAILURE() << "no field " << name;
  return kNone;
}

TEST(TcfErrors, BadValuesNameFieldAndOffset) {
  TcString tc = Typical();
  tc.vendor_consents.set_range_encoded(true);
  Layout layout;
  const BitWriter w = EncodeCore(tc, &layout);
  auto error_for = [&](const std::string& field, uint64_t value, size_t nth = 0) {
    size_t seen = 0;
    for (const FieldPos& f : layout) {
      if (f.name == field && seen++ == nth) return DecodeError(Patch(w, f.start, f.width, value));
    }
    ADD_FAILURE() << "no field " << field;
    return std::string();
  };
  EXPECT_THAT(error_for("Version", 3), HasSubstr("segment 1 (core): bit 0: Version is 3"));
  EXPECT_THAT(error_for("Version", 0), HasSubstr("bit 0: Version is 0"));
  EXPECT_THAT(error_for("ConsentLanguage", 26),
              HasSubstr("bit 108: ConsentLanguage letter 1 is 26, not a letter"));
  EXPECT_THAT(error_for("ConsentLanguage", 63, 1),
              HasSubstr("bit 114: ConsentLanguage letter 2 is 63"));
  EXPECT_THAT(error_for("PublisherCC", 40), HasSubstr("bit 201: PublisherCC letter 1 is 40"));

  const FieldPos& start0 = Find(layout, "VendorConsents.RangeEntry[0].StartOrOnlyVendorId");
  EXPECT_THAT(error_for("VendorConsents.RangeEntry[0].StartOrOnlyVendorId", 0),
              HasSubstr("bit " + std::to_string(start0.start) +
                        ": VendorConsents.RangeEntry[0].StartOrOnlyVendorId is 0"));
  EXPECT_THAT(error_for("VendorConsents.RangeEntry[0].StartOrOnlyVendorId", 801),
              HasSubstr("StartOrOnlyVendorId 801 exceeds MaxVendorId 800"));
  // Typical() has the run 1-2 as entry 0: 1..2; make its end 0 (below start) or 801.
  const FieldPos& end0 = Find(layout, "VendorConsents.RangeEntry[0].EndVendorId");
  EXPECT_THAT(error_for("VendorConsents.RangeEntry[0].EndVendorId", 0),
              HasSubstr("bit " + std::to_string(end0.start) +
                        ": VendorConsents.RangeEntry[0].EndVendorId 0 is below "
                        "StartOrOnlyVendorId 1"));
  EXPECT_THAT(error_for("VendorConsents.RangeEntry[0].EndVendorId", 900),
              HasSubstr("VendorConsents.RangeEntry[0].EndVendorId 900 exceeds MaxVendorId 800"));
  // Lower MaxVendorId below the entries.
  EXPECT_THAT(error_for("VendorConsents.MaxVendorId", 1),
              HasSubstr("VendorConsents.RangeEntry[0].EndVendorId 2 exceeds MaxVendorId 1"));

  const FieldPos& purpose = Find(layout, "PublisherRestrictions[0].PurposeId");
  EXPECT_THAT(error_for("PublisherRestrictions[0].PurposeId", 0),
              HasSubstr("bit " + std::to_string(purpose.start) +
                        ": PublisherRestrictions[0].PurposeId is 0"));
  const FieldPos& type = Find(layout, "PublisherRestrictions[0].RestrictionType");
  EXPECT_THAT(error_for("PublisherRestrictions[0].RestrictionType", 3),
              HasSubstr("bit " + std::to_string(type.start) +
                        ": PublisherRestrictions[0].RestrictionType is 3 (undefined)"));
  EXPECT_THAT(error_for("PublisherRestrictions[0].RangeEntry[0].EndVendorId", 9),
              HasSubstr("PublisherRestrictions[0].RangeEntry[0].EndVendorId 9 is below "
                        "StartOrOnlyVendorId 10"));
  EXPECT_THAT(error_for("PublisherRestrictions[0].RangeEntry[1].StartOrOnlyVendorId", 0),
              HasSubstr("PublisherRestrictions[0].RangeEntry[1].StartOrOnlyVendorId is 0"));
}

TEST(TcfErrors, Characters) {
  const std::string core = EncodeCore(Typical()).Base64();
  EXPECT_THAT(DecodeError(""), HasSubstr("character 0: empty TC string"));
  EXPECT_THAT(DecodeError("." + core), HasSubstr("character 0: segment 1 is empty"));
  EXPECT_THAT(DecodeError(core + "."),
              HasSubstr("character " + std::to_string(core.size() + 1) + ": segment 2 is empty"));
  EXPECT_THAT(DecodeError(core + "..YAAAAAAAAAA"),
              HasSubstr("character " + std::to_string(core.size() + 1) + ": segment 2 is empty"));
  std::string s = core;
  s[5] = '+';
  EXPECT_THAT(DecodeError(s), HasSubstr("character 5: '+' is standard base64"));
  s[5] = '/';
  EXPECT_THAT(DecodeError(s), HasSubstr("character 5: '/' is standard base64"));
  s[5] = ' ';
  EXPECT_THAT(DecodeError(s), HasSubstr("character 5: byte 0x20 is not in the base64url"));
  s[5] = '\xc3';
  EXPECT_THAT(DecodeError(s), HasSubstr("character 5: byte 0xc3"));
  EXPECT_THAT(DecodeError(core + "=="),
              HasSubstr("character " + std::to_string(core.size()) + ": '=' padding"));
  EXPECT_THAT(DecodeError(core + std::string(1, '\0')), HasSubstr("byte 0x00"));
}

TEST(TcfErrors, SegmentTypes) {
  const std::string core = EncodeCore(Typical()).Base64();
  // First character of a segment: its top 3 bits are the type. 'A' = 000..., 'Q' = 010...
  EXPECT_THAT(DecodeError(core + ".AAAA"),
              HasSubstr("segment 2: bit 0: SegmentType 0 (core) is allowed only as the first"));
  EXPECT_THAT(DecodeError(core + ".QAAAAA"), HasSubstr("SegmentType 2 (AllowedVendors)"));
  for (char c : {'g', 'o', '4', '_'}) {  // types 4, 5, 7, 7
    EXPECT_THAT(DecodeError(core + "." + c + "AAAA"),
                HasSubstr("segment 2: bit 0: unknown SegmentType"))
        << c;
  }
  const std::string pub = "." + EncodePublisherTc(PublisherTc{}).Base64();
  EXPECT_THAT(DecodeError(core + pub + pub),
              HasSubstr("segment 3 (PublisherTC): bit 0: duplicate PublisherTC segment"));
  // A valid segment after a bad one is never reached; a bad one after valid ones is reported
  // with its number.
  const std::string dv = "." + EncodeDisclosed(MakeSet(3, {1})).Base64();
  EXPECT_THAT(DecodeError(core + dv + pub + ".AAAA"), HasSubstr("segment 4: bit 0: SegmentType 0"));
}

TEST(TcfErrors, Padding) {
  BitWriter w = EncodeCore(Typical());
  const size_t end = w.pos();
  // Up to 23 zero bits are accepted whatever the alignment.
  for (int pad : {6, 8, 24}) EXPECT_TRUE(DecodeTcString(w.Base64(pad)).ok()) << pad;
  // A non-zero bit after the last field.
  BitWriter one = w;
  one.Put(1, 1);
  EXPECT_THAT(DecodeError(one.Base64()),
              HasSubstr("bit " + std::to_string(end) + ": non-zero padding bit"));
  BitWriter late = w;
  late.Put(0b0001, 4);
  EXPECT_THAT(DecodeError(late.Base64()),
              HasSubstr("bit " + std::to_string(end + 3) + ": non-zero padding bit"));
  // A whole group of four extra characters is more than padding.
  const std::string padded = w.Base64(24);
  const size_t left = padded.size() * 6 + 24 - end;
  EXPECT_THAT(DecodeError(padded + "AAAA"),
              HasSubstr("bit " + std::to_string(end) + ": " + std::to_string(left) +
                        " bits follow the last field"));
}

TEST(TcfErrors, MessagesNeverQuoteTheString) {
  const std::string core = EncodeCore(Typical()).Base64();
  for (const std::string& bad : {core + ".AAAA", core.substr(0, 40), core + "!", core + ".QAAA"}) {
    StatusOr<TcString> tc = DecodeTcString(bad);
    ASSERT_FALSE(tc.ok());
    EXPECT_EQ(tc.status().message().find(core.substr(0, 12)), std::string::npos);
  }
}

// ---------------------------------------------------------------------------------------------
// Round trip.

VendorSet RandomSet(std::mt19937& rng, bool allow_empty_max) {
  std::uniform_int_distribution<int> max_dist(allow_empty_max ? 0 : 1, 1500);
  std::uniform_int_distribution<int> shape(0, 3);
  const auto max = static_cast<uint16_t>(max_dist(rng) == 1500 ? 65535 : max_dist(rng));
  VendorSet s(max);
  s.set_range_encoded(std::bernoulli_distribution(0.5)(rng));
  if (max == 0) return s;
  std::uniform_int_distribution<int> id(1, max);
  switch (shape(rng)) {
    case 0:  // empty
      break;
    case 1:  // sparse
      for (int k = 0; k < 20; ++k) s.Add(static_cast<uint16_t>(id(rng)));
      break;
    case 2: {  // runs
      for (int k = 0; k < 5; ++k) {
        auto a = static_cast<uint16_t>(id(rng));
        auto b = static_cast<uint16_t>(id(rng));
        if (a > b) std::swap(a, b);
        s.AddRange(a, b);
      }
      break;
    }
    default:  // dense
      for (int v = 1; v <= max; ++v) {
        if (std::bernoulli_distribution(0.7)(rng)) s.Add(static_cast<uint16_t>(v));
      }
      break;
  }
  if (std::bernoulli_distribution(0.3)(rng)) s.Add(max);  // boundary id
  // NumEntries has 12 bits: a set of more than 4095 runs can only be a bitfield.
  if (Runs(s).size() > 4095) s.set_range_encoded(false);
  return s;
}

TcString RandomTc(std::mt19937& rng) {
  auto u = [&](uint64_t hi) { return std::uniform_int_distribution<uint64_t>(0, hi)(rng); };
  auto letters = [&] {
    return std::string{static_cast<char>('A' + u(25)), static_cast<char>('A' + u(25))};
  };
  TcString tc;
  tc.created_deciseconds = static_cast<int64_t>(u((uint64_t{1} << 36) - 1));
  tc.last_updated_deciseconds = static_cast<int64_t>(u((uint64_t{1} << 36) - 1));
  tc.cmp_id = static_cast<int>(u(4095));
  tc.cmp_version = static_cast<int>(u(4095));
  tc.consent_screen = static_cast<int>(u(63));
  tc.consent_language = letters();
  tc.vendor_list_version = static_cast<int>(u(4095));
  tc.tcf_policy_version = static_cast<int>(u(63));
  tc.is_service_specific = u(1) != 0;
  tc.use_non_standard_texts = u(1) != 0;
  tc.special_feature_opt_ins = std::bitset<12>(u(4095));
  tc.purposes_consent = std::bitset<24>(u((1U << 24) - 1));
  tc.purposes_li_transparency = std::bitset<24>(u((1U << 24) - 1));
  tc.purpose_one_treatment = u(1) != 0;
  tc.publisher_cc = letters();
  tc.vendor_consents = RandomSet(rng, true);
  tc.vendor_legitimate_interests = RandomSet(rng, true);
  const auto restrictions = u(4);
  for (uint64_t r = 0; r < restrictions; ++r) {
    PublisherRestriction pr;
    pr.purpose_id = static_cast<int>(1 + u(62));
    pr.type = static_cast<TcfRestrictionType>(u(2));
    const auto entries = u(6);
    for (uint64_t e = 0; e < entries; ++e) {
      auto a = static_cast<uint16_t>(1 + u(65534));
      auto b = u(1) != 0 ? a : static_cast<uint16_t>(1 + u(65534));
      if (a > b) std::swap(a, b);
      pr.vendors.push_back({a, b});
    }
    tc.publisher_restrictions.push_back(std::move(pr));
  }
  if (u(1) != 0) tc.disclosed_vendors = RandomSet(rng, true);
  if (u(1) != 0) {
    PublisherTc p;
    p.purposes_consent = std::bitset<24>(u((1U << 24) - 1));
    p.purposes_li_transparency = std::bitset<24>(u((1U << 24) - 1));
    p.num_custom_purposes = static_cast<int>(u(63));
    const uint64_t mask =
        p.num_custom_purposes == 0 ? 0 : (~uint64_t{0} >> (64 - p.num_custom_purposes));
    p.custom_purposes_consent = std::bitset<64>(u(~uint64_t{0}) & mask);
    p.custom_purposes_li_transparency = std::bitset<64>(u(~uint64_t{0}) & mask);
    tc.publisher_tc = p;
  }
  return tc;
}

TEST(TcfRoundTrip, RandomStringsDecodeToWhatWasEncoded) {
  std::mt19937 rng(20240601);
  int range_sections = 0, bitfield_sections = 0;
  for (int i = 0; i < 1500; ++i) {
    const TcString tc = RandomTc(rng);
    (tc.vendor_consents.range_encoded() ? range_sections : bitfield_sections)++;
    const int pad_to = std::array<int, 3>{6, 8, 24}[static_cast<size_t>(i % 3)];
    const std::string s = Encode(tc, pad_to, i % 2 == 0);
    StatusOr<TcString> back = DecodeTcString(s);
    ASSERT_TRUE(back.ok()) << "iteration " << i << ": " << back.status().ToString();
    ASSERT_TRUE(*back == tc) << "iteration " << i;
  }
  EXPECT_GT(range_sections, 500);
  EXPECT_GT(bitfield_sections, 500);
}

TEST(TcfRoundTrip, BitfieldAndRangeOfTheSameSetAreEqualSets) {
  TcString a = Typical();
  TcString b = a;
  b.vendor_consents.set_range_encoded(!a.vendor_consents.range_encoded());
  const TcString da = MustDecode(Encode(a));
  const TcString db = MustDecode(Encode(b));
  EXPECT_EQ(da.vendor_consents.Ids(), db.vendor_consents.Ids());
  EXPECT_NE(da.vendor_consents.range_encoded(), db.vendor_consents.range_encoded());
}

TEST(TcfRoundTrip, OverlappingAndUnorderedRangesAreTheirUnion) {
  TcString tc = Typical();
  Layout layout;
  tc.vendor_consents = MakeSet(100, {}, true);
  BitWriter w = EncodeCore(tc, &layout);
  // Rebuild the consent section by hand: entries 50-60, 10, 55-70.
  BitWriter v;
  v.Put(100, 16);
  v.Put(1, 1);
  v.Put(3, 12);
  v.Put(1, 1);
  v.Put(50, 16);
  v.Put(60, 16);
  v.Put(0, 1);
  v.Put(10, 16);
  v.Put(1, 1);
  v.Put(55, 16);
  v.Put(70, 16);
  const size_t at = Find(layout, "VendorConsents.MaxVendorId").start;
  const size_t after = Find(layout, "VendorLegitimateInterests.MaxVendorId").start;
  std::vector<bool> bits(w.bits().begin(), w.bits().begin() + static_cast<std::ptrdiff_t>(at));
  bits.insert(bits.end(), v.bits().begin(), v.bits().end());
  bits.insert(bits.end(), w.bits().begin() + static_cast<std::ptrdiff_t>(after), w.bits().end());
  BitWriter out;
  out.bits() = bits;
  const TcString back = MustDecode(out.Base64());
  std::vector<uint16_t> want = {10};
  for (uint16_t id = 50; id <= 70; ++id) want.push_back(id);
  EXPECT_EQ(back.vendor_consents.Ids(), want);
}

// ---------------------------------------------------------------------------------------------
// VendorSet, policy checks, purposes.

TEST(TcfVendorSet, Basics) {
  VendorSet s(130);
  s.AddRange(60, 70);
  s.AddRange(128, 130);
  s.Add(1);
  EXPECT_EQ(s.Count(), 15U);
  EXPECT_TRUE(s.Contains(1));
  EXPECT_TRUE(s.Contains(63));
  EXPECT_TRUE(s.Contains(64));
  EXPECT_TRUE(s.Contains(130));
  EXPECT_FALSE(s.Contains(0));
  EXPECT_FALSE(s.Contains(131));
  EXPECT_FALSE(s.Contains(65535));
  VendorSet full(65535);
  full.AddRange(1, 65535);
  EXPECT_EQ(full.Count(), 65535U);
  EXPECT_TRUE(full.Contains(65535));
  EXPECT_FALSE(VendorSet().Contains(1));
  EXPECT_TRUE(VendorSet().empty());
}

TEST(TcfPolicy, Rules) {
  TcString tc = Typical();
  EXPECT_TRUE(CheckTcfPolicy(tc).ok()) << CheckTcfPolicy(tc).ToString();
  TcString t = tc;
  t.is_service_specific = false;
  EXPECT_THAT(CheckTcfPolicy(t).message(), HasSubstr("IsServiceSpecific is 0"));
  t = tc;
  t.tcf_policy_version = 3;
  EXPECT_THAT(CheckTcfPolicy(t).message(), HasSubstr("TcfPolicyVersion is 3, below 4"));
  for (int p : {1, 3, 4, 5, 6}) {
    t = tc;
    t.purposes_li_transparency.set(static_cast<size_t>(p - 1));
    EXPECT_THAT(CheckTcfPolicy(t).message(),
                HasSubstr("PurposesLITransparency sets purpose " + std::to_string(p)));
  }
  t = tc;
  t.disclosed_vendors.reset();
  EXPECT_THAT(CheckTcfPolicy(t).message(), HasSubstr("no DisclosedVendors segment"));
  EXPECT_TRUE(CheckTcfPolicy(t, {.require_disclosed_vendors = false}).ok());
  EXPECT_EQ(CheckTcfPolicy(t).code(), StatusCode::kInvalidArgument);
}

TEST(TcfPurposes, NamesAndTable) {
  EXPECT_EQ(TcfPurposeName(1), "Store and/or access information on a device");
  EXPECT_EQ(TcfPurposeName(11), "Use limited data to select content");
  EXPECT_EQ(TcfPurposeName(0), "");
  EXPECT_EQ(TcfPurposeName(12), "");
  EXPECT_EQ(TcfSpecialFeatureName(1), "Use precise geolocation data");
  EXPECT_EQ(TcfSpecialFeatureName(3), "");
  for (const TcfPurposeRule& rule : TcfPurposeRules()) {
    EXPECT_TRUE(IsKnownPurpose(rule.fides_key)) << rule.fides_key;
    // Only leaves: granting a parent would grant children the signal does not cover.
    for (const std::string& other : KnownPurposes()) {
      if (other != rule.fides_key) {
        EXPECT_FALSE(PurposeCovers(rule.fides_key, other)) << other;
      }
    }
    for (int p : rule.tcf_purposes) EXPECT_FALSE(TcfPurposeName(p).empty()) << p;
  }
}

TEST(TcfPurposes, GrantedOnlyWhenEveryRequiredPurposeIs) {
  auto granted = [](std::initializer_list<int> purposes) {
    return FidesPurposesGranted(PurposeBits(purposes));
  };
  EXPECT_TRUE(granted({}).empty());
  EXPECT_TRUE(granted({1, 2, 5, 6, 10, 11}).empty());
  EXPECT_TRUE(granted({3}).empty());
  EXPECT_TRUE(granted({7, 8}).empty());
  EXPECT_EQ(granted({3, 4}),
            (std::vector<std::string>{"marketing.advertising.first_party.targeted",
                                      "marketing.advertising.third_party.targeted"}));
  EXPECT_EQ(granted({7, 8, 9}), (std::vector<std::string>{"analytics"}));
  EXPECT_EQ(granted({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}),
            (std::vector<std::string>{"analytics", "marketing.advertising.first_party.targeted",
                                      "marketing.advertising.third_party.targeted"}));
}

TEST(TcfPurposes, PublisherSegmentWinsOverCore) {
  TcString tc = Typical();  // core: 1, 2, 3, 4, 7, 8, 9, 10
  tc.publisher_tc.reset();
  EXPECT_EQ(FidesPurposesGranted(tc),
            (std::vector<std::string>{"analytics", "marketing.advertising.first_party.targeted",
                                      "marketing.advertising.third_party.targeted"}));
  tc.publisher_tc = PublisherTc{};
  tc.publisher_tc->purposes_consent = PurposeBits({7, 8, 9});
  EXPECT_EQ(FidesPurposesGranted(tc), (std::vector<std::string>{"analytics"}));
  // Legitimate interest never grants.
  tc.publisher_tc->purposes_consent.reset();
  tc.publisher_tc->purposes_li_transparency.set();
  EXPECT_TRUE(FidesPurposesGranted(tc).empty());
}

// Not a benchmark, a guard: a typical string decodes in microseconds.
TEST(TcfPerformance, TypicalStringDecodesQuickly) {
  const std::string s = Encode(Typical());
  const std::string real = kPerlV22;
  constexpr int kIterations = 20000;
  const auto t0 = std::chrono::steady_clock::now();
  size_t sink = 0;
  for (int i = 0; i < kIterations; ++i) {
    StatusOr<TcString> a = DecodeTcString(s);
    StatusOr<TcString> b = DecodeTcString(real);
    sink += a->vendor_consents.max_vendor_id() + b->vendor_consents.max_vendor_id();
  }
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
      (2.0 * kIterations);
  EXPECT_GT(sink, 0U);
  std::printf("TC string decode: %.2f us per string (mean of two strings)\n", us);
  EXPECT_LT(us, 200.0);  // generous: shared CI machines, sanitizer builds
}

}  // namespace
}  // namespace dl
