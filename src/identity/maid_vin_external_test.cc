// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Advertising ids, VINs and external ids.

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "daylight/identifier.h"

namespace dl {
namespace {

struct Case {
  std::string_view in;
  std::string_view region;
  std::string_view expected;  // normalised value, or a substring of the error
  bool ok;
};

TEST(NormalizeMaid, Table) {
  const Case cases[] = {
      {"AECE52E7-03EE-455A-B3C4-E57283966239", "", "aece52e7-03ee-455a-b3c4-e57283966239", true},
      {" {AECE52E7-03EE-455A-B3C4-E57283966239}\n", "", "aece52e7-03ee-455a-b3c4-e57283966239",
       true},
      {"aece52e7-03ee-455a-b3c4-e57283966239", "", "aece52e7-03ee-455a-b3c4-e57283966239", true},
      {"aece52e703ee455ab3c4e57283966239", "", "36 characters", false},
      {"aece52e7-03ee-455a-b3c4-e5728396623", "", "36 characters", false},
      {"aece52e7_03ee-455a-b3c4-e57283966239", "", "8-4-4-4-12", false},
      {"gece52e7-03ee-455a-b3c4-e57283966239", "", "non-hex", false},
      {"", "", "36 characters", false},
  };
  for (const Case& c : cases) {
    StatusOr<std::string> r = NormalizeMaid(c.in);
    ASSERT_EQ(r.ok(), c.ok) << c.in;
    if (c.ok) {
      EXPECT_EQ(*r, c.expected);
    } else {
      EXPECT_NE(r.status().message().find(c.expected), std::string::npos) << r.status().message();
    }
  }
}

TEST(NormalizeVin, Table) {
  const Case cases[] = {
      // The 49 CFR 565 worked example: check digit X.
      {"1M8GDM9AXKP042788", "", "1M8GDM9AXKP042788", true},
      {"1m8gdm9axkp042788", "US", "1M8GDM9AXKP042788", true},
      {"1M8-GDM9AX-KP 042788", "us", "1M8GDM9AXKP042788", true},
      {"1HGCM82633A004352", "", "1HGCM82633A004352", true},
      // Wrong check digit: rejected where the check digit is mandatory...
      {"1M8GDM9A1KP042788", "", "check digit", false},
      {"1M8GDM9A1KP042788", "CA", "check digit", false},
      {"1M8GDM9A1KP042788", "MX", "check digit", false},
      // ...and accepted where it is not (a German region, a European manufacturer).
      {"1M8GDM9A1KP042788", "DE", "1M8GDM9A1KP042788", true},
      {"WVWZZZ1JZXW000001", "", "WVWZZZ1JZXW000001", true},
      {"WVWZZZ1JZXW000001", "DE", "WVWZZZ1JZXW000001", true},
      {"WVWZZZ1JZXW000001", "US", "check digit", false},
      {"1M8GDM9AXKP04278", "", "shorter than 17", false},
      {"1M8GDM9AXKP0427888", "", "longer than 17", false},
      {"1M8GDM9AXKP04278O", "DE", "I, O or Q", false},
      {"IM8GDM9AXKP042788", "DE", "I, O or Q", false},
      {"1M8GDM9AXKP04278Q", "DE", "I, O or Q", false},
      {"1M8GDM9AXKP04278*", "DE", "ISO 3779", false},
  };
  for (const Case& c : cases) {
    StatusOr<std::string> r = NormalizeVin(c.in, c.region);
    ASSERT_EQ(r.ok(), c.ok) << c.in << " [" << c.region << "] " << r.status().ToString();
    if (c.ok) {
      EXPECT_EQ(*r, c.expected);
    } else {
      EXPECT_NE(r.status().message().find(c.expected), std::string::npos) << r.status().message();
      EXPECT_EQ(r.status().message().find("042788"), std::string::npos);
    }
  }
}

TEST(NormalizeExternal, Table) {
  const Case cases[] = {
      {"salesforce:0035g00000AbCdE", "", "salesforce:0035g00000AbCdE", true},
      {"  Salesforce : 0035g00000AbCdE ", "", "salesforce:0035g00000AbCdE", true},
      {"crm.v2:a:b:c", "", "crm.v2:a:b:c", true},  // first ':' separates; value may hold more
      {"shop_de-1:Kunde 42", "", "shop_de-1:Kunde 42", true},
      {"crm:Zoë", "", "crm:Zoë", true},
      {"crm", "", "missing ':'", false},
      {":42", "", "empty namespace", false},
      {"crm:", "", "empty value", false},
      {"crm:   ", "", "empty value", false},
      {"my crm:42", "", "a-z 0-9", false},
      {"crm/x:42", "", "a-z 0-9", false},
      {"abcdefghijklmnopqrstuvwxyz0123456:42", "", "longer than 32", false},
      {"crm:a\x01", "", "control character", false},
      {"crm:a\xc3", "", "UTF-8", false},
  };
  for (const Case& c : cases) {
    StatusOr<std::string> r = NormalizeExternal(c.in);
    ASSERT_EQ(r.ok(), c.ok) << c.in << " " << r.status().ToString();
    if (c.ok) {
      EXPECT_EQ(*r, c.expected);
    } else {
      EXPECT_NE(r.status().message().find(c.expected), std::string::npos) << r.status().message();
    }
  }
  EXPECT_TRUE(NormalizeExternal("crm:" + std::string(256, 'x')).ok());
  EXPECT_FALSE(NormalizeExternal("crm:" + std::string(257, 'x')).ok());
}

}  // namespace
}  // namespace dl
