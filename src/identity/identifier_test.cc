// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0

#include "daylight/identifier.h"

#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace dl {
namespace {

TEST(IdType, NamesRoundTrip) {
  for (IdType t :
       {IdType::kEmail, IdType::kPhone, IdType::kMaid, IdType::kVin, IdType::kExternal}) {
    std::optional<IdType> back = ParseIdType(IdTypeName(t));
    ASSERT_TRUE(back.has_value()) << IdTypeName(t);
    EXPECT_EQ(*back, t);
    EXPECT_LT(static_cast<int>(t), kIdTypeCount);
  }
  EXPECT_EQ(IdTypeName(IdType::kEmail), "email");
  EXPECT_EQ(IdTypeName(IdType::kExternal), "external");
  EXPECT_FALSE(ParseIdType("Email").has_value());  // names are exact; callers lowercase
  EXPECT_FALSE(ParseIdType("mail").has_value());
  EXPECT_FALSE(ParseIdType("").has_value());
}

TEST(Identifier, ToStringIsTypeColonValue) {
  EXPECT_EQ((Identifier{IdType::kPhone, "+4917112345678"}).ToString(), "phone:+4917112345678");
  EXPECT_EQ((Identifier{IdType::kExternal, "crm:42"}).ToString(), "external:crm:42");
}

TEST(NormalizeIdentifier, DispatchesOnTypeAndUsesRegionForPhoneAndVin) {
  StatusOr<Identifier> phone = NormalizeIdentifier(IdType::kPhone, "0171 12345678", "DE");
  ASSERT_TRUE(phone.ok());
  EXPECT_EQ(*phone, (Identifier{IdType::kPhone, "+4917112345678"}));
  EXPECT_FALSE(NormalizeIdentifier(IdType::kPhone, "0171 12345678", "").ok());
  EXPECT_TRUE(NormalizeIdentifier(IdType::kVin, "1M8GDM9A1KP042788", "DE").ok());
  EXPECT_FALSE(NormalizeIdentifier(IdType::kVin, "1M8GDM9A1KP042788", "US").ok());
  StatusOr<Identifier> email = NormalizeIdentifier(IdType::kEmail, " Ann@Example.com", "DE");
  ASSERT_TRUE(email.ok());
  EXPECT_EQ(email->value, "ann@example.com");
}

TEST(ParseIdentifier, AsTypedOnTheCommandLine) {
  struct Case {
    const char* text;
    const char* region;
    IdType type;
    const char* value;
  };
  const Case cases[] = {
      {"email:Ann@Example.com", "", IdType::kEmail, "ann@example.com"},
      {"  EMAIL : ann@example.com ", "", IdType::kEmail, "ann@example.com"},
      {"phone:+49 171 12345678", "", IdType::kPhone, "+4917112345678"},
      {"phone:0171 12345678", "DE", IdType::kPhone, "+4917112345678"},
      {"maid:AECE52E7-03EE-455A-B3C4-E57283966239", "", IdType::kMaid,
       "aece52e7-03ee-455a-b3c4-e57283966239"},
      {"vin:1m8gdm9axkp042788", "", IdType::kVin, "1M8GDM9AXKP042788"},
      {"external:Salesforce:0035g00000AbCdE", "", IdType::kExternal, "salesforce:0035g00000AbCdE"},
  };
  for (const Case& c : cases) {
    StatusOr<Identifier> id = ParseIdentifier(c.text, c.region);
    ASSERT_TRUE(id.ok()) << c.text << ": " << id.status().ToString();
    EXPECT_EQ(id->type, c.type) << c.text;
    EXPECT_EQ(id->value, c.value) << c.text;
  }
}

TEST(ParseIdentifier, ErrorsNameTheTypeAndRuleButNotTheValue) {
  StatusOr<Identifier> no_colon = ParseIdentifier("ann@example.com");
  ASSERT_FALSE(no_colon.ok());
  EXPECT_NE(no_colon.status().message().find("type:value"), std::string::npos);

  StatusOr<Identifier> unknown = ParseIdentifier("ann@example.com:x");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message().find("ann"), std::string::npos);
  EXPECT_NE(unknown.status().message().find("expected email, phone"), std::string::npos);

  StatusOr<Identifier> bad = ParseIdentifier("email:annexample.com");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "email: missing '@'");

  StatusOr<Identifier> phone = ParseIdentifier("phone:0171 12345678");
  ASSERT_FALSE(phone.ok());
  EXPECT_EQ(phone.status().message().find("12345678"), std::string::npos);
}

}  // namespace
}  // namespace dl
