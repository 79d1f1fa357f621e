// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Tests for the signals.csv reader and ParseUtcTime (include/daylight/consent_signal.h).

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daylight/consent_signal.h"

namespace dl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ParseUtcTime, Valid) {
  struct Case {
    const char* text;
    int64_t micros;
  };
  for (const Case& c : std::vector<Case>{
           {"1970-01-01T00:00:00Z", 0},
           {"1970-01-01T00:00:01Z", 1000000},
           {"2026-03-01T10:00:00Z", 1772359200000000},
           {"2026-03-01T10:00:00+00:00", 1772359200000000},
           {"2026-03-01T10:00:00.5Z", 1772359200500000},
           {"2026-03-01T10:00:00.000001Z", 1772359200000001},
           {"2024-02-29T23:59:59Z", 1709251199000000},
           {"2000-02-29T00:00:00Z", 951782400000000},
           {"9999-12-31T23:59:59Z", 253402300799000000},
       }) {
    StatusOr<int64_t> t = ParseUtcTime(c.text);
    ASSERT_TRUE(t.ok()) << c.text << ": " << t.status().ToString();
    EXPECT_EQ(*t, c.micros) << c.text;
  }
}

TEST(ParseUtcTime, Invalid) {
  struct Case {
    const char* text;
    const char* reason;
  };
  for (const Case& c : std::vector<Case>{
           {"", "not an ISO 8601 UTC time"},
           {"2026-03-01", "not an ISO 8601 UTC time"},
           {"2026-03-01 10:00:00Z", "not an ISO 8601 UTC time"},
           {"2026-3-01T10:00:00Z", "not an ISO 8601 UTC time"},
           {"2026-03-01T10:00:00", "must be UTC"},
           {"2026-03-01T10:00:00+01:00", "must be UTC"},
           {"2026-03-01T10:00:00z", "must be UTC"},
           {"2026-03-01T10:00:00.Z", "not an ISO 8601 UTC time"},
           {"2026-03-01T10:00:00.1234567Z", "more than 6 fractional digits"},
           {"2025-02-29T10:00:00Z", "no such calendar date"},
           {"1900-02-29T10:00:00Z", "year before 1970"},
           {"2026-13-01T10:00:00Z", "no such calendar date"},
           {"2026-04-31T10:00:00Z", "no such calendar date"},
           {"2026-03-00T10:00:00Z", "no such calendar date"},
           {"2026-03-01T24:00:00Z", "no such time of day"},
           {"2026-03-01T10:60:00Z", "no such time of day"},
           {"2026-03-01T10:00:60Z", "no such time of day"},
           {"1772359200", "not an ISO 8601 UTC time"},
       }) {
    StatusOr<int64_t> t = ParseUtcTime(c.text);
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_THAT(t.status().message(), HasSubstr(c.reason)) << c.text;
  }
}

TEST(ConsentSignalsReader, ReadsExampleFile) {
  StatusOr<std::unique_ptr<ConsentSignalsReader>> reader = ConsentSignalsReader::OpenFile(
      std::string(DAYLIGHT_SOURCE_DIR) + "/tests/data/policy/signals.csv");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<SignalRow> rows;
  SignalRow row;
  while (true) {
    StatusOr<bool> more = (*reader)->Next(&row);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    rows.push_back(row);
  }
  ASSERT_EQ(rows.size(), 5U);
  EXPECT_EQ(rows[0].line, 2U);
  EXPECT_EQ(rows[0].identifier, "email:ann@example.com");
  EXPECT_EQ(rows[0].signal.kind, SignalKind::kGpc);
  EXPECT_EQ(rows[0].time_us, 1772359200000000);
  EXPECT_EQ(rows[1].signal.kind, SignalKind::kGoogleConsentMode);
  EXPECT_EQ(rows[1].signal.granted_purposes,
            std::vector<std::string>{"marketing.advertising.third_party.targeted"});
  EXPECT_EQ(rows[1].time_us, 1772359201500000);
  EXPECT_EQ(rows[2].signal.denied_purposes,
            std::vector<std::string>{"marketing.advertising.third_party.targeted"});
  EXPECT_EQ(rows[3].signal.kind, SignalKind::kTcf);
  EXPECT_EQ(rows[3].signal.granted_purposes.size(), 3U);
  EXPECT_EQ(rows[4].identifier, "email:carol@example.com");
  EXPECT_TRUE(rows[4].signal.objections.empty());
}

TEST(ConsentSignalsReader, StructureVariants) {
  // BOM, CRLF, blank lines, a quoted field spanning lines (the next row's line number follows it),
  // no final newline.
  StatusOr<std::vector<SignalRow>> rows = ReadConsentSignals(
      "\xEF\xBB\xBFidentifier,signal,time\r\n\r\nemail:a@x.org,1,2026-01-01T00:00:00Z\r\n"
      "\"email:\nb@x.org\",\"gpc=1\",2026-01-01T00:00:00Z\n\nemail:c@x.org,0,2026-01-01T00:00:00Z",
      "s.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 3U);
  EXPECT_EQ((*rows)[0].line, 3U);
  EXPECT_EQ((*rows)[1].line, 4U);
  EXPECT_EQ((*rows)[1].identifier, "email:\nb@x.org");
  EXPECT_EQ((*rows)[2].line, 7U);
  StatusOr<std::vector<SignalRow>> empty = ReadConsentSignals("identifier,signal,time\n", "s.csv");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(ConsentSignalsReader, BadHeader) {
  for (const char* text :
       {"", "identifier,signal\n", "Identifier,signal,time\n", "identifier,signal,time,extra\n",
        "\"identifier,signal,time\n", "\nidentifier,signal,time\n"}) {
    StatusOr<std::vector<SignalRow>> rows = ReadConsentSignals(text, "s.csv");
    ASSERT_FALSE(rows.ok()) << text;
    EXPECT_EQ(rows.status().message(), "s.csv:1: header must be identifier,signal,time");
  }
}

// Each bad row is reported with file, line, field and reason, never the identifier, and the
// reader goes on with the next row.
TEST(ConsentSignalsReader, RowErrorsAndRecovery) {
  const std::string text =
      "identifier,signal,time\n"
      "email:secret1@x.org,1\n"                                              // 2
      "email:secret2@x.org,1,2026-01-01T00:00:00Z,more\n"                    // 3
      ",1,2026-01-01T00:00:00Z\n"                                            // 4
      "email:secret3@x.org,maybe?,2026-01-01T00:00:00Z\n"                    // 5
      "email:secret4@x.org,1,yesterday\n"                                    // 6
      "email:sec\"ret5@x.org,1,2026-01-01T00:00:00Z\n"                       // 7
      "\"email:secret6@x.org\"x,1,2026-01-01T00:00:00Z\n"                    // 8
      "email:secret7@x.org,\"ad_user_data=granted\",2026-01-01T00:00:00Z\n"  // 9 ok
      "email:secret8@x.org,1,2026-01-01T00:00:00Z\r\r\n"                     // 10
      "email:secret9@x.org,\"1,2026-01-01T00:00:00Z\n";                      // 11
  StatusOr<std::unique_ptr<ConsentSignalsReader>> reader =
      ConsentSignalsReader::Open(text, "s.csv");
  ASSERT_TRUE(reader.ok());
  const std::vector<std::string> expected = {
      "s.csv:2: expected 3 fields (identifier,signal,time), found 2",
      "s.csv:3: expected 3 fields (identifier,signal,time), found 4",
      "s.csv:4: field 'identifier': empty",
      "s.csv:5: field 'signal': not a recognised signal",
      "s.csv:6: field 'time': not an ISO 8601 UTC time",
      "s.csv:7: quote inside an unquoted field (field 1)",
      "s.csv:8: text after a closing quote (field 1)",
      "",  // line 9 is fine
      "s.csv:10: bare carriage return (field 3)",
      "s.csv:11: unterminated quoted field",
  };
  SignalRow row;
  for (const std::string& want : expected) {
    StatusOr<bool> got = (*reader)->Next(&row);
    if (want.empty()) {
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      EXPECT_TRUE(*got);
      EXPECT_EQ(row.line, 9U);
      continue;
    }
    ASSERT_FALSE(got.ok()) << want;
    EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(got.status().message(), HasSubstr(want));
    EXPECT_THAT(got.status().message(), Not(HasSubstr("secret")));
  }
  StatusOr<bool> end = (*reader)->Next(&row);
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);
  // ReadConsentSignals stops at the first error.
  StatusOr<std::vector<SignalRow>> all = ReadConsentSignals(text, "s.csv");
  ASSERT_FALSE(all.ok());
  EXPECT_THAT(all.status().message(), HasSubstr("s.csv:2:"));
}

TEST(ConsentSignalsReader, MissingFileIsIOError) {
  auto reader = ConsentSignalsReader::OpenFile("/nonexistent/signals.csv");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kIOError);
}

}  // namespace
}  // namespace dl
