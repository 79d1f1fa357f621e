// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The "DLTC1" byte format of TraitColumn: round trips (equal answers, identical bytes again),
// and Corruption — never a crash — for every truncation, for flipped bits, and for inputs whose
// checksum is right but whose structure is not (forged here with an independent, bitwise
// CRC-32C, which also checks the library's table-driven one).

#include <cstdint>
#include <initializer_list>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daylight/audience_filter.h"
#include "daylight/trait_index.h"

namespace dl {
namespace {

using ::testing::HasSubstr;

// Reference CRC-32C, one bit at a time.
uint32_t SlowCrc32c(std::string_view data) {
  uint32_t c = 0xFFFFFFFFu;
  for (char ch : data) {
    c ^= static_cast<uint8_t>(ch);
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));
  }
  return ~c;
}

std::string WithCrc(std::string body) {
  const uint32_t c = SlowCrc32c(body);
  for (int i = 0; i < 4; ++i) body.push_back(static_cast<char>((c >> (8 * i)) & 0xff));
  return body;
}

void Varint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

TraitColumn Build(std::vector<std::pair<uint32_t, std::string>> values) {
  TraitColumnBuilder b;
  for (const auto& [s, v] : values) b.Set(s, v);
  return b.Build();
}

TraitColumn RandomColumn(TraitKind kind, size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  TraitColumnBuilder b;
  for (size_t i = 0; i < n; ++i) {
    const auto s = static_cast<uint32_t>(rng() % (n * 2));
    const int r = static_cast<int>(rng() % 10);
    switch (kind) {
      case TraitKind::kString:
        b.Set(s, r < 5 ? "DE" : "v" + std::to_string(rng() % 300));
        break;
      case TraitKind::kNumber:
        b.Set(s, r < 5 ? "3" : std::to_string(static_cast<int>(rng() % 2000) - 1000) + ".5");
        break;
      case TraitKind::kTime:
        b.Set(s, r < 5 ? "2024-06-01"
                       : "2024-01-01T00:00:00." + std::to_string(100000 + rng() % 800000) + "Z");
        break;
      case TraitKind::kBool:
        b.Set(s, r < 7 ? "true" : "false");
        break;
    }
  }
  b.Set(4294967295u, kind == TraitKind::kBool     ? "false"
                     : kind == TraitKind::kString ? "zz"
                     : kind == TraitKind::kNumber ? "123456789.25"
                                                  : "2024-01-01");
  return b.Build();
}

void ExpectSameAnswers(const TraitColumn& a, const TraitColumn& b,
                       const std::vector<FilterValue>& probes) {
  EXPECT_EQ(a.kind(), b.kind());
  EXPECT_EQ(a.size(), b.size());
  EXPECT_TRUE(a.present() == b.present());
  for (const FilterValue& p : probes) {
    for (CompareOp op : {CompareOp::kEq, CompareOp::kNe, CompareOp::kLt, CompareOp::kLe,
                         CompareOp::kGt, CompareOp::kGe}) {
      if (a.kind() == TraitKind::kBool && op != CompareOp::kEq && op != CompareOp::kNe) continue;
      auto x = a.Compare("f", op, p);
      auto y = b.Compare("f", op, p);
      ASSERT_EQ(x.ok(), y.ok());
      if (x.ok()) {
        EXPECT_TRUE(*x == *y) << CompareOpSymbol(op) << " " << ToString(p);
      }
    }
  }
}

TEST(TraitColumnFormatTest, RoundTripsEveryKindByteForByte) {
  struct Case {
    TraitKind kind;
    std::vector<FilterValue> probes;
  };
  const Case cases[] = {
      {TraitKind::kString, {FilterValue::String("DE"), FilterValue::String("v150")}},
      {TraitKind::kNumber, {FilterValue::Integer(3), FilterValue::Decimal(-0.5)}},
      {TraitKind::kTime, {FilterValue::Date(1717200000000000), FilterValue::Timestamp(0)}},
      {TraitKind::kBool, {FilterValue::Bool(true), FilterValue::Bool(false)}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(TraitKindName(c.kind)));
    const TraitColumn col = RandomColumn(c.kind, 40000, 7);
    const std::string bytes = col.Serialize();
    ASSERT_EQ(bytes.substr(0, 5), "DLTC1");
    // The trailer is CRC-32C of the rest.
    EXPECT_EQ(WithCrc(bytes.substr(0, bytes.size() - 4)), bytes);
    auto back = TraitColumn::Deserialize(bytes);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->Serialize(), bytes);
    ExpectSameAnswers(col, *back, c.probes);
  }
  // An empty column and a one-entry column.
  for (const TraitColumn& col : {Build({}), Build({{0, "x"}}), Build({{7, "-0"}})}) {
    auto back = TraitColumn::Deserialize(col.Serialize());
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->Serialize(), col.Serialize());
    EXPECT_EQ(back->size(), col.size());
  }
}

TEST(TraitColumnFormatTest, KnownEncodingOfASmallColumn) {
  // Pins the documented layout (docs/audiences.md): a change to it must be deliberate.
  const TraitColumn col = Build({{5, "FR"}, {2, "DE"}, {9, "DE"}, {300, "FR"}});
  std::string body("DLTC1");
  body += '\x01';  // kind: string
  body += '\x04';  // entries
  body += '\x02';  // values
  body += std::string(
      "\x02"
      "DE"
      "\x02",
      4);  // "DE", 2 entries
  body += std::string(
      "\x02"
      "FR"
      "\x02",
      4);                                  // "FR", 2 entries
  body += std::string("\x02\x07", 2);      // DE: 2, 9
  body += std::string("\x05\xa7\x02", 3);  // FR: 5, 300 (= 5 + 295)
  EXPECT_EQ(col.Serialize(), WithCrc(body));
}

TEST(TraitColumnFormatTest, EveryTruncationAndBitFlipIsCorruption) {
  const std::string bytes = RandomColumn(TraitKind::kNumber, 300, 3).Serialize();
  const std::string_view all = bytes;
  for (size_t len = 0; len < bytes.size(); ++len) {
    auto r = TraitColumn::Deserialize(all.substr(0, len));
    ASSERT_FALSE(r.ok()) << len;
    ASSERT_EQ(r.status().code(), StatusCode::kCorruption) << len;
  }
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string altered = bytes;
      altered[i] = static_cast<char>(altered[i] ^ (1 << bit));
      auto r = TraitColumn::Deserialize(altered);
      ASSERT_FALSE(r.ok()) << i << ":" << bit;
      ASSERT_EQ(r.status().code(), StatusCode::kCorruption);
    }
  }
  // Extra bytes after the checksum.
  auto r = TraitColumn::Deserialize(bytes + "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
}

TEST(TraitColumnFormatTest, ChecksummedButMalformedIsCorruption) {
  auto header = [](uint8_t kind, uint64_t n, uint64_t groups) {
    std::string s("DLTC1");
    s += static_cast<char>(kind);
    Varint(&s, n);
    Varint(&s, groups);
    return s;
  };
  auto str = [](std::string_view v) {
    std::string s;
    Varint(&s, v.size());
    s += v;
    return s;
  };
  struct Case {
    const char* what;
    std::string body;
    const char* message;
  };
  // Raw bytes, since several contain NUL.
  auto b = [](std::initializer_list<int> bytes) {
    std::string s;
    for (int x : bytes) s.push_back(static_cast<char>(x));
    return s;
  };
  const std::string ones = b({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01});
  std::vector<Case> cases = {
      {"bad magic", "DLTC2" + header(1, 0, 0).substr(5), "bad magic"},
      {"kind 0", header(0, 0, 0), "unknown kind 0"},
      {"kind 5", header(5, 0, 0), "unknown kind 5"},
      {"entries without values", header(1, 1, 0) + b({1}), "counts"},
      {"more values than entries", header(1, 1, 2) + str("a") + b({1}) + str("b") + b({1, 1}),
       "counts"},
      {"counts short of entries", header(1, 3, 1) + str("a") + b({2, 1, 1, 1}), "do not add up"},
      {"count 0", header(1, 1, 1) + str("a") + b({0, 1}), "do not add up"},
      {"dictionary not ascending", header(1, 2, 2) + str("b") + b({1}) + str("a") + b({1, 1, 2}),
       "dictionary not strictly ascending"},
      {"dictionary repeats", header(1, 2, 2) + str("a") + b({1}) + str("a") + b({1, 1, 2}),
       "dictionary not strictly ascending"},
      {"empty string value", header(1, 1, 1) + str("") + b({1, 1}),
       "dictionary not strictly ascending"},
      {"subject repeats in a value", header(1, 2, 1) + str("a") + b({2, 1, 0}),
       "subjects not strictly ascending"},
      {"subject in two values", header(1, 2, 2) + str("a") + b({1}) + str("b") + b({1, 5, 5}),
       "more than one value"},
      {"subject beyond 32 bits", header(1, 1, 1) + str("a") + b({1, 0x80, 0x80, 0x80, 0x80, 0x10}),
       "out of range"},
      {"non-minimal varint", header(1, 1, 1) + str("a") + b({1, 0x81, 0x00}), "truncated"},
      {"over-long varint", header(1, 1, 1) + str("a") + b({1}) + ones.substr(0, 9) + b({0x02}),
       "truncated"},
      {"trailing bytes", header(1, 1, 1) + str("a") + b({1, 1, 0}), "1 trailing bytes"},
      {"bool key 2", header(4, 1, 1) + b({4, 1, 1}), "not a valid bool"},
      {"number key of -0.0", header(2, 1, 1) + b({1, 1, 1}), "not a valid number"},
      // NaN's bits 0x7ff8000000000000, zigzagged (doubled).
      {"number key of NaN",
       header(2, 1, 1) + b({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0xf8, 0xff, 0x01, 1, 1}),
       "not a valid number"},
      {"time before 0001-01-01", header(3, 1, 1) + ones + b({1, 1}), "not a valid time"},
      {"values not ascending", header(4, 2, 2) + b({0, 1, 0, 1, 1, 2}),
       "values not strictly ascending"},
      {"key delta overflows", header(3, 2, 2) + b({0, 1}) + ones + b({1, 1, 2}),
       "values not strictly ascending"},
      {"huge entry count", header(1, uint64_t{1} << 62, 1) + str("a") + b({1}), "do not fit"},
      {"truncated subjects", header(1, 2, 1) + str("a") + b({2, 1}), "truncated subjects"},
  };
  for (const Case& c : cases) {
    auto r = TraitColumn::Deserialize(WithCrc(c.body));
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << c.what;
    EXPECT_THAT(r.status().message(), HasSubstr(c.message)) << c.what;
  }
  // The same shapes, well-formed, are accepted (so the cases above fail for their stated reason).
  for (const std::string& good :
       {header(1, 2, 2) + str("a") + b({1}) + str("b") + b({1, 5, 6}),
        header(4, 2, 2) + b({0, 1, 1, 1, 1, 2}), header(2, 1, 1) + b({0, 1, 1}),
        header(3, 1, 1) + b({0, 1, 0}), header(3, 0, 0)}) {
    auto r = TraitColumn::Deserialize(WithCrc(good));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
  }
}

TEST(TraitColumnFormatTest, RandomBodiesWithValidChecksumsNeverCrash) {
  // What the fuzz target does, briefly: mutate a valid column's body and fix the checksum.
  const std::string bytes = RandomColumn(TraitKind::kString, 2000, 5).Serialize();
  const std::string body = bytes.substr(0, bytes.size() - 4);
  std::mt19937_64 rng(99);
  for (int round = 0; round < 3000; ++round) {
    std::string b = body;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % b.size();
      switch (rng() % 3) {
        case 0:
          b[at] = static_cast<char>(rng());
          break;
        case 1:
          b.erase(at, 1 + rng() % 3);
          break;
        default:
          b.insert(at, 1, static_cast<char>(rng()));
          break;
      }
    }
    auto r = TraitColumn::Deserialize(WithCrc(b));
    if (r.ok()) {
      EXPECT_EQ(r->Serialize(), WithCrc(b));  // canonical: accepted means re-encodes the same
    } else {
      EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
    }
  }
}

}  // namespace
}  // namespace dl
