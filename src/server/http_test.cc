// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Request helpers (src/server/http.cc): the decoding route modules build on.
#include "server/http.h"

#include <gtest/gtest.h>

namespace dl::server {
namespace {

TEST(PercentDecodeTest, DecodesEscapesAndPlusOnlyInForms) {
  EXPECT_EQ(PercentDecode("a%20b%2Fc", false), "a b/c");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("%e2%82%AC", false), "\xe2\x82\xac");
  EXPECT_EQ(PercentDecode("", false), "");
}

TEST(PercentDecodeTest, RejectsMalformedEscapes) {
  EXPECT_FALSE(PercentDecode("%", false).has_value());
  EXPECT_FALSE(PercentDecode("%4", false).has_value());
  EXPECT_FALSE(PercentDecode("abc%zz", false).has_value());
  EXPECT_FALSE(PercentDecode("%g0", true).has_value());
}

TEST(PercentEncodeTest, RoundTrips) {
  std::string raw = "ann+test@example.com/ä ?&=";
  std::string enc = PercentEncode(raw);
  EXPECT_EQ(enc.find_first_of("+@/ ?&="), std::string::npos) << enc;
  EXPECT_EQ(PercentDecode(enc, true), raw);
}

TEST(RequestTest, QueryParameters) {
  Request r;
  r.query =
      "purpose=marketing.communications.email&id=email%3Aann%40example.com&x=a+b&id=second&flag";
  EXPECT_EQ(r.Query("purpose"), "marketing.communications.email");
  EXPECT_EQ(r.Query("id"), "email:ann@example.com");  // the first of repeated names
  EXPECT_EQ(r.Query("x"), "a b");
  EXPECT_EQ(r.Query("flag"), "");
  EXPECT_FALSE(r.Query("missing").has_value());
}

TEST(RequestTest, FormKeepsTheFirstValue) {
  Request r;
  r.body = "identifier=ann%40example.com&lang=de&lang=en&note=hello+world&bad=%zz";
  auto form = r.Form();
  EXPECT_EQ(form["identifier"], "ann@example.com");
  EXPECT_EQ(form["lang"], "de");
  EXPECT_EQ(form["note"], "hello world");
  EXPECT_EQ(form.count("bad"), 0u);  // a malformed escape drops the field
}

TEST(RequestTest, Cookies) {
  Request r;
  r.headers["cookie"] = "theme=dark; dl_session=abc123 ;  other=x=y";
  EXPECT_EQ(r.Cookie("dl_session"), "abc123");
  EXPECT_EQ(r.Cookie("theme"), "dark");
  EXPECT_EQ(r.Cookie("other"), "x=y");
  EXPECT_EQ(r.Cookie("session"), "");
}

TEST(RequestTest, HeaderLookupIsCaseInsensitive) {
  Request r;
  r.headers["content-type"] = "application/json";
  EXPECT_EQ(r.Header("Content-Type"), "application/json");
  EXPECT_EQ(r.Header("X-Missing"), "");
}

TEST(RequestTest, SegmentsAreDecodedAndEmptyOnesDropped) {
  Request r;
  r.path = "/api/v1//subjects/email%3Aann%40example.com/";
  auto s = r.Segments();
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0], "api");
  EXPECT_EQ(s[2], "subjects");
  EXPECT_EQ(s[3], "email:ann@example.com");
  r.path = "/";
  EXPECT_TRUE(r.Segments().empty());
}

TEST(ResponseTest, ErrorIsEscapedJson) {
  Response e = Response::Error(400, "bad_request", "field \"userId\"\n missing");
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.content_type, "application/json");
  EXPECT_EQ(e.body, R"({"error":{"code":"bad_request","message":"field \"userId\"\n missing"}})");
  Response h = Response::Html(200, "<p>").With("Set-Cookie", "a=b");
  EXPECT_EQ(h.content_type, "text/html; charset=utf-8");
  ASSERT_EQ(h.headers.size(), 1u);
}

}  // namespace
}  // namespace dl::server
