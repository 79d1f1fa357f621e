// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Source readers: turn an input file (CSV, JSON Lines, vCard) into a stream of records whose
// fields carry canonical names (docs/import-formats.md):
//   identifiers: email, phone, maid, vin, external_id ("namespace:value")
//   traits:      first_name, last_name, city, state, zip, country, dob, gender
//   opt-outs:    do_not_email, do_not_call   (truthy values become objections)
// Any other column or key keeps its own name and becomes a trait of the claim. A field name
// may repeat within a record (a vCard with three TEL lines gives three "phone" fields).
//
// Readers check structure only (quotes, JSON syntax, vCard line syntax); value validation
// (is this an e-mail address?) happens in the import pipeline, which knows line and field.
// Readers are single-threaded objects; different readers may run on different threads.
#ifndef DAYLIGHT_RECORD_READER_H_
#define DAYLIGHT_RECORD_READER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/status.h"

namespace dl {

struct Field {
  std::string name;   // canonical name or, for traits, the source's own name
  std::string value;  // raw text as found in the source (unescaped, unquoted, unfolded)
};

struct SourceRecord {
  uint64_t line = 0;  // 1-based line in the file where the record starts
  std::vector<Field> fields;
};

enum class SourceFormat { kAuto, kCsv, kJsonLines, kVCard };

struct ReaderOptions {
  SourceFormat format = SourceFormat::kAuto;  // kAuto: by extension (.csv .tsv .jsonl .ndjson .vcf)
  // "salesforce" (Contact export) or "dynamics" (Common Data Model Contact); empty: none.
  std::string preset;
  // --map column=field: source column (CSV header, JSON key) -> canonical field. Applied after
  // the preset, so it overrides it. Header matching is exact after trimming; presets also
  // match case-insensitively.
  std::map<std::string, std::string> map;
  // CSV separator; 0 detects ',' or ';' from the header line.
  char delimiter = 0;
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // Reads the next record into *out. Returns true when a record was read, false at end of input.
  // InvalidArgument ("line 12: unterminated quoted field") means the record at that line was
  // malformed and has been skipped: the reader stays usable and the caller decides whether to
  // go on (--max-errors). Any other error code is fatal for this reader.
  virtual StatusOr<bool> Next(SourceRecord* out) = 0;
  // Fraction of the input consumed, 0..1, for progress bars.
  virtual double Progress() const = 0;
};

// Opens `path` with the options. Fails with InvalidArgument for an unknown preset, an
// unmappable --map target, or a header that cannot be read; IOError if the file cannot be read.
StatusOr<std::unique_ptr<RecordReader>> OpenRecordReader(const std::string& path,
                                                         const ReaderOptions& options);

// Reader over an in-memory buffer (tests, fuzzers). `name_for_format` picks the format by its
// extension when options.format is kAuto.
StatusOr<std::unique_ptr<RecordReader>> OpenRecordReaderFromBuffer(std::string buffer,
                                                                   std::string_view name_for_format,
                                                                   const ReaderOptions& options);

// The reader options as `daylight import` and POST /api/v1/imports spell them, parsed in one
// place. Messages name no flag: the caller adds its own ("--map 'x'", "query parameter 'map'").
//
// "csv", "jsonl", "vcard"; nullopt for any other name.
std::optional<SourceFormat> SourceFormatNamed(std::string_view name);
// "COLUMN=FIELD" into options->map (split at the last '=', so a column name may hold one);
// InvalidArgument "expected COLUMN=FIELD" otherwise.
Status AddColumnMapping(std::string_view mapping, ReaderOptions* options);
// A CSV separator: one character, or "tab" / "\t" for a tab; InvalidArgument otherwise.
StatusOr<char> ParseDelimiter(std::string_view text);

// The canonical field names, in documentation order.
const std::vector<std::string>& CanonicalFieldNames();

}  // namespace dl

#endif  // DAYLIGHT_RECORD_READER_H_
