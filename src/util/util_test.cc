// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "daylight/status.h"

#include "util/bytes.h"
#include "util/secret.h"

namespace dl {
namespace {

StatusOr<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgument("odd");
  return x / 2;
}

Status Quarter(int x, int* out) {
  ASSIGN_OR_RETURN(int h, Half(x));
  ASSIGN_OR_RETURN(*out, Half(h));
  return Status::Ok();
}

TEST(StatusTest, MacrosPropagateTheFirstError) {
  int out = 0;
  EXPECT_TRUE(Quarter(8, &out).ok());
  EXPECT_EQ(out, 2);
  Status s = Quarter(6, &out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.ToString(), "InvalidArgument: odd");
  EXPECT_EQ(s.WithContext("crm.csv:3").ToString(), "InvalidArgument: crm.csv:3: odd");
}

TEST(BytesTest, VarintAndFixedRoundTrip) {
  std::string buf;
  for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 300ull, ~0ull}) PutVarint(&buf, v);
  PutFixed(&buf, 0x0102030405060708ull, 8);
  ByteReader r(buf);
  for (uint64_t v : {0ull, 1ull, 127ull, 128ull, 300ull, ~0ull}) {
    uint64_t got = 0;
    ASSERT_TRUE(r.Varint(&got));
    EXPECT_EQ(got, v);
  }
  uint64_t f = 0;
  ASSERT_TRUE(r.Fixed(8, &f));
  EXPECT_EQ(f, 0x0102030405060708ull);
  EXPECT_FALSE(r.Fixed(1, &f)) << "reading past the end must fail, not overrun";
}

TEST(SecretTest, HexRoundTripAndRejectsJunk) {
  EXPECT_EQ(ToHex(std::string_view("\x01\xab", 2)), "01ab");
  EXPECT_EQ(FromHex("01ab"), std::string("\x01\xab", 2));
  EXPECT_FALSE(FromHex("0"));
  EXPECT_FALSE(FromHex("zz"));
  SecretBytes a = SecretBytes::Random(32), b = SecretBytes::Random(32);
  EXPECT_NE(ToHex(a.data(), 32), ToHex(b.data(), 32));
  SecretBytes moved = std::move(a);
  EXPECT_EQ(moved.size(), 32u);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is documented empty
}

}  // namespace
}  // namespace dl
