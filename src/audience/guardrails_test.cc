// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0

#include "daylight/guardrails.h"

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace dl {
namespace {

constexpr std::string_view kSecret = "0123456789abcdef0123456789abcdef";
constexpr int kKeys = 10000;

std::string Key(int i) { return "country = \"DE\" and events.order.count >= " + std::to_string(i); }

GuardedCount MustGuard(uint64_t n, std::string_view key, const GuardrailOptions& o = {},
                       std::string_view secret = kSecret) {
  StatusOr<GuardedCount> g = Guard(n, key, o, secret);
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return g.ok() ? *g : GuardedCount{};
}

// A shown value as a histogram bucket: withheld is its own bucket.
int64_t Bucket(const GuardedCount& g) { return g.withheld ? -1 : static_cast<int64_t>(g.shown); }

// The naive guard the docs argue against: fixed threshold, round half up.
GuardedCount Naive(uint64_t n) {
  if (n < 100) return {};
  uint64_t shown = (n + 50) / 100 * 100;
  return {false, shown, shown - 50, shown + 49};
}

TEST(GuardrailsTest, NaiveRoundingFlipsAtBoundariesForEveryone) {
  // The oracle of the 2018 attack: one added person flips what is shown, deterministically.
  EXPECT_NE(Naive(99), Naive(100));
  EXPECT_NE(Naive(149), Naive(150));
}

struct PairCase {
  uint64_t n;
  const char* where;
};

class NeighbourTest : public ::testing::TestWithParam<PairCase> {};

// For n and n+1, an observer of the shown values cannot tell which one: for a fixed key the
// answer is the same for all but about 1/band + 1/rounding of keys, and over keys the two
// distributions of shown values are nearly identical (small total variation distance).
TEST_P(NeighbourTest, NeighboursAreIndistinguishable) {
  const uint64_t n = GetParam().n;
  int same = 0;
  std::map<int64_t, int> hist_n, hist_n1;
  for (int i = 0; i < kKeys; ++i) {
    const std::string key = Key(i);
    const GuardedCount a = MustGuard(n, key);
    const GuardedCount b = MustGuard(n + 1, key);
    if (a == b) ++same;
    ++hist_n[Bucket(a)];
    ++hist_n1[Bucket(b)];
  }
  // Expected at least 1 - 1/100 - 1/100 = 98%.
  EXPECT_GE(same, kKeys * 97 / 100) << GetParam().where;
  std::map<int64_t, int> all = hist_n;
  for (const auto& [k, v] : hist_n1) all[k] += v;
  double tv = 0;
  for (const auto& [k, unused] : all) tv += std::abs(hist_n[k] - hist_n1[k]);
  tv /= 2.0 * kKeys;
  EXPECT_LE(tv, 0.03) << GetParam().where;
}

INSTANTIATE_TEST_SUITE_P(Boundaries, NeighbourTest,
                         ::testing::Values(PairCase{99, "minimum"}, PairCase{100, "minimum"},
                                           PairCase{149, "half-way"}, PairCase{150, "half-way"},
                                           PairCase{199, "threshold band end"},
                                           PairCase{249, "rounding"}, PairCase{999, "rounding"},
                                           PairCase{1049, "rounding"}, PairCase{9999, "rounding"}));

TEST(GuardrailsTest, NothingBelowMinimumIsEverShown) {
  for (int i = 0; i < 500; ++i) {
    for (uint64_t n : {0, 1, 2, 50, 98, 99}) {
      EXPECT_TRUE(MustGuard(n, Key(i)).withheld) << n;
    }
  }
}

TEST(GuardrailsTest, EverythingAboveTheBandIsShown) {
  for (int i = 0; i < 500; ++i) {
    EXPECT_FALSE(MustGuard(200, Key(i)).withheld);
    EXPECT_FALSE(MustGuard(123456, Key(i)).withheld);
  }
}

TEST(GuardrailsTest, ShownIsAMultipleOfRoundingWithinOneStepAndBandHoldsTheTruth) {
  const std::vector<GuardrailOptions> options = {{}, {150, 50, 100}, {100, 1, 1000}, {10, 5, 7}};
  for (const GuardrailOptions& o : options) {
    for (int i = 0; i < 200; ++i) {
      for (uint64_t n : {10, 99, 100, 151, 777, 1000, 12345, 999999}) {
        const GuardedCount g = MustGuard(n, Key(i), o);
        if (g.withheld) {
          EXPECT_LT(n, o.minimum + o.threshold_band);
          continue;
        }
        EXPECT_GE(n, o.minimum);
        EXPECT_EQ(g.shown % o.rounding, 0u);
        EXPECT_GE(g.shown, o.minimum);
        EXPECT_LE(g.lower, n);
        EXPECT_GE(g.upper, n);
        EXPECT_LT(g.shown, n + 2 * o.rounding);
      }
    }
  }
}

TEST(GuardrailsTest, RepeatingAQuestionGivesTheSameAnswer) {
  for (int i = 0; i < 100; ++i) {
    const GuardedCount first = MustGuard(1234, Key(i));
    for (int r = 0; r < 5; ++r) EXPECT_EQ(MustGuard(1234, Key(i)), first);
  }
}

TEST(GuardrailsTest, RoundingIsUnbiasedOverKeys) {
  double sum = 0;
  for (int i = 0; i < kKeys; ++i) sum += static_cast<double>(MustGuard(1234, Key(i)).shown);
  // Each shown value is 1200 or 1300; the mean is 1234 up to sampling error (sd ~0.5).
  EXPECT_NEAR(sum / kKeys, 1234.0, 3.0);
}

TEST(GuardrailsTest, TheSecretMatters) {
  int differ = 0;
  for (int i = 0; i < 200; ++i) {
    if (MustGuard(1250, Key(i)) != MustGuard(1250, Key(i), {}, "another secret of 32 bytes....")) {
      ++differ;
    }
  }
  EXPECT_GT(differ, 50);
}

TEST(GuardrailsTest, RejectsBadOptionsAndShortSecrets) {
  EXPECT_EQ(Guard(5, "k", {100, 100, 0}, kSecret).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Guard(5, "k", {100, 0, 100}, kSecret).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Guard(5, "k", {UINT64_MAX, 100, 100}, kSecret).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Guard(5, "k", {}, "short").status().code(), StatusCode::kInvalidArgument);
}

TEST(GuardrailsTest, HugeCountsDoNotOverflow) {
  const GuardedCount g = MustGuard(UINT64_MAX, "k");
  EXPECT_FALSE(g.withheld);
  EXPECT_LE(g.lower, UINT64_MAX);
  EXPECT_EQ(g.upper, UINT64_MAX);
}

TEST(GuardrailsTest, BreakdownIsGuardedPerReasonAndOrderedByName) {
  StatusOr<std::vector<std::pair<std::string, GuardedCount>>> b =
      GuardBreakdown({{"shadow", 5000}, {"consent", 12}, {"blocked", 180000}}, Key(1), {}, kSecret);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(b->size(), 3u);
  EXPECT_EQ((*b)[0].first, "blocked");
  EXPECT_EQ((*b)[1].first, "consent");
  EXPECT_EQ((*b)[2].first, "shadow");
  EXPECT_FALSE((*b)[0].second.withheld);
  EXPECT_TRUE((*b)[1].second.withheld);  // 12 < minimum
  EXPECT_EQ((*b)[2].second.shown % 100, 0u);
  EXPECT_EQ(GuardBreakdown({{"a", 1}, {"a", 2}}, "k", {}, kSecret).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(GuardrailsTest, BreakdownNeighboursAreIndistinguishable) {
  int same = 0;
  for (int i = 0; i < kKeys; ++i) {
    auto a = GuardBreakdown({{"consent", 150}}, Key(i), {}, kSecret);
    auto b = GuardBreakdown({{"consent", 151}}, Key(i), {}, kSecret);
    ASSERT_TRUE(a.ok() && b.ok());
    if ((*a)[0].second == (*b)[0].second) ++same;
  }
  EXPECT_GE(same, kKeys * 97 / 100);
}

TEST(GuardrailsTest, ExportRefusedExactlyWhenWithheld) {
  for (int i = 0; i < 300; ++i) {
    for (uint64_t n : {0, 50, 99, 100, 120, 150, 199, 200, 5000}) {
      const Status s = CheckExportable(n, Key(i), {}, kSecret);
      const bool withheld = MustGuard(n, Key(i)).withheld;
      EXPECT_EQ(s.ok(), !withheld) << n;
      if (!s.ok()) {
        EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
      }
      if (n < 100) {
        EXPECT_FALSE(s.ok());
      }
    }
  }
}

}  // namespace
}  // namespace dl
