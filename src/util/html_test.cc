// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "util/html.h"

#include <gtest/gtest.h>

namespace dl {
namespace {

TEST(HtmlEscapeTest, EscapesMarkupCharacters) {
  EXPECT_EQ(HtmlEscape("<b>Ann</b>"), "&lt;b&gt;Ann&lt;/b&gt;");
  EXPECT_EQ(HtmlEscape("Tom & Jerry"), "Tom &amp; Jerry");
  EXPECT_EQ(HtmlEscape("say \"hi\" o'clock"), "say &quot;hi&quot; o&#39;clock");
  EXPECT_EQ(HtmlEscape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  // An entity in the input is text, not an entity.
  EXPECT_EQ(HtmlEscape("&lt;"), "&amp;lt;");
}

TEST(HtmlEscapeTest, LeavesOrdinaryTextAlone) {
  EXPECT_EQ(HtmlEscape(""), "");
  EXPECT_EQ(HtmlEscape("ann@example.com"), "ann@example.com");
  EXPECT_EQ(HtmlEscape("+49 171 1234567 = ok; 100%"), "+49 171 1234567 = ok; 100%");
  EXPECT_EQ(HtmlEscape("line\none\ttab\r"), "line\none\ttab\r");
}

TEST(HtmlEscapeTest, KeepsValidUtf8) {
  EXPECT_EQ(HtmlEscape("Müller"), "Müller");
  EXPECT_EQ(HtmlEscape("Łódź 東京 😀"), "Łódź 東京 😀");
}

TEST(HtmlEscapeTest, ReplacesControlCharactersAndInvalidUtf8) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(HtmlEscape(std::string("a\0b", 3)), "a" + fffd + "b");
  EXPECT_EQ(HtmlEscape("a\x1b[31mb\x7f"), "a" + fffd + "[31mb" + fffd);
  EXPECT_EQ(HtmlEscape("\xC3"), fffd);                        // truncated sequence
  EXPECT_EQ(HtmlEscape("\xC3<"), fffd + "&lt;");              // a lead byte cannot swallow '<'
  EXPECT_EQ(HtmlEscape("\xC0\xBC"), fffd + fffd);             // overlong '<'
  EXPECT_EQ(HtmlEscape("\xED\xA0\x80"), fffd + fffd + fffd);  // surrogate
  EXPECT_EQ(HtmlEscape("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // above U+10FFFF
  EXPECT_EQ(HtmlEscape("\xFF"), fffd);
}

TEST(HtmlEscapeTest, OutputHasNoMarkupCharactersLeft) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  const std::string out = HtmlEscape(all + all);
  EXPECT_EQ(out.find('<'), std::string::npos);
  EXPECT_EQ(out.find('>'), std::string::npos);
  EXPECT_EQ(out.find('"'), std::string::npos);
  EXPECT_EQ(out.find('\''), std::string::npos);
}

}  // namespace
}  // namespace dl
