// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Import benchmark (issue: "Import 1M CSV rows (name, email, phone, country) into a fresh store:
// at least 100k rows/s, peak RSS at most 1 GiB"), and `subject show` latency on the result.
//
// Baselines measured in the same run, on the same phone column:
//   * bare libphonenumber Parse + Format(E164)               — the figure the issue names
//   * bare libphonenumber Parse + IsValidNumber + Format      — what a correct import must do
// The import runs in a child process so that its peak RSS is its own.
//
//   build/bench/import_bench [--rows 1000000] [--dir /tmp/daylight-bench] [--lookups 2000]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <phonenumbers/phonenumberutil.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "daylight/generate.h"
#include "daylight/store.h"
#include "bench_util.h"

namespace {

using dl::bench::Median;
using dl::bench::Seconds;

std::vector<std::string> Column(const std::string& path, int col) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::string> out;
  while (std::getline(in, line)) {
    size_t a = 0;
    for (int i = 0; i < col; ++i) a = line.find(',', a) + 1;
    size_t b = line.find(',', a);
    out.push_back(line.substr(a, b == std::string::npos ? std::string::npos : b - a));
  }
  return out;
}

double PhoneLoop(const std::vector<std::string>& phones, bool validate) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  std::string out;
  size_t ok = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (const std::string& p : phones) {
    PhoneNumber n;
    if (util->Parse(p, "DE", &n) != PhoneNumberUtil::NO_PARSING_ERROR) continue;
    if (validate && !util->IsValidNumber(n)) continue;
    util->Format(n, PhoneNumberUtil::E164, &out);
    ++ok;
  }
  double s = Seconds(t0);
  if (ok == 0) std::fprintf(stderr, "no phone parsed\n");
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  dl::bench::Flags flags(argc, argv, "import_bench [--rows N] [--dir DIR] [--lookups N]");
  const uint64_t rows = flags.U64("--rows", 1000000);
  const std::string dir = flags.Str("--dir", "/tmp/daylight-bench");
  const size_t lookups = flags.U64("--lookups", 2000);
  flags.Done();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  dl::GenerateOptions g;
  g.out_dir = dir;
  g.people = rows;
  g.profile = "bench-csv";
  if (auto r = dl::GenerateDataset(g); !r.ok()) {
    std::fprintf(stderr, "generate: %s\n", r.status().ToString().c_str());
    return 1;
  }
  std::string csv = dir + "/bench.csv";
  std::vector<std::string> phones = Column(csv, 3);
  // The baselines are rates: a 200k sample gives them without minutes of extra run time.
  if (phones.size() > 200000) phones.resize(200000);

  // Baselines: median of 3.
  std::vector<double> pf, pvf;
  for (int i = 0; i < 3; ++i) {
    pf.push_back(PhoneLoop(phones, false));
    pvf.push_back(PhoneLoop(phones, true));
  }
  std::sort(pf.begin(), pf.end());
  std::sort(pvf.begin(), pvf.end());
  double parse_format = static_cast<double>(phones.size()) / pf[1];
  double parse_valid_format = static_cast<double>(phones.size()) / pvf[1];

  // The import, in a child so that ru_maxrss is the import's alone.
  std::string db = dir + "/bench.db";
  int pipefd[2];
  if (pipe(pipefd) != 0) return 1;
  pid_t pid = fork();
  if (pid == 0) {
    close(pipefd[0]);
    auto store = dl::Store::Init(db, dl::InitOptions{}, "bench");
    if (!store.ok()) _exit(2);
    dl::ImportOptions o;
    o.path = csv;
    o.source = "crm";
    o.supplier = dl::Supplier::kFirstParty;
    o.collected_for = "essential.service";
    o.region = "DE";
    o.actor = "bench";
    auto t0 = std::chrono::steady_clock::now();
    auto r = (*store)->Import(o);
    double s = Seconds(t0);
    if (!r.ok()) {
      std::fprintf(stderr, "import: %s\n", r.status().ToString().c_str());
      _exit(3);
    }
    if (write(pipefd[1], &s, sizeof s) != sizeof s) _exit(4);
    _exit(0);
  }
  close(pipefd[1]);
  double import_s = 0;
  bool got = read(pipefd[0], &import_s, sizeof import_s) == sizeof import_s;
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "import child failed\n");
    return 1;
  }
  double import_rate = static_cast<double>(rows) / import_s;

  std::printf("import: %llu rows in %.2f s = %.0f rows/s, peak RSS %.0f MiB\n",
              static_cast<unsigned long long>(rows), import_s, import_rate, ru.ru_maxrss / 1024.0);
  std::printf(
      "baseline libphonenumber parse+format:          %.0f numbers/s  -> import/baseline ratio "
      "%.2f\n",
      parse_format, import_rate / parse_format);
  std::printf(
      "baseline libphonenumber parse+validate+format: %.0f numbers/s  -> import/baseline ratio "
      "%.2f\n",
      parse_valid_format, import_rate / parse_valid_format);

  // subject show latency on the store just built (2 claims per row).
  auto store = dl::Store::Open(db);
  if (!store.ok()) return 1;
  std::vector<std::string> emails = Column(csv, 2);
  std::mt19937_64 rng(7);
  std::vector<double> us;
  for (size_t i = 0; i < lookups; ++i) {
    auto id = dl::ParseIdentifier("email:" + emails[rng() % emails.size()]);
    if (!id.ok()) continue;
    auto t0 = std::chrono::steady_clock::now();
    auto v = (*store)->ShowSubject(*id);
    us.push_back(Seconds(t0) * 1e6);
    if (!v.ok() || !v->known) {
      std::fprintf(stderr, "lookup failed\n");
      return 1;
    }
  }
  std::sort(us.begin(), us.end());
  std::printf("subject show by email on %llu claims: p50 %.0f us, p99 %.0f us (%zu lookups)\n",
              static_cast<unsigned long long>(2 * rows), us[us.size() / 2],
              us[us.size() * 99 / 100], us.size());
  return 0;
}
