// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// RecordBuilder fills a caller-owned SourceRecord in place. Callers pass the same SourceRecord
// to every Next() call, so overwriting its Field strings (instead of clearing the vector and
// building new ones) reuses their heap capacity: after the first few rows a CSV import does no
// per-field allocation at all.
#ifndef DAYLIGHT_INGEST_RECORD_BUILDER_H_
#define DAYLIGHT_INGEST_RECORD_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daylight/record_reader.h"

namespace dl::ingest {

class RecordBuilder {
 public:
  RecordBuilder(SourceRecord* record, uint64_t line) : record_(record) { record_->line = line; }
  RecordBuilder(const RecordBuilder&) = delete;
  RecordBuilder& operator=(const RecordBuilder&) = delete;
  // Drops the fields of the previous record that this one did not overwrite.
  ~RecordBuilder() { record_->fields.resize(used_); }

  // Returns a field slot whose name and value the caller overwrites (assign, not +=).
  Field& Add() {
    if (used_ == record_->fields.size()) record_->fields.emplace_back();
    return record_->fields[used_++];
  }

  void Add(std::string_view name, std::string_view value) {
    Field& f = Add();
    f.name.assign(name);
    f.value.assign(value);
  }

  void Add(std::string_view name, std::string_view prefix, std::string_view value) {
    Field& f = Add();
    f.name.assign(name);
    f.value.assign(prefix);
    f.value.append(value);
  }

  // Forgets the fields added so far (the record turned out to be malformed).
  void Reset() { used_ = 0; }

  size_t size() const { return used_; }

 private:
  SourceRecord* record_;
  size_t used_ = 0;
};

}  // namespace dl::ingest

#endif  // DAYLIGHT_INGEST_RECORD_BUILDER_H_
