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

#include "reader_fuzz_check.h"

using dl::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto reader = dl::OpenRecordReaderFromBuffer(
      std::string(reinterpret_cast<const char*>(data), size), "in.vcf", {});
  Check(reader.ok());
  dl::fuzz::DrainAndCheck(reader->get(), size, true);
  return 0;
}
