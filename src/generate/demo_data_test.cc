// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "generate/demo_data.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "generate/phones.h"

namespace dl::generate {
namespace {

GenerateOptions Options(uint64_t people, uint64_t seed = 42) {
  GenerateOptions o;
  o.out_dir = "unused";
  o.people = people;
  o.seed = seed;
  return o;
}

// Every phone value in the data set with the region its file is imported with.
struct PhoneRef {
  const Written* value;
  std::string region;
};

class DemoDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto built = BuildDemoData(Options(2000), {});
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    data_ = new DemoData(std::move(*built));
  }
  static void TearDownTestSuite() {
    delete data_;
    data_ = nullptr;
  }

  static std::vector<PhoneRef> AllPhones() {
    std::vector<PhoneRef> out;
    for (const CrmRow& r : data_->crm) {
      out.push_back({&r.phone, data_->crm_region});
      out.push_back({&r.mobile, data_->crm_region});
    }
    for (const DynamicsRow& r : data_->dynamics) {
      out.push_back({&r.telephone1, data_->dynamics_region});
      out.push_back({&r.mobile, data_->dynamics_region});
    }
    for (const SignupRow& r : data_->signups) out.push_back({&r.phone, ""});
    for (const AddressBook& b : data_->books) {
      for (const Card& c : b.cards) {
        for (const CardTel& t : c.tels) out.push_back({&t.value, b.region});
      }
    }
    return out;
  }

  static std::vector<const Written*> AllEmails() {
    std::vector<const Written*> out;
    for (const CrmRow& r : data_->crm) out.push_back(&r.email);
    for (const DynamicsRow& r : data_->dynamics) out.push_back(&r.email);
    for (const SignupRow& r : data_->signups) out.push_back(&r.email);
    for (const AddressBook& b : data_->books) {
      for (const Card& c : b.cards) {
        for (const CardEmail& e : c.emails) out.push_back(&e.value);
      }
    }
    return out;
  }

  static DemoData* data_;
};

DemoData* DemoDataTest::data_ = nullptr;

TEST_F(DemoDataTest, EveryValidPhoneParsesToItsNumberInTheFileRegion) {
  size_t valid = 0;
  size_t typos = 0;
  size_t placeholders = 0;
  for (const PhoneRef& ref : AllPhones()) {
    const Written& w = *ref.value;
    if (w.text.empty()) continue;
    switch (w.quality) {
      case Quality::kValid:
        ++valid;
        EXPECT_TRUE(ParsesAs(w.text, ref.region, w.canonical))
            << "'" << w.text << "' region '" << ref.region << "' should be " << w.canonical;
        break;
      case Quality::kTypo:
        ++typos;
        EXPECT_FALSE(IsValidPhoneText(w.text, ref.region)) << w.text;
        break;
      case Quality::kPlaceholder:
        ++placeholders;
        EXPECT_EQ(w.text, "0000000000");
        break;
    }
  }
  EXPECT_GT(valid, 10000u);
  EXPECT_GT(typos, 0u);
  EXPECT_GT(placeholders, 0u);
}

TEST_F(DemoDataTest, EmailsAreWhatTheySeem) {
  size_t typos = 0;
  size_t varied = 0;
  for (const Written* w : AllEmails()) {
    if (w->text.empty()) continue;  // the source had no address for this person
    if (w->quality == Quality::kValid) {
      std::string t = w->text;
      while (!t.empty() && t.back() == ' ') t.pop_back();
      std::transform(t.begin(), t.end(), t.begin(),
                     [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
      EXPECT_EQ(t, w->canonical);
      EXPECT_EQ(std::count(t.begin(), t.end(), '@'), 1) << t;
      for (char c : t) EXPECT_TRUE(static_cast<unsigned char>(c) < 0x80) << t;
      varied += w->text != w->canonical ? 1 : 0;
    } else if (w->quality == Quality::kTypo) {
      ++typos;
      const size_t at = w->text.find('@');
      EXPECT_TRUE(at == std::string::npos || w->text.find('.', at) == std::string::npos) << w->text;
    } else {
      EXPECT_EQ(w->text, "test@test.com");
    }
  }
  EXPECT_GT(typos, 0u);
  EXPECT_GT(varied, 50u);  // case-changed copies of the same address in another source
}

TEST_F(DemoDataTest, CustomersAreSpreadOverSourcesWithOverlap) {
  const double n = data_->customers;
  EXPECT_EQ(data_->customers, 2000u);
  EXPECT_NEAR(data_->crm.size() / n, 0.70, 0.05);
  EXPECT_NEAR(data_->dynamics.size() / n, 0.15, 0.05);
  std::vector<int> sources(data_->customers, 0);
  for (const CrmRow& r : data_->crm) ++sources[r.person];
  for (const DynamicsRow& r : data_->dynamics) ++sources[r.person];
  for (const SignupRow& r : data_->signups) ++sources[r.person];
  EXPECT_EQ(std::count(sources.begin(), sources.end(), 0), 0);
  EXPECT_GT(std::count_if(sources.begin(), sources.end(), [](int s) { return s >= 2; }), 500);
  EXPECT_GT(std::count(sources.begin(), sources.end(), 3), 10);
}

TEST_F(DemoDataTest, CountriesFollowTheWeights) {
  std::map<Country, int> count;
  for (uint32_t i = 0; i < data_->customers; ++i) ++count[data_->people[i].country];
  EXPECT_NEAR(count[Country::kDE] / 2000.0, 0.4, 0.05);
  EXPECT_NEAR(count[Country::kFR] / 2000.0, 0.2, 0.04);
  EXPECT_NEAR(count[Country::kGB] / 2000.0, 0.2, 0.04);
  EXPECT_NEAR(count[Country::kUS] / 2000.0, 0.2, 0.04);
}

TEST_F(DemoDataTest, DefectAndOptOutRates) {
  size_t rows = data_->crm.size() + data_->dynamics.size() + data_->signups.size();
  size_t typo_rows = 0;
  size_t placeholder_rows = 0;
  auto tally = [&](std::initializer_list<const Written*> fields) {
    bool typo = false;
    bool placeholder = false;
    for (const Written* w : fields) {
      typo |= w->quality == Quality::kTypo;
      placeholder |= w->quality == Quality::kPlaceholder;
    }
    typo_rows += typo;
    placeholder_rows += placeholder;
  };
  for (const CrmRow& r : data_->crm) tally({&r.email, &r.phone, &r.mobile});
  for (const DynamicsRow& r : data_->dynamics) tally({&r.email, &r.telephone1, &r.mobile});
  for (const SignupRow& r : data_->signups) tally({&r.email, &r.phone});
  EXPECT_NEAR(static_cast<double>(typo_rows) / rows, 0.01, 0.006);
  EXPECT_NEAR(static_cast<double>(placeholder_rows) / rows, 0.005, 0.004);
  size_t opted_out = 0;
  for (uint32_t i = 0; i < data_->customers; ++i) opted_out += data_->people[i].opted_out_email;
  EXPECT_NEAR(opted_out / 2000.0, 0.10, 0.025);
}

TEST_F(DemoDataTest, FamilyAndOfficeNumbersAreSharedByTwoToEight) {
  std::map<std::string, int> holders;
  for (const Person& p : data_->people) {
    if (!p.landline.empty()) ++holders[p.landline];
  }
  ASSERT_FALSE(holders.empty());
  int shared = 0;
  for (const auto& [number, n] : holders) {
    EXPECT_LE(n, 8) << number;
    shared += n >= 2 ? 1 : 0;
  }
  EXPECT_GT(shared, 10);
  std::set<std::string> mobiles;
  for (const Person& p : data_->people) EXPECT_TRUE(mobiles.insert(p.mobile).second);
}

TEST_F(DemoDataTest, AddressBooksAreMostlyShadowContactsSeenInSeveralUploads) {
  ASSERT_EQ(data_->books.size(), 100u);  // people / 20
  size_t cards = 0;
  size_t shadow = 0;
  std::map<uint32_t, std::set<std::string>> uploads_of;
  std::set<int> versions;
  bool uri = false;
  bool note = false;
  for (const AddressBook& b : data_->books) {
    EXPECT_GE(b.cards.size(), 20u) << b.uploader;
    EXPECT_LE(b.cards.size(), 200u) << b.uploader;
    EXPECT_EQ(b.region, CountryCode(data_->people[b.uploader_person].country));
    EXPECT_TRUE(data_->people[b.uploader_person].customer);
    for (const Card& c : b.cards) {
      ++cards;
      EXPECT_NE(c.person, b.uploader_person);
      EXPECT_EQ(c.shadow, !data_->people[c.person].customer);
      EXPECT_EQ(c.shadow, c.person >= data_->customers);
      EXPECT_FALSE(c.tels.empty() && c.emails.empty());
      EXPECT_FALSE(c.formatted_name.empty());
      shadow += c.shadow;
      if (c.shadow) uploads_of[c.person].insert(b.uploader);
      versions.insert(c.version);
      for (const CardTel& t : c.tels) uri |= t.uri;
      note |= !c.note.empty();
    }
  }
  EXPECT_NEAR(static_cast<double>(shadow) / cards, 0.60, 0.04);
  size_t most = 0;
  size_t in_several = 0;
  for (const auto& [person, uploads] : uploads_of) {
    most = std::max(most, uploads.size());
    in_several += uploads.size() >= 2;
  }
  EXPECT_GE(most, 7u);
  EXPECT_GT(in_several, uploads_of.size() / 2);
  EXPECT_EQ(versions, (std::set<int>{3, 4}));
  EXPECT_TRUE(uri);
  EXPECT_TRUE(note);
}

TEST_F(DemoDataTest, ShadowPeopleNeverAppearInCustomerFiles) {
  std::set<std::string> customer_values;
  for (const CrmRow& r : data_->crm) {
    customer_values.insert({r.email.canonical, r.phone.canonical, r.mobile.canonical});
  }
  for (const DynamicsRow& r : data_->dynamics) {
    customer_values.insert({r.email.canonical, r.telephone1.canonical, r.mobile.canonical});
  }
  for (const SignupRow& r : data_->signups) {
    customer_values.insert({r.email.canonical, r.phone.canonical});
  }
  for (uint32_t i = data_->customers; i < data_->people.size(); ++i) {
    const Person& p = data_->people[i];
    EXPECT_FALSE(p.customer);
    EXPECT_EQ(customer_values.count(p.email), 0u);
    EXPECT_EQ(customer_values.count(p.mobile), 0u);
    if (!p.landline.empty()) {
      EXPECT_EQ(customer_values.count(p.landline), 0u);
    }
  }
}

TEST_F(DemoDataTest, LabelsIncludeFamilyWorkAndDoctors) {
  std::set<std::string> labels;
  for (const AddressBook& b : data_->books) {
    for (const Card& c : b.cards) labels.insert(c.formatted_name);
  }
  EXPECT_TRUE(labels.count("Mama") || labels.count("Mom") || labels.count("Mum"));
  bool work = false;
  bool doctor = false;
  for (const std::string& l : labels) {
    work |= l.find(" (Arbeit)") != std::string::npos || l.find(" (Work)") != std::string::npos;
    doctor |= l.rfind("Dr. ", 0) == 0 || l.rfind("Dr ", 0) == 0;
  }
  EXPECT_TRUE(work);
  EXPECT_TRUE(doctor);
}

TEST(DemoDataDeterminismTest, SameSeedSameModelOtherSeedOtherModel) {
  auto serialise = [](const DemoData& d) {
    std::string out;
    for (const CrmRow& r : d.crm) AppendCrmRow(out, r);
    for (const DynamicsRow& r : d.dynamics) AppendDynamicsRow(out, r);
    for (const SignupRow& r : d.signups) AppendSignup(out, r);
    for (const AddressBook& b : d.books) {
      for (const Card& c : b.cards) AppendCard(out, c);
    }
    return out;
  };
  auto a = BuildDemoData(Options(300, 7), {});
  auto b = BuildDemoData(Options(300, 7), {});
  auto c = BuildDemoData(Options(300, 8), {});
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(serialise(*a), serialise(*b));
  EXPECT_NE(serialise(*a), serialise(*c));
}

TEST(DemoDataSmallTest, TinyDataSetsStillWork) {
  for (uint64_t people : {1, 2, 5, 20}) {
    auto d = BuildDemoData(Options(people), {});
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_EQ(d->customers, people);
    EXPECT_EQ(d->books.size(), 3u);
    for (const AddressBook& b : d->books) EXPECT_FALSE(b.cards.empty());
  }
}

}  // namespace
}  // namespace dl::generate
