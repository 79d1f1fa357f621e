// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Tokens of the audience filter language (docs/filter-language.md). Internal to src/audience/:
// the parser pulls one token at a time, so the leftmost error in a filter is the one reported.
#ifndef DAYLIGHT_AUDIENCE_FILTER_LEXER_H_
#define DAYLIGHT_AUDIENCE_FILTER_LEXER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "daylight/audience_filter.h"
#include "daylight/status.h"

namespace dl::audience {

enum class TokenKind {
  kEnd,
  kIdent,      // a field or a keyword; keyword set if it is one
  kString,     // text: the unescaped contents
  kInteger,    // text: the digits
  kDecimal,    // text: digits '.' digits
  kDate,       // value: a kDate FilterValue
  kTimestamp,  // value: a kTimestamp FilterValue
  kDuration,   // amount, unit
  kOp,         // op
  kLParen,
  kRParen,
  kComma,
  kPlus,
  kMinus,
};

enum class Keyword { kNone, kAnd, kOr, kNot, kIn, kExists, kTrue, kFalse, kNow };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  size_t pos = 0;  // 0-based byte offset of the first byte
  size_t len = 0;
  Keyword keyword = Keyword::kNone;
  std::string text;
  FilterValue value;
  CompareOp op = CompareOp::kEq;
  int64_t amount = 0;
  DurationUnit unit = DurationUnit::kNone;
};

// "column N: <reason>" with N = pos + 1.
Status ErrorAt(size_t pos, const std::string& reason);

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}
  StatusOr<Token> Next();
  // "end of input" or the token's source text in quotes, shortened to 32 bytes.
  std::string Describe(const Token& t) const;

 private:
  StatusOr<Token> LexNumber(size_t start);
  StatusOr<Token> LexDate(size_t start);
  StatusOr<Token> LexString(size_t start);
  StatusOr<Token> LexIdent(size_t start);
  StatusOr<Token> LexOperator(size_t start);

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace dl::audience

#endif  // DAYLIGHT_AUDIENCE_FILTER_LEXER_H_
