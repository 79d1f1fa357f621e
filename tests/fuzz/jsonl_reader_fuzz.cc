// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the JSON Lines reader: malformed lines must be InvalidArgument with a
// line number, the reader must reach the end, and Progress() stays in [0, 1].
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "daylight/record_reader.h"

#include "reader_fuzz_check.h"

using dl::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dl::ReaderOptions options;
  options.map = {{"a", "email"}, {"b", "external_id:crm"}};
  auto reader = dl::OpenRecordReaderFromBuffer(
      std::string(reinterpret_cast<const char*>(data), size), "in.jsonl", options);
  Check(reader.ok());
  dl::fuzz::DrainAndCheck(reader->get(), size, false);
  return 0;
}
