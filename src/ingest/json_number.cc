// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "ingest/json_number.h"

#include <charconv>
#include <cstdint>

namespace dl::ingest {

void AppendJsonNumber(const simdjson::dom::element& e, std::string* out) {
  char buf[64];
  std::to_chars_result r{buf, std::errc()};
  int64_t i;
  uint64_t u;
  double d;
  if (e.get_int64().get(i) == simdjson::SUCCESS) {
    r = std::to_chars(buf, buf + sizeof(buf), i);
  } else if (e.get_uint64().get(u) == simdjson::SUCCESS) {
    r = std::to_chars(buf, buf + sizeof(buf), u);
  } else if (e.get_double().get(d) == simdjson::SUCCESS) {
    r = std::to_chars(buf, buf + sizeof(buf), d);
  }
  out->append(buf, r.ptr);
}

}  // namespace dl::ingest
