// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "generate/demo_data.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
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

bool IsIsoDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

TEST_F(DemoDataTest, CustomersHaveAPurchaseHistoryOverThreeYears) {
  const std::string first = IsoDate(kDataSetDate - 1095 * 86400);
  const std::string last = IsoDate(kDataSetDate - 86400);
  const std::string recent = IsoDate(kDataSetDate - 90 * 86400);
  EXPECT_EQ(first, "2022-07-02");
  EXPECT_EQ(last, "2025-06-30");
  size_t none = 0, recent_buyers = 0, buyers = 0, orders = 0;
  for (uint32_t i = 0; i < data_->customers; ++i) {
    const Person& p = data_->people[i];
    EXPECT_EQ(p.orders == 0, p.last_order.empty());
    if (p.orders == 0) {
      ++none;
      continue;
    }
    ++buyers;
    orders += p.orders;
    EXPECT_LE(p.orders, 60u);
    EXPECT_TRUE(IsIsoDate(p.last_order)) << p.last_order;
    EXPECT_GE(p.last_order, first);
    EXPECT_LE(p.last_order, last);
    recent_buyers += p.last_order >= recent ? 1 : 0;
  }
  EXPECT_NEAR(static_cast<double>(none) / data_->customers, 0.15, 0.03);
  EXPECT_NEAR(static_cast<double>(orders) / buyers, 1 / 0.45, 0.25);  // geometric, p = 0.45
  // (90/1095)^(2/3): about a fifth ordered in the last 90 days.
  EXPECT_NEAR(static_cast<double>(recent_buyers) / buyers, 0.189, 0.04);
  for (uint32_t i = data_->customers; i < data_->people.size(); ++i) {
    EXPECT_EQ(data_->people[i].orders, 0u);  // shadow people bought nothing
  }
  // The CRM export carries it in its custom fields, empty for contacts who never ordered.
  for (const CrmRow& r : data_->crm) {
    const Person& p = data_->people[r.person];
    EXPECT_EQ(r.last_order, p.last_order);
    EXPECT_EQ(r.orders, p.orders == 0 ? "" : std::to_string(p.orders));
  }
}

// "ad_user_data=granted;ad_personalization=denied" or {"ad_user_data":"granted",...}: the
// documented consent mode syntaxes, read back without the policy layer.
std::map<std::string, std::string> ConsentModeKeys(const std::string& text) {
  std::map<std::string, std::string> out;
  std::string s = text;
  const bool json = !s.empty() && s.front() == '{';
  if (json) {
    EXPECT_EQ(s.back(), '}') << text;
    s = s.substr(1, s.size() - 2);
  }
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(json ? ',' : ';', start);
    if (end == std::string::npos) end = s.size();
    std::string pair = s.substr(start, end - start);
    const size_t sep = pair.find(json ? ':' : '=');
    EXPECT_NE(sep, std::string::npos) << text;
    std::string key = pair.substr(0, sep);
    std::string value = pair.substr(sep + 1);
    if (json) {
      EXPECT_TRUE(key.size() > 2 && key.front() == '"' && key.back() == '"') << text;
      EXPECT_TRUE(value.size() > 2 && value.front() == '"' && value.back() == '"') << text;
      key = key.substr(1, key.size() - 2);
      value = value.substr(1, value.size() - 2);
    }
    EXPECT_TRUE(out.emplace(key, value).second) << "key twice in " << text;
    start = end + 1;
  }
  return out;
}

TEST_F(DemoDataTest, ConsentSignalsComeFromShopAccountsInTheLoggedYear) {
  std::unordered_map<uint32_t, int64_t> signup;
  for (const SignupRow& r : data_->signups) signup[r.person] = r.signup_time;
  size_t accounts = 0;
  for (uint32_t i = 0; i < data_->customers; ++i) {
    accounts += (signup.count(i) || data_->people[i].orders > 0) ? 1 : 0;
  }
  std::map<uint32_t, int> per_person;
  size_t phones = 0;
  int64_t previous = 0;
  for (const SignalRow& row : data_->signals) {
    ASSERT_LT(row.person, data_->customers);
    const Person& p = data_->people[row.person];
    EXPECT_TRUE(signup.count(row.person) || p.orders > 0) << "signal without a shop account";
    EXPECT_TRUE(row.identifier == "email:" + p.email || row.identifier == "phone:" + p.mobile)
        << row.identifier;
    phones += row.identifier.rfind("phone:", 0) == 0 ? 1 : 0;
    EXPECT_GE(row.time, kSignalLogFrom);
    EXPECT_LT(row.time, kDataSetDate);
    if (signup.count(row.person)) {
      EXPECT_GT(row.time, signup[row.person]);
    }
    EXPECT_GE(row.time, previous);  // a log is in time order
    previous = row.time;
    ++per_person[row.person];
  }
  const double logged = static_cast<double>(per_person.size());
  EXPECT_NEAR(logged / accounts, 0.90, 0.03);
  size_t twice = 0;
  for (const auto& [person, n] : per_person) {
    EXPECT_LE(n, 2);
    twice += n == 2 ? 1 : 0;
  }
  EXPECT_NEAR(twice / logged, 0.10 * 0.96, 0.03);  // a changed mind, never for GPC
  EXPECT_NEAR(phones / static_cast<double>(data_->signals.size()), 0.10, 0.03);
}

TEST_F(DemoDataTest, ConsentSignalKindsAndAnswersFollowTheDesign) {
  std::set<uint32_t> seen;
  std::map<SignalKind, double> europe, us;
  double europe_n = 0, us_n = 0;
  std::map<SignalKind, std::map<AdsSignal, double>> answers;
  for (const SignalRow& row : data_->signals) {
    ++answers[row.kind][row.ads];
    if (row.kind == SignalKind::kGpc) {
      EXPECT_EQ(row.signal, "Sec-GPC: 1");
      EXPECT_EQ(row.ads, AdsSignal::kObjection);
    } else if (row.kind == SignalKind::kGoogleConsentMode) {
      // Both parameters granted grant third-party ads; a denied one denies them.
      auto keys = ConsentModeKeys(row.signal);
      for (const auto& [k, v] : keys) {
        EXPECT_TRUE(k == "ad_user_data" || k == "ad_personalization" || k == "ad_storage" ||
                    k == "analytics_storage")
            << row.signal;
        EXPECT_TRUE(v == "granted" || v == "denied") << row.signal;
      }
      ASSERT_TRUE(keys.count("ad_user_data") && keys.count("ad_personalization")) << row.signal;
      const bool granted =
          keys["ad_user_data"] == "granted" && keys["ad_personalization"] == "granted";
      EXPECT_EQ(row.ads, granted ? AdsSignal::kGranted : AdsSignal::kDenied) << row.signal;
    }
    if (!seen.insert(row.person).second) continue;  // shares of the first answers
    if (data_->people[row.person].country == Country::kUS) {
      ++us[row.kind];
      ++us_n;
    } else {
      ++europe[row.kind];
      ++europe_n;
    }
  }
  EXPECT_NEAR(europe[SignalKind::kTcf] / europe_n, 0.72, 0.04);
  EXPECT_NEAR(europe[SignalKind::kGoogleConsentMode] / europe_n, 0.24, 0.04);
  EXPECT_NEAR(europe[SignalKind::kGpc] / europe_n, 0.04, 0.02);
  EXPECT_EQ(us[SignalKind::kTcf], 0);
  EXPECT_NEAR(us[SignalKind::kGpc] / us_n, 0.12, 0.05);
  auto share = [&](SignalKind k, AdsSignal a) {
    double n = 0;
    for (const auto& [ads, count] : answers[k]) n += count;
    return answers[k][a] / n;
  };
  EXPECT_NEAR(share(SignalKind::kTcf, AdsSignal::kGranted), 0.78, 0.05);
  EXPECT_NEAR(share(SignalKind::kGoogleConsentMode, AdsSignal::kGranted), 0.75, 0.06);
}

// The demo's audience (country = "DE" and last_order < now - 90d, for third-party targeted ads)
// must be large enough at the default 2000 people for its guarded size to be shown: the
// guardrails withhold anything under 100 plus a per-audience margin of up to 99.
TEST_F(DemoDataTest, TheDemoAudienceIsLargeEnoughToShow) {
  std::map<uint32_t, AdsSignal> latest;  // signals are in time order: the last one decides
  std::set<uint32_t> objected;
  for (const SignalRow& row : data_->signals) {
    if (row.ads == AdsSignal::kObjection) {
      objected.insert(row.person);
    } else {
      latest[row.person] = row.ads;
    }
  }
  size_t members = 0;
  for (const CrmRow& r : data_->crm) {
    const Person& p = data_->people[r.person];
    if (p.country != Country::kDE || r.last_order.empty() || objected.count(r.person)) continue;
    auto it = latest.find(r.person);
    members += (it != latest.end() && it->second == AdsSignal::kGranted) ? 1 : 0;
  }
  // About 15% of these are lost in the store to the planted defects (a CRM row skipped for a
  // typo, a signal whose identifier the store holds only from address books): the store's
  // audience has about 270, comfortably over the largest threshold of 199.
  EXPECT_GT(members, 260u);
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
    for (const SignalRow& r : d.signals) AppendSignal(out, r);
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
