// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// OpenRecordReader end to end over the files in tests/data/ingest/, as the CLI opens them.
#include "daylight/record_reader.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ingest/reader_test_util.h"

namespace dl::ingest {
namespace {

using testing::DrainReader;
using testing::Fields;
using testing::ReadBuffer;
using testing::ReadResult;

std::string DataPath(const std::string& name) {
  return std::string(DAYLIGHT_SOURCE_DIR) + "/tests/data/ingest/" + name;
}

ReadResult ReadFile(const std::string& name, const ReaderOptions& options = {}) {
  auto reader = OpenRecordReader(DataPath(name), options);
  if (!reader.ok()) {
    ReadResult result;
    result.open_status = reader.status();
    return result;
  }
  return DrainReader(reader->get());
}

TEST(OpenRecordReaderTest, SalesforceExport) {
  ReaderOptions options;
  options.preset = "salesforce";
  ReadResult r = ReadFile("salesforce_contacts.csv", options);
  ASSERT_TRUE(r.open_status.ok()) << r.open_status.ToString();
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  // The street spans two physical lines, so the second contact starts on line 4.
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{2, 4}));
  EXPECT_EQ(r.records[0], (Fields{{"external_id", "salesforce:0035g00000XyZaAAA"},
                                  {"Salutation", "Ms."},
                                  {"first_name", "Ann"},
                                  {"last_name", "Lee"},
                                  {"email", "ann.lee@example.org"},
                                  {"phone", "+49 30 1234567"},
                                  {"phone", "+49 151 12345678"},
                                  {"MailingStreet", "Hauptstr. 1\r\nHinterhaus"},
                                  {"city", "Berlin"},
                                  {"state", "BE"},
                                  {"zip", "10115"},
                                  {"country", "Germany"},
                                  {"dob", "1980-04-15"},
                                  {"do_not_email", "false"},
                                  {"do_not_call", "true"}}));
  EXPECT_EQ(r.records[1], (Fields{{"external_id", "salesforce:0035g00000XyZaBBB"},
                                  {"Salutation", "Mr."},
                                  {"first_name", "Bob"},
                                  {"last_name", "Builder"},
                                  {"email", "bob@example.com"},
                                  {"do_not_email", "true"},
                                  {"do_not_call", "false"}}));
}

TEST(OpenRecordReaderTest, DynamicsExport) {
  ReaderOptions options;
  options.preset = "dynamics";
  ReadResult r = ReadFile("dynamics_contacts.csv", options);
  ASSERT_TRUE(r.open_status.ok()) << r.open_status.ToString();
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0], (Fields{{"external_id", "dynamics:8f1c3a52-0000-4000-8000-000000000001"},
                                  {"first_name", "Ann"},
                                  {"last_name", "Lee"},
                                  {"email", "ann@example.org"},
                                  {"email", "ann.lee@example.com"},
                                  {"phone", "+4930123"},
                                  {"phone", "+49151123"},
                                  {"city", "Berlin"},
                                  {"zip", "10115"},
                                  {"country", "DE"},
                                  {"dob", "1980-04-15"},
                                  {"do_not_email", "0"},
                                  {"do_not_call", "1"}}));
}

TEST(OpenRecordReaderTest, ExcelSemicolonWithBomAndMap) {
  ReaderOptions options;
  options.map = {{"Telefon", "phone"},
                 {"PLZ", "zip"},
                 {"Vorname", "first_name"},
                 {"Nachname", "last_name"},
                 {"Ort", "city"}};
  ReadResult r = ReadFile("excel_semicolon_bom.csv", options);
  ASSERT_TRUE(r.open_status.ok()) << r.open_status.ToString();
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{2, 4}));
  EXPECT_EQ(r.records, (std::vector<Fields>{{{"email", "anna@example.de"},
                                             {"first_name", "Anna"},
                                             {"last_name", "Müller"},
                                             {"phone", "030 1234567"},
                                             {"zip", "10115"},
                                             {"city", "Berlin"}},
                                            {{"email", "jan@example.de"},
                                             {"first_name", "Jan"},
                                             {"last_name", "Schmidt; Jr."},
                                             {"zip", "20095"},
                                             {"city", "Hamburg"}}}));
}

TEST(OpenRecordReaderTest, AddressBook) {
  ReadResult r = ReadFile("address_book.vcf");
  ASSERT_TRUE(r.open_status.ok()) << r.open_status.ToString();
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{1, 9}));
  EXPECT_EQ(r.records, (std::vector<Fields>{
                           {{"label", "Mom"},
                            {"last_name", "Lee"},
                            {"first_name", "Ann"},
                            {"phone", "+49 151 12345678"},
                            {"phone", "+49 30 1234567"},
                            {"email", "ann@example.org"}},
                           {{"label", "Plumber (do not answer)"}, {"phone", "+44-20-7946-0000"}}}));
}

TEST(OpenRecordReaderTest, SegmentStyleJsonLines) {
  ReadResult r = ReadFile("events.jsonl");
  ASSERT_TRUE(r.open_status.ok()) << r.open_status.ToString();
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(r.records,
            (std::vector<Fields>{
                {{"type", "identify"},
                 {"userId", "u-1"},
                 {"email", "ann@example.org"},
                 {"first_name", "Ann"},
                 {"phone", "+4930123"},
                 {"phone", "+49151123"},
                 {"context", R"({"ip":"192.0.2.1"})"}},
                {{"email", "bob@example.com"}, {"do_not_email", "true"}, {"zip", "10115"}}}));
}

TEST(OpenRecordReaderTest, MissingFileIsIOError) {
  auto reader = OpenRecordReader(DataPath("no_such_file.csv"), {});
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kIOError);
  EXPECT_NE(reader.status().message().find("no_such_file.csv"), std::string::npos);
}

TEST(OpenRecordReaderTest, DirectoryIsIOError) {
  auto reader =
      OpenRecordReader(std::string(DAYLIGHT_SOURCE_DIR) + "/tests/data/ingest.csv/..", {});
  EXPECT_FALSE(reader.ok());
}

TEST(OpenRecordReaderTest, OptionsAreCheckedBeforeTheFile) {
  ReaderOptions options;
  options.preset = "nope";
  auto reader = OpenRecordReader(DataPath("no_such_file.csv"), options);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
}

TEST(OpenRecordReaderTest, FormatByExtensionOrExplicit) {
  struct Case {
    const char* name;
    SourceFormat format;
    bool ok;
  };
  for (const Case& c : std::vector<Case>{{"a.CSV", SourceFormat::kAuto, true},
                                         {"dir.v1/a.TSV", SourceFormat::kAuto, true},
                                         {"a.ndjson", SourceFormat::kAuto, true},
                                         {"a.JSONL", SourceFormat::kAuto, true},
                                         {"a.vcf", SourceFormat::kAuto, true},
                                         {"a.vcard", SourceFormat::kAuto, true},
                                         {"a.txt", SourceFormat::kAuto, false},
                                         {"dir.csv/noext", SourceFormat::kAuto, false},
                                         {"a.txt", SourceFormat::kJsonLines, true}}) {
    ReaderOptions options;
    options.format = c.format;
    // A one-column CSV; for JSON Lines a bad line (reported by Next, not at open); for vCard
    // text outside any card.
    auto reader = OpenRecordReaderFromBuffer("email\n", c.name, options);
    EXPECT_EQ(reader.ok(), c.ok) << c.name << ": " << reader.status().ToString();
  }
}

// The option spellings `daylight import` and POST /api/v1/imports share.
TEST(ReaderOptionSpellings, FormatMappingAndDelimiter) {
  EXPECT_EQ(SourceFormatNamed("csv"), SourceFormat::kCsv);
  EXPECT_EQ(SourceFormatNamed("jsonl"), SourceFormat::kJsonLines);
  EXPECT_EQ(SourceFormatNamed("vcard"), SourceFormat::kVCard);
  EXPECT_FALSE(SourceFormatNamed("xlsx").has_value());
  EXPECT_FALSE(SourceFormatNamed("").has_value());

  ReaderOptions o;
  ASSERT_TRUE(AddColumnMapping("E-Mail Adresse=email", &o).ok());
  ASSERT_TRUE(AddColumnMapping("a=b=phone", &o).ok()) << "split at the last '='";
  EXPECT_EQ(o.map["E-Mail Adresse"], "email");
  EXPECT_EQ(o.map["a=b"], "phone");
  for (const char* bad : {"email", "=email", "column=", ""}) {
    Status s = AddColumnMapping(bad, &o);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(s.message(), "expected COLUMN=FIELD") << bad;
  }

  EXPECT_EQ(*ParseDelimiter(";"), ';');
  EXPECT_EQ(*ParseDelimiter("tab"), '\t');
  EXPECT_EQ(*ParseDelimiter("\\t"), '\t');
  EXPECT_FALSE(ParseDelimiter(";;").ok());
  EXPECT_FALSE(ParseDelimiter("").ok());
}

}  // namespace
}  // namespace dl::ingest
