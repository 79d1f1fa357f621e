// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Audiences through the Store API: what the snapshot and the gate's cache must get right.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "daylight/store.h"

#include "util/test_dir.h"

namespace dl {
namespace {

constexpr const char* kAds = "marketing.advertising.third_party.targeted";

class AudiencesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("aud");
    InitOptions o;
    o.guardrails = {1, 1, 1};  // exact counts: these tests check the evaluation, not the guard
    auto s = Store::Init(Db(), o, "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string Db() const { return (dir_ / "t.db").string(); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  void Import(const std::string& name, const std::string& csv, const std::string& purpose) {
    std::ofstream(Path(name)) << csv;
    ImportOptions o;
    o.path = Path(name);
    o.supplier = Supplier::kFirstParty;
    o.source = "crm";
    o.collected_for = purpose;
    o.region = "DE";
    o.actor = "test";
    auto r = store_->Import(o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  void Consent(const std::string& id, ConsentState state) {
    auto parsed = ParseIdentifier(id, "DE");
    ASSERT_TRUE(parsed.ok());
    ASSERT_TRUE(store_->RecordConsent(*parsed, kAds, state, "test", 0, "web", "test").ok());
  }
  uint64_t Members(const std::string& name) {
    auto v = store_->ShowAudience(name);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? v->members.shown : 0;
  }
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(AudiencesTest, MembersAreFilterAndEligible) {
  Import("a.csv", "email,country\na@x.org,DE\nb@x.org,DE\nc@x.org,FR\n", "marketing");
  ASSERT_TRUE(store_->CreateAudience("de", kAds, "country = \"DE\"", false, "test").ok());
  EXPECT_EQ(Members("de"), 0u);  // nobody consented
  auto v = store_->ShowAudience("de");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->matched.shown, 2u);
  ASSERT_EQ(v->excluded.size(), 1u);
  EXPECT_EQ(v->excluded[0].first, "legal basis");
  EXPECT_EQ(v->excluded[0].second.shown, 2u);

  Consent("email:a@x.org", ConsentState::kGranted);
  Consent("email:c@x.org", ConsentState::kGranted);
  EXPECT_EQ(Members("de"), 1u) << "the consent must invalidate the cached eligibility";
  Consent("email:a@x.org", ConsentState::kWithdrawn);
  EXPECT_EQ(Members("de"), 0u);
}

TEST_F(AudiencesTest, ANewImportRebuildsTheSnapshotAndTheLatestValueWins) {
  Import("a.csv", "email,country\na@x.org,DE\n", "marketing");
  Consent("email:a@x.org", ConsentState::kGranted);
  ASSERT_TRUE(store_->CreateAudience("fr", kAds, "country = \"FR\"", false, "test").ok());
  EXPECT_EQ(Members("fr"), 0u);
  Import("b.csv", "email,country\na@x.org,FR\n", "marketing");  // she moved
  EXPECT_EQ(Members("fr"), 1u);
}

TEST_F(AudiencesTest, ExportHoldsOnlyAllowedIdentifiersAndNamesWhomToRemove) {
  Import("a.csv", "email,phone,country\na@x.org,,DE\nb@x.org,,DE\n", "marketing");
  Import("2fa.csv", "email,phone\na@x.org,+4917112345678\n", "essential.security");
  Consent("email:a@x.org", ConsentState::kGranted);
  Consent("email:b@x.org", ConsentState::kGranted);
  ASSERT_TRUE(store_->CreateAudience("all", kAds, "exists country", false, "test").ok());
  AudienceExportRequest r;
  r.audience = "all";
  r.recipient = "Meta Ads account 1";
  r.out_path = Path("all.csv");
  r.actor = "test";
  auto first = store_->ExportAudience(r);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->rows, 2u);
  EXPECT_EQ(first->identifiers, 2u) << "two e-mails; the 2FA phone is not offered";
  EXPECT_EQ(first->previous_seq, 0u);
  std::stringstream file;
  file << std::ifstream(Path("all.csv")).rdbuf();
  EXPECT_EQ(file.str().find("4917112345678"), std::string::npos);
  EXPECT_EQ(file.str().find(Sha256Hex("4917112345678")), std::string::npos);
  EXPECT_NE(file.str().find(Sha256Hex("a@x.org")), std::string::npos);

  Consent("email:b@x.org", ConsentState::kWithdrawn);
  r.out_path = Path("all2.csv");
  auto second = store_->ExportAudience(r);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->previous_seq, first->seq);
  EXPECT_EQ(second->removed, 1u);
  EXPECT_EQ(second->removals_path, Path("all2.remove.csv"));
  std::stringstream removals;
  removals << std::ifstream(second->removals_path).rdbuf();
  EXPECT_NE(removals.str().find(Sha256Hex("b@x.org")), std::string::npos);

  // Another recipient has no history: nothing to remove there.
  r.recipient = "Google Ads 2";
  r.platform = Platform::kGoogle;
  r.out_path = Path("g.csv");
  auto third = store_->ExportAudience(r);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->previous_seq, 0u);
  ASSERT_TRUE(store_->VerifyLedger().ok());
  EXPECT_TRUE(store_->VerifyLedger()->ok);
}

TEST_F(AudiencesTest, RefusesBadDefinitions) {
  EXPECT_EQ(store_->CreateAudience("Bad Name", kAds, "x = 1", false, "t").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->CreateAudience("a", "marketing.spam", "x = 1", false, "t").status().code(),
            StatusCode::kInvalidArgument);
  auto bad = store_->CreateAudience("a", kAds, "x = ", false, "t");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("--where: column 5"), std::string::npos)
      << bad.status().message();
  ASSERT_TRUE(store_->CreateAudience("a", kAds, "x = 1", false, "t").ok());
  EXPECT_EQ(store_->CreateAudience("a", kAds, "x = 2", false, "t").status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_TRUE(store_->CreateAudience("a", kAds, "x = 2", true, "t").ok());
  EXPECT_EQ(store_->ShowAudience("nope").status().code(), StatusCode::kNotFound);
}

TEST_F(AudiencesTest, EventFieldsAreRefusedWithAReason) {
  Import("a.csv", "email,country\na@x.org,DE\n", "marketing");
  ASSERT_TRUE(store_->CreateAudience("ev", kAds, "events.order.count >= 3", false, "t").ok());
  auto v = store_->ShowAudience("ev");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("event aggregates"), std::string::npos);
}

}  // namespace
}  // namespace dl
