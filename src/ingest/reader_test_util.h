// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers for the ingest tests: drain a reader the way the import pipeline does (skip
// InvalidArgument records, stop on anything else) and compare records as plain strings.
#ifndef DAYLIGHT_INGEST_READER_TEST_UTIL_H_
#define DAYLIGHT_INGEST_READER_TEST_UTIL_H_

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "daylight/record_reader.h"

namespace dl::ingest::testing {

// "name=value" pairs in record order.
using Fields = std::vector<std::pair<std::string, std::string>>;

struct ReadResult {
  Status open_status;           // non-OK when opening failed
  std::vector<uint64_t> lines;  // record start lines
  std::vector<Fields> records;
  std::vector<std::string> errors;  // InvalidArgument messages, in order
  Status fatal;                     // a non-InvalidArgument error, if any
  std::vector<double> progress;     // Progress() after every Next()
};

inline ReadResult DrainReader(RecordReader* reader) {
  ReadResult result;
  SourceRecord record;  // reused across calls, as the pipeline does
  for (int guard = 0; guard < 1000000; ++guard) {
    StatusOr<bool> more = reader->Next(&record);
    result.progress.push_back(reader->Progress());
    if (!more.ok()) {
      if (more.status().code() != StatusCode::kInvalidArgument) {
        result.fatal = more.status();
        break;
      }
      result.errors.push_back(more.status().message());
      continue;
    }
    if (!*more) break;
    result.lines.push_back(record.line);
    Fields fields;
    for (const Field& f : record.fields) fields.emplace_back(f.name, f.value);
    result.records.push_back(std::move(fields));
  }
  return result;
}

inline ReadResult ReadBuffer(std::string buffer, std::string_view name,
                             const ReaderOptions& options = {}) {
  auto reader = OpenRecordReaderFromBuffer(std::move(buffer), name, options);
  if (!reader.ok()) {
    ReadResult result;
    result.open_status = reader.status();
    return result;
  }
  return DrainReader(reader->get());
}

}  // namespace dl::ingest::testing

#endif  // DAYLIGHT_INGEST_READER_TEST_UTIL_H_
