// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "generate/text_writers.h"

#include <string>

#include <gtest/gtest.h>

namespace dl::generate {
namespace {

std::string Csv(std::string_view v, char delimiter = ',') {
  std::string out;
  AppendCsvField(out, v, delimiter);
  return out;
}

TEST(CsvTest, QuotesOnlyWhereRfc4180Needs) {
  EXPECT_EQ(Csv("Müller"), "Müller");
  EXPECT_EQ(Csv("King, Jr."), "\"King, Jr.\"");
  EXPECT_EQ(Csv("Robert \"Bob\""), "\"Robert \"\"Bob\"\"\"");
  EXPECT_EQ(Csv("a;b"), "a;b");
  EXPECT_EQ(Csv("a;b", ';'), "\"a;b\"");
  EXPECT_EQ(Csv("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(Csv("ann@web.de "), "\"ann@web.de \"");
  EXPECT_EQ(Csv(""), "");
}

TEST(JsonTest, EscapesQuotesBackslashesAndControls) {
  std::string out;
  AppendJsonString(out, "Zoë \"Z\" \\ \n\x01");
  EXPECT_EQ(out, "\"Zoë \\\"Z\\\" \\\\ \\n\\u0001\"");
}

TEST(VCardTest, EscapesText) {
  EXPECT_EQ(EscapeVCardText("Schmidt, Anna; Dr.\\"), "Schmidt\\, Anna\\; Dr.\\\\");
  EXPECT_EQ(EscapeVCardText("a\nb"), "a\\nb");
}

// Undoes RFC 6350 folding: CRLF followed by one space disappears.
std::string Unfold(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

TEST(VCardTest, FoldsAt75OctetsWithoutSplittingUtf8) {
  std::string line = "NOTE:";
  for (int i = 0; i < 40; ++i) line += "Müller Zoë ";
  std::string out;
  AppendFoldedLine(out, line);
  ASSERT_GE(out.size(), 2u);
  EXPECT_EQ(out.substr(out.size() - 2), "\r\n");
  EXPECT_EQ(Unfold(out), line + "\r\n");
  size_t start = 0;
  int physical = 0;
  while (start < out.size()) {
    const size_t end = out.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    const std::string piece = out.substr(start, end - start);
    EXPECT_LE(piece.size(), 75u);
    if (physical > 0) {
      EXPECT_EQ(piece[0], ' ');
    }
    // A piece never starts (after the fold space) with a UTF-8 continuation byte.
    const size_t first = physical > 0 ? 1 : 0;
    if (piece.size() > first) {
      EXPECT_NE(static_cast<unsigned char>(piece[first]) & 0xC0, 0x80);
    }
    start = end + 2;
    ++physical;
  }
  EXPECT_GT(physical, 5);
}

TEST(VCardTest, FoldingKeepsEscapePairsTogether) {
  // 74 octets then "\,": a cut at 75 would separate the backslash from its comma.
  const std::string line = "NOTE:" + std::string(69, 'a') + "\\, and more text after it";
  std::string out;
  AppendFoldedLine(out, line);
  EXPECT_EQ(out, "NOTE:" + std::string(69, 'a') + "\r\n \\, and more text after it\r\n");
}

TEST(VCardTest, ShortLinesAreNotFolded) {
  std::string out;
  AppendFoldedLine(out, "FN:Anna (Arbeit)");
  EXPECT_EQ(out, "FN:Anna (Arbeit)\r\n");
  std::string exact(75, 'x');
  out.clear();
  AppendFoldedLine(out, exact);
  EXPECT_EQ(out, exact + "\r\n");
}

}  // namespace
}  // namespace dl::generate
