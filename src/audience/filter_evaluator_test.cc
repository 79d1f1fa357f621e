// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Evaluator tests over MemoryPredicateSource: each operator, missing values, `now` arithmetic,
// AudienceMembers' intersection with eligibility, leaf sharing and short-circuits, and a
// randomized comparison against a naive per-subject interpreter.

#include "audience/filter_evaluator.h"

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daylight/audience_filter.h"

#include "audience/memory_predicate_source.h"

namespace dl::audience {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ColumnType = MemoryPredicateSource::ColumnType;

constexpr int64_t kDay = 86400LL * 1000000;
constexpr int64_t kNow = 1767225600LL * 1000000;  // 2026-01-01T00:00:00Z

std::vector<uint32_t> Ids(const SubjectSet& s) {
  std::vector<uint32_t> out;
  for (auto it = s.begin(); it != s.end(); ++it) out.push_back(*it);
  return out;
}

// Subjects 1..6:
//   id country last_order      orders vip
//   1  DE      now - 100d      5      true
//   2  DE      now - 10d       1      false
//   3  FR      now - 200d      0      -
//   4  AT      -               2      true
//   5  -       now - 1d        -      -
//   6  -       -               -      -     (known, no traits)
class EvaluatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(src_.AddColumn("country", ColumnType::kString).ok());
    ASSERT_TRUE(src_.AddColumn("last_order", ColumnType::kTime).ok());
    ASSERT_TRUE(src_.AddColumn("events.order.count", ColumnType::kNumber).ok());
    ASSERT_TRUE(src_.AddColumn("vip", ColumnType::kBool).ok());
    Set("country", 1, FilterValue::String("DE"));
    Set("country", 2, FilterValue::String("DE"));
    Set("country", 3, FilterValue::String("FR"));
    Set("country", 4, FilterValue::String("AT"));
    Set("last_order", 1, FilterValue::Timestamp(kNow - 100 * kDay));
    Set("last_order", 2, FilterValue::Timestamp(kNow - 10 * kDay));
    Set("last_order", 3, FilterValue::Timestamp(kNow - 200 * kDay));
    Set("last_order", 5, FilterValue::Timestamp(kNow - 1 * kDay));
    Set("events.order.count", 1, FilterValue::Integer(5));
    Set("events.order.count", 2, FilterValue::Integer(1));
    Set("events.order.count", 3, FilterValue::Integer(0));
    Set("events.order.count", 4, FilterValue::Integer(2));
    Set("vip", 1, FilterValue::Bool(true));
    Set("vip", 2, FilterValue::Bool(false));
    Set("vip", 4, FilterValue::Bool(true));
    src_.AddSubject(6);
  }
  void Set(const std::string& f, uint32_t s, const FilterValue& v) {
    ASSERT_TRUE(src_.Set(f, s, v).ok()) << f;
  }
  std::vector<uint32_t> Eval(const std::string& filter) {
    auto ast = ParseFilter(filter);
    EXPECT_TRUE(ast.ok()) << filter << ": " << ast.status().ToString();
    if (!ast.ok()) return {999};
    auto r = Evaluate(*ast, src_, kNow);
    EXPECT_TRUE(r.ok()) << filter << ": " << r.status().ToString();
    if (!r.ok()) return {999};
    return Ids(*r);
  }
  Status EvalError(const std::string& filter) {
    auto ast = ParseFilter(filter);
    EXPECT_TRUE(ast.ok()) << ast.status().ToString();
    if (!ast.ok()) return ast.status();
    auto r = Evaluate(*ast, src_, kNow);
    return r.ok() ? Status::Ok() : r.status();
  }

  MemoryPredicateSource src_;
};

TEST_F(EvaluatorTest, Comparisons) {
  EXPECT_THAT(Eval("country = \"DE\""), ElementsAre(1, 2));
  EXPECT_THAT(Eval("country != \"DE\""), ElementsAre(3, 4));
  EXPECT_THAT(Eval("country < \"DE\""), ElementsAre(4));
  EXPECT_THAT(Eval("events.order.count >= 2"), ElementsAre(1, 4));
  EXPECT_THAT(Eval("events.order.count > 1.5"), ElementsAre(1, 4));
  EXPECT_THAT(Eval("events.order.count <= 0"), ElementsAre(3));
  EXPECT_THAT(Eval("vip = true"), ElementsAre(1, 4));
  EXPECT_THAT(Eval("vip != true"), ElementsAre(2));
}

TEST_F(EvaluatorTest, BooleanOperators) {
  EXPECT_THAT(Eval("country = \"DE\" and vip = true"), ElementsAre(1));
  EXPECT_THAT(Eval("country = \"FR\" or vip = true"), ElementsAre(1, 3, 4));
  EXPECT_THAT(Eval("not country = \"DE\""), ElementsAre(3, 4, 5, 6));
  EXPECT_THAT(Eval("not (country = \"DE\" or vip = true)"), ElementsAre(3, 5, 6));
  EXPECT_THAT(Eval("not vip = true and not country = \"FR\""), ElementsAre(2, 5, 6));
  EXPECT_THAT(Eval("country = \"DE\" and not vip = true"), ElementsAre(2));
  EXPECT_THAT(Eval("country = \"FR\" or country = \"AT\" and vip = true"), ElementsAre(3, 4));
  EXPECT_THAT(Eval("not not country = \"DE\""), ElementsAre(1, 2));
}

TEST_F(EvaluatorTest, MembershipAndExists) {
  EXPECT_THAT(Eval("country in (\"DE\", \"AT\")"), ElementsAre(1, 2, 4));
  EXPECT_THAT(Eval("country not in (\"DE\", \"AT\")"), ElementsAre(3, 5, 6));
  EXPECT_THAT(Eval("events.order.count in (0, 5, 7)"), ElementsAre(1, 3));
  EXPECT_THAT(Eval("exists last_order"), ElementsAre(1, 2, 3, 5));
  EXPECT_THAT(Eval("not exists country"), ElementsAre(5, 6));
  EXPECT_THAT(Eval("exists country and country not in (\"DE\")"), ElementsAre(3, 4));
}

// Documented rule: a subject without a value is in no comparison, including '!='; 'not' and
// 'not in' complement against every subject, so they include it.
TEST_F(EvaluatorTest, MissingValues) {
  EXPECT_THAT(Eval("country != \"DE\""), ElementsAre(3, 4));
  EXPECT_THAT(Eval("not country = \"DE\""), ElementsAre(3, 4, 5, 6));
  EXPECT_THAT(Eval("country not in (\"DE\")"), ElementsAre(3, 4, 5, 6));
  EXPECT_THAT(Eval("last_order < now or last_order >= now"), ElementsAre(1, 2, 3, 5));
}

TEST_F(EvaluatorTest, NowArithmetic) {
  EXPECT_THAT(Eval("last_order < now - 90d"), ElementsAre(1, 3));
  EXPECT_THAT(Eval("last_order >= now - 90d"), ElementsAre(2, 5));
  EXPECT_THAT(Eval("last_order >= now - 2w"), ElementsAre(2, 5));
  EXPECT_THAT(Eval("last_order > now - 24h"), ElementsAre());
  EXPECT_THAT(Eval("last_order >= now - 1440min"), ElementsAre(5));
  EXPECT_THAT(Eval("last_order >= now - 86400s"), ElementsAre(5));
  EXPECT_THAT(Eval("last_order < now + 1d"), ElementsAre(1, 2, 3, 5));
  EXPECT_THAT(Eval("last_order < 2025-09-01"), ElementsAre(3));  // now - 122d
  EXPECT_THAT(Eval("last_order < 2025-12-30T12:00:00+01:00"), ElementsAre(1, 2, 3));
  EXPECT_THAT(Eval("country = \"DE\" and last_order < now - 90d"), ElementsAre(1));
  // The same tree, a different now.
  auto ast = ParseFilter("last_order < now - 90d");
  ASSERT_TRUE(ast.ok());
  auto later = Evaluate(*ast, src_, kNow + 100 * kDay);
  ASSERT_TRUE(later.ok());
  EXPECT_THAT(Ids(*later), ElementsAre(1, 2, 3, 5));
}

TEST_F(EvaluatorTest, ResolveNowOverflow) {
  auto ok = ResolveNow(FilterValue::Now(-90, DurationUnit::kDay), kNow);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, kNow - 90 * kDay);
  auto far = ResolveNow(FilterValue::Now(1000000, DurationUnit::kWeek), INT64_MAX - 5);
  ASSERT_FALSE(far.ok());
  EXPECT_THAT(far.status().message(), HasSubstr("outside the representable time range"));
}

TEST_F(EvaluatorTest, SourceErrorsPropagate) {
  Status st = EvalError("nosuch = 1");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "unknown field 'nosuch'");
  st = EvalError("country = 5");
  EXPECT_EQ(st.message(), "field 'country' holds strings; cannot compare it with 5");
  st = EvalError("last_order < \"yesterday\"");
  EXPECT_THAT(st.message(), HasSubstr("holds times"));
  st = EvalError("country = \"DE\" or events.order.count in (1, \"x\")");
  EXPECT_THAT(st.message(), HasSubstr("holds numbers"));
}

TEST_F(EvaluatorTest, LeavesEvaluatedOnceAndShortCircuits) {
  EXPECT_THAT(Eval("country = \"DE\" and (country = \"DE\" or vip = true) and "
                   "not country = \"DE\""),
              ElementsAre());
  EXPECT_EQ(src_.calls(), 2);
  // An empty intersection stops the 'and': the second leaf is not asked for (documented: an
  // unknown field there goes unreported).
  EXPECT_THAT(Eval("country = \"XX\" and nosuch = 1"), ElementsAre());
  EXPECT_EQ(src_.calls(), 3);
  // A union that reaches the universe stops the 'or'.
  EXPECT_THAT(Eval("exists country or not exists country or nosuch = 1"),
              ElementsAre(1, 2, 3, 4, 5, 6));
}

TEST_F(EvaluatorTest, AudienceMembersIntersectsEligibility) {
  auto ast = ParseFilter("country = \"DE\" or vip = true");
  ASSERT_TRUE(ast.ok());
  SubjectSet eligible;
  eligible.add(2);
  eligible.add(4);
  eligible.add(6);
  auto m = AudienceMembers(*ast, src_, eligible, kNow);
  ASSERT_TRUE(m.ok());
  EXPECT_THAT(Ids(*m), ElementsAre(2, 4));
  auto none = AudienceMembers(*ast, src_, SubjectSet(), kNow);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->isEmpty());
  // 'not' complements within all subjects, and eligibility still applies.
  auto neg = ParseFilter("not country = \"DE\"");
  ASSERT_TRUE(neg.ok());
  auto n = AudienceMembers(*neg, src_, eligible, kNow);
  ASSERT_TRUE(n.ok());
  EXPECT_THAT(Ids(*n), ElementsAre(4, 6));
}

TEST(MemoryPredicateSourceTest, ColumnTypes) {
  MemoryPredicateSource s;
  ASSERT_TRUE(s.AddColumn("a", ColumnType::kNumber).ok());
  EXPECT_TRUE(s.AddColumn("a", ColumnType::kNumber).ok());
  EXPECT_EQ(s.AddColumn("a", ColumnType::kString).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(s.Set("a", 1, FilterValue::String("x")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.Set("a", 1, FilterValue::Now()).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.Set("b", 1, FilterValue::Integer(1)).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(s.Set("a", 7, FilterValue::Decimal(2.5)).ok());
  EXPECT_THAT(Ids(s.Universe()), ElementsAre(7));
}

// Random filters over random data: the bitmap evaluator agrees with a per-subject interpreter.
class Reference {
 public:
  std::map<std::string, std::map<uint32_t, FilterValue>> data;

  static int Cmp(const FilterValue& a, const FilterValue& b) {
    if (a.kind == FilterValue::Kind::kString)
      return a.str.compare(b.str) < 0 ? -1 : a.str == b.str ? 0 : 1;
    const double x = a.kind == FilterValue::Kind::kDecimal ? a.d : static_cast<double>(a.i);
    const double y = b.kind == FilterValue::Kind::kDecimal ? b.d : static_cast<double>(b.i);
    return x < y ? -1 : x == y ? 0 : 1;
  }
  bool Match(const FilterNode& n, uint32_t s, int64_t now) const {
    switch (n.kind) {
      case FilterNode::Kind::kAnd:
        for (const auto& c : n.children) {
          if (!Match(c, s, now)) return false;
        }
        return true;
      case FilterNode::Kind::kOr:
        for (const auto& c : n.children) {
          if (Match(c, s, now)) return true;
        }
        return false;
      case FilterNode::Kind::kNot:
        return !Match(n.children[0], s, now);
      case FilterNode::Kind::kExists:
        return data.at(n.field).count(s) > 0;
      case FilterNode::Kind::kIn: {
        bool in = false;
        if (auto it = data.at(n.field).find(s); it != data.at(n.field).end()) {
          for (const auto& v : n.values) in = in || Cmp(it->second, v) == 0;
        }
        return in != n.negated;
      }
      case FilterNode::Kind::kCompare: {
        auto it = data.at(n.field).find(s);
        if (it == data.at(n.field).end()) return false;
        FilterValue v = n.values[0];
        if (v.kind == FilterValue::Kind::kNow) v = FilterValue::Timestamp(*ResolveNow(v, now));
        const int c = Cmp(it->second, v);
        switch (n.op) {
          case CompareOp::kEq:
            return c == 0;
          case CompareOp::kNe:
            return c != 0;
          case CompareOp::kLt:
            return c < 0;
          case CompareOp::kLe:
            return c <= 0;
          case CompareOp::kGt:
            return c > 0;
          case CompareOp::kGe:
            return c >= 0;
        }
      }
    }
    return false;
  }
};

TEST(EvaluatorRandomTest, AgreesWithPerSubjectInterpreter) {
  std::mt19937 rng(20261129);
  MemoryPredicateSource src;
  Reference ref;
  const char* strs[] = {"a", "b", "c"};
  ASSERT_TRUE(src.AddColumn("s", ColumnType::kString).ok());
  ASSERT_TRUE(src.AddColumn("n", ColumnType::kNumber).ok());
  ASSERT_TRUE(src.AddColumn("t", ColumnType::kTime).ok());
  ref.data["s"];
  ref.data["n"];
  ref.data["t"];
  constexpr uint32_t kSubjects = 200;
  for (uint32_t id = 0; id < kSubjects; ++id) {
    src.AddSubject(id);
    auto put = [&](const std::string& f, FilterValue v) {
      ASSERT_TRUE(src.Set(f, id, v).ok());
      ref.data[f][id] = v;
    };
    if (rng() % 4 != 0) put("s", FilterValue::String(strs[rng() % 3]));
    if (rng() % 4 != 0) put("n", FilterValue::Integer(static_cast<int64_t>(rng() % 5)));
    if (rng() % 4 != 0)
      put("t", FilterValue::Timestamp(kNow - static_cast<int64_t>(rng() % 10) * kDay));
  }
  const char* ops[] = {"=", "!=", "<", "<=", ">", ">="};
  std::function<std::string(int)> gen = [&](int depth) -> std::string {
    const unsigned r = depth > 3 ? 4 + rng() % 5 : rng() % 9;
    switch (r) {
      case 0:
        return gen(depth + 1) + " and " + gen(depth + 1);
      case 1:
        return "(" + gen(depth + 1) + " or " + gen(depth + 1) + ")";
      case 2:
        return "not " + gen(depth + 1);
      case 3:
        return "exists " + std::string("snt").substr(rng() % 3, 1);
      case 4:
        return "s " + std::string(ops[rng() % 6]) + " \"" + strs[rng() % 3] + "\"";
      case 5:
        return "n " + std::string(ops[rng() % 6]) + " " + std::to_string(rng() % 5);
      case 6:
        return "t " + std::string(ops[2 + rng() % 4]) + " now - " + std::to_string(rng() % 10) +
               "d";
      case 7:
        return std::string("n ") + (rng() % 2 ? "not " : "") + "in (" + std::to_string(rng() % 5) +
               ", " + std::to_string(rng() % 5) + ")";
      default:
        return "s in (\"" + std::string(strs[rng() % 3]) + "\")";
    }
  };
  for (int iter = 0; iter < 500; ++iter) {
    const std::string filter = gen(0);
    auto ast = ParseFilter(filter);
    ASSERT_TRUE(ast.ok()) << filter << ": " << ast.status().ToString();
    auto got = Evaluate(*ast, src, kNow);
    ASSERT_TRUE(got.ok()) << filter;
    std::vector<uint32_t> want;
    for (uint32_t id = 0; id < kSubjects; ++id) {
      if (ref.Match(*ast, id, kNow)) want.push_back(id);
    }
    ASSERT_THAT(Ids(*got), ElementsAreArray(want)) << filter;
  }
}

}  // namespace
}  // namespace dl::audience
