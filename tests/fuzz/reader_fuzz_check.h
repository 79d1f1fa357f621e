// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The promises every RecordReader makes, checked by each reader's fuzz target: Next() reaches
// the end (each call consumes input, so `input_size` bounds the calls), every error is
// InvalidArgument starting with "line N", lines never go backwards, Progress() stays in [0, 1],
// and (where the format guarantees it) no field name or value is empty.
#ifndef DAYLIGHT_TESTS_FUZZ_READER_FUZZ_CHECK_H_
#define DAYLIGHT_TESTS_FUZZ_READER_FUZZ_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "daylight/record_reader.h"

namespace dl::fuzz {

inline void Check(bool ok) {
  if (!ok) std::abort();
}

inline void DrainAndCheck(RecordReader* reader, size_t input_size, bool non_empty_fields) {
  SourceRecord record;
  uint64_t last_line = 0;
  for (size_t calls = 0; calls <= input_size + 1; ++calls) {
    auto more = reader->Next(&record);
    const double progress = reader->Progress();
    Check(progress >= 0.0 && progress <= 1.0);
    if (!more.ok()) {
      Check(more.status().code() == StatusCode::kInvalidArgument);
      Check(more.status().message().rfind("line ", 0) == 0);
      continue;
    }
    if (!*more) return;
    Check(record.line > last_line);
    last_line = record.line;
    if (non_empty_fields) {
      for (const Field& f : record.fields) Check(!f.name.empty() && !f.value.empty());
    }
  }
  std::abort();  // the reader did not reach the end
}

}  // namespace dl::fuzz

#endif  // DAYLIGHT_TESTS_FUZZ_READER_FUZZ_CHECK_H_
