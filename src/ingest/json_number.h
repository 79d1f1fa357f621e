// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// JSON numbers as text, for the readers that turn simdjson DOM values back into strings (JSON
// Lines fields, Segment traits and event JSON).
#ifndef DAYLIGHT_INGEST_JSON_NUMBER_H_
#define DAYLIGHT_INGEST_JSON_NUMBER_H_

#include <simdjson.h>

#include <string>

namespace dl::ingest {

// Appends the number `e` holds. Numbers keep their value, not their spelling (the DOM does not
// keep it): integers exactly, doubles in the shortest form that reads back as the same double.
// Appends nothing when `e` is not a number.
void AppendJsonNumber(const simdjson::dom::element& e, std::string* out);

}  // namespace dl::ingest

#endif  // DAYLIGHT_INGEST_JSON_NUMBER_H_
