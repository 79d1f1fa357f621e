// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Parser tests. The bulk is data: tests/data/audience/filter_cases.txt, one case a line
// ("filter => S-expression" or "filter => error column N: reason"); a new rule is a new line.
// Every accepted case must also survive ToString and re-parse unchanged. Below the table:
// limits (length, depth, 'in' values), canonical printing, value printing.

#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daylight/audience_filter.h"

namespace dl {
namespace {

struct Case {
  int line;
  std::string input;
  std::string expected;
};

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<Case> LoadCases() {
  std::ifstream in(std::string(DAYLIGHT_SOURCE_DIR) + "/tests/data/audience/filter_cases.txt");
  std::vector<Case> cases;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (Trim(line).empty() || Trim(line)[0] == '#') continue;
    const auto sep = line.find(" => ");
    if (sep == std::string::npos) {
      ADD_FAILURE() << "filter_cases.txt:" << n << ": no ' => '";
      continue;
    }
    cases.push_back({n, Trim(line.substr(0, sep)), Trim(line.substr(sep + 4))});
  }
  return cases;
}

TEST(FilterParserTest, TableOfCases) {
  const auto cases = LoadCases();
  ASSERT_GE(cases.size(), 100u);
  int ok = 0;
  int errors = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE("filter_cases.txt:" + std::to_string(c.line) + ": " + c.input);
    auto ast = ParseFilter(c.input);
    if (c.expected.rfind("error ", 0) == 0) {
      ++errors;
      if (ast.ok()) {
        ADD_FAILURE() << "accepted: " << DebugString(*ast);
        continue;
      }
      EXPECT_EQ(ast.status().code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(ast.status().message(), c.expected.substr(6));
      continue;
    }
    ++ok;
    if (!ast.ok()) {
      ADD_FAILURE() << ast.status().ToString();
      continue;
    }
    EXPECT_EQ(DebugString(*ast), c.expected);
    const std::string printed = ToString(*ast);
    auto again = ParseFilter(printed);
    if (!again.ok()) {
      ADD_FAILURE() << printed << ": " << again.status().ToString();
      continue;
    }
    EXPECT_EQ(*again, *ast) << printed;
    EXPECT_EQ(ToString(*again), printed);
  }
  EXPECT_GT(ok, 50);
  EXPECT_GT(errors, 50);
}

TEST(FilterParserTest, CanonicalText) {
  struct {
    const char* in;
    const char* out;
  } cases[] = {
      {"country=\"DE\"AND last_order<NOW-90d", "country = \"DE\" and last_order < now - 90d"},
      {"(a = 1 or b = 2) and not (c = 3 or d = 4)", "(a = 1 or b = 2) and not (c = 3 or d = 4)"},
      {"a = 1 or (b = 2 and c = 3)", "a = 1 or b = 2 and c = 3"},
      {"not (not (a = 1))", "not not a = 1"},
      {"x Not In (1,2)", "x not in (1, 2)"},
      {"x = 2024-01-01T00:00:00Z", "x = 2024-01-01T00:00:00Z"},
      {"x = 1.0", "x = 1.0"},
      {"x = 0.1", "x = 0.1"},
      {"x = \"a\\\\b\\\"\"", "x = \"a\\\\b\\\"\""},
      {"exists  y", "exists y"},
  };
  for (const auto& c : cases) {
    auto ast = ParseFilter(c.in);
    ASSERT_TRUE(ast.ok()) << c.in << ": " << ast.status().ToString();
    EXPECT_EQ(ToString(*ast), c.out) << c.in;
  }
}

TEST(FilterParserTest, LengthLimit) {
  std::string ok = "x = \"" + std::string(kMaxFilterLength - 6, 'a') + "\"";
  ASSERT_EQ(ok.size(), kMaxFilterLength);
  EXPECT_TRUE(ParseFilter(ok).ok());
  auto st = ParseFilter(ok + " ");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().message(), "column 4097: filter longer than 4096 bytes");
}

TEST(FilterParserTest, DepthLimitParentheses) {
  auto nested = [](int n) { return std::string(n, '(') + "a = 1" + std::string(n, ')'); };
  EXPECT_TRUE(ParseFilter(nested(kMaxFilterDepth)).ok());
  auto st = ParseFilter(nested(kMaxFilterDepth + 1));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().message(), "column 65: nesting deeper than 64 levels of '(' and 'not'");
}

TEST(FilterParserTest, DepthLimitNotAndMixed) {
  std::string nots;
  for (int i = 0; i < kMaxFilterDepth; ++i) nots += "not ";
  EXPECT_TRUE(ParseFilter(nots + "a = 1").ok());
  auto st = ParseFilter(nots + "not a = 1");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().message(), "column 257: nesting deeper than 64 levels of '(' and 'not'");
  // '(' and 'not' count together; siblings do not add depth.
  std::string mixed;
  for (int i = 0; i < 32; ++i) mixed += "not (";
  mixed += "a = 1";
  for (int i = 0; i < 32; ++i) mixed += ")";
  EXPECT_TRUE(ParseFilter(mixed).ok());
  EXPECT_FALSE(ParseFilter("not " + mixed).ok());
  std::string wide = "a = 1";
  for (int i = 0; i < 300; ++i) wide += " and (b = 2)";
  EXPECT_TRUE(ParseFilter(wide).ok());
}

TEST(FilterParserTest, InListLimit) {
  auto list = [](size_t n) {
    std::string s = "x in (";
    for (size_t i = 0; i < n; ++i) s += (i ? "," : "") + std::to_string(i % 10);
    return s + ")";
  };
  auto ok = ParseFilter(list(kMaxInValues));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->values.size(), kMaxInValues);
  auto st = ParseFilter(list(kMaxInValues + 1));
  ASSERT_FALSE(st.ok());
  // "x in (" is 6 bytes, then 1000 values of 1 byte each followed by a comma.
  EXPECT_EQ(st.status().message(), "column 2007: more than 1000 values in an 'in' list");
}

TEST(FilterParserTest, KeywordsAreCaseInsensitiveFieldsAreNot) {
  auto a = ParseFilter("NOT Country IN (\"DE\") AnD x = TRUE oR EXISTS y");
  auto b = ParseFilter("not Country in (\"DE\") and x = true or exists y");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  auto c = ParseFilter("not country in (\"DE\") and x = true or exists y");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(*a == *c);
}

TEST(FilterParserTest, ValuesPrintAndReparse) {
  const FilterValue values[] = {
      FilterValue::Decimal(1e300),
      FilterValue::Decimal(-2.5e-300),
      FilterValue::Decimal(0.1 + 0.2),
      FilterValue::Integer(INT64_MIN),
      FilterValue::Now(-1000000, DurationUnit::kWeek),
      FilterValue::Timestamp(-62135596800000000),  // 0001-01-01T00:00:00Z
      FilterValue::Timestamp(253402300799999999),  // 9999-12-31T23:59:59.999999Z
      FilterValue::String("\"\\"),
  };
  for (const auto& v : values) {
    FilterNode n;
    n.kind = FilterNode::Kind::kIn;
    n.field = "f";
    n.values = {v};
    auto ast = ParseFilter(ToString(n));
    if (v.kind == FilterValue::Kind::kNow) {
      n.kind = FilterNode::Kind::kCompare;
      n.op = CompareOp::kLt;
      ast = ParseFilter(ToString(n));
    }
    ASSERT_TRUE(ast.ok()) << ToString(n) << ": " << ast.status().ToString();
    EXPECT_EQ(*ast, n) << ToString(n);
  }
}

}  // namespace
}  // namespace dl
