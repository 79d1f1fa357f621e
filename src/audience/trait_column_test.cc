// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// TraitColumn tests: how raw values classify, what the builder keeps, typing errors, and a
// randomized comparison of every operator against MemoryPredicateSource (the reference
// semantics of the filter language) over columns of 50k entries, several times
// kTraitBucketEntries, whose frequent values span buckets.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daylight/audience_filter.h"
#include "daylight/trait_index.h"

#include "audience/civil_time.h"
#include "audience/memory_predicate_source.h"

namespace dl {
namespace {

using audience::MemoryPredicateSource;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ColumnType = MemoryPredicateSource::ColumnType;

std::vector<uint32_t> Ids(const SubjectSet& s) {
  std::vector<uint32_t> out;
  for (auto it = s.begin(); it != s.end(); ++it) out.push_back(*it);
  return out;
}

TraitColumn Build(const std::vector<std::pair<uint32_t, std::string>>& values) {
  TraitColumnBuilder b;
  for (const auto& [s, v] : values) b.Set(s, v);
  return b.Build();
}

std::vector<uint32_t> Cmp(const TraitColumn& c, CompareOp op, const FilterValue& v) {
  auto r = c.Compare("f", op, v);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? Ids(*r) : std::vector<uint32_t>{999999};
}

TEST(ClassifyTraitValueTest, Kinds) {
  struct Case {
    const char* raw;
    TraitKind kind;
  };
  const Case cases[] = {
      {"true", TraitKind::kBool},
      {"FALSE", TraitKind::kBool},
      {"True", TraitKind::kBool},
      {"yes", TraitKind::kString},
      {"0", TraitKind::kNumber},
      {"-0", TraitKind::kNumber},
      {"42", TraitKind::kNumber},
      {"-42.50", TraitKind::kNumber},
      {"0.5", TraitKind::kNumber},
      {"9007199254740993", TraitKind::kNumber},
      {"01234", TraitKind::kString},  // leading zero: a code, not a number
      {"00", TraitKind::kString},
      {"+5", TraitKind::kString},
      {"5.", TraitKind::kString},
      {".5", TraitKind::kString},
      {"1e5", TraitKind::kString},
      {" 5", TraitKind::kString},
      {"5 ", TraitKind::kString},
      {"--5", TraitKind::kString},
      {"NaN", TraitKind::kString},
      {"inf", TraitKind::kString},
      {"2024-01-31", TraitKind::kTime},
      {"2024-01-31T10:00:00Z", TraitKind::kTime},
      {"2024-01-31T10:00Z", TraitKind::kTime},
      {"2024-01-31T10:00:00.5+02:00", TraitKind::kTime},
      {"2024-02-30", TraitKind::kString},            // no such date
      {"2024-01-31T10:00:00", TraitKind::kString},   // no zone
      {"2024-01-31 10:00:00Z", TraitKind::kString},  // not the filter form
      {"2024-01-31x", TraitKind::kString},
      {"2024-1-31", TraitKind::kString},
      {" 2024-01-31", TraitKind::kString},
      {"0001-01-01T00:00:00+00:01", TraitKind::kString},  // before 0001-01-01 UTC
      {"DE", TraitKind::kString},
      {"", TraitKind::kString},
  };
  for (const Case& c : cases) EXPECT_EQ(ClassifyTraitValue(c.raw), c.kind) << c.raw;
  // A numeral with no finite double stays text.
  EXPECT_EQ(ClassifyTraitValue("1" + std::string(400, '0')), TraitKind::kString);
  EXPECT_EQ(TraitKindName(TraitKind::kTime), "time");
}

TEST(TraitColumnBuilderTest, LastSetWinsAndEmptyRemoves) {
  TraitColumnBuilder b;
  b.Set(5, "DE");
  b.Set(2, "FR");
  b.Set(5, "AT");  // replaces DE
  b.Set(7, "DE");
  b.Set(7, "");  // removes
  b.Set(9, "");  // never had a value
  b.Set(3, "");
  b.Set(3, "IT");  // set again after a removal
  TraitColumn c = b.Build();
  EXPECT_EQ(c.kind(), TraitKind::kString);
  EXPECT_EQ(c.size(), 3u);
  EXPECT_EQ(Ids(c.present()), (std::vector<uint32_t>{2, 3, 5}));
  EXPECT_EQ(Cmp(c, CompareOp::kEq, FilterValue::String("AT")), (std::vector<uint32_t>{5}));
  EXPECT_TRUE(Cmp(c, CompareOp::kEq, FilterValue::String("DE")).empty());
  // The builder is left empty and reusable.
  b.Set(1, "3");
  TraitColumn d = b.Build();
  EXPECT_EQ(d.kind(), TraitKind::kNumber);
  EXPECT_EQ(Ids(d.present()), (std::vector<uint32_t>{1}));
}

TEST(TraitColumnBuilderTest, EmptyColumn) {
  TraitColumn c = TraitColumnBuilder().Build();
  EXPECT_EQ(c.size(), 0u);
  EXPECT_TRUE(c.present().isEmpty());
  EXPECT_TRUE(Cmp(c, CompareOp::kNe, FilterValue::String("x")).empty());
  auto in = c.In("f", {FilterValue::String("x")});
  ASSERT_TRUE(in.ok());
  EXPECT_TRUE(in->isEmpty());
}

TEST(TraitColumnBuilderTest, KindIsTheKindOfEveryValueElseString) {
  EXPECT_EQ(Build({{1, "1"}, {2, "2.5"}, {3, "-0"}}).kind(), TraitKind::kNumber);
  EXPECT_EQ(Build({{1, "2024-01-01"}, {2, "2024-01-01T10:00:00Z"}}).kind(), TraitKind::kTime);
  EXPECT_EQ(Build({{1, "true"}, {2, "False"}}).kind(), TraitKind::kBool);
  // Mixed: every value is text, compared bytewise as written.
  TraitColumn c = Build({{1, "5"}, {2, "abc"}, {3, "10"}, {4, "true"}});
  EXPECT_EQ(c.kind(), TraitKind::kString);
  EXPECT_EQ(Cmp(c, CompareOp::kLt, FilterValue::String("6")), (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(Cmp(c, CompareOp::kEq, FilterValue::String("true")), (std::vector<uint32_t>{4}));
  EXPECT_FALSE(c.Compare("f", CompareOp::kEq, FilterValue::Integer(5)).ok());
}

TEST(TraitColumnTest, NumbersCompareAsDoubles) {
  TraitColumn c = Build({{1, "-0"},
                         {2, "0"},
                         {3, "0.0"},
                         {4, "-0.0"},
                         {5, "-1.5"},
                         {6, "2"},
                         {7, "9007199254740993"},
                         {8, "-1000000"}});
  ASSERT_EQ(c.kind(), TraitKind::kNumber);
  EXPECT_EQ(Cmp(c, CompareOp::kEq, FilterValue::Integer(0)), (std::vector<uint32_t>{1, 2, 3, 4}));
  EXPECT_EQ(Cmp(c, CompareOp::kEq, FilterValue::Decimal(-0.0)),
            (std::vector<uint32_t>{1, 2, 3, 4}));
  EXPECT_EQ(Cmp(c, CompareOp::kLt, FilterValue::Integer(0)), (std::vector<uint32_t>{5, 8}));
  EXPECT_EQ(Cmp(c, CompareOp::kGe, FilterValue::Decimal(-1.5)),
            (std::vector<uint32_t>{1, 2, 3, 4, 5, 6, 7}));
  // 2^53 + 1 is 2^53 as a double, on both sides, as in MemoryPredicateSource.
  EXPECT_EQ(Cmp(c, CompareOp::kEq, FilterValue::Integer(9007199254740992)),
            (std::vector<uint32_t>{7}));
  EXPECT_EQ(Cmp(c, CompareOp::kGt, FilterValue::Integer(9007199254740993)),
            (std::vector<uint32_t>{}));
}

TEST(TraitColumnTest, TypeErrorsNameFieldKindAndHowToWriteAValue) {
  TraitColumn s = Build({{1, "DE"}});
  TraitColumn n = Build({{1, "3"}});
  TraitColumn t = Build({{1, "2024-01-01"}});
  TraitColumn b = Build({{1, "true"}});
  // The memory source's wording, with a hint after it.
  auto e = s.Compare("country", CompareOp::kEq, FilterValue::Integer(5));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(e.status().message(),
            "field 'country' holds strings; cannot compare it with 5 (write a string in double "
            "quotes, like \"DE\")");
  e = n.Compare("orders", CompareOp::kLt, FilterValue::String("3"));
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.status().message(),
              StartsWith("field 'orders' holds numbers; cannot compare it with \"3\" (write a "
                         "number"));
  e = t.In("last_order", {FilterValue::Date(0), FilterValue::Integer(2024)});
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.status().message(),
              StartsWith("field 'last_order' holds times; cannot compare it with 2024 (write a "
                         "date"));
  e = b.Compare("vip", CompareOp::kEq, FilterValue::Integer(1));
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.status().message(), HasSubstr("holds true/false; cannot compare it with 1"));
  e = b.Compare("vip", CompareOp::kLt, FilterValue::Bool(true));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(e.status().message(),
            "field 'vip' holds true/false; '<' does not apply to true/false; use '=' or '!='");
  e = t.Compare("last_order", CompareOp::kLt, FilterValue::Now(-90, DurationUnit::kDay));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
}

// ---- Randomized comparison against MemoryPredicateSource ----

std::string Two(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

// Formats micros the ways a source file may write a time; style 0 needs a midnight.
std::string TimeText(int64_t micros, int style) {
  using audience::kMicrosPerDay;
  using audience::kMicrosPerSecond;
  const int64_t offset = style == 3 ? 2 * 3600 * kMicrosPerSecond : 0;  // "+02:00"
  const int64_t local = micros + offset;
  const int64_t days = audience::FloorDays(local);
  const audience::CivilDate d = audience::CivilFromDays(days);
  char date[48];
  std::snprintf(date, sizeof date, "%04lld-%02d-%02d", static_cast<long long>(d.year), d.month,
                d.day);
  if (style == 0) return date;
  const int64_t in_day = local - days * kMicrosPerDay;
  const int64_t secs = in_day / kMicrosPerSecond;
  std::string out = std::string(date) + "T" + Two(static_cast<int>(secs / 3600)) + ":" +
                    Two(static_cast<int>(secs / 60 % 60)) + ":" + Two(static_cast<int>(secs % 60));
  if (style == 2) {
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%06lld", static_cast<long long>(in_day % kMicrosPerSecond));
    out += frac;
  }
  return out + (style == 3 ? "+02:00" : "Z");
}

// One random value: its raw text and the FilterValue the memory source holds for it.
struct Value {
  std::string raw;
  FilterValue v;
};

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}
  int Below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  Value Make(TraitKind kind) {
    switch (kind) {
      case TraitKind::kString:
        return String();
      case TraitKind::kNumber:
        return Number();
      case TraitKind::kTime:
        return Time();
      case TraitKind::kBool: {
        const bool t = Below(3) != 0;
        const char* const spellings[2][3] = {{"false", "FALSE", "False"}, {"true", "TRUE", "tRuE"}};
        return {spellings[t][Below(3)], FilterValue::Bool(t)};
      }
    }
    return {};
  }

 private:
  Value String() {
    // Heavy values (runs across buckets), a middle tier, and rare ones with arbitrary bytes,
    // including bytes >= 0x80 (bytewise order is unsigned) and prefixes of each other.
    const int r = Below(100);
    std::string s;
    if (r < 40) {
      s = "DE";
    } else if (r < 55) {
      s = "FR";
    } else if (r < 60) {
      s = "D";
    } else if (r < 80) {
      s = "c" + std::to_string(Below(40));
    } else {
      const int len = 1 + Below(4);
      for (int i = 0; i < len; ++i) {
        const char pool[] = {'A', 'D', 'E', 'z', '0', '\x01', '\x7f', '\x80', '\xc3', '\xff'};
        s += pool[Below(sizeof pool)];
      }
    }
    return {s, FilterValue::String(s)};
  }

  Value Number() {
    const int r = Below(100);
    if (r < 30) return {"3", FilterValue::Integer(3)};
    if (r < 45) return {"0", FilterValue::Integer(0)};
    if (r < 48) return {"-0", FilterValue::Integer(0)};
    if (r < 50) return {"-0.0", FilterValue::Decimal(-0.0)};
    if (r < 52) return {"9007199254740993", FilterValue::Integer(9007199254740993)};
    if (r < 75) {
      const int v = Below(2001) - 1000;
      return {std::to_string(v), FilterValue::Integer(v)};
    }
    // Eighths print exactly: "-12.375".
    const int eighths = Below(16001) - 8000;
    const double d = eighths / 8.0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", d);
    std::string s = buf;
    if (s == "-0.000") s = "-0.0";
    return {s, FilterValue::Decimal(d)};
  }

  Value Time() {
    constexpr int64_t kBase = 1704067200LL * 1000000;  // 2024-01-01T00:00:00Z
    const int r = Below(100);
    if (r < 35) return {"2024-06-01", FilterValue::Date(kBase + 152 * audience::kMicrosPerDay)};
    if (r < 45) {
      return {TimeText(kBase + 5, 2), FilterValue::Timestamp(kBase + 5)};  // the same instant
    }
    const int64_t day = Below(1000);
    if (r < 60) {
      return {TimeText(kBase + day * audience::kMicrosPerDay, 0),
              FilterValue::Date(kBase + day * audience::kMicrosPerDay)};
    }
    const int64_t t = kBase + day * audience::kMicrosPerDay +
                      std::uniform_int_distribution<int64_t>(0, audience::kMicrosPerDay)(rng_);
    const int style = 1 + Below(3);
    const int64_t shown = style == 2 ? t : t - t % audience::kMicrosPerSecond;
    return {TimeText(shown, style), FilterValue::Timestamp(shown)};
  }

  std::mt19937_64 rng_;
};

ColumnType TypeOf(TraitKind k) {
  switch (k) {
    case TraitKind::kString:
      return ColumnType::kString;
    case TraitKind::kNumber:
      return ColumnType::kNumber;
    case TraitKind::kTime:
      return ColumnType::kTime;
    case TraitKind::kBool:
      return ColumnType::kBool;
  }
  return ColumnType::kString;
}

// Query values: ones that occur, ones between and beyond them.
std::vector<FilterValue> Probes(TraitKind kind, Generator& g, const std::vector<Value>& seen) {
  std::vector<FilterValue> out;
  for (int i = 0; i < 40; ++i) out.push_back(seen[g.Below(static_cast<int>(seen.size()))].v);
  for (int i = 0; i < 20; ++i) out.push_back(g.Make(kind).v);
  switch (kind) {
    case TraitKind::kString:
      for (const char* s : {"", "C", "D", "DD", "DE\x01", "E", "c", "c1", "d", "\x7f", "\xff\xff",
                            "\xff\xff\xff\xff\xff"}) {
        out.push_back(FilterValue::String(s));
      }
      break;
    case TraitKind::kNumber:
      for (double d : {-1e300, -1000.5, -0.0, 0.0, 0.0625, 2.5, 3.0, 3.0000001, 1e300}) {
        out.push_back(FilterValue::Decimal(d));
      }
      for (int64_t i : {int64_t{-1001}, int64_t{-1}, int64_t{0}, int64_t{1}, int64_t{4},
                        int64_t{9007199254740992}, INT64_MAX, INT64_MIN}) {
        out.push_back(FilterValue::Integer(i));
      }
      break;
    case TraitKind::kTime:
      for (int64_t t : {audience::kMinFilterTime, int64_t{0}, int64_t{1704067200LL * 1000000},
                        int64_t{1704067200LL * 1000000 + 4}, int64_t{1704067200LL * 1000000 + 6},
                        audience::kMaxFilterTime}) {
        out.push_back(FilterValue::Timestamp(t));
      }
      break;
    case TraitKind::kBool:
      out.push_back(FilterValue::Bool(true));
      out.push_back(FilterValue::Bool(false));
      break;
  }
  return out;
}

void CheckAgainstMemorySource(TraitKind kind, uint64_t seed, size_t entries) {
  SCOPED_TRACE("kind " + std::string(TraitKindName(kind)) + ", seed " + std::to_string(seed));
  Generator g(seed);
  MemoryPredicateSource mem;
  ASSERT_TRUE(mem.AddColumn("f", TypeOf(kind)).ok());
  TraitColumnBuilder builder;
  std::vector<Value> seen;
  // Subjects out of order, some set twice (the later value wins), some removed again, and a
  // sparse tail of large ids.
  const uint32_t space = static_cast<uint32_t>(entries * 3 / 2);
  std::map<uint32_t, Value> final_values;
  for (size_t i = 0; i < entries + entries / 10; ++i) {
    uint32_t s = static_cast<uint32_t>(g.Below(static_cast<int>(space)));
    if (g.Below(50) == 0) s = 4000000000u - static_cast<uint32_t>(g.Below(1000000));
    if (g.Below(40) == 0) {
      builder.Set(s, "");
      final_values.erase(s);
      continue;
    }
    Value v = g.Make(kind);
    builder.Set(s, v.raw);
    seen.push_back(v);
    final_values[s] = std::move(v);
  }
  for (const auto& [s, v] : final_values) ASSERT_TRUE(mem.Set("f", s, v.v).ok());
  for (uint32_t s = 0; s < space; s += 7) mem.AddSubject(s);  // some without a value

  const TraitColumn col = builder.Build();
  ASSERT_EQ(col.kind(), kind);
  ASSERT_EQ(col.size(), final_values.size());
  ASSERT_GT(col.size(), 2 * kTraitBucketEntries);
  auto exists = mem.Exists("f");
  ASSERT_TRUE(exists.ok());
  EXPECT_TRUE(col.present() == *exists);

  const CompareOp ops[] = {CompareOp::kEq, CompareOp::kNe, CompareOp::kLt,
                           CompareOp::kLe, CompareOp::kGt, CompareOp::kGe};
  for (const FilterValue& probe : Probes(kind, g, seen)) {
    for (CompareOp op : ops) {
      if (kind == TraitKind::kBool && op != CompareOp::kEq && op != CompareOp::kNe) {
        EXPECT_FALSE(col.Compare("f", op, probe).ok());
        continue;
      }
      auto want = mem.Compare("f", op, probe);
      auto got = col.Compare("f", op, probe);
      ASSERT_TRUE(want.ok() && got.ok()) << got.status().ToString();
      ASSERT_TRUE(*want == *got) << "f " << CompareOpSymbol(op) << " " << ToString(probe)
                                 << ": want " << want->cardinality() << " subjects, got "
                                 << got->cardinality();
    }
  }
  // `in` lists: short ones, a long one, one with duplicates.
  for (int round = 0; round < 30; ++round) {
    std::vector<FilterValue> list;
    const int len = round == 0 ? 200 : 1 + g.Below(6);
    for (int i = 0; i < len; ++i) list.push_back(seen[g.Below(static_cast<int>(seen.size()))].v);
    if (round % 3 == 0) list.push_back(g.Make(kind).v);
    if (round % 5 == 0) list.push_back(list.front());
    auto want = mem.In("f", list);
    auto got = col.In("f", list);
    ASSERT_TRUE(want.ok() && got.ok()) << got.status().ToString();
    ASSERT_TRUE(*want == *got) << "in list of " << list.size() << " values (round " << round << ")";
  }
  // A value of every other kind is an error on both sides.
  for (const FilterValue& wrong : {FilterValue::String("3"), FilterValue::Integer(3),
                                   FilterValue::Timestamp(3), FilterValue::Bool(true)}) {
    auto want = mem.Compare("f", CompareOp::kEq, wrong);
    auto got = col.Compare("f", CompareOp::kEq, wrong);
    ASSERT_EQ(want.ok(), got.ok()) << ToString(wrong);
    if (!want.ok()) {
      EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument);
      EXPECT_THAT(got.status().message(), StartsWith(want.status().message() + " ("));
    }
  }
}

TEST(TraitColumnPropertyTest, StringsMatchMemorySource) {
  for (uint64_t seed : {1, 2}) CheckAgainstMemorySource(TraitKind::kString, seed, 50000);
}
TEST(TraitColumnPropertyTest, NumbersMatchMemorySource) {
  for (uint64_t seed : {3, 4}) CheckAgainstMemorySource(TraitKind::kNumber, seed, 50000);
}
TEST(TraitColumnPropertyTest, TimesMatchMemorySource) {
  for (uint64_t seed : {5, 6}) CheckAgainstMemorySource(TraitKind::kTime, seed, 50000);
}
TEST(TraitColumnPropertyTest, BoolsMatchMemorySource) {
  CheckAgainstMemorySource(TraitKind::kBool, 7, 50000);
}

// Every cut of the entries into a range: for a column of consecutive keys, `< k` for every k
// must be exactly the first k entries, whatever bucket k falls in.
TEST(TraitColumnTest, EveryRangeBoundaryAgainstBruteForce) {
  constexpr uint32_t kN = 3 * kTraitBucketEntries + 17;
  TraitColumnBuilder b;
  std::vector<int> value(kN);
  for (uint32_t s = 0; s < kN; ++s) {
    // Subject s holds a permuted value so buckets are not subject ranges.
    value[s] = static_cast<int>((uint64_t{s} * 7919) % kN) / 2;  // each value twice (or once)
    b.Set(s, std::to_string(value[s]));
  }
  const TraitColumn c = b.Build();
  std::mt19937 rng(11);
  std::vector<int> probes;
  for (int k = -1; k <= static_cast<int>(kN) / 2 + 1; k += 1 + static_cast<int>(rng() % 700)) {
    probes.push_back(k);
  }
  for (size_t bucket = 0; bucket <= kN / kTraitBucketEntries; ++bucket) {
    const int edge = static_cast<int>(bucket * kTraitBucketEntries / 2);
    for (int d = -2; d <= 2; ++d) probes.push_back(edge + d);
  }
  for (int k : probes) {
    for (CompareOp op : {CompareOp::kEq, CompareOp::kNe, CompareOp::kLt, CompareOp::kLe,
                         CompareOp::kGt, CompareOp::kGe}) {
      std::vector<uint32_t> want;
      for (uint32_t s = 0; s < kN; ++s) {
        const int v = value[s];
        const bool m = op == CompareOp::kEq   ? v == k
                       : op == CompareOp::kNe ? v != k
                       : op == CompareOp::kLt ? v < k
                       : op == CompareOp::kLe ? v <= k
                       : op == CompareOp::kGt ? v > k
                                              : v >= k;
        if (m) want.push_back(s);
      }
      ASSERT_EQ(Cmp(c, op, FilterValue::Integer(k)), want) << CompareOpSymbol(op) << " " << k;
    }
  }
}

}  // namespace
}  // namespace dl
