// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// A progress bar for long jobs, drawn on stderr only when stderr is a terminal, so that logs
// and pipes stay clean. Redraws at most 10 times a second. Shows counts, never data.
#ifndef DAYLIGHT_UTIL_PROGRESS_H_
#define DAYLIGHT_UTIL_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

namespace dl {

class ProgressBar {
 public:
  // `label` e.g. "importing crm.csv"; `unit` e.g. "rows".
  ProgressBar(std::string label, std::string unit);
  ~ProgressBar();  // clears the line if anything was drawn

  // fraction in 0..1; count is the number of units done so far.
  void Update(double fraction, uint64_t count);
  void Finish();

 private:
  std::string label_;
  std::string unit_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace dl

#endif  // DAYLIGHT_UTIL_PROGRESS_H_
