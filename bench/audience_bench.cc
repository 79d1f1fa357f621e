// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// audience_bench: how fast an audience is evaluated over trait columns (TraitIndex), next to a
// baseline measured in the same run on the same data: a bare CRoaring AND of the four bitmaps the
// audience is made of (its three predicate results and the purpose's eligibility), materialised
// beforehand. The ratio says what answering the predicates from the columns, the evaluator and
// the final intersection cost over the least work any bitmap engine has to do.
//
//   audience_bench [--subjects N] [--runs N] [--seed N]   (defaults 10000000, 21, 42)
//
// Data (synthetic, deterministic, own PRNG): every subject has a country (30 values, Zipf-like,
// DE about a third; 2% have none); 80% have ordered: last_order spread uniformly over the 3 years
// before `now`, orders 1..50 skewed towards few; the rest have orders 0 and no last_order. The
// eligibility bitmap holds a random 60% of subjects, as the gate would produce for a purpose.
// Values go into TraitColumnBuilder as raw text ("DE", "2025-03-04T10:11:12Z", "7"), as the
// store will feed them. The audience:
//
//   country = "DE" and last_order < now - 90d and orders >= 3
//
// The first evaluation loads the columns through the index's Loader, which deserializes them
// (reported as "cold"); the median is over the runs after it.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/resource.h>

#include "daylight/audience_filter.h"
#include "daylight/trait_index.h"
#include "bench_util.h"

#include "util/time_util.h"

namespace {

using Clock = std::chrono::steady_clock;

// splitmix64: tiny, fast, identical output everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>((Next() >> 32) * n >> 32); }
  uint64_t Below64(uint64_t n) { return Next() % n; }

 private:
  uint64_t state_;
};

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

template <typename F>
double MedianMs(int runs, F&& f) {
  return dl::bench::MedianSeconds(runs, std::forward<F>(f)) * 1e3;
}

long PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

const char* const kCountries[30] = {"DE", "FR", "GB", "NL", "AT", "CH", "IT", "ES", "BE", "PL",
                                    "SE", "DK", "US", "CZ", "PT", "IE", "NO", "FI", "LU", "HU",
                                    "GR", "RO", "SK", "SI", "HR", "BG", "LT", "LV", "EE", "MT"};

void Usage() {
  std::fprintf(stderr, "usage: audience_bench [--subjects N] [--runs N] [--seed N]\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  dl::bench::Flags flags(argc, argv, "audience_bench [--subjects N] [--runs N] [--seed N]");
  const uint64_t subjects = flags.U64("--subjects", 10'000'000);
  const int runs = static_cast<int>(flags.U64("--runs", 21));
  const uint64_t seed = flags.U64("--seed", 42);
  flags.Done();
  if (subjects == 0 || subjects > 0xFFFFFFFFull || runs < 1) Usage();
  const auto n = static_cast<uint32_t>(subjects);

  const int64_t now_s = *dl::ParseTime("2026-12-01") / 1000000;
  const int64_t now_us = now_s * 1000000;
  constexpr int64_t kThreeYears = 3 * 365 * 86400;

  // Zipf-like country weights, s = 1.2.
  double cumulative[30];
  double total = 0;
  for (int i = 0; i < 30; ++i) cumulative[i] = total += 1.0 / std::pow(i + 1.0, 1.2);
  uint32_t country_cut[30];
  for (int i = 0; i < 30; ++i) {
    country_cut[i] = static_cast<uint32_t>(cumulative[i] / total * 4294967295.0);
  }

  // ---- Build the three columns from raw text, one at a time.
  std::map<std::string, std::string, std::less<>> serialized;
  std::printf("subjects: %u, runs: %d, seed: %llu\n", n, runs,
              static_cast<unsigned long long>(seed));
  std::printf("%-11s %6s %11s %9s %9s %11s %8s %9s %9s\n", "column", "kind", "entries", "set ms",
              "build ms", "bytes", "B/entry", "ser ms", "deser ms");
  for (const char* name : {"country", "last_order", "orders"}) {
    Rng rng(seed);  // the same stream per column: a subject's traits agree with each other
    dl::TraitColumnBuilder builder;
    char buf[32];
    const auto set_start = Clock::now();
    for (uint32_t s = 0; s < n; ++s) {
      const uint32_t c = static_cast<uint32_t>(rng.Next() >> 32);
      const bool has_country = rng.Below(100) >= 2;
      const bool ordered = rng.Below(100) < 80;
      const int64_t ago = static_cast<int64_t>(rng.Below64(kThreeYears));
      const uint32_t orders = 1 + rng.Below(50) * rng.Below(50) / 49;
      if (std::strcmp(name, "country") == 0) {
        if (!has_country) continue;
        int i = 0;
        while (i < 29 && c > country_cut[i]) ++i;
        builder.Set(s, kCountries[i]);
      } else if (std::strcmp(name, "last_order") == 0) {
        if (!ordered) continue;
        builder.Set(s, dl::FormatTime((now_s - ago) * 1000000));
      } else {
        const int len = std::snprintf(buf, sizeof buf, "%u", ordered ? orders : 0u);
        builder.Set(s, std::string_view(buf, static_cast<size_t>(len)));
      }
    }
    const double set_ms = Ms(Clock::now() - set_start);
    const auto build_start = Clock::now();
    dl::TraitColumn col = builder.Build();
    const double build_ms = Ms(Clock::now() - build_start);
    const auto ser_start = Clock::now();
    std::string bytes = col.Serialize();
    const double ser_ms = Ms(Clock::now() - ser_start);
    const auto deser_start = Clock::now();
    auto back = dl::TraitColumn::Deserialize(bytes);
    const double deser_ms = Ms(Clock::now() - deser_start);
    if (!back.ok() || back->size() != col.size()) {
      std::fprintf(stderr, "round trip failed: %s\n", back.status().ToString().c_str());
      return 1;
    }
    std::printf("%-11s %6s %11zu %9.0f %9.0f %11zu %8.2f %9.0f %9.0f\n", name,
                std::string(dl::TraitKindName(col.kind())).c_str(), col.size(), set_ms, build_ms,
                bytes.size(), static_cast<double>(bytes.size()) / static_cast<double>(col.size()),
                ser_ms, deser_ms);
    serialized.emplace(name, std::move(bytes));
  }

  // ---- Eligibility for the purpose: a random 60%.
  dl::SubjectSet eligible;
  {
    Rng rng(seed ^ 0xE11E);
    std::vector<uint32_t> ids;
    ids.reserve(n / 10 * 6 + 1);
    for (uint32_t s = 0; s < n; ++s) {
      if (rng.Below(100) < 60) ids.push_back(s);
    }
    eligible.addMany(ids.size(), ids.data());
    eligible.runOptimize();
  }
  dl::SubjectSet universe;
  universe.addRange(0, n);

  // ---- The index loads columns by deserializing them, as the store will (minus unsealing).
  dl::TraitIndex index(universe,
                       [&](std::string_view field) -> dl::StatusOr<std::optional<dl::TraitColumn>> {
                         auto it = serialized.find(field);
                         if (it == serialized.end()) return std::optional<dl::TraitColumn>();
                         auto col = dl::TraitColumn::Deserialize(it->second);
                         if (!col.ok()) return col.status();
                         return std::optional<dl::TraitColumn>(std::move(*col));
                       });
  const char* const kFilter = "country = \"DE\" and last_order < now - 90d and orders >= 3";
  uint64_t members = 0;
  auto evaluate = [&] {
    auto ast = dl::ParseFilter(kFilter);
    if (!ast.ok()) {
      std::fprintf(stderr, "%s\n", ast.status().ToString().c_str());
      std::exit(1);
    }
    auto m = dl::AudienceMembers(*ast, index, eligible, now_us);
    if (!m.ok()) {
      std::fprintf(stderr, "%s\n", m.status().ToString().c_str());
      std::exit(1);
    }
    members = m->cardinality();
  };
  const auto cold_start = Clock::now();
  evaluate();
  const double cold_ms = Ms(Clock::now() - cold_start);
  const double audience_ms = MedianMs(runs, evaluate);

  // ---- Baseline: the same four bitmaps, materialised, ANDed by CRoaring alone.
  auto must = [](dl::StatusOr<dl::SubjectSet> s) {
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.status().ToString().c_str());
      std::exit(1);
    }
    return std::move(*s);
  };
  const int64_t cutoff = now_us - 90LL * 86400 * 1000000;
  dl::SubjectSet p_country, p_last, p_orders;
  const double country_ms = MedianMs(runs, [&] {
    p_country = must(index.Compare("country", dl::CompareOp::kEq, dl::FilterValue::String("DE")));
  });
  const double last_ms = MedianMs(runs, [&] {
    p_last =
        must(index.Compare("last_order", dl::CompareOp::kLt, dl::FilterValue::Timestamp(cutoff)));
  });
  const double orders_ms = MedianMs(runs, [&] {
    p_orders = must(index.Compare("orders", dl::CompareOp::kGe, dl::FilterValue::Integer(3)));
  });
  uint64_t baseline_members = 0;
  const double baseline_ms = MedianMs(runs, [&] {
    dl::SubjectSet r = p_country & p_last;
    r &= p_orders;
    r &= eligible;
    baseline_members = r.cardinality();
  });
  if (baseline_members != members) {
    std::fprintf(stderr, "baseline and audience disagree: %llu vs %llu\n",
                 static_cast<unsigned long long>(baseline_members),
                 static_cast<unsigned long long>(members));
    return 1;
  }

  std::printf(
      "predicates (median ms): country = \"DE\" %.2f (%llu subjects), "
      "last_order < now - 90d %.2f (%llu), orders >= 3 %.2f (%llu); eligible %llu\n",
      country_ms, static_cast<unsigned long long>(p_country.cardinality()), last_ms,
      static_cast<unsigned long long>(p_last.cardinality()), orders_ms,
      static_cast<unsigned long long>(p_orders.cardinality()),
      static_cast<unsigned long long>(eligible.cardinality()));
  std::printf("audience: %s -> %llu members\n", kFilter, static_cast<unsigned long long>(members));
  std::printf(
      "audience: cold (loads 3 columns) %.1f ms; median of %d %.2f ms; "
      "baseline bare AND of 4 bitmaps %.3f ms; ratio %.1fx\n",
      cold_ms, runs, audience_ms, baseline_ms, audience_ms / baseline_ms);
  std::printf("peak RSS: %ld MiB\n", PeakRssMiB());
  return 0;
}
