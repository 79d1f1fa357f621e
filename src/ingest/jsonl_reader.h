// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// JSON Lines reader (one JSON object per line, simdjson DOM): see docs/import-formats.md.
#ifndef DAYLIGHT_INGEST_JSONL_READER_H_
#define DAYLIGHT_INGEST_JSONL_READER_H_

#include <memory>

#include "daylight/record_reader.h"

#include "ingest/field_mapping.h"
#include "ingest/input_buffer.h"

namespace dl::ingest {

std::unique_ptr<RecordReader> NewJsonLinesReader(std::unique_ptr<InputBuffer> input,
                                                 FieldMapper mapper);

}  // namespace dl::ingest

#endif  // DAYLIGHT_INGEST_JSONL_READER_H_
