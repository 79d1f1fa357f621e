// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// OpenRecordReader: picks the reader for a format and validates the options that do not depend
// on the input (preset, --map) before touching the file, so a typo in a flag fails fast even
// for a file that is huge or unreadable.
#include "daylight/record_reader.h"

#include <algorithm>
#include <string>
#include <utility>

#include "ingest/csv_reader.h"
#include "ingest/field_mapping.h"
#include "ingest/input_buffer.h"
#include "ingest/jsonl_reader.h"
#include "ingest/vcard_reader.h"

namespace dl {
namespace {

using ingest::FieldMapper;
using ingest::InputBuffer;

// Lower-case extension after the last '.' of the last path component, or "".
std::string Extension(std::string_view name) {
  const size_t slash = name.find_last_of('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  const size_t dot = name.find_last_of('.');
  if (dot == std::string_view::npos) return "";
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return ext;
}

struct Resolved {
  SourceFormat format;
  char delimiter;
};

StatusOr<Resolved> ResolveFormat(std::string_view name, const ReaderOptions& options) {
  const std::string ext = Extension(name);
  SourceFormat format = options.format;
  if (format == SourceFormat::kAuto) {
    if (ext == "csv" || ext == "tsv") {
      format = SourceFormat::kCsv;
    } else if (ext == "jsonl" || ext == "ndjson") {
      format = SourceFormat::kJsonLines;
    } else if (ext == "vcf" || ext == "vcard") {
      format = SourceFormat::kVCard;
    } else {
      return InvalidArgument("cannot tell the format of '" + std::string(name) +
                             "' from its extension (known: .csv .tsv .jsonl .ndjson .vcf); "
                             "name the format explicitly");
    }
  }
  char delimiter = options.delimiter;
  if (format == SourceFormat::kCsv && delimiter == 0 && ext == "tsv") delimiter = '\t';
  if (format == SourceFormat::kVCard && (!options.preset.empty() || !options.map.empty())) {
    // vCard properties have fixed meanings; silently ignoring a preset or --map would hide a
    // mistake in the command line.
    return InvalidArgument("presets and --map apply to CSV and JSON Lines, not vCard");
  }
  return Resolved{format, delimiter};
}

StatusOr<std::unique_ptr<RecordReader>> OpenWithInput(std::unique_ptr<InputBuffer> input,
                                                      const Resolved& resolved,
                                                      FieldMapper mapper) {
  switch (resolved.format) {
    case SourceFormat::kCsv:
      return ingest::NewCsvReader(std::move(input), mapper, resolved.delimiter);
    case SourceFormat::kJsonLines:
      return ingest::NewJsonLinesReader(std::move(input), std::move(mapper));
    case SourceFormat::kVCard:
      return ingest::NewVCardReader(std::move(input));
    case SourceFormat::kAuto:
      break;
  }
  return Internal("format not resolved");
}

}  // namespace

StatusOr<std::unique_ptr<RecordReader>> OpenRecordReader(const std::string& path,
                                                         const ReaderOptions& options) {
  ASSIGN_OR_RETURN(Resolved resolved, ResolveFormat(path, options));
  ASSIGN_OR_RETURN(FieldMapper mapper, FieldMapper::Create(options));
  ASSIGN_OR_RETURN(std::unique_ptr<InputBuffer> input, InputBuffer::OpenFile(path));
  StatusOr<std::unique_ptr<RecordReader>> reader =
      OpenWithInput(std::move(input), resolved, std::move(mapper));
  if (!reader.ok()) return reader.status().WithContext(path);
  return reader;
}

std::optional<SourceFormat> SourceFormatNamed(std::string_view name) {
  if (name == "csv") return SourceFormat::kCsv;
  if (name == "jsonl") return SourceFormat::kJsonLines;
  if (name == "vcard") return SourceFormat::kVCard;
  return std::nullopt;
}

Status AddColumnMapping(std::string_view mapping, ReaderOptions* options) {
  const size_t eq = mapping.rfind('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == mapping.size()) {
    return InvalidArgument("expected COLUMN=FIELD");
  }
  options->map[std::string(mapping.substr(0, eq))] = std::string(mapping.substr(eq + 1));
  return Status::Ok();
}

StatusOr<char> ParseDelimiter(std::string_view text) {
  if (text == "tab" || text == "\\t") return '\t';
  if (text.size() != 1) return InvalidArgument("must be one character (or 'tab')");
  return text[0];
}

StatusOr<std::unique_ptr<RecordReader>> OpenRecordReaderFromBuffer(std::string buffer,
                                                                   std::string_view name_for_format,
                                                                   const ReaderOptions& options) {
  ASSIGN_OR_RETURN(Resolved resolved, ResolveFormat(name_for_format, options));
  ASSIGN_OR_RETURN(FieldMapper mapper, FieldMapper::Create(options));
  return OpenWithInput(InputBuffer::FromString(std::move(buffer)), resolved, std::move(mapper));
}

}  // namespace dl
