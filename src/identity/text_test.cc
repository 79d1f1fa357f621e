// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0

#include "identity/text.h"

#include <gtest/gtest.h>

namespace dl::text {
namespace {

TEST(Text, TrimAscii) {
  EXPECT_EQ(TrimAscii(" \t a b \r\n"), "a b");
  EXPECT_EQ(TrimAscii("   "), "");
  EXPECT_EQ(TrimAscii(""), "");
}

TEST(Text, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("Zoë 정 😀"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xff"));
}

TEST(Text, LowerLettersOnly) {
  EXPECT_EQ(LowerLettersOnly("Mary-Jane O'Neil"), "maryjaneoneil");
  EXPECT_EQ(LowerLettersOnly("Valéry"), "valéry");
  EXPECT_EQ(LowerLettersOnly("ÉMILE ZOLA"), "émilezola");
  EXPECT_EQ(LowerLettersOnly("Łódź"), "łódź");
  EXPECT_EQ(LowerLettersOnly("Σωκράτης"), "σωκράτης");
  EXPECT_EQ(LowerLettersOnly("정"), "정");
  EXPECT_EQ(LowerLettersOnly("R2-D2"), "rd");
  EXPECT_EQ(LowerLettersOnly("a\xff"
                             "b"),
            "ab");  // malformed bytes dropped
}

TEST(Text, LowerUnicodeKeepsEverythingElse) {
  EXPECT_EQ(LowerUnicode("ÄNNE+1@Bücher.DE"), "änne+1@bücher.de");
  EXPECT_EQ(LowerUnicode("a\xff"), "a\xff");
}

}  // namespace
}  // namespace dl::text
