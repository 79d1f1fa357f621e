// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0

#include "audience/filter_lexer.h"

#include <cstdio>
#include <string>

#include "audience/civil_time.h"

namespace dl::audience {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsIdentStart(char c) { return IsAlpha(c) || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

Keyword KeywordOf(std::string_view word) {
  std::string w;
  for (char c : word) w += Lower(c);
  if (w == "and") return Keyword::kAnd;
  if (w == "or") return Keyword::kOr;
  if (w == "not") return Keyword::kNot;
  if (w == "in") return Keyword::kIn;
  if (w == "exists") return Keyword::kExists;
  if (w == "true") return Keyword::kTrue;
  if (w == "false") return Keyword::kFalse;
  if (w == "now") return Keyword::kNow;
  return Keyword::kNone;
}

// A byte as it may appear in a message: printable ASCII as itself, anything else as \xHH.
std::string ShowByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string(1, c);
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", u);
  return buf;
}

}  // namespace

Status ErrorAt(size_t pos, const std::string& reason) {
  return InvalidArgument("column " + std::to_string(pos + 1) + ": " + reason);
}

std::string Lexer::Describe(const Token& t) const {
  if (t.kind == TokenKind::kEnd) return "end of input";
  std::string_view src = text_.substr(t.pos, t.len);
  std::string out = "'";
  if (src.size() > 32) {
    for (char c : src.substr(0, 32)) out += ShowByte(c);
    out += "...";
  } else {
    for (char c : src) out += ShowByte(c);
  }
  out += "'";
  return out;
}

StatusOr<Token> Lexer::Next() {
  while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
  const size_t start = pos_;
  if (start >= text_.size()) {
    Token t;
    t.kind = TokenKind::kEnd;
    t.pos = text_.size();
    return t;
  }
  const char c = text_[start];
  if (IsDigit(c)) return LexNumber(start);
  if (c == '"') return LexString(start);
  if (IsIdentStart(c)) return LexIdent(start);
  if (c == '=' || c == '!' || c == '<' || c == '>') return LexOperator(start);
  Token t;
  t.pos = start;
  t.len = 1;
  switch (c) {
    case '(':
      t.kind = TokenKind::kLParen;
      break;
    case ')':
      t.kind = TokenKind::kRParen;
      break;
    case ',':
      t.kind = TokenKind::kComma;
      break;
    case '+':
      t.kind = TokenKind::kPlus;
      break;
    case '-':
      t.kind = TokenKind::kMinus;
      break;
    case '\'':
      return ErrorAt(start, "strings use double quotes (\"), not single quotes");
    default:
      return ErrorAt(start, "unexpected character '" + ShowByte(c) + "'");
  }
  pos_ = start + 1;
  return t;
}

StatusOr<Token> Lexer::LexOperator(size_t start) {
  const char c = text_[start];
  const char n = start + 1 < text_.size() ? text_[start + 1] : '\0';
  Token t;
  t.kind = TokenKind::kOp;
  t.pos = start;
  t.len = 1;
  auto unknown = [&](std::string_view op, const char* hint) {
    return ErrorAt(start, "unknown operator '" + std::string(op) + "'" + hint);
  };
  switch (c) {
    case '=':
      if (n == '=') return unknown("==", "; use '='");
      if (n == '<') return unknown("=<", "; use '<='");
      if (n == '>') return unknown("=>", "; use '>='");
      t.op = CompareOp::kEq;
      break;
    case '!':
      if (n != '=') return unknown("!", "; use 'not' or '!='");
      t.op = CompareOp::kNe;
      t.len = 2;
      break;
    case '<':
      if (n == '>') return unknown("<>", "; use '!='");
      t.op = n == '=' ? CompareOp::kLe : CompareOp::kLt;
      t.len = n == '=' ? 2 : 1;
      break;
    default:  // '>'
      t.op = n == '=' ? CompareOp::kGe : CompareOp::kGt;
      t.len = n == '=' ? 2 : 1;
      break;
  }
  pos_ = start + t.len;
  return t;
}

StatusOr<Token> Lexer::LexString(size_t start) {
  Token t;
  t.kind = TokenKind::kString;
  t.pos = start;
  size_t i = start + 1;
  while (true) {
    if (i >= text_.size()) return ErrorAt(start, "unterminated string");
    const char c = text_[i];
    if (c == '"') break;
    if (c == '\\') {
      if (i + 1 >= text_.size()) return ErrorAt(start, "unterminated string");
      const char e = text_[i + 1];
      if (e != '"' && e != '\\') {
        return ErrorAt(
            i, "unknown escape '\\" + ShowByte(e) + "' in string (only \\\" and \\\\ are escapes)");
      }
      t.text += e;
      i += 2;
      continue;
    }
    t.text += c;
    ++i;
  }
  t.len = i + 1 - start;
  pos_ = i + 1;
  return t;
}

StatusOr<Token> Lexer::LexIdent(size_t start) {
  size_t i = start;
  while (i < text_.size() && IsIdentChar(text_[i])) ++i;
  while (i < text_.size() && text_[i] == '.') {
    if (i + 1 >= text_.size() || !IsIdentChar(text_[i + 1])) {
      return ErrorAt(i, "expected a name after '.' in a field");
    }
    ++i;
    while (i < text_.size() && IsIdentChar(text_[i])) ++i;
  }
  Token t;
  t.kind = TokenKind::kIdent;
  t.pos = start;
  t.len = i - start;
  t.text = std::string(text_.substr(start, t.len));
  if (t.text.find('.') == std::string::npos) t.keyword = KeywordOf(t.text);
  pos_ = i;
  return t;
}

StatusOr<Token> Lexer::LexNumber(size_t start) {
  size_t i = start;
  while (i < text_.size() && IsDigit(text_[i])) ++i;
  if (i - start == 4 && i + 1 < text_.size() && text_[i] == '-' && IsDigit(text_[i + 1])) {
    return LexDate(start);
  }
  Token t;
  t.pos = start;
  t.kind = TokenKind::kInteger;
  if (i + 1 < text_.size() && text_[i] == '.' && IsDigit(text_[i + 1])) {
    t.kind = TokenKind::kDecimal;
    ++i;
    while (i < text_.size() && IsDigit(text_[i])) ++i;
  }
  t.text = std::string(text_.substr(start, i - start));
  if (i < text_.size() && IsIdentStart(text_[i])) {
    // A duration: whole number and unit, as in 90d.
    size_t u = i;
    while (u < text_.size() && IsIdentChar(text_[u])) ++u;
    const std::string unit(text_.substr(i, u - i));
    if (t.kind == TokenKind::kDecimal) {
      return ErrorAt(start, "a duration is a whole number of units, like 36h, not '" +
                                std::string(text_.substr(start, u - start)) + "'");
    }
    if (unit == "s") {
      t.unit = DurationUnit::kSecond;
    } else if (unit == "min") {
      t.unit = DurationUnit::kMinute;
    } else if (unit == "h") {
      t.unit = DurationUnit::kHour;
    } else if (unit == "d") {
      t.unit = DurationUnit::kDay;
    } else if (unit == "w") {
      t.unit = DurationUnit::kWeek;
    } else {
      return ErrorAt(i, "bad duration unit '" + (unit.size() > 32 ? unit.substr(0, 32) : unit) +
                            "' (use s, min, h, d or w; months and years have no fixed length)");
    }
    // Leading zeros are fine; the value is bounded before it can overflow.
    int64_t amount = 0;
    for (char c : t.text) {
      amount = amount * 10 + (c - '0');
      if (amount > kMaxDurationAmount) {
        return ErrorAt(start,
                       "duration larger than " + std::to_string(kMaxDurationAmount) + " units");
      }
    }
    t.kind = TokenKind::kDuration;
    t.amount = amount;
    i = u;
  }
  t.len = i - start;
  pos_ = i;
  return t;
}

StatusOr<Token> Lexer::LexDate(size_t start) {
  // YYYY-MM-DD ["T" HH:MM [":" SS ["." F{1,6}]] ("Z" | ("+"|"-") HH:MM)]
  auto digits_at = [&](size_t p, size_t n) {
    if (p + n > text_.size()) return false;
    for (size_t k = 0; k < n; ++k) {
      if (!IsDigit(text_[p + k])) return false;
    }
    return true;
  };
  auto num = [&](size_t p, size_t n) {
    int v = 0;
    for (size_t k = 0; k < n; ++k) v = v * 10 + (text_[p + k] - '0');
    return v;
  };
  if (!digits_at(start + 5, 2) || start + 7 >= text_.size() || text_[start + 7] != '-' ||
      !digits_at(start + 8, 2) || (start + 10 < text_.size() && IsDigit(text_[start + 10]))) {
    return ErrorAt(start, "malformed date (expected YYYY-MM-DD)");
  }
  const int year = num(start, 4);
  const int month = num(start + 5, 2);
  const int day = num(start + 8, 2);
  const std::string date_text(text_.substr(start, 10));
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return ErrorAt(start, "no such date '" + date_text + "'");
  }
  int64_t micros = DaysFromCivil(year, month, day) * kMicrosPerDay;
  size_t i = start + 10;
  Token t;
  t.pos = start;
  t.kind = TokenKind::kDate;
  if (i < text_.size() && text_[i] == 'T') {
    t.kind = TokenKind::kTimestamp;
    ++i;
    if (!digits_at(i, 2) || i + 2 >= text_.size() || text_[i + 2] != ':' || !digits_at(i + 3, 2)) {
      return ErrorAt(i, "malformed time (expected HH:MM[:SS[.ffffff]] after 'T')");
    }
    const int hh = num(i, 2);
    const int mm = num(i + 3, 2);
    int ss = 0;
    int64_t frac = 0;
    const size_t time_pos = i;
    i += 5;
    if (i < text_.size() && text_[i] == ':') {
      if (!digits_at(i + 1, 2)) return ErrorAt(i + 1, "malformed seconds (expected SS)");
      ss = num(i + 1, 2);
      i += 3;
      if (i < text_.size() && text_[i] == '.') {
        size_t f = i + 1;
        int nd = 0;
        while (f < text_.size() && IsDigit(text_[f])) {
          if (++nd > 6) return ErrorAt(i, "more than 6 fractional digits (microseconds)");
          frac = frac * 10 + (text_[f] - '0');
          ++f;
        }
        if (nd == 0) return ErrorAt(i, "expected digits after '.' in a time");
        for (int k = nd; k < 6; ++k) frac *= 10;
        i = f;
      }
    }
    if (hh > 23 || mm > 59 || ss > 59) {
      return ErrorAt(time_pos, "no such time of day '" +
                                   std::string(text_.substr(time_pos, i - time_pos)) + "'");
    }
    micros += ((hh * 60 + mm) * 60 + ss) * kMicrosPerSecond + frac;
    if (i < text_.size() && text_[i] == 'Z') {
      ++i;
    } else if (i < text_.size() && (text_[i] == '+' || text_[i] == '-')) {
      const bool minus = text_[i] == '-';
      if (!digits_at(i + 1, 2) || i + 3 >= text_.size() || text_[i + 3] != ':' ||
          !digits_at(i + 4, 2)) {
        return ErrorAt(i, "malformed zone offset (expected +HH:MM or -HH:MM)");
      }
      const int oh = num(i + 1, 2);
      const int om = num(i + 4, 2);
      if (oh > 23 || om > 59) {
        return ErrorAt(i, "no such zone offset '" + std::string(text_.substr(i, 6)) + "'");
      }
      const int64_t offset = (int64_t{oh} * 60 + om) * 60 * kMicrosPerSecond;
      micros += minus ? offset : -offset;  // local time minus offset is UTC
      i += 6;
    } else {
      return ErrorAt(i, "a timestamp needs a zone: Z or +HH:MM");
    }
    if (micros < kMinFilterTime || micros > kMaxFilterTime) {
      return ErrorAt(start, "timestamp outside 0001-01-01 .. 9999-12-31 UTC");
    }
  }
  if (i < text_.size() && (IsIdentChar(text_[i]) || text_[i] == '.')) {
    return ErrorAt(i, "unexpected character '" + ShowByte(text_[i]) + "' after a date");
  }
  t.value = t.kind == TokenKind::kDate ? FilterValue::Date(micros) : FilterValue::Timestamp(micros);
  t.len = i - start;
  pos_ = i;
  return t;
}

}  // namespace dl::audience
