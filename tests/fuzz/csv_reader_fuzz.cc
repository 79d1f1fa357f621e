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

#include "reader_fuzz_check.h"

using dl::fuzz::Check;

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
  dl::fuzz::DrainAndCheck(reader->get(), size, true);
  return 0;
}
