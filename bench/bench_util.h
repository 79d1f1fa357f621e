// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// What every benchmark in bench/ needs: wall-clock timing, medians (the machine is small and
// shared, so figures are medians of several runs), and "--name value" flags.
#ifndef DAYLIGHT_BENCH_BENCH_UTIL_H_
#define DAYLIGHT_BENCH_BENCH_UTIL_H_

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace dl::bench {

// Seconds since t0.
inline double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The median of the values (the upper one for an even count); 0 for none.
inline double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Runs f `runs` times; the median wall time in seconds.
template <typename F>
double MedianSeconds(int runs, F&& f) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    f();
    t.push_back(Seconds(start));
  }
  return Median(std::move(t));
}

// "--name value" pairs. Unknown names or a missing value print `usage` and exit 2, so a typo
// never silently benchmarks the default.
class Flags {
 public:
  Flags(int argc, char** argv, const char* usage) : argc_(argc), argv_(argv), usage_(usage) {
    for (int i = 1; i < argc; i += 2) {
      if (i + 1 >= argc || std::strncmp(argv[i], "--", 2) != 0) Usage();
    }
  }
  // Call once per known flag; then Done() rejects anything else.
  std::string Str(const char* name, std::string fallback) {
    known_.push_back(name);
    for (int i = 1; i + 1 < argc_; i += 2) {
      if (std::strcmp(argv_[i], name) == 0) return argv_[i + 1];
    }
    return fallback;
  }
  unsigned long long U64(const char* name, unsigned long long fallback) {
    std::string s = Str(name, "");
    if (s.empty()) return fallback;
    char* end = nullptr;
    unsigned long long v = std::strtoull(s.c_str(), &end, 10);
    if (*end != '\0') Usage();
    return v;
  }
  void Done() {
    for (int i = 1; i + 1 < argc_; i += 2) {
      if (std::find_if(known_.begin(), known_.end(), [&](const char* k) {
            return std::strcmp(k, argv_[i]) == 0;
          }) == known_.end()) {
        Usage();
      }
    }
  }

 private:
  [[noreturn]] void Usage() const {
    std::fprintf(stderr, "usage: %s\n", usage_);
    std::exit(2);
  }
  int argc_;
  char** argv_;
  const char* usage_;
  std::vector<const char*> known_;
};

}  // namespace dl::bench

#endif  // DAYLIGHT_BENCH_BENCH_UTIL_H_
