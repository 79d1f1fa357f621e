// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "generate/phones.h"

#include <set>
#include <string>

#include <gtest/gtest.h>
#include <phonenumbers/phonenumberutil.h>

namespace dl::generate {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

constexpr std::string_view kRegions[] = {"", "DE", "FR", "GB", "US"};

TEST(PhonesTest, RandomNumbersAreValidForTheirKindAndNotFiction) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  Rng rng(1);
  for (Country c : kAllCountries) {
    for (LineKind kind : {LineKind::kMobile, LineKind::kFixed}) {
      std::set<std::string> distinct;
      for (int i = 0; i < 300; ++i) {
        auto e164 = RandomPhone(c, kind, rng);
        ASSERT_TRUE(e164.ok()) << e164.status().ToString();
        PhoneNumber number;
        ASSERT_EQ(util.Parse(*e164, "ZZ", &number), PhoneNumberUtil::NO_PARSING_ERROR);
        EXPECT_TRUE(util.IsValidNumber(number)) << *e164;
        std::string region;
        util.GetRegionCodeForNumber(number, &region);
        EXPECT_EQ(region, CountryCode(c)) << *e164;
        const auto type = util.GetNumberType(number);
        if (kind == LineKind::kMobile) {
          EXPECT_TRUE(type == PhoneNumberUtil::MOBILE ||
                      type == PhoneNumberUtil::FIXED_LINE_OR_MOBILE)
              << *e164;
        } else {
          EXPECT_TRUE(type == PhoneNumberUtil::FIXED_LINE ||
                      type == PhoneNumberUtil::FIXED_LINE_OR_MOBILE)
              << *e164;
        }
        if (c == Country::kUS) {
          EXPECT_NE(e164->substr(5, 3), "555") << *e164;
        }
        if (c == Country::kGB) {
          EXPECT_NE(e164->substr(0, 10), "+447700900") << *e164;
        }
        distinct.insert(*e164);
      }
      EXPECT_GT(distinct.size(), 295u);
    }
  }
}

TEST(PhonesTest, EveryWrittenFormParsesBackInTheFileRegion) {
  Rng rng(2);
  for (Country c : kAllCountries) {
    for (LineKind kind : {LineKind::kMobile, LineKind::kFixed}) {
      for (int i = 0; i < 60; ++i) {
        auto e164 = RandomPhone(c, kind, rng);
        ASSERT_TRUE(e164.ok());
        for (std::string_view region : kRegions) {
          for (int form = 0; form < 5; ++form) {
            const std::string text = WritePhone(*e164, c, region, rng);
            EXPECT_TRUE(ParsesAs(text, region, *e164))
                << text << " in region '" << region << "' should be " << *e164;
            if (region != CountryCode(c)) {
              // Only numbers of the file's own country may be written without a country code.
              EXPECT_TRUE(text[0] == '+' || text.rfind("00", 0) == 0 || text.rfind("011 ", 0) == 0)
                  << text;
            }
            if (region.empty()) {
              EXPECT_EQ(text[0], '+') << text;
            }
          }
        }
        const std::string uri = PhoneUri(*e164, c, rng);
        EXPECT_EQ(uri.rfind("tel:+", 0), 0u) << uri;
        EXPECT_TRUE(ParsesAs(uri, "", *e164)) << uri;
      }
    }
  }
}

TEST(PhonesTest, WrittenFormsAreVaried) {
  Rng rng(3);
  std::set<std::string> shapes;
  for (int i = 0; i < 400; ++i) {
    const std::string text = WritePhone("+4915123456789", Country::kDE, "DE", rng);
    shapes.insert(text);
  }
  EXPECT_TRUE(shapes.count("+4915123456789"));
  EXPECT_TRUE(shapes.count("0151 23456789"));
  EXPECT_TRUE(shapes.count("0151/23456789"));
  EXPECT_TRUE(shapes.count("+49 151 23456789"));
  EXPECT_TRUE(shapes.count("+49 (0)151 23456789"));
  EXPECT_TRUE(shapes.count("0049 151 23456789"));
  std::set<std::string> us;
  for (int i = 0; i < 400; ++i) us.insert(WritePhone("+12125550199", Country::kUS, "US", rng));
  EXPECT_TRUE(us.count("(212) 555-0199"));
  EXPECT_TRUE(us.count("212-555-0199"));
  EXPECT_TRUE(us.count("+1 212-555-0199"));
}

TEST(PhonesTest, FormatInternationalUsesHumanGrouping) {
  EXPECT_EQ(FormatInternational("+4915123456789", Country::kDE), "+49 151 23456789");
  EXPECT_EQ(FormatInternational("+33612345678", Country::kFR), "+33 6 12 34 56 78");
  EXPECT_EQ(FormatInternational("+447400123456", Country::kGB), "+44 7400 123456");
  EXPECT_EQ(FormatInternational("+12015550123", Country::kUS), "+1 201-555-0123");
}

TEST(PhonesTest, TooShortIsRejectedByLibphonenumber) {
  Rng rng(4);
  for (Country c : kAllCountries) {
    for (int i = 0; i < 100; ++i) {
      auto e164 = RandomPhone(c, i % 2 ? LineKind::kMobile : LineKind::kFixed, rng);
      ASSERT_TRUE(e164.ok());
      for (std::string_view region : kRegions) {
        const std::string written = WritePhone(*e164, c, region, rng);
        const std::string typo = TooShort(written, region, rng);
        EXPECT_LT(typo.size(), written.size());
        EXPECT_FALSE(IsValidPhoneText(typo, region)) << typo << " from " << written;
      }
    }
  }
}

}  // namespace
}  // namespace dl::generate
