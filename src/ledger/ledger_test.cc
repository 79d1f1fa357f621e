// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "daylight/ledger.h"

#include <filesystem>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "ledger/ledger_writer.h"
#include "ledger/secrets.h"
#include "ledger/sqlite_storage.h"
#include "util/test_dir.h"

namespace dl {
namespace {

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("ledger");
    auto s = OpenSqliteStorage((dir_ / "t.db").string(), true);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    storage_ = std::move(*s);
  }
  void TearDown() override {
    storage_.reset();
    std::filesystem::remove_all(dir_);
  }
  void AppendN(int n) {
    ASSERT_TRUE(storage_->Begin().ok());
    LedgerWriter w(storage_.get());
    ASSERT_TRUE(w.Reload().ok());
    for (int i = 0; i < n; ++i) {
      auto seq = w.Append("test", "cli:t", "body " + std::to_string(i), 1000 + i);
      ASSERT_TRUE(seq.ok());
    }
    ASSERT_TRUE(storage_->Commit().ok());
  }
  std::filesystem::path dir_;
  std::unique_ptr<Storage> storage_;
};

TEST_F(LedgerTest, ChainOfAppendsVerifies) {
  AppendN(5);
  auto r = VerifyChain(storage_.get());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok) << r->reason;
  EXPECT_EQ(r->entries, 5u);
}

TEST_F(LedgerTest, EntriesLinkToTheirPredecessor) {
  AppendN(3);
  std::vector<LedgerEntry> all;
  ASSERT_TRUE(storage_
                  ->ScanEntries([&](const LedgerEntry& e) {
                    all.push_back(e);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].prev, Hash256{});
  EXPECT_EQ(all[1].prev, all[0].hash);
  EXPECT_EQ(all[2].prev, all[1].hash);
  EXPECT_EQ(all[2].hash, EntryHash(all[2].prev, 3, all[2].time_us, "test", "cli:t", "body 2"));
}

TEST_F(LedgerTest, HashCoversEveryField) {
  Hash256 prev{};
  Hash256 base = EntryHash(prev, 1, 10, "k", "a", "b");
  prev[0] = 1;
  EXPECT_NE(EntryHash(prev, 1, 10, "k", "a", "b"), base);
  EXPECT_NE(EntryHash(Hash256{}, 2, 10, "k", "a", "b"), base);
  EXPECT_NE(EntryHash(Hash256{}, 1, 11, "k", "a", "b"), base);
  EXPECT_NE(EntryHash(Hash256{}, 1, 10, "K", "a", "b"), base);
  EXPECT_NE(EntryHash(Hash256{}, 1, 10, "k", "A", "b"), base);
  EXPECT_NE(EntryHash(Hash256{}, 1, 10, "k", "a", "B"), base);
  // Length prefixes: moving a byte from kind to actor changes the hash.
  EXPECT_NE(EntryHash(Hash256{}, 1, 10, "ka", "", "b"), EntryHash(Hash256{}, 1, 10, "k", "a", "b"));
}

TEST_F(LedgerTest, RolledBackAppendsLeaveNothing) {
  AppendN(2);
  ASSERT_TRUE(storage_->Begin().ok());
  LedgerWriter w(storage_.get());
  ASSERT_TRUE(w.Reload().ok());
  ASSERT_TRUE(w.Append("test", "cli:t", "doomed", 5).ok());
  ASSERT_TRUE(storage_->Rollback().ok());
  auto r = VerifyChain(storage_.get());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok) << r->reason;
  EXPECT_EQ(r->entries, 2u);
}

TEST(SecretsTest, KeyFileIsCreated0600AndNeverOverwritten) {
  auto dir = std::filesystem::temp_directory_path() / ("dl-secrets-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "k.key").string();
  std::filesystem::remove(path);
  auto s = StoreSecrets::CreateFile(path);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = StoreSecrets::CreateFile(path);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);

  auto loaded = StoreSecrets::LoadFile(path);
  ASSERT_TRUE(loaded.ok());
  Identifier id{IdType::kEmail, "ann@example.com"};
  EXPECT_EQ(loaded->Blind(id), s->Blind(id)) << "the blind index must survive a reload";
  EXPECT_NE(s->Blind(id), s->Blind(Identifier{IdType::kPhone, "ann@example.com"}))
      << "type is part of the blind index";

  ::chmod(path.c_str(), 0644);
  EXPECT_EQ(StoreSecrets::LoadFile(path).status().code(), StatusCode::kFailedPrecondition);
  std::filesystem::remove_all(dir);
}

TEST(SecretsTest, SealedDataOpensOnlyWithItsKeyAndContext) {
  SecretBytes k1 = SecretBytes::Random(32), k2 = SecretBytes::Random(32);
  std::string sealed = Seal(k1, "ann@example.com", "ctx");
  EXPECT_EQ(sealed.find("ann@example.com"), std::string::npos);
  auto ok = Unseal(k1, sealed, "ctx");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "ann@example.com");
  EXPECT_EQ(Unseal(k2, sealed, "ctx").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(Unseal(k1, sealed, "other").status().code(), StatusCode::kCorruption);
  sealed[30] ^= 1;
  EXPECT_EQ(Unseal(k1, sealed, "ctx").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(Unseal(k1, "short", "ctx").status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace dl
