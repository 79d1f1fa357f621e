// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "ingest/field_mapping.h"

#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dl::ingest {
namespace {

struct MappingCase {
  const char* preset;
  const char* source;
  const char* field;
  const char* prefix = "";
};

void PrintTo(const MappingCase& c, std::ostream* os) { *os << c.preset << ":" << c.source; }

class ResolveTest : public ::testing::TestWithParam<MappingCase> {};

TEST_P(ResolveTest, MapsSourceName) {
  const MappingCase& c = GetParam();
  ReaderOptions options;
  options.preset = c.preset;
  StatusOr<FieldMapper> mapper = FieldMapper::Create(options);
  ASSERT_TRUE(mapper.ok()) << mapper.status().ToString();
  FieldTarget target = mapper->Resolve(c.source);
  EXPECT_EQ(target.name, c.field) << "'" << c.source << "' with preset '" << c.preset << "'";
  EXPECT_EQ(target.value_prefix, c.prefix) << c.source;
}

INSTANTIATE_TEST_SUITE_P(
    Aliases, ResolveTest,
    ::testing::Values(MappingCase{"", "email", "email"}, MappingCase{"", " E-Mail ", "email"},
                      MappingCase{"", "e_mail", "email"}, MappingCase{"", "Mail", "email"},
                      MappingCase{"", "Email Address", "email"}, MappingCase{"", "phone", "phone"},
                      MappingCase{"", "Phone Number", "phone"}, MappingCase{"", "mobile", "phone"},
                      MappingCase{"", "Telephone", "phone"},
                      MappingCase{"", "First Name", "first_name"},
                      MappingCase{"", "firstname", "first_name"},
                      MappingCase{"", "LastName", "last_name"}, MappingCase{"", "City", "city"},
                      MappingCase{"", "STATE", "state"}, MappingCase{"", "ZIP", "zip"},
                      MappingCase{"", "postcode", "zip"}, MappingCase{"", "postal_code", "zip"},
                      MappingCase{"", "Zip Code", "zip"}, MappingCase{"", "country", "country"},
                      MappingCase{"", "DOB", "dob"}, MappingCase{"", "birthdate", "dob"},
                      MappingCase{"", "Date of Birth", "dob"}, MappingCase{"", "gender", "gender"},
                      MappingCase{"", "Sex", "gender"}, MappingCase{"", "MAID", "maid"},
                      MappingCase{"", "VIN", "vin"}, MappingCase{"", "External ID", "external_id"},
                      MappingCase{"", "Do Not Email", "do_not_email"},
                      MappingCase{"", "do-not-call", "do_not_call"},
                      // Not aliases: kept as the trait they are, with their own (trimmed) name.
                      MappingCase{"", " Mobile Phone Work ", "Mobile Phone Work"},
                      MappingCase{"", "Id", "Id"}, MappingCase{"", "name", "name"}));

INSTANTIATE_TEST_SUITE_P(
    Salesforce, ResolveTest,
    ::testing::Values(MappingCase{"salesforce", "FirstName", "first_name"},
                      MappingCase{"salesforce", "LastName", "last_name"},
                      MappingCase{"salesforce", "Email", "email"},
                      MappingCase{"salesforce", "Phone", "phone"},
                      MappingCase{"salesforce", "MobilePhone", "phone"},
                      MappingCase{"salesforce", "MailingCountry", "country"},
                      MappingCase{"salesforce", "MailingCity", "city"},
                      MappingCase{"salesforce", "MailingState", "state"},
                      MappingCase{"salesforce", "mailingpostalcode", "zip"},
                      MappingCase{"salesforce", "Birthdate", "dob"},
                      MappingCase{"salesforce", "HasOptedOutOfEmail", "do_not_email"},
                      MappingCase{"salesforce", "DoNotCall", "do_not_call"},
                      MappingCase{"salesforce", "Id", "external_id", "salesforce:"},
                      MappingCase{"SalesForce", " ID ", "external_id", "salesforce:"},
                      MappingCase{"salesforce", "MailingStreet", "MailingStreet"}));

INSTANTIATE_TEST_SUITE_P(
    Dynamics, ResolveTest,
    ::testing::Values(MappingCase{"dynamics", "firstName", "first_name"},
                      MappingCase{"dynamics", "lastName", "last_name"},
                      MappingCase{"dynamics", "EMailAddress1", "email"},
                      MappingCase{"dynamics", "emailaddress2", "email"},
                      MappingCase{"dynamics", "EMailAddress3", "email"},
                      MappingCase{"dynamics", "telephone1", "phone"},
                      MappingCase{"dynamics", "mobilePhone", "phone"},
                      MappingCase{"dynamics", "address1_country", "country"},
                      MappingCase{"dynamics", "address1_city", "city"},
                      MappingCase{"dynamics", "address1_stateorprovince", "state"},
                      MappingCase{"dynamics", "address1_postalcode", "zip"},
                      MappingCase{"dynamics", "birthDate", "dob"},
                      MappingCase{"dynamics", "doNotEMail", "do_not_email"},
                      MappingCase{"dynamics", "doNotPhone", "do_not_call"},
                      MappingCase{"dynamics", "contactId", "external_id", "dynamics:"},
                      MappingCase{"dynamics", "jobTitle", "jobTitle"}));

TEST(FieldMapperTest, UnknownPresetIsInvalid) {
  ReaderOptions options;
  options.preset = "hubspot";
  StatusOr<FieldMapper> mapper = FieldMapper::Create(options);
  ASSERT_FALSE(mapper.ok());
  EXPECT_EQ(mapper.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(mapper.status().message().find("salesforce"), std::string::npos);
}

TEST(FieldMapperTest, MapTargetsAreValidated) {
  struct Case {
    const char* target;
    bool ok;
  };
  for (const Case& c : std::vector<Case>{{"email", true},
                                         {"do_not_call", true},
                                         {"external_id:shop", true},
                                         {"external_id:Shop", false},
                                         {"external_id:", false},
                                         {"loyalty_tier", true},
                                         {"_x.y-z", true},
                                         {"Email", false},  // looks like email: refused
                                         {"e-mail", false},
                                         {"", false},
                                         {"two words", false},
                                         {"1st", false},
                                         {std::string(65, 'a').c_str(), false}}) {
    ReaderOptions options;
    options.map = {{"col", c.target}};
    StatusOr<FieldMapper> mapper = FieldMapper::Create(options);
    EXPECT_EQ(mapper.ok(), c.ok) << "target '" << c.target << "': " << mapper.status().ToString();
    if (!mapper.ok()) {
      EXPECT_EQ(mapper.status().code(), StatusCode::kInvalidArgument);
    }
  }
}

TEST(FieldMapperTest, MapMatchesExactlyAfterTrimmingAndWins) {
  ReaderOptions options;
  options.preset = "salesforce";
  options.map = {{" Email ", "work_email"}};
  StatusOr<FieldMapper> mapper = FieldMapper::Create(options);
  ASSERT_TRUE(mapper.ok());
  EXPECT_EQ(mapper->Resolve("Email").name, "work_email");
  EXPECT_EQ(mapper->Resolve("  Email\t").name, "work_email");
  EXPECT_EQ(mapper->Resolve("EMAIL").name, "email");  // case differs: the preset applies
}

TEST(FieldMapperTest, EmptyMapSourceIsInvalid) {
  ReaderOptions options;
  options.map = {{"  ", "email"}};
  EXPECT_FALSE(FieldMapper::Create(options).ok());
}

TEST(FieldMapperTest, CanonicalNamesInDocumentationOrder) {
  EXPECT_EQ(CanonicalFieldNames(),
            (std::vector<std::string>{"email", "phone", "first_name", "last_name", "city", "state",
                                      "zip", "country", "dob", "gender", "maid", "vin",
                                      "external_id", "do_not_email", "do_not_call"}));
}

}  // namespace
}  // namespace dl::ingest
