// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The parser works on the whole input in place (InputBuffer maps the file). A record is first
// split into cells, each a range of the input or, for quoted cells with "" escapes, of
// scratch_; only then are cells copied into the caller's SourceRecord. Splitting first lets a
// record with the wrong number of cells be rejected as a whole, and keeps the common path
// (unquoted cells) a table-driven scan plus one copy per non-empty cell.
//
// Line numbers: line_ counts every physical line break consumed, including those inside
// quoted cells, so a record's line is the physical line where it starts however many
// embedded newlines precede it. "\r\n", "\n" and a lone "\r" are each one line break.
#include "ingest/csv_reader.h"

#include <array>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "ingest/record_builder.h"

namespace dl::ingest {
namespace {

std::string LinePrefix(uint64_t line) { return "line " + std::to_string(line) + ": "; }

// Line breaks in [b, e), where e is not the second half of a "\r\n" that starts inside.
uint64_t CountLineBreaks(const char* b, const char* e) {
  uint64_t n = 0;
  for (const char* p = b; p < e; ++p) {
    if (*p == '\n') {
      ++n;
    } else if (*p == '\r' && (p + 1 == e || p[1] != '\n')) {
      ++n;
    }
  }
  return n;
}

bool IsBlank(std::string_view s) { return TrimBlanks(s).empty(); }

class CsvReader final : public RecordReader {
 public:
  CsvReader(std::unique_ptr<InputBuffer> input, char delimiter)
      : input_(std::move(input)),
        data_(SkipUtf8Bom(input_->data())),
        bom_size_(input_->data().size() - data_.size()) {
    SetDelimiter(delimiter);
  }

  Status ReadHeader(const FieldMapper& mapper, char delimiter) {
    SkipLineBreaks();
    if (pos_ >= data_.size()) return InvalidArgument("missing header line (the input is empty)");
    if (delimiter == 0) SetDelimiter(DetectDelimiter());
    const uint64_t header_line = line_;
    Status s = ParseRecord(header_line);
    if (!s.ok()) return s.WithContext("header");
    columns_.reserve(cells_.size());
    for (size_t i = 0; i < cells_.size(); ++i) {
      std::string name(TrimBlanks(CellText(cells_[i])));
      // A nameless column still needs a name for its values (and for --map).
      if (name.empty()) name = "column_" + std::to_string(i + 1);
      columns_.push_back(mapper.Resolve(name));
    }
    return Status::Ok();
  }

  StatusOr<bool> Next(SourceRecord* out) override {
    for (;;) {
      SkipLineBreaks();
      if (pos_ >= data_.size()) return false;
      const uint64_t start_line = line_;
      RecordBuilder builder(out, start_line);
      RETURN_IF_ERROR(ParseRecord(start_line));
      bool all_blank = true;
      for (const Cell& c : cells_) {
        if (!IsBlank(CellText(c))) {
          all_blank = false;
          break;
        }
      }
      // Spreadsheets pad exports with rows of bare separators; they carry nothing.
      if (all_blank) continue;
      if (cells_.size() != columns_.size()) {
        return InvalidArgument(LinePrefix(start_line) + "expected " +
                               std::to_string(columns_.size()) + " fields, found " +
                               std::to_string(cells_.size()));
      }
      for (size_t i = 0; i < cells_.size(); ++i) {
        std::string_view value = CellText(cells_[i]);
        if (IsBlank(value)) continue;
        builder.Add(columns_[i].name, columns_[i].value_prefix, value);
      }
      return true;
    }
  }

  double Progress() const override {
    const size_t total = input_->data().size();
    if (total == 0) return 1.0;
    return static_cast<double>(bom_size_ + pos_) / static_cast<double>(total);
  }

 private:
  struct Cell {
    size_t offset;  // into data_, or into scratch_ when in_scratch
    size_t size;
    bool in_scratch;  // unescaped copy of a quoted cell that contained ""
  };

  void SetDelimiter(char delimiter) {
    delimiter_ = delimiter;
    special_.fill(false);
    special_[static_cast<unsigned char>(delimiter)] = true;
    special_['\n'] = true;
    special_['\r'] = true;
  }

  std::string_view CellText(const Cell& c) const {
    return c.in_scratch ? std::string_view(scratch_).substr(c.offset, c.size)
                        : data_.substr(c.offset, c.size);
  }

  // Consumes the line break at p ("\r\n", "\n" or "\r") and returns what follows it.
  const char* ConsumeLineBreak(const char* p) {
    const char* end = data_.data() + data_.size();
    if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
    ++line_;
    return p + 1;
  }

  // Blank lines between records are not records.
  void SkipLineBreaks() {
    const char* begin = data_.data();
    const char* end = begin + data_.size();
    const char* p = begin + pos_;
    while (p < end && (*p == '\n' || *p == '\r')) p = ConsumeLineBreak(p);
    pos_ = static_cast<size_t>(p - begin);
  }

  // Recovery after a malformed record: resume at the next physical line.
  void SkipRestOfLine() {
    const char* begin = data_.data();
    const char* end = begin + data_.size();
    const char* p = begin + pos_;
    while (p < end && *p != '\n' && *p != '\r') ++p;
    if (p < end) p = ConsumeLineBreak(p);
    pos_ = static_cast<size_t>(p - begin);
  }

  // The most frequent of ',', ';', tab outside quotes in the record at pos_; ties and the
  // one-column case go to ','.
  char DetectDelimiter() const {
    size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (size_t i = pos_; i < data_.size(); ++i) {
      const char c = data_[i];
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        if (c == '\n' || c == '\r') break;
        commas += c == ',';
        semicolons += c == ';';
        tabs += c == '\t';
      }
    }
    if (semicolons > commas && semicolons >= tabs) return ';';
    if (tabs > commas && tabs > semicolons) return '\t';
    return ',';
  }

  // Splits the record at pos_ into cells_ and moves pos_ past it. On InvalidArgument pos_ is
  // where the next record may start (end of input for an unterminated quote).
  Status ParseRecord(uint64_t record_line) {
    cells_.clear();
    scratch_.clear();
    const char* const begin = data_.data();
    const char* const end = begin + data_.size();
    const char* p = begin + pos_;
    for (;;) {
      if (p < end && *p == '"') {
        ++p;
        const char* segment = p;
        const size_t scratch_start = scratch_.size();
        bool in_scratch = false;
        for (;;) {
          const char* q = static_cast<const char*>(std::memchr(p, '"', end - p));
          if (q == nullptr) {
            line_ += CountLineBreaks(p, end);
            pos_ = data_.size();
            return InvalidArgument(LinePrefix(record_line) + "unterminated quoted field");
          }
          line_ += CountLineBreaks(p, q);
          if (q + 1 < end && q[1] == '"') {  // "" stands for one quote
            in_scratch = true;
            scratch_.append(segment, q + 1);
            p = q + 2;
            segment = p;
            continue;
          }
          if (in_scratch) {
            scratch_.append(segment, q);
            cells_.push_back({scratch_start, scratch_.size() - scratch_start, true});
          } else {
            cells_.push_back(
                {static_cast<size_t>(segment - begin), static_cast<size_t>(q - segment), false});
          }
          p = q + 1;
          break;
        }
        if (p == end) break;
        if (*p == delimiter_) {
          ++p;
          continue;
        }
        if (*p == '\n' || *p == '\r') {
          p = ConsumeLineBreak(p);
          break;
        }
        const size_t field_number = cells_.size();  // 1-based, as spreadsheets count
        pos_ = static_cast<size_t>(p - begin);
        SkipRestOfLine();
        return InvalidArgument(LinePrefix(record_line) + "field " + std::to_string(field_number) +
                               ": text after closing quote");
      }
      // Unquoted cell: a quote inside it is taken literally (5'10" is common and harmless).
      const char* q = p;
      while (q < end && !special_[static_cast<unsigned char>(*q)]) ++q;
      cells_.push_back({static_cast<size_t>(p - begin), static_cast<size_t>(q - p), false});
      if (q == end) {
        p = q;
        break;
      }
      if (*q == delimiter_) {
        p = q + 1;
        continue;
      }
      p = ConsumeLineBreak(q);
      break;
    }
    pos_ = static_cast<size_t>(p - begin);
    return Status::Ok();
  }

  std::unique_ptr<InputBuffer> input_;
  std::string_view data_;  // input without BOM
  size_t bom_size_;
  size_t pos_ = 0;     // offset in data_ of the next unread byte
  uint64_t line_ = 1;  // physical line of data_[pos_]
  char delimiter_ = ',';
  std::array<bool, 256> special_{};  // bytes that end an unquoted cell
  std::vector<FieldTarget> columns_;
  std::vector<Cell> cells_;  // reused across records
  std::string scratch_;      // reused across records
};

}  // namespace

StatusOr<std::unique_ptr<RecordReader>> NewCsvReader(std::unique_ptr<InputBuffer> input,
                                                     const FieldMapper& mapper, char delimiter) {
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
    return InvalidArgument("CSV delimiter cannot be a quote or a line break");
  }
  auto reader = std::make_unique<CsvReader>(std::move(input), delimiter == 0 ? ',' : delimiter);
  RETURN_IF_ERROR(reader->ReadHeader(mapper, delimiter));
  return std::unique_ptr<RecordReader>(std::move(reader));
}

}  // namespace dl::ingest
