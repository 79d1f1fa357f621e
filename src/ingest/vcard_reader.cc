// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Address-book uploads are the classic source of shadow contacts, and the files come from every
// phone and mail client ever written, so the reader is strict only where a wrong guess would
// attach a value to the wrong card: a card must end with END:VCARD, and every property line
// must look like "[group.]NAME[;params]:value". Anything else it does not understand (unknown
// properties, blank lines, text between cards) is ignored.
//
// Lines are unfolded first (RFC 6350 3.2: a line break followed by one space or tab is
// removed). An unfolded line is a view into the input unless it was folded, in which case it
// is assembled in unfolded_.
#include "ingest/vcard_reader.h"

#include <string>
#include <utility>
#include <vector>

#include "ingest/field_mapping.h"
#include "ingest/record_builder.h"

namespace dl::ingest {
namespace {

std::string LinePrefix(uint64_t line) { return "line " + std::to_string(line) + ": "; }

char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiUpper(a[i]) != AsciiUpper(b[i])) return false;
  }
  return true;
}

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (EqualsIgnoreCase(haystack.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

bool IsNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// vCard 2.1 QUOTED-PRINTABLE ("=C3=A4"); malformed escapes are kept as they are.
std::string DecodeQuotedPrintable(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 && HexValue(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

// Text value escapes (RFC 6350 3.4): \\ \, \; and \n or \N for a line break. Unknown escapes
// are kept as written.
void Unescape(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\' || i + 1 == in.size()) {
      out->push_back(in[i]);
      continue;
    }
    const char next = in[++i];
    switch (next) {
      case '\\':
      case ',':
      case ';':
        out->push_back(next);
        break;
      case 'n':
      case 'N':
        out->push_back('\n');
        break;
      default:
        out->push_back('\\');
        out->push_back(next);
    }
  }
}

// Splits a structured value (N, ADR, GENDER) on the ';' that are not escaped.
void SplitComponents(std::string_view value, std::vector<std::string_view>* parts) {
  parts->clear();
  size_t start = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\') {
      ++i;
    } else if (value[i] == ';') {
      parts->push_back(value.substr(start, i - start));
      start = i + 1;
    }
  }
  parts->push_back(value.substr(start));
}

struct Property {
  std::string_view name;    // without group
  std::string_view params;  // everything between the name and ':' (may be empty)
  std::string_view value;
};

// "[group.]NAME[;param[=value]]*:value"; false when the line does not have that shape.
bool ParseProperty(std::string_view line, Property* prop) {
  size_t i = 0;
  size_t name_start = 0;
  while (i < line.size() && (IsNameChar(line[i]) || line[i] == '.')) {
    if (line[i] == '.') name_start = i + 1;  // "item1.TEL": the group is not part of the name
    ++i;
  }
  if (i == name_start || i == line.size()) return false;
  prop->name = line.substr(name_start, i - name_start);
  const size_t params_start = i;
  if (line[i] == ';') {
    // Parameter values may be quoted and then contain ':' and ';'.
    bool quoted = false;
    for (; i < line.size(); ++i) {
      if (line[i] == '"') {
        quoted = !quoted;
      } else if (line[i] == ':' && !quoted) {
        break;
      }
    }
    if (i == line.size()) return false;
  } else if (line[i] != ':') {
    return false;
  }
  prop->params = line.substr(params_start, i - params_start);
  prop->value = line.substr(i + 1);
  return true;
}

bool IsDelimiterLine(std::string_view line, std::string_view expected) {
  return EqualsIgnoreCase(TrimBlanks(line), expected);
}

class VCardReader final : public RecordReader {
 public:
  explicit VCardReader(std::unique_ptr<InputBuffer> input)
      : input_(std::move(input)),
        data_(SkipUtf8Bom(input_->data())),
        bom_size_(input_->data().size() - data_.size()) {}

  StatusOr<bool> Next(SourceRecord* out) override {
    uint64_t card_line = 0;
    std::string_view line;
    uint64_t line_number = 0;
    if (pending_begin_line_ != 0) {
      card_line = pending_begin_line_;
      pending_begin_line_ = 0;
    } else {
      // Text outside cards (and the rest of a card that was rejected) is skipped.
      for (;;) {
        if (!NextLine(&line, &line_number)) return false;
        if (IsDelimiterLine(line, "BEGIN:VCARD")) break;
      }
      card_line = line_number;
    }

    RecordBuilder builder(out, card_line);
    for (;;) {
      if (!NextLine(&line, &line_number)) {
        builder.Reset();
        return InvalidArgument(LinePrefix(card_line) + "vCard has no END:VCARD");
      }
      if (TrimBlanks(line).empty()) continue;
      if (IsDelimiterLine(line, "END:VCARD")) return true;
      if (IsDelimiterLine(line, "BEGIN:VCARD")) {
        // The next card starts here: report this one and read that one on the next call.
        pending_begin_line_ = line_number;
        builder.Reset();
        return InvalidArgument(LinePrefix(card_line) + "vCard has no END:VCARD");
      }
      Property prop;
      if (!ParseProperty(line, &prop)) {
        builder.Reset();
        return InvalidArgument(LinePrefix(card_line) + "vCard property on line " +
                               std::to_string(line_number) + " is not NAME[;params]:value");
      }
      if (ContainsIgnoreCase(prop.params, "QUOTED-PRINTABLE")) {
        ReadQuotedPrintable(&prop);
      }
      AddProperty(prop, &builder);
    }
  }

  double Progress() const override {
    const size_t total = input_->data().size();
    if (total == 0) return 1.0;
    return static_cast<double>(bom_size_ + pos_) / static_cast<double>(total);
  }

 private:
  // The next unfolded line and the physical line it starts on; false at end of input.
  bool NextLine(std::string_view* line, uint64_t* line_number) {
    if (pos_ >= data_.size()) return false;
    *line_number = line_;
    std::string_view first = NextPhysicalLine();
    if (!ContinuationFollows()) {
      *line = first;
      return true;
    }
    unfolded_.assign(first);
    while (ContinuationFollows()) {
      std::string_view more = NextPhysicalLine();
      unfolded_.append(more.substr(1));  // the fold's one space or tab is not content
    }
    *line = unfolded_;
    return true;
  }

  std::string_view NextPhysicalLine() {
    size_t eol = data_.find('\n', pos_);
    if (eol == std::string_view::npos) eol = data_.size();
    std::string_view text = data_.substr(pos_, eol - pos_);
    pos_ = eol + (eol < data_.size() ? 1 : 0);
    ++line_;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
  }

  bool ContinuationFollows() const {
    return pos_ < data_.size() && (data_[pos_] == ' ' || data_[pos_] == '\t');
  }

  // vCard 2.1 quoted-printable values continue after a trailing '=' ("soft line break") on
  // lines that are not folded; gather them, then decode.
  void ReadQuotedPrintable(Property* prop) {
    qp_value_.assign(prop->value);
    while (!qp_value_.empty() && qp_value_.back() == '=' && pos_ < data_.size()) {
      qp_value_.pop_back();
      std::string_view line;
      uint64_t line_number;
      if (!NextLine(&line, &line_number)) break;
      qp_value_.append(line);
    }
    qp_decoded_ = DecodeQuotedPrintable(qp_value_);
    prop->value = qp_decoded_;
  }

  void AddText(std::string_view field, std::string_view raw, RecordBuilder* builder) {
    Unescape(raw, &text_);
    if (TrimBlanks(text_).empty()) return;
    builder->Add(field, text_);
  }

  void AddProperty(const Property& prop, RecordBuilder* builder) {
    const std::string_view name = prop.name;
    if (EqualsIgnoreCase(name, "TEL")) {
      // vCard 4.0 writes TEL;VALUE=uri:tel:+49-..., 3.0 the bare number.
      std::string_view value = TrimBlanks(prop.value);
      if (StartsWithIgnoreCase(value, "tel:")) value.remove_prefix(4);
      AddText("phone", value, builder);
    } else if (EqualsIgnoreCase(name, "EMAIL")) {
      AddText("email", prop.value, builder);
    } else if (EqualsIgnoreCase(name, "FN")) {
      // The uploader's name for the contact ("Mom"); the pipeline decides whether to keep it.
      AddText("label", prop.value, builder);
    } else if (EqualsIgnoreCase(name, "N")) {
      // Family; Given; Additional; Prefixes; Suffixes.
      SplitComponents(prop.value, &parts_);
      AddText("last_name", parts_[0], builder);
      if (parts_.size() > 1) AddText("first_name", parts_[1], builder);
    } else if (EqualsIgnoreCase(name, "ADR")) {
      // PO box; Extended; Street; Locality; Region; Postal code; Country.
      SplitComponents(prop.value, &parts_);
      static constexpr const char* kFields[] = {"city", "state", "zip", "country"};
      for (size_t i = 3; i < parts_.size() && i < 7; ++i)
        AddText(kFields[i - 3], parts_[i], builder);
    } else if (EqualsIgnoreCase(name, "BDAY")) {
      AddText("dob", prop.value, builder);
    } else if (EqualsIgnoreCase(name, "GENDER")) {
      // vCard 4.0: sex component; identity text after ';' is not a canonical value.
      SplitComponents(prop.value, &parts_);
      AddText("gender", parts_[0], builder);
    }
  }

  std::unique_ptr<InputBuffer> input_;
  std::string_view data_;
  size_t bom_size_;
  size_t pos_ = 0;
  uint64_t line_ = 1;                // physical line of data_[pos_]
  uint64_t pending_begin_line_ = 0;  // a BEGIN:VCARD already consumed, or 0
  std::string unfolded_;
  std::string qp_value_;
  std::string qp_decoded_;
  std::string text_;
  std::vector<std::string_view> parts_;
};

}  // namespace

std::unique_ptr<RecordReader> NewVCardReader(std::unique_ptr<InputBuffer> input) {
  return std::make_unique<VCardReader>(std::move(input));
}

}  // namespace dl::ingest
