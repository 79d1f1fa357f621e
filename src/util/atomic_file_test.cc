// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "util/atomic_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "util/test_dir.h"

namespace dl {
namespace {

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = FreshTestDir("atomic"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  size_t Entries() const {
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir_),
                                             std::filesystem::directory_iterator()));
  }
  static std::string Read(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::filesystem::path dir_;
};

TEST_F(AtomicFileTest, WritesMode0600AndReplacesTheTarget) {
  const auto target = dir_ / "report.html";
  std::ofstream(target) << "old";
  ::chmod(target.c_str(), 0644);
  const mode_t old_mask = ::umask(0);  // even a permissive umask gives 0600
  Status s = WriteFileAtomically(target.string(), "new content", "report file");
  ::umask(old_mask);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Read(target), "new content");
  struct stat st {};
  ASSERT_EQ(::stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(Entries(), 1u) << "no temporary file left behind";
}

TEST_F(AtomicFileTest, NothingAppearsUntilCommitAndNothingStaysWithoutIt) {
  const auto target = dir_ / "out.json";
  {
    AtomicFile f("export file");
    ASSERT_TRUE(f.Create(target).ok());
    ASSERT_TRUE(f.Write("partial").ok());
    EXPECT_FALSE(std::filesystem::exists(target));
    EXPECT_EQ(Entries(), 1u);  // the temporary file
  }
  EXPECT_EQ(Entries(), 0u) << "an uncommitted file is removed";
}

TEST_F(AtomicFileTest, DigestIsBlake2b256OfTheContent) {
  AtomicFile f;
  ASSERT_TRUE(f.Create(dir_ / "x").ok());
  ASSERT_TRUE(f.Write("ab").ok());
  ASSERT_TRUE(f.Write("c").ok());
  // BLAKE2b-256("abc")
  EXPECT_EQ(f.Digest(), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  ASSERT_TRUE(f.Commit().ok());
}

TEST_F(AtomicFileTest, ErrorsNameTheFileKindAndDirectory) {
  Status s = WriteFileAtomically((dir_ / "missing" / "r.html").string(), "x", "report file");
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_NE(s.message().find("cannot create report file in"), std::string::npos) << s.ToString();
  EXPECT_EQ(WriteFileAtomically("", "x", "report file").code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dl
