// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Serialisation helpers for the generated files: RFC 4180 CSV fields, JSON strings, vCard
// text escaping and RFC 6350 line folding, and a buffered file that reports errors as Status.
#ifndef DAYLIGHT_GENERATE_TEXT_WRITERS_H_
#define DAYLIGHT_GENERATE_TEXT_WRITERS_H_

#include <cstdio>
#include <string>
#include <string_view>

#include "daylight/status.h"

namespace dl::generate {

// Appends `value` as one CSV field: quoted (with '"' doubled) only when it contains the
// delimiter, a quote, CR or LF, or starts or ends with a blank, as RFC 4180 requires.
void AppendCsvField(std::string& out, std::string_view value, char delimiter);

// Appends `value` as a JSON string literal, quotes included. UTF-8 passes through; control
// characters, '"' and '\' are escaped.
void AppendJsonString(std::string& out, std::string_view value);

// vCard TEXT value escaping (RFC 6350 3.4): '\' ',' ';' and newlines. The same escaping is
// right for one component of a structured value (N), where ',' and ';' are separators.
std::string EscapeVCardText(std::string_view value);

// Appends one content line followed by CRLF, folded per RFC 6350 3.2: no physical line is
// longer than 75 octets, continuation lines start with one space, and a UTF-8 sequence is
// never split across lines.
void AppendFoldedLine(std::string& out, std::string_view line);

// Write-only file with a large buffer; errors carry the path. Not thread-safe.
class OutputFile {
 public:
  OutputFile() = default;
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Creates or truncates `path`.
  Status Open(const std::string& path);
  // Appends buffered bytes; the buffer is flushed once it passes 1 MiB.
  Status Append(std::string_view data);
  // The buffer callers may fill directly, then call MaybeFlush().
  std::string& buffer() { return buffer_; }
  Status MaybeFlush();
  // Flushes and closes; the file is complete only when this returns OK.
  Status Close();

 private:
  Status Flush();

  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
};

}  // namespace dl::generate

#endif  // DAYLIGHT_GENERATE_TEXT_WRITERS_H_
