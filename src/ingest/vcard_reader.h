// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// vCard reader (2.1 leniently, 3.0, 4.0): one record per BEGIN:VCARD ... END:VCARD. See
// docs/import-formats.md for the property mapping.
#ifndef DAYLIGHT_INGEST_VCARD_READER_H_
#define DAYLIGHT_INGEST_VCARD_READER_H_

#include <memory>

#include "daylight/record_reader.h"

#include "ingest/input_buffer.h"

namespace dl::ingest {

std::unique_ptr<RecordReader> NewVCardReader(std::unique_ptr<InputBuffer> input);

}  // namespace dl::ingest

#endif  // DAYLIGHT_INGEST_VCARD_READER_H_
