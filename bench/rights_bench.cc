// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Rights benchmark (rights issue: "Erasing 100k subjects in one batch: at most 60 s. The
// suppression check costs at most 5% of import throughput (measure import with and without a
// 1M-entry suppression list in the same run)").
//
//   * Import the same CSV into fresh stores without and with 1M suppressed blind indexes,
//     alternating, twice each; the ratio of the medians is the cost of the check.
//   * Erase --erase subjects (by e-mail) of one of those stores in one batch.
//
//   build/bench/rights_bench [--rows 200000] [--erase 100000] [--dir /tmp/daylight-rights-bench]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "daylight/generate.h"
#include "daylight/store.h"
#include "bench_util.h"

namespace {

using dl::bench::Median;
using dl::bench::Seconds;

// A fresh store with `suppressed` random blind indexes on its suppression list.
std::unique_ptr<dl::Store> FreshStore(const std::string& db, uint64_t suppressed) {
  for (const char* suffix : {"", "-wal", "-shm", ".key", ".policy"}) {
    std::filesystem::remove(db + suffix);
  }
  auto store = dl::Store::Init(db, dl::InitOptions{}, "bench");
  if (!store.ok()) return nullptr;
  dl::Storage& st = (*store)->storage();
  std::mt19937_64 rng(99);
  if (!st.Begin().ok()) return nullptr;
  std::string b(16, '\0');
  for (uint64_t i = 0; i < suppressed; ++i) {
    for (size_t k = 0; k < 16; k += 8) {
      uint64_t v = rng();
      std::memcpy(b.data() + k, &v, 8);
    }
    if (!st.InsertSuppression(b, 1, 0).ok()) return nullptr;
  }
  if (!st.Commit().ok()) return nullptr;
  return std::move(*store);
}

double ImportSeconds(dl::Store* store, const std::string& csv) {
  dl::ImportOptions o;
  o.path = csv;
  o.source = "crm";
  o.supplier = dl::Supplier::kFirstParty;
  o.collected_for = "marketing";
  o.region = "DE";
  o.actor = "bench";
  auto t0 = std::chrono::steady_clock::now();
  auto r = store->Import(o);
  if (!r.ok()) {
    std::fprintf(stderr, "import: %s\n", r.status().ToString().c_str());
    return -1;
  }
  return Seconds(t0);
}

}  // namespace

int main(int argc, char** argv) {
  dl::bench::Flags flags(argc, argv, "rights_bench [--rows N] [--erase N] [--dir DIR]");
  const uint64_t rows = flags.U64("--rows", 200000);
  uint64_t erase = flags.U64("--erase", 100000);
  const std::string dir = flags.Str("--dir", "/tmp/daylight-rights-bench");
  flags.Done();
  erase = std::min(erase, rows);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  dl::GenerateOptions g;
  g.out_dir = dir;
  g.people = rows;
  g.profile = "bench-csv";
  if (auto r = dl::GenerateDataset(g); !r.ok()) return 1;
  const std::string csv = dir + "/bench.csv";

  std::vector<double> plain, suppressed;
  std::unique_ptr<dl::Store> last;
  for (int round = 0; round < 2; ++round) {
    auto a = FreshStore(dir + "/plain.db", 0);
    auto b = FreshStore(dir + "/suppressed.db", 1000000);
    if (!a || !b) return 1;
    plain.push_back(ImportSeconds(a.get(), csv));
    suppressed.push_back(ImportSeconds(b.get(), csv));
    if (plain.back() < 0 || suppressed.back() < 0) return 1;
    last = std::move(a);
  }
  const double p = (plain[0] + plain[1]) / 2, s = (suppressed[0] + suppressed[1]) / 2;
  std::printf("import %llu rows: without suppression list %.0f rows/s (%.2f s, %.2f s)\n",
              static_cast<unsigned long long>(rows), static_cast<double>(rows) / p, plain[0],
              plain[1]);
  std::printf("import %llu rows: with 1M suppressed identifiers %.0f rows/s (%.2f s, %.2f s)\n",
              static_cast<unsigned long long>(rows), static_cast<double>(rows) / s,
              suppressed[0], suppressed[1]);
  std::printf("suppression check costs %.1f%% of import throughput (mean of 2 each)\n",
              100.0 * (s - p) / s);

  // Erase `erase` people of the last plain store, by e-mail, in one batch.
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  std::vector<dl::Identifier> ids;
  while (ids.size() < erase && std::getline(in, line)) {
    size_t a = line.find(',');
    a = line.find(',', a + 1);
    const size_t b = line.find(',', a + 1);
    auto id = dl::ParseIdentifier("email:" + line.substr(a + 1, b - a - 1));
    if (id.ok()) ids.push_back(*id);
  }
  auto t0 = std::chrono::steady_clock::now();
  auto r = last->EraseMany(ids, "bench");
  const double erase_s = Seconds(t0);
  if (!r.ok()) {
    std::fprintf(stderr, "erase: %s\n", r.status().ToString().c_str());
    return 1;
  }
  std::printf("erase %llu subjects in one batch: %.1f s (%llu records shredded; target 60 s)\n",
              static_cast<unsigned long long>(r->people), erase_s,
              static_cast<unsigned long long>(r->records));
  return 0;
}
