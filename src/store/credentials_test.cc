// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Keys and console users kept in the store: validation, what is stored (hashes only), the
// ledger entries that record each change (never a secret), and data.read entries.
#include "store/credentials.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "daylight/store.h"

#include "util/test_dir.h"

namespace dl {
namespace {

class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("creds");
    auto s = Store::Init((dir_ / "t.db").string(), InitOptions{}, "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    creds_ = std::make_unique<CredentialStore>(&store_->storage());
  }
  void TearDown() override {
    creds_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Every ledger entry as "kind|actor|body".
  std::vector<std::string> Ledger() {
    std::vector<std::string> out;
    Status s = store_->storage().ScanEntries([&](const LedgerEntry& e) {
      out.push_back(e.kind + "|" + e.actor + "|" + e.body);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<CredentialStore> creds_;
};

TEST_F(CredentialsTest, WriteKeyIsShownOnceAndStoredAsAHash) {
  auto created = creds_->CreateKey({KeyKind::kWrite, "web", {}, "", ""}, "cli:alice");
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string& secret = created->secret;
  EXPECT_EQ(secret.substr(0, 4), "dlw_");
  EXPECT_EQ(secret.size(), 4u + 52u) << "32 bytes in base32";
  EXPECT_EQ(secret.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567", 4), std::string::npos);
  EXPECT_EQ(created->record.source, "web") << "source defaults to the name";
  EXPECT_EQ(created->record.collected_for, "essential.service");
  EXPECT_EQ(created->record.id.substr(0, 2), "k_");
  EXPECT_EQ(created->record.hash, KeyHash(secret));
  EXPECT_EQ(KeyKindOf(secret), KeyKind::kWrite);

  auto set = creds_->Load();
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->version, 1u);
  ASSERT_EQ(set->keys.size(), 1u);
  EXPECT_EQ(set->keys[0].hash, KeyHash(secret));
  EXPECT_TRUE(set->keys[0].active());

  // Nothing in the database file, the ledger or the listing holds the secret.
  for (const std::string& e : Ledger()) {
    EXPECT_EQ(e.find(secret.substr(4)), std::string::npos) << e;
    EXPECT_EQ(e.find(created->record.hash), std::string::npos) << "no hash in the ledger: " << e;
  }
  EXPECT_EQ(KeyJson(set->keys[0]).dump().find(created->record.hash), std::string::npos);
  EXPECT_EQ(Ledger().back().substr(0, 21), "key.create|cli:alice|");

  auto second = creds_->CreateKey({KeyKind::kWrite, "web", {}, "", ""}, "cli:alice");
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->secret, secret);
  EXPECT_NE(second->record.id, created->record.id);
}

TEST_F(CredentialsTest, KeysAreValidated) {
  auto code = [&](const NewKey& k) { return creds_->CreateKey(k, "t").status().code(); };
  EXPECT_EQ(code({KeyKind::kApi, "crm", {}, "", ""}), StatusCode::kInvalidArgument)
      << "an API key needs a scope";
  EXPECT_EQ(code({KeyKind::kApi, "crm", {"read", "root"}, "", ""}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({KeyKind::kApi, "Bad Name", {"read"}, "", ""}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({KeyKind::kApi, "", {"read"}, "", ""}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({KeyKind::kWrite, "web", {"read"}, "", ""}), StatusCode::kInvalidArgument)
      << "write keys take no scopes";
  EXPECT_EQ(code({KeyKind::kWrite, "web", {}, "", "marketing.spam"}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({KeyKind::kWrite, "web", {}, "Web Site", ""}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({KeyKind::kApi, "crm", {"read"}, "", "essential.service"}),
            StatusCode::kInvalidArgument);
  auto set = creds_->Load();
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(set->keys.empty()) << "a refused key leaves nothing behind";
  EXPECT_EQ(set->version, 0u);

  auto ok = creds_->CreateKey({KeyKind::kApi, "crm-sync", {"rights", "read", "read"}, "", ""}, "t");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->record.scopes, (std::vector<std::string>{"read", "rights"}));
  EXPECT_EQ(ok->secret.substr(0, 4), "dla_");
  auto w = creds_->CreateKey({KeyKind::kWrite, "app", {}, "ios", "marketing"}, "t");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->record.source, "ios");
  EXPECT_EQ(w->record.collected_for, "marketing");
}

TEST_F(CredentialsTest, RevokeMarksTheKeyAndBumpsTheVersion) {
  auto created = creds_->CreateKey({KeyKind::kApi, "crm", {"read"}, "", ""}, "t");
  ASSERT_TRUE(created.ok());
  auto v1 = creds_->Version();
  ASSERT_TRUE(v1.ok());
  auto seq = creds_->RevokeKey(created->record.id, "cli:bob");
  ASSERT_TRUE(seq.ok()) << seq.status().ToString();
  auto v2 = creds_->Version();
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(*v2, *v1 + 1);
  auto set = creds_->Load();
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(set->keys.size(), 1u);
  EXPECT_FALSE(set->keys[0].active());
  EXPECT_FALSE(KeyJson(set->keys[0])["revoked"].is_null());
  EXPECT_EQ(Ledger().back().substr(0, 19), "key.revoke|cli:bob|");
  EXPECT_EQ(creds_->RevokeKey(created->record.id, "t").status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(creds_->RevokeKey("k_0000000000000000", "t").status().code(), StatusCode::kNotFound);
}

TEST_F(CredentialsTest, UsersHaveArgon2idPasswords) {
  const std::string password = "correct horse battery";
  auto seq = creds_->AddUser("alice", password, false, "cli:root");
  ASSERT_TRUE(seq.ok()) << seq.status().ToString();
  EXPECT_EQ(creds_->AddUser("alice", password, false, "t").status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(creds_->AddUser("bob", "short", false, "t").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(creds_->AddUser("Bob Smith", password, false, "t").status().code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(creds_->AddUser("dpo", "another long password", true, "t").ok());

  auto set = creds_->Load();
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(set->users.size(), 2u);
  const UserRecord& alice = set->users[0];
  EXPECT_EQ(alice.password_hash.substr(0, 10), "$argon2id$");
  EXPECT_EQ(alice.password_hash.find(password), std::string::npos);
  EXPECT_TRUE(VerifyPassword(alice.password_hash, password));
  EXPECT_FALSE(VerifyPassword(alice.password_hash, password + "x"));
  EXPECT_FALSE(VerifyPassword("not a hash", password));
  EXPECT_TRUE(set->users[1].admin);
  EXPECT_EQ(UserJson(alice).dump().find("argon2"), std::string::npos);
  for (const std::string& e : Ledger()) {
    EXPECT_EQ(e.find(password), std::string::npos);
    EXPECT_EQ(e.find("argon2"), std::string::npos);
  }

  ASSERT_TRUE(creds_->RemoveUser("alice", "cli:root").ok());
  EXPECT_EQ(creds_->RemoveUser("alice", "t").status().code(), StatusCode::kNotFound);
  set = creds_->Load();
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(set->users.size(), 1u);
  EXPECT_EQ(set->users[0].name, "dpo");
  EXPECT_EQ(Ledger().back().substr(0, 21), "user.remove|cli:root|");
  auto verify = store_->VerifyLedger();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok);
}

TEST_F(CredentialsTest, ReadsAreLedgerEntriesWithBlindIndexesOnly) {
  auto id = ParseIdentifier("email:ann@example.com");
  ASSERT_TRUE(id.ok());
  auto seq = store_->RecordRead(*id, "subject.show", "key:k_0123456789abcdef");
  ASSERT_TRUE(seq.ok()) << seq.status().ToString();
  std::string last = Ledger().back();
  EXPECT_EQ(last.substr(0, 32), "data.read|key:k_0123456789abcdef");
  EXPECT_NE(last.find("subject.show"), std::string::npos);
  EXPECT_EQ(last.find("ann@example.com"), std::string::npos) << last;
  auto none = store_->RecordReads({}, "notices.due", "key:k_1");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0u);
  EXPECT_EQ(store_->RecordRead(*id, "", "key:k_1").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dl
