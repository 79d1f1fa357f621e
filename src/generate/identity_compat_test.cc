// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The generated data as the identity layer sees it: what the generator means to be valid
// normalises to the value it denotes and is not mistaken for a placeholder; what it plants as a
// typo is rejected; what it plants as a placeholder is blocked. If this fails after a change
// to either layer, the demo would tell a wrong story.
#include <string>

#include <gtest/gtest.h>

#include "daylight/blocklist.h"
#include "daylight/identifier.h"

#include "generate/demo_data.h"
#include "generate/names.h"

namespace dl::generate {
namespace {

class IdentityCompatTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GenerateOptions o;
    o.out_dir = "unused";
    o.people = 1500;
    o.seed = 2024;
    auto built = BuildDemoData(o, {});
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    data_ = new DemoData(std::move(*built));
  }
  static void TearDownTestSuite() {
    delete data_;
    data_ = nullptr;
  }

  static void CheckPhone(const Written& w, const std::string& region) {
    if (w.text.empty()) return;
    auto normalised = NormalizePhone(w.text, region);
    switch (w.quality) {
      case Quality::kValid:
        ASSERT_TRUE(normalised.ok())
            << "'" << w.text << "' region " << region << ": " << normalised.status().ToString();
        EXPECT_EQ(*normalised, w.canonical) << w.text;
        EXPECT_FALSE(Blocks().IsBlocked({IdType::kPhone, *normalised})) << *normalised;
        break;
      case Quality::kTypo:
        EXPECT_FALSE(normalised.ok()) << "typo '" << w.text << "' was accepted";
        break;
      case Quality::kPlaceholder:
        EXPECT_TRUE(!normalised.ok() || Blocks().IsBlocked({IdType::kPhone, *normalised}));
        break;
    }
  }

  static void CheckEmail(const Written& w) {
    if (w.text.empty()) return;
    auto normalised = NormalizeEmail(w.text);
    switch (w.quality) {
      case Quality::kValid:
        ASSERT_TRUE(normalised.ok()) << w.text << ": " << normalised.status().ToString();
        EXPECT_EQ(*normalised, w.canonical);
        EXPECT_FALSE(Blocks().IsBlocked({IdType::kEmail, *normalised})) << *normalised;
        break;
      case Quality::kTypo:
        EXPECT_FALSE(normalised.ok()) << "typo '" << w.text << "' was accepted";
        break;
      case Quality::kPlaceholder:
        ASSERT_TRUE(normalised.ok());
        EXPECT_TRUE(Blocks().IsBlocked({IdType::kEmail, *normalised})) << *normalised;
        break;
    }
  }

  // Built on first use: Defaults() may rely on tables in other translation units.
  static const Blocklist& Blocks() {
    static const Blocklist* const blocklist = new Blocklist(Blocklist::Defaults());
    return *blocklist;
  }

  static DemoData* data_;
};

DemoData* IdentityCompatTest::data_ = nullptr;

TEST_F(IdentityCompatTest, CrmDynamicsAndSignupValuesNormaliseAsIntended) {
  for (const CrmRow& r : data_->crm) {
    CheckEmail(r.email);
    CheckPhone(r.phone, data_->crm_region);
    CheckPhone(r.mobile, data_->crm_region);
  }
  for (const DynamicsRow& r : data_->dynamics) {
    CheckEmail(r.email);
    CheckPhone(r.telephone1, data_->dynamics_region);
    CheckPhone(r.mobile, data_->dynamics_region);
  }
  for (const SignupRow& r : data_->signups) {
    CheckEmail(r.email);
    CheckPhone(r.phone, "");
  }
}

TEST_F(IdentityCompatTest, AddressBookValuesNormaliseAsIntended) {
  for (const AddressBook& b : data_->books) {
    for (const Card& c : b.cards) {
      for (const CardTel& t : c.tels) {
        // A vCard reader hands over a VALUE=uri number without its "tel:" scheme.
        Written w = t.value;
        if (t.uri && w.text.rfind("tel:", 0) == 0) w.text.erase(0, 4);
        CheckPhone(w, b.region);
      }
      for (const CardEmail& e : c.emails) CheckEmail(e.value);
    }
  }
}

TEST_F(IdentityCompatTest, EveryCountrySpellingIsUnderstood) {
  for (Country c : kAllCountries) {
    for (std::string_view spelling : CountrySpellings(c)) {
      EXPECT_EQ(NormalizeCountry(spelling), std::string(CountryCode(c))) << spelling;
    }
  }
}

}  // namespace
}  // namespace dl::generate
