// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "daylight/record_reader.h"

#include "ingest/reader_test_util.h"

namespace dl::ingest {
namespace {

using testing::Fields;
using testing::ReadBuffer;
using testing::ReadResult;

struct JsonCase {
  const char* name;
  std::string line;
  Fields fields;
};

void PrintTo(const JsonCase& c, std::ostream* os) { *os << c.name; }

class JsonValueTest : public ::testing::TestWithParam<JsonCase> {};

// One line, one record: how each JSON shape becomes fields.
TEST_P(JsonValueTest, MapsValues) {
  const JsonCase& c = GetParam();
  ReadResult r = ReadBuffer(c.line + "\n", "events.jsonl");
  ASSERT_TRUE(r.open_status.ok()) << r.open_status.ToString();
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0], c.fields);
}

INSTANTIATE_TEST_SUITE_P(
    JsonLines, JsonValueTest,
    ::testing::Values(
        JsonCase{"Strings",
                 R"({"email":"a@x.org","Favourite Colour":"blue"})",
                 {{"email", "a@x.org"}, {"Favourite Colour", "blue"}}},
        JsonCase{"AliasesLikeCsv",
                 R"({"E-Mail":"a@x.org","firstName":"Ann","zip_code":"10115"})",
                 {{"email", "a@x.org"}, {"first_name", "Ann"}, {"zip", "10115"}}},
        JsonCase{"Numbers",
                 R"({"zip":10115,"score":-3,"ratio":0.25,"big":18446744073709551615})",
                 {{"zip", "10115"},
                  {"score", "-3"},
                  {"ratio", "0.25"},
                  {"big", "18446744073709551615"}}},
        JsonCase{"ArraysRepeat",
                 R"({"phone":["+4930","+4940"],"tags":[]})",
                 {{"phone", "+4930"}, {"phone", "+4940"}}},
        JsonCase{"BooleansAndNull",
                 R"({"do_not_email":true,"do_not_call":false,"city":null})",
                 {{"do_not_email", "true"}, {"do_not_call", "false"}}},
        JsonCase{
            "EmptyStringSkipped", R"({"email":"","phone":"  ","city":"Bonn"})", {{"city", "Bonn"}}},
        JsonCase{"SegmentTraitsFlattened",
                 R"({"userId":"u1","traits":{"email":"a@x.org","lastName":"Lee"}})",
                 {{"userId", "u1"}, {"email", "a@x.org"}, {"last_name", "Lee"}}},
        JsonCase{"OtherObjectsKeptAsJson",
                 R"({"context":{ "ip" : "1.2.3.4", "n": [1, 2] }})",
                 {{"context", R"({"ip":"1.2.3.4","n":[1,2]})"}}},
        JsonCase{"TraitsThatIsNotAnObject", R"({"traits":"vip"})", {{"traits", "vip"}}},
        JsonCase{"Unicode",
                 R"({"city":"K\u00f6ln","last_name":"Øre"})",
                 {{"city", "Köln"}, {"last_name", "Øre"}}}),
    [](const ::testing::TestParamInfo<JsonCase>& info) { return info.param.name; });

TEST(JsonLinesReaderTest, MalformedLinesAreSkippedWithLineNumbers) {
  ReadResult r = ReadBuffer(
      "{\"email\":\"a@x.org\"}\n"
      "\n"
      "{\"email\":\"secret@x.org\",}\n"
      "[1,2]\n"
      "   \r\n"
      "{\"email\":\"b@x.org\"}\r\n"
      "{\"email\":\"c@x.org\"",
      "events.ndjson");
  ASSERT_TRUE(r.open_status.ok());
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{1, 6}));
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].rfind("line 3: ", 0), 0u) << r.errors[0];
  EXPECT_EQ(r.errors[1], "line 4: expected a JSON object");
  EXPECT_EQ(r.errors[2].rfind("line 7: ", 0), 0u) << r.errors[2];
  for (const std::string& e : r.errors) EXPECT_EQ(e.find("secret"), std::string::npos) << e;
}

TEST(JsonLinesReaderTest, MapAndPresetApplyToKeys) {
  ReaderOptions options;
  options.preset = "dynamics";
  options.map = {{"crm_no", "external_id:crm"}};
  ReadResult r =
      ReadBuffer(R"({"contactId":"8f1c","EMailAddress2":"a@x.org","crm_no":42,"doNotPhone":true})"
                 "\n",
                 "contacts.jsonl", options);
  ASSERT_TRUE(r.open_status.ok()) << r.open_status.ToString();
  EXPECT_EQ(r.records, (std::vector<Fields>{{{"external_id", "dynamics:8f1c"},
                                             {"email", "a@x.org"},
                                             {"external_id", "crm:42"},
                                             {"do_not_call", "true"}}}));
}

TEST(JsonLinesReaderTest, EmptyInputHasNoRecords) {
  ReadResult r = ReadBuffer("", "e.jsonl");
  ASSERT_TRUE(r.open_status.ok());
  EXPECT_TRUE(r.records.empty());
  EXPECT_TRUE(r.errors.empty());
}

}  // namespace
}  // namespace dl::ingest
