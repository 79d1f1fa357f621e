// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the vCard reader (address-book uploads are untrusted by nature): no
// crash, errors are InvalidArgument naming a line, the reader reaches the end, cards come out
// in file order, and Progress() stays in [0, 1].
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
  auto reader = dl::OpenRecordReaderFromBuffer(
      std::string(reinterpret_cast<const char*>(data), size), "in.vcf", {});
  Check(reader.ok());
  dl::SourceRecord record;
  uint64_t last_line = 0;
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
  std::abort();
}
