// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "daylight/identifier.h"

namespace dl {
namespace {

struct Valid {
  std::string_view in;
  std::string_view out;
};

TEST(NormalizeEmail, AcceptsAndCanonicalises) {
  const Valid cases[] = {
      {"ann@example.com", "ann@example.com"},
      {"  Ann.Lee@Example.COM\t", "ann.lee@example.com"},
      {"\r\nJohn_Smith@gmail.com\n", "john_smith@gmail.com"},
      {"o'brien+crm@mail.example.co.uk", "o'brien+crm@mail.example.co.uk"},
      {"a@b.co", "a@b.co"},
      {"x-y@sub-domain.example.org", "x-y@sub-domain.example.org"},
      {"ÄNNE@bücher.de", "änne@bücher.de"},  // RFC 6531 address, IDN domain
      {"noreply@company.com", "noreply@company.com"},
  };
  for (const Valid& c : cases) {
    StatusOr<std::string> r = NormalizeEmail(c.in);
    ASSERT_TRUE(r.ok()) << c.in << ": " << r.status().ToString();
    EXPECT_EQ(*r, c.out) << c.in;
    // Normalising the normalised form changes nothing.
    StatusOr<std::string> again = NormalizeEmail(*r);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *r);
  }
}

struct Invalid {
  std::string_view in;
  std::string_view reason;  // substring of the message
};

TEST(NormalizeEmail, RejectsWithReasonAndNeverEchoesTheValue) {
  const Invalid cases[] = {
      {"", "empty e-mail"},
      {"   ", "empty e-mail"},
      {"annexample.com", "missing '@'"},
      {"ann@@example.com", "more than one '@'"},
      {"ann@bob@example.com", "more than one '@'"},
      {"@example.com", "empty local part"},
      {"ann@", "empty domain"},
      {"ann@localhost", "no dot"},
      {"ann@example..com", "empty label"},
      {"ann@.example.com", "empty label"},
      {"ann@example.com.", "empty label"},
      {"ann@-example.com", "starts or ends with '-'"},
      {"ann@exa_mple.com", "character not allowed in domain"},
      {"ann@10.0.0.1", "numeric"},
      {"ann@[192.0.2.1]", "domain literals"},
      {"\"ann lee\"@example.com", "whitespace"},
      {"\"annlee\"@example.com", "quoted local parts"},
      {".ann@example.com", "starts or ends with '.'"},
      {"ann.@example.com", "starts or ends with '.'"},
      {"an..n@example.com", "consecutive dots"},
      {"an(n)@example.com", "character not allowed in local part"},
      {"Ann Lee <ann@example.com>", "whitespace"},
      {"ann\x01@example.com", "control character"},
      {"ann\xff@example.com", "not valid UTF-8"},
      {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com",
       "longer than 64"},
  };
  for (const Invalid& c : cases) {
    StatusOr<std::string> r = NormalizeEmail(c.in);
    ASSERT_FALSE(r.ok()) << c.in;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.reason), std::string::npos)
        << c.in << " -> " << r.status().message();
    EXPECT_EQ(r.status().message().find("ann"), std::string::npos) << r.status().message();
    EXPECT_EQ(r.status().message().find("example"), std::string::npos) << r.status().message();
  }
}

TEST(NormalizeEmail, LengthLimits) {
  const std::string local64(64, 'a');
  EXPECT_TRUE(NormalizeEmail(local64 + "@example.com").ok());
  // 254 octets total is the limit.
  std::string domain = std::string(63, 'b') + "." + std::string(63, 'c') + "." +
                       std::string(63, 'd') + ".com";  // 195 octets
  std::string local(254 - 1 - domain.size(), 'a');     // 58 octets
  EXPECT_TRUE(NormalizeEmail(local + "@" + domain).ok());
  StatusOr<std::string> too_long = NormalizeEmail(local + "a@" + domain);
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(too_long.status().message().find("254"), std::string::npos);
  EXPECT_FALSE(NormalizeEmail("a@" + std::string(64, 'b') + ".com").ok());  // label > 63
}

}  // namespace
}  // namespace dl
