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

// One CSV input and everything a user relies on about how it reads.
struct CsvCase {
  const char* name;
  std::string input;
  std::vector<uint64_t> lines;
  std::vector<Fields> records;
  std::vector<std::string> errors = {};
};

void PrintTo(const CsvCase& c, std::ostream* os) { *os << c.name; }

class CsvDialectTest : public ::testing::TestWithParam<CsvCase> {};

TEST_P(CsvDialectTest, ReadsAsDocumented) {
  const CsvCase& c = GetParam();
  ReadResult r = ReadBuffer(c.input, "in.csv");
  ASSERT_TRUE(r.open_status.ok()) << r.open_status.ToString();
  ASSERT_TRUE(r.fatal.ok()) << r.fatal.ToString();
  EXPECT_EQ(r.lines, c.lines);
  EXPECT_EQ(r.records, c.records);
  EXPECT_EQ(r.errors, c.errors);
}

INSTANTIATE_TEST_SUITE_P(
    Csv, CsvDialectTest,
    ::testing::Values(
        CsvCase{"Plain",
                "email,phone\na@x.org,+4930123\nb@x.org,+4930124\n",
                {2, 3},
                {{{"email", "a@x.org"}, {"phone", "+4930123"}},
                 {{"email", "b@x.org"}, {"phone", "+4930124"}}}},
        CsvCase{"NoTrailingNewline", "email\na@x.org", {2}, {{{"email", "a@x.org"}}}},
        CsvCase{
            "Crlf",
            "email,city\r\na@x.org,Köln\r\nb@x.org,Bonn\r\n",
            {2, 3},
            {{{"email", "a@x.org"}, {"city", "Köln"}}, {{"email", "b@x.org"}, {"city", "Bonn"}}}},
        CsvCase{"Utf8Bom",
                "\xEF\xBB\xBF"
                "email\na@x.org\n",
                {2},
                {{{"email", "a@x.org"}}}},
        CsvCase{"SemicolonDetected",
                "E-Mail;Vorname;Ort\na@x.org;Anna;\"Berlin; Mitte\"\n",
                {2},
                {{{"email", "a@x.org"}, {"Vorname", "Anna"}, {"Ort", "Berlin; Mitte"}}}},
        CsvCase{"CommaWinsOverSemicolonInQuotes",
                "\"a;b;c\",email\nx,a@x.org\n",
                {2},
                {{{"a;b;c", "x"}, {"email", "a@x.org"}}}},
        CsvCase{"TabDetected",
                "email\tphone\na@x.org\t123\n",
                {2},
                {{{"email", "a@x.org"}, {"phone", "123"}}}},
        CsvCase{"QuotesAndEscapes",
                "note,email\n\"say \"\"hi\"\", ok\",a@x.org\n",
                {2},
                {{{"note", "say \"hi\", ok"}, {"email", "a@x.org"}}}},
        CsvCase{"StrayQuoteInUnquotedCellIsLiteral",
                "height,email\n5'10\",a@x.org\n",
                {2},
                {{{"height", "5'10\""}, {"email", "a@x.org"}}}},
        // The record after a multi-line cell must still report its own physical line.
        CsvCase{"EmbeddedNewlinesKeepLineNumbers",
                "note,email\n\"line one\nline two\r\nline three\",a@x.org\nplain,b@x.org\n",
                {2, 5},
                {{{"note", "line one\nline two\r\nline three"}, {"email", "a@x.org"}},
                 {{"note", "plain"}, {"email", "b@x.org"}}}},
        CsvCase{"EmptyCellsProduceNoField",
                "email,phone,city\n,123,\n  ,,Bonn\n",
                {2, 3},
                {{{"phone", "123"}}, {{"city", "Bonn"}}}},
        CsvCase{"BlankLinesSkipped",
                "email\n\na@x.org\n\r\n\nb@x.org\n\n",
                {3, 6},
                {{{"email", "a@x.org"}}, {{"email", "b@x.org"}}}},
        CsvCase{"SeparatorOnlyRowsSkipped",
                "email,phone\na@x.org,1\n,\n,,,\n",
                {2},
                {{{"email", "a@x.org"}, {"phone", "1"}}}},
        CsvCase{"UnknownColumnsBecomeTraits",
                "  Loyalty Tier ,email,\nGold,a@x.org,x\n",
                {2},
                {{{"Loyalty Tier", "Gold"}, {"email", "a@x.org"}, {"column_3", "x"}}}},
        CsvCase{"ValuesAreNotTrimmed", "first_name\n  Ann \n", {2}, {{{"first_name", "  Ann "}}}},
        CsvCase{"WrongFieldCountSkipsRecordOnly",
                "email,phone\na@x.org\nb@x.org,1,extra\nc@x.org,2\n",
                {4},
                {{{"email", "c@x.org"}, {"phone", "2"}}},
                {"line 2: expected 2 fields, found 1", "line 3: expected 2 fields, found 3"}},
        CsvCase{"WrongFieldCountNamesStartOfMultilineRecord",
                "a,b\n\"x\ny\"\nc,d\n",
                {4},
                {{{"a", "c"}, {"b", "d"}}},
                {"line 2: expected 2 fields, found 1"}},
        CsvCase{"TextAfterClosingQuote",
                "email,phone\n\"a@x.org\"junk,1\nb@x.org,2\n",
                {3},
                {{{"email", "b@x.org"}, {"phone", "2"}}},
                {"line 2: field 1: text after closing quote"}},
        CsvCase{"UnterminatedQuoteAtEof",
                "email,note\na@x.org,ok\nb@x.org,\"never\nclosed\n",
                {2},
                {{{"email", "a@x.org"}, {"note", "ok"}}},
                {"line 3: unterminated quoted field"}},
        CsvCase{"LoneCrLineEndings",
                "email\ra@x.org\rb@x.org\r",
                {2, 3},
                {{{"email", "a@x.org"}}, {{"email", "b@x.org"}}}}),
    [](const ::testing::TestParamInfo<CsvCase>& info) { return info.param.name; });

TEST(CsvReaderTest, ErrorsNeverQuoteCellContent) {
  const std::string secret = "anna.secret@example.org";
  ReadResult r =
      ReadBuffer("email,phone\n" + secret + "\n\"" + secret + "\"x,1\n\"" + secret, "in.csv");
  ASSERT_EQ(r.errors.size(), 3u);
  for (const std::string& e : r.errors) EXPECT_EQ(e.find("secret"), std::string::npos) << e;
}

TEST(CsvReaderTest, HeaderIsRequired) {
  for (const char* input : {"", "\n\r\n", "\xEF\xBB\xBF"}) {
    ReadResult r = ReadBuffer(input, "in.csv");
    EXPECT_EQ(r.open_status.code(), StatusCode::kInvalidArgument) << input;
  }
}

TEST(CsvReaderTest, MalformedHeaderFailsOpen) {
  ReadResult r = ReadBuffer("email,\"phone\n", "in.csv");
  EXPECT_EQ(r.open_status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.open_status.message().find("line 1"), std::string::npos) << r.open_status.message();
}

TEST(CsvReaderTest, TsvExtensionUsesTab) {
  // With auto-detection the commas would win; .tsv means tab.
  ReadResult r = ReadBuffer("email\tnote\na@x.org\tx, y, z\n", "in.tsv");
  ASSERT_TRUE(r.open_status.ok());
  EXPECT_EQ(r.records, (std::vector<Fields>{{{"email", "a@x.org"}, {"note", "x, y, z"}}}));
}

TEST(CsvReaderTest, ExplicitDelimiterOverridesDetection) {
  ReaderOptions options;
  options.delimiter = '|';
  ReadResult r = ReadBuffer("email|note\na@x.org|x;y,z\n", "in.csv", options);
  ASSERT_TRUE(r.open_status.ok());
  EXPECT_EQ(r.records, (std::vector<Fields>{{{"email", "a@x.org"}, {"note", "x;y,z"}}}));
}

TEST(CsvReaderTest, QuoteCannotBeTheDelimiter) {
  ReaderOptions options;
  options.delimiter = '"';
  EXPECT_EQ(ReadBuffer("a\n", "in.csv", options).open_status.code(), StatusCode::kInvalidArgument);
}

TEST(CsvReaderTest, SalesforcePresetPrefixesId) {
  ReaderOptions options;
  options.preset = "salesforce";
  ReadResult r = ReadBuffer(
      "Id,FirstName,LastName,Email,MobilePhone,HasOptedOutOfEmail,Title\n"
      "0035g00000AbCdE,Ann,Lee,ann@x.org,+4915112345678,true,CTO\n",
      "contacts.csv", options);
  ASSERT_TRUE(r.open_status.ok()) << r.open_status.ToString();
  EXPECT_EQ(r.records, (std::vector<Fields>{{{"external_id", "salesforce:0035g00000AbCdE"},
                                             {"first_name", "Ann"},
                                             {"last_name", "Lee"},
                                             {"email", "ann@x.org"},
                                             {"phone", "+4915112345678"},
                                             {"do_not_email", "true"},
                                             {"Title", "CTO"}}}));
}

TEST(CsvReaderTest, MapOverridesPresetAndAliases) {
  ReaderOptions options;
  options.preset = "salesforce";
  options.map = {{"Phone", "landline"}, {"Kundennummer", "external_id:shop"}};
  ReadResult r = ReadBuffer("Phone,Kundennummer,email\n+4930,K-17,a@x.org\n", "in.csv", options);
  ASSERT_TRUE(r.open_status.ok()) << r.open_status.ToString();
  EXPECT_EQ(r.records,
            (std::vector<Fields>{
                {{"landline", "+4930"}, {"external_id", "shop:K-17"}, {"email", "a@x.org"}}}));
}

TEST(CsvReaderTest, NamelessColumnCanBeMapped) {
  ReaderOptions options;
  options.map = {{"column_2", "phone"}};
  ReadResult r = ReadBuffer("email,\na@x.org,+4930\n", "in.csv", options);
  EXPECT_EQ(r.records, (std::vector<Fields>{{{"email", "a@x.org"}, {"phone", "+4930"}}}));
}

TEST(CsvReaderTest, ReusesCallerRecordWithoutStaleFields) {
  auto reader = OpenRecordReaderFromBuffer("a,b,c\n1,2,3\n,5,\n", "in.csv", {});
  ASSERT_TRUE(reader.ok());
  SourceRecord record;
  ASSERT_TRUE((*reader)->Next(&record).value());
  EXPECT_EQ(record.fields.size(), 3u);
  ASSERT_TRUE((*reader)->Next(&record).value());
  ASSERT_EQ(record.fields.size(), 1u);
  EXPECT_EQ(record.fields[0].name, "b");
  EXPECT_EQ(record.fields[0].value, "5");
  EXPECT_EQ(record.line, 3u);
  EXPECT_FALSE((*reader)->Next(&record).value());
}

TEST(CsvReaderTest, ProgressRisesToOne) {
  ReadResult r = ReadBuffer("email\na@x.org\nb@x.org\n", "in.csv");
  ASSERT_FALSE(r.progress.empty());
  for (size_t i = 1; i < r.progress.size(); ++i) EXPECT_GE(r.progress[i], r.progress[i - 1]);
  EXPECT_GT(r.progress.front(), 0.0);
  EXPECT_DOUBLE_EQ(r.progress.back(), 1.0);
}

}  // namespace
}  // namespace dl::ingest
