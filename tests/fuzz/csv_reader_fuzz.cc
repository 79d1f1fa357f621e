// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the CSV reader. The first byte picks the delimiter and preset so the
// fuzzer explores ';', tab and forced delimiters as well as detection; the rest is the file.
// Besides crashes and sanitizer reports it checks the reader's promises: Next() ends, every
// error is InvalidArgument with a line number, lines never go backwards, Progress() is in
// [0, 1], and no field is empty.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "daylight/record_reader.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  dl::ReaderOptions options;
  static constexpr char kDelimiters[] = {0, ',', ';', '\t'};
  options.delimiter = kDelimiters[selector & 3];
  if (selector & 4) options.preset = "salesforce";
  if (selector & 8) options.map = {{"a", "email"}, {"b", "external_id:crm"}};
  const char* name = (selector & 16) ? "in.tsv" : "in.csv";

  auto reader = dl::OpenRecordReaderFromBuffer(
      std::string(reinterpret_cast<const char*>(data + 1), size - 1), name, options);
  if (!reader.ok()) {
    Check(reader.status().code() == dl::StatusCode::kInvalidArgument);
    return 0;
  }
  dl::SourceRecord record;
  uint64_t last_line = 0;
  // Each call consumes at least one byte, so the input size bounds the number of calls.
  for (size_t calls = 0; calls <= size + 1; ++calls) {
    auto more = (*reader)->Next(&record);
    const double progress = (*reader)->Progress();
    Check(progress >= 0.0 && progress <= 1.0);
    if (!more.ok()) {
      Check(more.status().code() == dl::StatusCode::kInvalidArgument);
      Check(more.status().message().rfind("line ", 0) == 0);
      continue;
    }
    if (!*more) return 0;
    Check(record.line > last_line);
    last_line = record.line;
    for (const dl::Field& f : record.fields) Check(!f.name.empty() && !f.value.empty());
  }
  std::abort();  // the reader did not reach the end
}
