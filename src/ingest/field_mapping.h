// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Field mapping: decides which field a source column (CSV header cell, JSON key) feeds. One
// FieldMapper is built per reader at open time from ReaderOptions (preset, --map); the readers
// resolve each column once (CSV) or cache per key (JSON Lines), so mapping costs nothing per row.
//
// Resolution order for a source name (docs/import-formats.md, "Column mapping"):
//   1. --map, exact match on the trimmed name (the user said so; overrides everything);
//   2. the preset's table, case-insensitive on the trimmed name;
//   3. canonical names and a few aliases, compared after normalisation (lower case, spaces,
//      '_' and '-' dropped), so "First Name", "first_name" and "FirstName" all mean first_name;
//   4. otherwise the trimmed name itself, as a trait.
#ifndef DAYLIGHT_INGEST_FIELD_MAPPING_H_
#define DAYLIGHT_INGEST_FIELD_MAPPING_H_

#include <string>
#include <string_view>
#include <unordered_map>

#include "daylight/record_reader.h"
#include "daylight/status.h"

namespace dl::ingest {

// Where the values of one source column go.
struct FieldTarget {
  std::string name;          // canonical field name, or the trait name
  std::string value_prefix;  // prepended to each value: "salesforce:" for a Salesforce Id
};

// True for the canonical names in CanonicalFieldNames() (exact, lower case).
bool IsCanonicalField(std::string_view name);

// True for a name usable as a --map trait target: 1 to 64 characters from letters, digits,
// '_', '-', '.', starting with a letter or '_'. Source names that become traits implicitly are
// not held to this: they keep the name the source gave them.
bool IsValidTraitName(std::string_view name);

// Lower case, with ASCII spaces, '_' and '-' removed: the key for alias matching.
std::string NormaliseColumnName(std::string_view name);

// Strips ASCII spaces and tabs at both ends.
std::string_view TrimBlanks(std::string_view s);

// Immutable after Create; safe to share between threads.
class FieldMapper {
 public:
  // InvalidArgument for an unknown preset, an empty --map source, or a --map target that is
  // neither a canonical field, "external_id:<namespace>", nor a valid trait name.
  static StatusOr<FieldMapper> Create(const ReaderOptions& options);

  FieldTarget Resolve(std::string_view source_name) const;

 private:
  FieldMapper() = default;

  // Trimmed --map source -> target.
  std::unordered_map<std::string, FieldTarget> user_map_;
  // Lower-case preset source name -> target; empty without a preset.
  std::unordered_map<std::string, FieldTarget> preset_map_;
};

}  // namespace dl::ingest

#endif  // DAYLIGHT_INGEST_FIELD_MAPPING_H_
