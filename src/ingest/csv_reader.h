// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// CSV reader (RFC 4180 plus what spreadsheets really write): see docs/import-formats.md.
#ifndef DAYLIGHT_INGEST_CSV_READER_H_
#define DAYLIGHT_INGEST_CSV_READER_H_

#include <memory>

#include "daylight/record_reader.h"
#include "daylight/status.h"

#include "ingest/field_mapping.h"
#include "ingest/input_buffer.h"

namespace dl::ingest {

// Reads the header at open. `delimiter` 0 detects ',', ';' or tab from the header line (the
// most frequent outside quotes; ',' when there is none, i.e. a one-column file); .tsv files
// pass '\t'. InvalidArgument for a missing or malformed header or an unusable delimiter.
StatusOr<std::unique_ptr<RecordReader>> NewCsvReader(std::unique_ptr<InputBuffer> input,
                                                     const FieldMapper& mapper, char delimiter);

}  // namespace dl::ingest

#endif  // DAYLIGHT_INGEST_CSV_READER_H_
