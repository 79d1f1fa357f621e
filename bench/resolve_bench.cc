// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// resolve_bench: how fast Resolve() turns claims into subjects, next to a baseline measured in
// the same run on the same input: a bare union-find pass that unions consecutive identifiers of
// every record and knows nothing about blocked or shared identifiers. The ratio says what the
// sharing rule costs over the least work any resolver has to do.
//
//   resolve_bench [claims]   (default 10000000)
//
// The graph is synthetic and deterministic (own PRNG, no std distributions, whose output
// differs between standard libraries): people with an e-mail and usually a phone, repeat
// records (orders), second e-mails, CRM ids, family numbers (below the share limit, so they
// merge, as the rule says), office numbers (above it, so they are shared) and placeholders.
// Records are shuffled and identifiers numbered by first appearance, as a store that ingests
// in time order would number them; grouping a person's records would flatter memory locality.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <vector>

#include "daylight/identity_graph.h"
#include "bench_util.h"

namespace {

using dl::bench::MedianSeconds;

using dl::IdType;

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
  // True with probability per_mille / 1000.
  bool Chance(uint32_t per_mille) { return Below(1000) < per_mille; }

 private:
  uint64_t state_;
};

struct Record {
  uint32_t ids[4];
  uint32_t n = 0;
  void Add(uint32_t id) { ids[n++] = id; }
};

struct Graph {
  dl::ResolveInput input;
  uint32_t people = 0;
};

Graph Generate(size_t target_claims, uint64_t seed) {
  Rng rng(seed);
  std::vector<IdType> type;
  std::vector<Record> records;
  auto new_id = [&](IdType t) {
    type.push_back(t);
    return static_cast<uint32_t>(type.size() - 1);
  };
  const uint32_t placeholder_phone = new_id(IdType::kPhone);  // "0000000000"
  const uint32_t placeholder_email = new_id(IdType::kEmail);  // "test@test.com"
  std::vector<uint32_t> offices;  // office switchboards, ~20 people each at 4M people
  for (int i = 0; i < 2000; ++i) offices.push_back(new_id(IdType::kPhone));

  Graph g;
  size_t claims = 0;
  uint32_t family_phone = 0, family_left = 0;
  while (claims < target_claims) {
    ++g.people;
    const uint32_t email = new_id(IdType::kEmail);
    uint32_t phone = dl::kNoSubject;  // none
    if (family_left > 0) {
      phone = family_phone;
      --family_left;
    } else if (rng.Chance(10)) {  // 1%: a family number, 2-4 people
      phone = family_phone = new_id(IdType::kPhone);
      family_left = 1 + rng.Below(3);
    } else if (rng.Chance(10)) {  // 1%: an office switchboard
      phone = offices[rng.Below(static_cast<uint32_t>(offices.size()))];
    } else if (rng.Chance(700)) {
      phone = new_id(IdType::kPhone);
    }
    const uint32_t second_email = rng.Chance(100) ? new_id(IdType::kEmail) : dl::kNoSubject;
    const uint32_t crm = rng.Chance(50) ? new_id(IdType::kExternal) : dl::kNoSubject;

    uint32_t repeats = 1;
    const uint32_t roll = rng.Below(100);
    if (roll >= 97) {
      repeats = 5 + rng.Below(10);  // a regular customer: many orders
    } else if (roll >= 90) {
      repeats = 3;
    } else if (roll >= 70) {
      repeats = 2;
    }
    for (uint32_t k = 0; k < repeats; ++k) {
      Record rec;
      rec.Add(rng.Chance(2) ? placeholder_email : email);
      if (phone != dl::kNoSubject && rng.Chance(800)) {
        rec.Add(rng.Chance(5) ? placeholder_phone : phone);
      }
      if (k == 0 && second_email != dl::kNoSubject) rec.Add(second_email);
      if (k == 0 && crm != dl::kNoSubject) rec.Add(crm);
      const size_t room = target_claims - claims;
      if (rec.n > room) rec.n = static_cast<uint32_t>(room);
      claims += rec.n;
      records.push_back(rec);
      if (claims == target_claims) break;
    }
  }

  for (size_t i = records.size(); i > 1; --i) {
    std::swap(records[i - 1], records[rng.Below(static_cast<uint32_t>(i))]);
  }
  // Number identifiers by first appearance in the shuffled stream.
  std::vector<uint32_t> renumber(type.size(), dl::kNoSubject);
  dl::ResolveInput& in = g.input;
  in.record_ids.reserve(claims);
  in.record_offsets.reserve(records.size() + 1);
  for (const Record& rec : records) {
    uint32_t mapped[4];
    for (uint32_t k = 0; k < rec.n; ++k) {
      uint32_t& m = renumber[rec.ids[k]];
      if (m == dl::kNoSubject) {
        m = static_cast<uint32_t>(in.id_type.size());
        in.id_type.push_back(type[rec.ids[k]]);
        in.blocked.push_back(rec.ids[k] == placeholder_phone || rec.ids[k] == placeholder_email);
      }
      mapped[k] = m;
    }
    in.AddRecord(mapped, rec.n);
  }
  return g;
}

// The baseline: the same union-find as Resolve (path halving, union by rank), one pass.
uint32_t BareUnionFind(const dl::ResolveInput& in) {
  const size_t n = in.id_type.size();
  std::vector<uint32_t> parent(n);
  std::vector<uint8_t> rank(n, 0);
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](uint32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  uint32_t unions = 0;
  for (size_t r = 0; r < in.record_count(); ++r) {
    for (uint32_t c = in.record_offsets[r] + 1; c < in.record_offsets[r + 1]; ++c) {
      uint32_t a = find(in.record_ids[c - 1]), b = find(in.record_ids[c]);
      if (a == b) continue;
      if (rank[a] < rank[b]) std::swap(a, b);
      parent[b] = a;
      if (rank[a] == rank[b]) ++rank[a];
      ++unions;
    }
  }
  return unions;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t target = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
  const Graph g = Generate(target, /*seed=*/42);
  const dl::ResolveInput& in = g.input;
  const size_t claims = in.record_ids.size();
  std::printf("graph: %u people, %zu records, %zu identifiers, %zu claims\n", g.people,
              in.record_count(), in.id_type.size(), claims);

  dl::ResolveResult result;
  const double resolve_s = MedianSeconds(5, [&] { result = dl::Resolve(in); });
  size_t shared = 0, blocked = 0;
  for (size_t i = 0; i < result.shared.size(); ++i) shared += result.shared[i];
  for (size_t i = 0; i < in.blocked.size(); ++i) blocked += in.blocked[i];
  std::printf("result: %u subjects, %zu shared identifiers, %zu blocked\n", result.subject_count,
              shared, blocked);

  volatile uint32_t sink = 0;
  const double baseline_s = MedianSeconds(5, [&] { sink = BareUnionFind(in); });
  (void)sink;
  std::printf(
      "resolve: %zu claims, median %.2f s, %.1fM claims/s; baseline bare union-find %.2f s; "
      "ratio %.1fx\n",
      claims, resolve_s, claims / resolve_s / 1e6, baseline_s, resolve_s / baseline_s);
  return 0;
}
