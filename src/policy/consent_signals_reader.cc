// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// signals.csv reader and strict UTC time parser (include/daylight/consent_signal.h). The project's
// CSV reader lives in the ingest layer, which the policy layer may not call
// (docs/architecture.md), and maps columns to identifier fields; this is a minimal strict RFC 4180
// splitter for a fixed three-column file.
#include <fstream>
#include <sstream>

#include "daylight/consent_signal.h"

#include "util/civil_time.h"

namespace dl {

StatusOr<int64_t> ParseUtcTime(std::string_view s) {
  const Status bad = InvalidArgument(
      "not an ISO 8601 UTC time (YYYY-MM-DDTHH:MM:SS[.ffffff]Z, e.g. 2026-03-01T10:00:00Z)");
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' || !ReadDigits(s, 5, 2, &month) ||
      s[7] != '-' || !ReadDigits(s, 8, 2, &day) || s[10] != 'T' || !ReadDigits(s, 11, 2, &hour) ||
      s[13] != ':' || !ReadDigits(s, 14, 2, &minute) || s[16] != ':' ||
      !ReadDigits(s, 17, 2, &second)) {
    return bad;
  }
  size_t pos = 19;
  int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (++n > 6) return InvalidArgument("more than 6 fractional digits (microseconds)");
      micros = micros * 10 + (s[pos] - '0');
      ++pos;
    }
    if (n == 0) return bad;
    for (; n < 6; ++n) micros *= 10;
  }
  const std::string_view zone = s.substr(pos);
  if (zone != "Z" && zone != "+00:00") {
    return InvalidArgument("time must be UTC, ending in Z or +00:00");
  }
  if (year < 1970) return InvalidArgument("year before 1970");
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return InvalidArgument("no such calendar date");
  }
  if (hour > 23 || minute > 59 || second > 59) return InvalidArgument("no such time of day");
  const int64_t days = DaysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute) * 60 * 1000000 + int64_t{second} * 1000000 + micros;
}

StatusOr<std::unique_ptr<ConsentSignalsReader>> ConsentSignalsReader::Open(std::string buffer,
                                                                           std::string name) {
  std::unique_ptr<ConsentSignalsReader> reader(
      new ConsentSignalsReader(std::move(buffer), std::move(name)));
  if (reader->buffer_.compare(0, 3, "\xEF\xBB\xBF") == 0) reader->pos_ = 3;
  std::vector<std::string> header;
  uint64_t line = 0;
  const Status bad_header =
      InvalidArgument(reader->name_ + ":1: header must be identifier,signal,time");
  StatusOr<bool> got = reader->NextRecord(&header, &line);
  if (!got.ok() || !*got || line != 1) return bad_header;
  if (header != std::vector<std::string>{"identifier", "signal", "time"}) return bad_header;
  return reader;
}

StatusOr<std::unique_ptr<ConsentSignalsReader>> ConsentSignalsReader::OpenFile(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IOError(path + ": cannot open signals file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return IOError(path + ": cannot read signals file");
  return Open(buffer.str(), path);
}

StatusOr<bool> ConsentSignalsReader::NextRecord(std::vector<std::string>* fields, uint64_t* line) {
  const std::string_view b = buffer_;
  // Wholly empty lines are skipped.
  while (pos_ < b.size() &&
         (b[pos_] == '\n' || (b[pos_] == '\r' && pos_ + 1 < b.size() && b[pos_ + 1] == '\n'))) {
    pos_ += b[pos_] == '\r' ? 2 : 1;
    ++line_;
  }
  if (pos_ >= b.size()) return false;
  *line = line_;
  fields->clear();
  const auto fail = [&](const std::string& reason) {
    // Skip to the end of the physical line so the next call starts on a fresh record.
    const size_t nl = b.find('\n', pos_);
    pos_ = nl == std::string_view::npos ? b.size() : nl + 1;
    ++line_;
    return InvalidArgument(name_ + ":" + std::to_string(*line) + ": " + reason);
  };
  while (true) {
    std::string field;
    if (pos_ < b.size() && b[pos_] == '"') {
      ++pos_;
      while (true) {
        if (pos_ >= b.size()) {
          return InvalidArgument(name_ + ":" + std::to_string(*line) +
                                 ": unterminated quoted field");
        }
        const char c = b[pos_++];
        if (c == '"') {
          if (pos_ < b.size() && b[pos_] == '"') {
            field.push_back('"');
            ++pos_;
            continue;
          }
          break;
        }
        if (c == '\n') ++line_;
        field.push_back(c);
      }
      if (pos_ < b.size() && b[pos_] != ',' && b[pos_] != '\n' &&
          !(b[pos_] == '\r' && pos_ + 1 < b.size() && b[pos_ + 1] == '\n')) {
        return fail("text after a closing quote (field " + std::to_string(fields->size() + 1) +
                    ")");
      }
    } else {
      while (pos_ < b.size() && b[pos_] != ',' && b[pos_] != '\n') {
        if (b[pos_] == '"') {
          return fail("quote inside an unquoted field (field " +
                      std::to_string(fields->size() + 1) + ")");
        }
        if (b[pos_] == '\r' && !(pos_ + 1 < b.size() && b[pos_ + 1] == '\n')) {
          return fail("bare carriage return (field " + std::to_string(fields->size() + 1) + ")");
        }
        if (b[pos_] != '\r') field.push_back(b[pos_]);
        ++pos_;
      }
    }
    fields->push_back(std::move(field));
    if (pos_ < b.size() && b[pos_] == '\r') ++pos_;
    if (pos_ >= b.size()) return true;
    if (b[pos_++] == '\n') {
      ++line_;
      return true;
    }
    // ',' : another field follows.
  }
}

StatusOr<bool> ConsentSignalsReader::Next(SignalRow* out) {
  std::vector<std::string> fields;
  uint64_t line = 0;
  StatusOr<bool> got = NextRecord(&fields, &line);
  if (!got.ok() || !*got) return got;
  const std::string where = name_ + ":" + std::to_string(line) + ": ";
  if (fields.size() != 3) {
    return InvalidArgument(where + "expected 3 fields (identifier,signal,time), found " +
                           std::to_string(fields.size()));
  }
  if (fields[0].empty()) return InvalidArgument(where + "field 'identifier': empty");
  StatusOr<ConsentSignal> signal = ParseSignal(fields[1]);
  if (!signal.ok()) return InvalidArgument(where + "field 'signal': " + signal.status().message());
  StatusOr<int64_t> time = ParseUtcTime(fields[2]);
  if (!time.ok()) return InvalidArgument(where + "field 'time': " + time.status().message());
  out->line = line;
  out->identifier = std::move(fields[0]);
  out->signal = std::move(signal).value();
  out->time_us = *time;
  return true;
}

StatusOr<std::vector<SignalRow>> ReadConsentSignals(std::string buffer, std::string name) {
  ASSIGN_OR_RETURN(std::unique_ptr<ConsentSignalsReader> reader,
                   ConsentSignalsReader::Open(std::move(buffer), std::move(name)));
  std::vector<SignalRow> rows;
  SignalRow row;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace dl
