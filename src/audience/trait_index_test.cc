// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// TraitIndex: lazy loading through the Loader, "traits.<name>", unknown fields, loader errors
// passed through, answers clipped to the universe; and whole filters evaluated with
// AudienceMembers over a TraitIndex and over MemoryPredicateSource holding the same data, which
// must agree.

#include "daylight/trait_index.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daylight/audience_filter.h"

#include "audience/memory_predicate_source.h"
#include "util/time_util.h"

namespace dl {
namespace {

using audience::MemoryPredicateSource;
using ::testing::ElementsAre;
using ColumnType = MemoryPredicateSource::ColumnType;

constexpr int64_t kDay = 86400LL * 1000000;
constexpr int64_t kNow = 1767225600LL * 1000000;  // 2026-01-01T00:00:00Z

std::vector<uint32_t> Ids(const SubjectSet& s) {
  std::vector<uint32_t> out;
  for (auto it = s.begin(); it != s.end(); ++it) out.push_back(*it);
  return out;
}

SubjectSet Range(uint32_t lo, uint32_t hi) {
  SubjectSet s;
  s.addRange(lo, hi);
  return s;
}

// A store of raw trait values; the loader builds a column on request and counts requests.
struct Traits {
  std::map<std::string, std::map<uint32_t, std::string>> raw;
  std::map<std::string, int> loads;

  TraitIndex::Loader Loader() {
    return [this](std::string_view name) -> StatusOr<std::optional<TraitColumn>> {
      ++loads[std::string(name)];
      auto it = raw.find(std::string(name));
      if (it == raw.end()) return std::optional<TraitColumn>();
      TraitColumnBuilder b;
      for (const auto& [s, v] : it->second) b.Set(s, v);
      return std::optional<TraitColumn>(b.Build());
    };
  }
};

TEST(TraitIndexTest, LoadsEachTraitOnceAndTraitsPrefixNamesTheSameTrait) {
  Traits t;
  t.raw["country"] = {{1, "DE"}, {2, "FR"}, {3, "DE"}};
  TraitIndex index(Range(0, 10), t.Loader());
  EXPECT_EQ(t.loads.size(), 0u);  // nothing loaded up front
  auto a = index.Compare("country", CompareOp::kEq, FilterValue::String("DE"));
  ASSERT_TRUE(a.ok());
  EXPECT_THAT(Ids(*a), ElementsAre(1, 3));
  auto b = index.In("traits.country", {FilterValue::String("FR")});
  ASSERT_TRUE(b.ok());
  EXPECT_THAT(Ids(*b), ElementsAre(2));
  auto e = index.Exists("traits.country");
  ASSERT_TRUE(e.ok());
  EXPECT_THAT(Ids(*e), ElementsAre(1, 2, 3));
  EXPECT_EQ(t.loads["country"], 1);
  EXPECT_EQ(t.loads.size(), 1u);
}

TEST(TraitIndexTest, UnknownFieldIsInvalidArgumentNamingTheFieldAsWritten) {
  Traits t;
  TraitIndex index(Range(0, 10), t.Loader());
  auto r = index.Compare("traits.shoe_size", CompareOp::kGt, FilterValue::Integer(40));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "unknown field 'traits.shoe_size'");
  EXPECT_EQ(t.loads["shoe_size"], 1);
  auto e = index.Exists("nope");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(), "unknown field 'nope'");
  // No loader at all: every field is unknown.
  TraitIndex empty(Range(0, 10), nullptr);
  EXPECT_EQ(empty.Exists("x").status().message(), "unknown field 'x'");
}

TEST(TraitIndexTest, LoaderErrorsPassThroughUnchanged) {
  int calls = 0;
  TraitIndex index(Range(0, 10), [&](std::string_view) -> StatusOr<std::optional<TraitColumn>> {
    ++calls;
    return Corruption("column 'country': MAC mismatch");
  });
  auto r = index.Compare("country", CompareOp::kEq, FilterValue::String("DE"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(r.status().message(), "column 'country': MAC mismatch");
  // A failed load is not remembered: the next use asks again.
  EXPECT_FALSE(index.Exists("country").ok());
  EXPECT_EQ(calls, 2);
  // Through the evaluator too.
  auto ast = ParseFilter("country = \"DE\"");
  ASSERT_TRUE(ast.ok());
  auto m = AudienceMembers(*ast, index, Range(0, 10), kNow);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(m.status().message(), "column 'country': MAC mismatch");
}

TEST(TraitIndexTest, AnswersAreClippedToTheUniverse) {
  Traits t;
  t.raw["x"] = {{1, "a"}, {5, "a"}, {20, "b"}, {30, "a"}};  // 20 and 30 are outside
  TraitIndex index(Range(0, 10), t.Loader());
  auto eq = index.Compare("x", CompareOp::kEq, FilterValue::String("a"));
  ASSERT_TRUE(eq.ok());
  EXPECT_THAT(Ids(*eq), ElementsAre(1, 5));
  auto ne = index.Compare("x", CompareOp::kNe, FilterValue::String("a"));
  ASSERT_TRUE(ne.ok());
  EXPECT_TRUE(ne->isEmpty());
  auto in = index.In("x", {FilterValue::String("b"), FilterValue::String("a")});
  ASSERT_TRUE(in.ok());
  EXPECT_THAT(Ids(*in), ElementsAre(1, 5));
  auto ex = index.Exists("x");
  ASSERT_TRUE(ex.ok());
  EXPECT_THAT(Ids(*ex), ElementsAre(1, 5));
}

TEST(TraitIndexTest, TypeErrorsNameTheFieldAsWritten) {
  Traits t;
  t.raw["orders"] = {{1, "3"}};
  TraitIndex index(Range(0, 10), t.Loader());
  auto r = index.Compare("traits.orders", CompareOp::kEq, FilterValue::String("3"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(),
              ::testing::StartsWith("field 'traits.orders' holds numbers; cannot compare it "
                                    "with \"3\""));
}

// The same subjects in both sources; whole filters must give the same members.
class TraitIndexFilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(mem_.AddColumn("country", ColumnType::kString).ok());
    ASSERT_TRUE(mem_.AddColumn("last_order", ColumnType::kTime).ok());
    ASSERT_TRUE(mem_.AddColumn("orders", ColumnType::kNumber).ok());
    ASSERT_TRUE(mem_.AddColumn("vip", ColumnType::kBool).ok());
    std::mt19937 rng(17);
    const char* countries[] = {"DE", "DE", "DE", "FR", "AT", "NL", "GB", "US"};
    for (uint32_t s = 0; s < kSubjects; ++s) {
      mem_.AddSubject(s);
      if (rng() % 10 != 0) {
        const std::string c = countries[rng() % 8];
        Put("country", s, c, FilterValue::String(c));
      }
      if (rng() % 5 != 0) {
        const int64_t days = rng() % 1000;
        const int64_t t = kNow - days * kDay;
        // A date, as a source file would hold it.
        Put("last_order", s, DateText(t), FilterValue::Date(t));
      }
      if (rng() % 6 != 0) {
        const int n = static_cast<int>(rng() % 51);
        Put("orders", s, std::to_string(n), FilterValue::Integer(n));
      }
      if (rng() % 3 == 0) {
        const bool v = rng() % 2;
        Put("vip", s, v ? "true" : "false", FilterValue::Bool(v));
      }
    }
  }

  static std::string DateText(int64_t micros) { return FormatTime(micros).substr(0, 10); }

  void Put(const std::string& field, uint32_t s, const std::string& raw, const FilterValue& v) {
    traits_.raw[field][s] = raw;
    ASSERT_TRUE(mem_.Set(field, s, v).ok());
  }

  static constexpr uint32_t kSubjects = 40000;
  MemoryPredicateSource mem_;
  Traits traits_;
};

TEST_F(TraitIndexFilterTest, FiltersAgreeWithMemorySource) {
  TraitIndex index(Range(0, kSubjects), traits_.Loader());
  SubjectSet eligible;
  for (uint32_t s = 0; s < kSubjects; s += 1 + s % 3) eligible.add(s);
  const char* filters[] = {
      "country = \"DE\" and last_order < now - 90d and orders >= 3",
      "country != \"DE\"",
      "not country = \"DE\"",
      "country not in (\"DE\", \"FR\")",
      "exists country and country not in (\"DE\")",
      "country in (\"AT\", \"NL\", \"XX\") or vip = true",
      "orders > 2.5 and orders <= 10 or last_order >= 2025-06-01",
      "last_order > now - 30d or last_order < now - 900d",
      "vip != true and not exists orders",
      "country < \"DE\" or country >= \"NL\"",
      "orders = 0 or orders = -0.0",
      "last_order <= 2025-01-01T00:00:00+01:00",
      "not (country = \"DE\" or orders < 10) and exists vip",
  };
  for (const char* f : filters) {
    auto ast = ParseFilter(f);
    ASSERT_TRUE(ast.ok()) << f << ": " << ast.status().ToString();
    auto want = AudienceMembers(*ast, mem_, eligible, kNow);
    auto got = AudienceMembers(*ast, index, eligible, kNow);
    ASSERT_TRUE(want.ok()) << f << ": " << want.status().ToString();
    ASSERT_TRUE(got.ok()) << f << ": " << got.status().ToString();
    EXPECT_TRUE(*want == *got) << f << ": want " << want->cardinality() << ", got "
                               << got->cardinality();
    EXPECT_FALSE(got->isEmpty()) << f;  // each filter selects someone, so it tests something
  }
  // Errors agree in kind.
  for (const char* f : {"country = 5", "orders = \"3\"", "last_order < 5", "vip = 1", "nope = 1"}) {
    auto ast = ParseFilter(f);
    ASSERT_TRUE(ast.ok()) << f;
    auto want = AudienceMembers(*ast, mem_, eligible, kNow);
    auto got = AudienceMembers(*ast, index, eligible, kNow);
    ASSERT_FALSE(want.ok()) << f;
    ASSERT_FALSE(got.ok()) << f;
    EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument) << f;
    EXPECT_THAT(got.status().message(), ::testing::StartsWith(want.status().message())) << f;
  }
}

}  // namespace
}  // namespace dl
