// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
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

TEST(VCardReaderTest, ReadsVersion3CardWithRepeatedTelAndEmail) {
  ReadResult r = ReadBuffer(
      "BEGIN:VCARD\r\n"
      "VERSION:3.0\r\n"
      "FN:Mom\r\n"
      "N:Lee;Ann;;;\r\n"
      "TEL;TYPE=CELL:+49 151 12345678\r\n"
      "TEL;TYPE=HOME,VOICE:+49 30 1234567\r\n"
      "EMAIL;TYPE=INTERNET:ann@x.org\r\n"
      "EMAIL:ann.lee@y.org\r\n"
      "X-SOCIALPROFILE;type=twitter:ann\r\n"
      "END:VCARD\r\n",
      "contacts.vcf");
  ASSERT_TRUE(r.open_status.ok());
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{1}));
  EXPECT_EQ(r.records, (std::vector<Fields>{{{"label", "Mom"},
                                             {"last_name", "Lee"},
                                             {"first_name", "Ann"},
                                             {"phone", "+49 151 12345678"},
                                             {"phone", "+49 30 1234567"},
                                             {"email", "ann@x.org"},
                                             {"email", "ann.lee@y.org"}}}));
}

TEST(VCardReaderTest, ReadsVersion4TelUriGroupsAndFolding) {
  ReadResult r = ReadBuffer(
      "BEGIN:VCARD\n"
      "VERSION:4.0\n"
      "FN:Dr. Bob\n"
      "  Builder\n"  // folded: one space removed, one kept
      "N:Builder;Bob;;Dr.;\n"
      "TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+49-151-\n"
      "\t1234\n"
      "item1.TEL:+44 20 7946 0000\n"
      "item1.X-ABLabel:work\n"
      "ADR;TYPE=home:;;Main St 1;Springfield;IL;62701;USA\n"
      "BDAY:1980-04-15\n"
      "GENDER:M;he/him\n"
      "END:VCARD\n",
      "contacts.vcf");
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_EQ(r.records, (std::vector<Fields>{{{"label", "Dr. Bob Builder"},
                                             {"last_name", "Builder"},
                                             {"first_name", "Bob"},
                                             {"phone", "+49-151-1234"},
                                             {"phone", "+44 20 7946 0000"},
                                             {"city", "Springfield"},
                                             {"state", "IL"},
                                             {"zip", "62701"},
                                             {"country", "USA"},
                                             {"dob", "1980-04-15"},
                                             {"gender", "M"}}}));
}

TEST(VCardReaderTest, UnescapesTextValues) {
  ReadResult r = ReadBuffer(
      "BEGIN:VCARD\nVERSION:3.0\nFN:Smith\\, John\\nJr\\\\\nN:O\\;Neil;Mary\\, Ann;;;\n"
      "END:VCARD\n",
      "c.vcf");
  EXPECT_EQ(r.records, (std::vector<Fields>{{{"label", "Smith, John\nJr\\"},
                                             {"last_name", "O;Neil"},
                                             {"first_name", "Mary, Ann"}}}));
}

TEST(VCardReaderTest, SeveralCardsKeepTheirStartLines) {
  ReadResult r = ReadBuffer(
      "\xEF\xBB\xBF"
      "BEGIN:VCARD\nVERSION:3.0\nTEL:1\nEND:VCARD\n"
      "\n"
      "begin:vcard\nversion:3.0\ntel:2\nend:vcard\n",
      "c.vcf");
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{1, 6}));
  EXPECT_EQ(r.records, (std::vector<Fields>{{{"phone", "1"}}, {{"phone", "2"}}}));
}

TEST(VCardReaderTest, MissingEndReportsCardAndRecoversAtNextBegin) {
  ReadResult r = ReadBuffer(
      "BEGIN:VCARD\nVERSION:3.0\nTEL:+4930111\n"             // lines 1-3, no END
      "BEGIN:VCARD\nVERSION:3.0\nTEL:+4930222\nEND:VCARD\n"  // lines 4-7
      "BEGIN:VCARD\nVERSION:3.0\nTEL:+4930333\n",            // lines 8-10, EOF
      "c.vcf");
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{4}));
  EXPECT_EQ(r.records, (std::vector<Fields>{{{"phone", "+4930222"}}}));
  EXPECT_EQ(r.errors, (std::vector<std::string>{"line 1: vCard has no END:VCARD",
                                                "line 8: vCard has no END:VCARD"}));
}

TEST(VCardReaderTest, MalformedPropertySkipsCardOnly) {
  ReadResult r = ReadBuffer(
      "BEGIN:VCARD\nVERSION:3.0\nTEL:+4930111\nsecret garbage here\nEMAIL:a@x.org\nEND:VCARD\n"
      "BEGIN:VCARD\nVERSION:3.0\nTEL:+4930222\nEND:VCARD\n",
      "c.vcf");
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{7}));
  EXPECT_EQ(r.records, (std::vector<Fields>{{{"phone", "+4930222"}}}));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], "line 1: vCard property on line 4 is not NAME[;params]:value");
}

TEST(VCardReaderTest, QuotedPrintableDoesNotBreakTheCard) {
  ReadResult r = ReadBuffer(
      "BEGIN:VCARD\nVERSION:2.1\n"
      "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=\n"
      "=C3=BCrgen;;;\n"
      "TEL;CELL:+4930\n"
      "END:VCARD\n",
      "c.vcf");
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_EQ(r.records,
            (std::vector<Fields>{
                {{"last_name", "Müller"}, {"first_name", "Jürgen"}, {"phone", "+4930"}}}));
}

TEST(VCardReaderTest, TextOutsideCardsIsIgnored) {
  ReadResult r =
      ReadBuffer("exported by Foo\nBEGIN:VCARD\nEMAIL:a@x.org\nEND:VCARD\ntrailer\n", "c.vcf");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.lines, (std::vector<uint64_t>{2}));
}

TEST(VCardReaderTest, PresetIsRejected) {
  ReaderOptions options;
  options.preset = "salesforce";
  EXPECT_EQ(ReadBuffer("", "c.vcf", options).open_status.code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dl::ingest
