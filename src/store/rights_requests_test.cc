// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The officer's queue of rights requests from the privacy portal: queued durably with a ledger
// entry, deduplicated, the identifier readable only while the request is pending, and an
// executed erasure request really erases.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "daylight/store.h"

#include "util/test_dir.h"

namespace dl {
namespace {

class RightsRequestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("requests");
    auto s = Store::Init(Db(), InitOptions{}, "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    const std::string path = (dir_ / "crm.csv").string();
    std::ofstream(path) << "email,first_name\nann@example.com,Annabelle\nbob@example.com,Bob\n";
    ImportOptions o;
    o.path = path;
    o.source = "crm";
    o.supplier = Supplier::kFirstParty;
    o.collected_for = "marketing";
    o.actor = "test";
    auto r = store_->Import(o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string Db() const { return (dir_ / "t.db").string(); }
  static Identifier Email(const std::string& v) { return {IdType::kEmail, v}; }
  std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(RightsRequestsTest, QueuedOnceWithLedgerEntryAndSurvivesReopen) {
  auto r = store_->RecordRightsRequest(Email("ann@example.com"), "erase", "portal:verified");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, 1u);
  EXPECT_EQ(r->status, "pending");
  EXPECT_GT(r->seq, 0u);
  auto again = store_->RecordRightsRequest(Email("ann@example.com"), "erase", "portal:verified");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, 1u) << "a pending request is not queued twice";

  store_.reset();
  auto reopened = Store::Open(Db());
  ASSERT_TRUE(reopened.ok());
  store_ = std::move(*reopened);
  auto list = store_->ListRightsRequests(false);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].identifier, "email:ann@example.com");
  EXPECT_EQ((*list)[0].actor, "portal:verified");
  EXPECT_TRUE((*list)[0].held);
  const Identifier bob = Email("bob@example.com");
  auto of_bob = store_->ListRightsRequests(true, &bob);
  ASSERT_TRUE(of_bob.ok());
  EXPECT_TRUE(of_bob->empty());
  auto verify = store_->VerifyLedger();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok);
}

TEST_F(RightsRequestsTest, UnknownIdentifierAndKindAreRefused) {
  EXPECT_EQ(store_->RecordRightsRequest(Email("nobody@example.com"), "erase", "p").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->RecordRightsRequest(Email("ann@example.com"), "nuke", "p").status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(RightsRequestsTest, ExecutingAnErasureErasesAndShredsTheRequest) {
  auto r = store_->RecordRightsRequest(Email("ann@example.com"), "erase", "portal:verified");
  ASSERT_TRUE(r.ok());
  auto done = store_->ResolveRightsRequest(r->id, true, "", "cli:officer");
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->status, "done");
  EXPECT_EQ(done->resolution, "erased");
  EXPECT_EQ(done->resolved_by, "cli:officer");
  auto shown = store_->ShowSubject(Email("ann@example.com"));
  ASSERT_TRUE(shown.ok());
  EXPECT_FALSE(shown->known);
  auto list = store_->ListRightsRequests(true);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].identifier, "") << "no readable identifier once resolved";
  EXPECT_EQ(store_->ResolveRightsRequest(r->id, true, "", "cli:officer").status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->ResolveRightsRequest(99, true, "", "cli:officer").status().code(),
            StatusCode::kNotFound);
  store_.reset();
  for (const char* f : {"t.db", "t.db-wal"}) {
    const std::string path = (dir_ / f).string();
    if (!std::filesystem::exists(path)) continue;
    EXPECT_EQ(ReadAll(path).find("ann@example.com"), std::string::npos) << f;
    EXPECT_EQ(ReadAll(path).find("Annabelle"), std::string::npos) << f;
  }
}

TEST_F(RightsRequestsTest, RejectionKeepsTheDataAndNotesWhy) {
  auto r = store_->RecordRightsRequest(Email("bob@example.com"), "erase", "portal:verified");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(store_->ResolveRightsRequest(r->id, false, "bad\nnote", "cli:officer").status().code(),
            StatusCode::kInvalidArgument);
  auto rejected = store_->ResolveRightsRequest(r->id, false, "legal hold", "cli:officer");
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_EQ(rejected->status, "rejected");
  EXPECT_EQ(rejected->resolution, "rejected: legal hold");
  auto shown = store_->ShowSubject(Email("bob@example.com"));
  ASSERT_TRUE(shown.ok());
  EXPECT_TRUE(shown->known);
  auto pending = store_->ListRightsRequests(false);
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());
  // A new request may be made after a rejection.
  auto next = store_->RecordRightsRequest(Email("bob@example.com"), "erase", "portal:verified");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->id, 2u);
}

}  // namespace
}  // namespace dl
