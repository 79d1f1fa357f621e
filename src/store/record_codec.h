// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The plaintext of one sealed record (one source row or vCard), before encryption: its
// normalised identifiers and its traits. Layout (docs/ledger-format.md): a sequence of
// (u8 tag, varint length, bytes); tags 1..5 are identifier types, tag 16 a trait name and
// tag 17 its value.
#ifndef DAYLIGHT_STORE_RECORD_CODEC_H_
#define DAYLIGHT_STORE_RECORD_CODEC_H_

#include <string>
#include <utility>
#include <vector>

#include "daylight/identifier.h"
#include "daylight/status.h"

namespace dl {

struct RecordPlain {
  std::vector<Identifier> identifiers;
  std::vector<std::pair<std::string, std::string>> traits;
};

void EncodeRecord(const RecordPlain& r, std::string* out);
StatusOr<RecordPlain> DecodeRecord(std::string_view bytes);

}  // namespace dl

#endif  // DAYLIGHT_STORE_RECORD_CODEC_H_
