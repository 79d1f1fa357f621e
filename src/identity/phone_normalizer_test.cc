// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0

#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "daylight/identifier.h"

namespace dl {
namespace {

struct Case {
  std::string_view in;
  std::string_view region;
  std::string_view out;
};

// Every written form of one number is one identifier. (The header's example pairs
// "0171 1234567" with +4917112345678; that E.164 value is the eight-digit subscriber number
// 0171 12345678, and "0171 1234567" is +491711234567. Both are tested.)
TEST(NormalizePhone, WrittenFormsOfOneNumberAreOneIdentifier) {
  const Case cases[] = {
      {"0171 12345678", "DE", "+4917112345678"},
      {"+49 (0)171 12345678", "DE", "+4917112345678"},
      {"+49 (0)171 12345678", "", "+4917112345678"},
      {"0049 171 12345678", "DE", "+4917112345678"},
      {"+4917112345678", "", "+4917112345678"},
      {"0171/123 456 78", "de", "+4917112345678"},  // region case does not matter
      {"0171 1234567", "DE", "+491711234567"},
      {"+49 (0)171 1234567", "DE", "+491711234567"},
      {"0049 171 1234567", "DE", "+491711234567"},
      {"(650)555-1212", "US", "+16505551212"},    // Meta's example number
      {"(800)555-0100", "US", "+18005550100"},    // Google's example number
      {"+1 650 555 1212", "DE", "+16505551212"},  // own country code beats the region
      {"020 7946 0123", "GB", "+442079460123"},
      {"+44 20 7946 0123", "", "+442079460123"},
  };
  for (const Case& c : cases) {
    StatusOr<std::string> r = NormalizePhone(c.in, c.region);
    ASSERT_TRUE(r.ok()) << c.in << " [" << c.region << "]: " << r.status().ToString();
    EXPECT_EQ(*r, c.out) << c.in << " [" << c.region << "]";
    StatusOr<std::string> again = NormalizePhone(*r, "");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *r);
  }
}

TEST(NormalizePhone, RejectsWhatLibphonenumberDoesNotCallValid) {
  const Case cases[] = {
      {"0171 12345678", "", "no country code"},  // national form needs a region
      {"0000000000", "US", "not a valid number for region US"},
      {"+1 123 456 7890", "", "not a valid number"},  // NANP area codes never start with 1
      {"12", "DE", "not a valid number"},
      {"hello", "DE", "not a phone number"},
      {"", "DE", "not a phone number"},
      {"171 1234567", "XX", "no country code"},  // unknown region
      {"0171 12345678", "DEU", "no country code"},
  };
  for (const Case& c : cases) {
    StatusOr<std::string> r = NormalizePhone(c.in, c.region);
    ASSERT_FALSE(r.ok()) << c.in;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.out), std::string::npos)
        << c.in << " -> " << r.status().message();
  }
}

// Found by normalizers_fuzz: libphonenumber's E.164 for this Mexican national form parsed back
// to a different number, so the identifier was not canonical.
TEST(NormalizePhone, MexicanLegacyMobilePrefixGivesAFixedPoint) {
  StatusOr<std::string> r = NormalizePhone("/a119951999519", "MX");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  StatusOr<std::string> again = NormalizePhone(*r, "");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *r);
}

TEST(NormalizePhone, MessagesNeverContainTheNumber) {
  for (std::string_view in : {"0171 1234567", "555 1234567", "+99 1234567"}) {
    StatusOr<std::string> r = NormalizePhone(in, "");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message().find("1234567"), std::string::npos) << r.status().message();
  }
  EXPECT_FALSE(NormalizePhone(std::string(300, '1'), "DE").ok());
  EXPECT_FALSE(NormalizePhone("0171", "TOOLONG").ok());
}

// The thread_local buffers must not leak state between calls or threads.
TEST(NormalizePhone, ConcurrentCallsAgree) {
  std::vector<std::thread> threads;
  threads.reserve(4);
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 500; ++i) {
        StatusOr<std::string> a = NormalizePhone("0171 12345678", "DE");
        StatusOr<std::string> b = NormalizePhone("(650)555-1212", "US");
        StatusOr<std::string> bad = NormalizePhone("0171 12345678", "");
        if (!a.ok() || *a != "+4917112345678" || !b.ok() || *b != "+16505551212" || bad.ok()) {
          ++failures[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

}  // namespace
}  // namespace dl
