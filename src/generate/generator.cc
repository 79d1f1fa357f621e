// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include <filesystem>
#include <string>
#include <system_error>

#include "daylight/generate.h"

#include "generate/bench_csv.h"
#include "generate/demo_data.h"

namespace dl {
namespace {

// The demo profile keeps every row in memory before writing; beyond this it would need
// gigabytes, and a data set that large is what bench-csv is for.
constexpr uint64_t kMaxDemoPeople = 5'000'000;
constexpr uint64_t kMaxBenchPeople = 1'000'000'000;
constexpr uint32_t kMaxBooks = 100'000;

Status Validate(const GenerateOptions& options) {
  if (options.out_dir.empty()) return InvalidArgument("--out: output directory is empty");
  if (options.profile != "demo" && options.profile != "bench-csv") {
    return InvalidArgument("--profile: unknown profile '" + options.profile +
                           "' (expected demo or bench-csv)");
  }
  if (options.people == 0) return InvalidArgument("--people: must be at least 1");
  const uint64_t max_people = options.profile == "demo" ? kMaxDemoPeople : kMaxBenchPeople;
  if (options.people > max_people) {
    return InvalidArgument("--people: at most " + std::to_string(max_people) + " for profile " +
                           options.profile);
  }
  if (options.address_books > kMaxBooks) {
    return InvalidArgument("--books: at most " + std::to_string(kMaxBooks));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<GenerateReport> GenerateDataset(const GenerateOptions& options,
                                         const std::function<void(double)>& progress) {
  RETURN_IF_ERROR(Validate(options));
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  if (ec) return IOError(options.out_dir + ": cannot create directory: " + ec.message());

  GenerateReport report;
  if (options.profile == "bench-csv") {
    RETURN_IF_ERROR(generate::WriteBenchCsv(options, progress, &report));
  } else {
    ASSIGN_OR_RETURN(generate::DemoData data, generate::BuildDemoData(options, progress));
    RETURN_IF_ERROR(generate::WriteDemoFiles(data, options, &report));
  }
  if (progress) progress(1.0);
  return report;
}

}  // namespace dl
