// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The "bench-csv" profile: one large CSV of distinct people for the import benchmark, written
// fast enough that generating a million rows costs far less than importing them.
#ifndef DAYLIGHT_GENERATE_BENCH_CSV_H_
#define DAYLIGHT_GENERATE_BENCH_CSV_H_

#include <functional>

#include "daylight/generate.h"
#include "daylight/status.h"

namespace dl::generate {

inline constexpr const char* kBenchCsvHeader = "first_name,last_name,email,phone,country";

// Writes options.out_dir/bench.csv (the directory must exist) with options.people rows. Every
// row has its own e-mail address and its own valid mobile number, so every row is a distinct
// person to the identity graph.
Status WriteBenchCsv(const GenerateOptions& options, const std::function<void(double)>& progress,
                     GenerateReport* report);

}  // namespace dl::generate

#endif  // DAYLIGHT_GENERATE_BENCH_CSV_H_
