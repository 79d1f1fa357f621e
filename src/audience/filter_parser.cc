// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Recursive-descent parser for the audience filter language; grammar in
// docs/filter-language.md. Precedence: not > and > or. Recursion is bounded by
// kMaxFilterDepth (each '(' and each 'not' is one level).

#include <charconv>
#include <cmath>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "daylight/audience_filter.h"

#include "audience/filter_lexer.h"

namespace dl {
namespace {

using audience::ErrorAt;
using audience::Keyword;
using audience::Lexer;
using audience::Token;
using audience::TokenKind;

class Parser {
 public:
  explicit Parser(std::string_view text) : lex_(text) {}

  StatusOr<FilterNode> ParseAll() {
    RETURN_IF_ERROR(Advance());
    if (tok_.kind == TokenKind::kEnd) return ErrorAt(0, "empty filter");
    ASSIGN_OR_RETURN(FilterNode root, ParseOr());
    if (tok_.kind == TokenKind::kRParen) return ErrorAt(tok_.pos, "unmatched ')'");
    if (tok_.kind != TokenKind::kEnd) {
      return ErrorAt(tok_.pos,
                     "expected 'and', 'or' or end of input, found " + lex_.Describe(tok_));
    }
    return root;
  }

 private:
  Status Advance() {
    ASSIGN_OR_RETURN(tok_, lex_.Next());
    return Status::Ok();
  }
  bool AtKeyword(Keyword k) const { return tok_.kind == TokenKind::kIdent && tok_.keyword == k; }
  Status Enter(size_t pos) {
    if (++depth_ > kMaxFilterDepth) {
      return ErrorAt(pos, "nesting deeper than " + std::to_string(kMaxFilterDepth) +
                              " levels of '(' and 'not'");
    }
    return Status::Ok();
  }

  // Builds an n-ary and/or node, splicing in children of the same kind.
  static FilterNode Join(FilterNode::Kind kind, std::vector<FilterNode> parts) {
    if (parts.size() == 1) return std::move(parts[0]);
    FilterNode n;
    n.kind = kind;
    for (auto& p : parts) {
      if (p.kind == kind) {
        for (auto& c : p.children) n.children.push_back(std::move(c));
      } else {
        n.children.push_back(std::move(p));
      }
    }
    return n;
  }

  StatusOr<FilterNode> ParseOr() {
    std::vector<FilterNode> parts;
    ASSIGN_OR_RETURN(FilterNode first, ParseAnd());
    parts.push_back(std::move(first));
    while (AtKeyword(Keyword::kOr)) {
      RETURN_IF_ERROR(Advance());
      ASSIGN_OR_RETURN(FilterNode next, ParseAnd());
      parts.push_back(std::move(next));
    }
    return Join(FilterNode::Kind::kOr, std::move(parts));
  }

  StatusOr<FilterNode> ParseAnd() {
    std::vector<FilterNode> parts;
    ASSIGN_OR_RETURN(FilterNode first, ParseNot());
    parts.push_back(std::move(first));
    while (AtKeyword(Keyword::kAnd)) {
      RETURN_IF_ERROR(Advance());
      ASSIGN_OR_RETURN(FilterNode next, ParseNot());
      parts.push_back(std::move(next));
    }
    return Join(FilterNode::Kind::kAnd, std::move(parts));
  }

  StatusOr<FilterNode> ParseNot() {
    if (!AtKeyword(Keyword::kNot)) return ParsePrimary();
    RETURN_IF_ERROR(Enter(tok_.pos));
    RETURN_IF_ERROR(Advance());
    ASSIGN_OR_RETURN(FilterNode child, ParseNot());
    --depth_;
    FilterNode n;
    n.kind = FilterNode::Kind::kNot;
    n.children.push_back(std::move(child));
    return n;
  }

  Status ExpectField(const std::string& what) {
    if (tok_.kind == TokenKind::kIdent && tok_.keyword == Keyword::kNone) return Status::Ok();
    if (tok_.kind == TokenKind::kIdent) {
      return ErrorAt(tok_.pos, "expected " + what + ", found keyword " + lex_.Describe(tok_));
    }
    return ErrorAt(tok_.pos, "expected " + what + ", found " + lex_.Describe(tok_));
  }

  StatusOr<FilterNode> ParsePrimary() {
    if (tok_.kind == TokenKind::kLParen) {
      const size_t open = tok_.pos;
      RETURN_IF_ERROR(Enter(open));
      RETURN_IF_ERROR(Advance());
      ASSIGN_OR_RETURN(FilterNode inner, ParseOr());
      if (tok_.kind != TokenKind::kRParen) {
        return ErrorAt(tok_.pos, "expected ')' to close '(' at column " + std::to_string(open + 1) +
                                     ", found " + lex_.Describe(tok_));
      }
      RETURN_IF_ERROR(Advance());
      --depth_;
      return inner;
    }
    if (AtKeyword(Keyword::kExists)) {
      RETURN_IF_ERROR(Advance());
      RETURN_IF_ERROR(ExpectField("a field after 'exists'"));
      FilterNode n;
      n.kind = FilterNode::Kind::kExists;
      n.field = tok_.text;
      RETURN_IF_ERROR(Advance());
      return n;
    }
    RETURN_IF_ERROR(ExpectField("a field, '(', 'not' or 'exists'"));
    FilterNode n;
    n.field = tok_.text;
    RETURN_IF_ERROR(Advance());
    if (tok_.kind == TokenKind::kOp) {
      n.kind = FilterNode::Kind::kCompare;
      n.op = tok_.op;
      const Token op = tok_;
      RETURN_IF_ERROR(Advance());
      ASSIGN_OR_RETURN(FilterValue v,
                       ParseValue("a value after '" + std::string(CompareOpSymbol(n.op)) + "'"));
      if (v.kind == FilterValue::Kind::kBool && n.op != CompareOp::kEq && n.op != CompareOp::kNe) {
        return ErrorAt(op.pos, "'" + std::string(CompareOpSymbol(n.op)) +
                                   "' does not apply to true/false; use '=' or '!='");
      }
      if (v.kind == FilterValue::Kind::kNow && (n.op == CompareOp::kEq || n.op == CompareOp::kNe)) {
        return ErrorAt(op.pos, "'" + std::string(CompareOpSymbol(n.op)) +
                                   "' with 'now' would compare to the microsecond; use <, <=, > "
                                   "or >=");
      }
      n.values.push_back(std::move(v));
      return n;
    }
    if (AtKeyword(Keyword::kNot)) {
      RETURN_IF_ERROR(Advance());
      if (!AtKeyword(Keyword::kIn)) {
        return ErrorAt(tok_.pos, "expected 'in' after 'not', found " + lex_.Describe(tok_));
      }
      n.negated = true;
    }
    if (AtKeyword(Keyword::kIn)) {
      n.kind = FilterNode::Kind::kIn;
      RETURN_IF_ERROR(Advance());
      RETURN_IF_ERROR(ParseInList(n));
      return n;
    }
    return ErrorAt(tok_.pos, "expected an operator (=, !=, <, <=, >, >=, in, not in) after '" +
                                 n.field + "', found " + lex_.Describe(tok_));
  }

  Status ParseInList(FilterNode& n) {
    if (tok_.kind != TokenKind::kLParen) {
      return ErrorAt(tok_.pos, "expected '(' after 'in', found " + lex_.Describe(tok_));
    }
    RETURN_IF_ERROR(Advance());
    while (true) {
      if (n.values.size() == kMaxInValues) {
        return ErrorAt(tok_.pos,
                       "more than " + std::to_string(kMaxInValues) + " values in an 'in' list");
      }
      const size_t value_pos = tok_.pos;
      ASSIGN_OR_RETURN(FilterValue v, ParseValue("a value in the 'in' list"));
      if (v.kind == FilterValue::Kind::kNow) {
        return ErrorAt(value_pos, "'now' cannot be in an 'in' list; compare with < or >");
      }
      n.values.push_back(std::move(v));
      if (tok_.kind == TokenKind::kRParen) break;
      if (tok_.kind != TokenKind::kComma) {
        return ErrorAt(tok_.pos,
                       "expected ',' or ')' in the 'in' list, found " + lex_.Describe(tok_));
      }
      RETURN_IF_ERROR(Advance());
    }
    return Advance();
  }

  StatusOr<FilterValue> ParseNumber(const Token& sign, bool has_sign) {
    std::string text = has_sign && sign.kind == TokenKind::kMinus ? "-" : "";
    text += tok_.text;
    const size_t pos = has_sign ? sign.pos : tok_.pos;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (tok_.kind == TokenKind::kInteger) {
      int64_t v = 0;
      auto r = std::from_chars(first, last, v);
      if (r.ec != std::errc() || r.ptr != last) {
        return ErrorAt(pos, "integer out of range (64-bit signed)");
      }
      RETURN_IF_ERROR(Advance());
      return FilterValue::Integer(v);
    }
    double d = 0;
    auto r = std::from_chars(first, last, d);
    if (r.ec != std::errc() || r.ptr != last || !std::isfinite(d)) {
      return ErrorAt(pos, "number out of range");
    }
    if (d == 0) d = 0;  // "-0.0" is 0.0, so it prints and compares as one value
    RETURN_IF_ERROR(Advance());
    return FilterValue::Decimal(d);
  }

  StatusOr<FilterValue> ParseValue(const std::string& what) {
    switch (tok_.kind) {
      case TokenKind::kString: {
        FilterValue v = FilterValue::String(std::move(tok_.text));
        RETURN_IF_ERROR(Advance());
        return v;
      }
      case TokenKind::kInteger:
      case TokenKind::kDecimal:
        return ParseNumber(tok_, false);
      case TokenKind::kPlus:
      case TokenKind::kMinus: {
        const Token sign = tok_;
        RETURN_IF_ERROR(Advance());
        if ((tok_.kind != TokenKind::kInteger && tok_.kind != TokenKind::kDecimal) ||
            tok_.pos != sign.pos + 1) {
          return ErrorAt(sign.pos, "expected a number right after " + lex_.Describe(sign) +
                                       ", found " + lex_.Describe(tok_));
        }
        return ParseNumber(sign, true);
      }
      case TokenKind::kDate:
      case TokenKind::kTimestamp: {
        FilterValue v = tok_.value;
        RETURN_IF_ERROR(Advance());
        return v;
      }
      case TokenKind::kDuration:
        return ErrorAt(tok_.pos, "a duration needs 'now' before it, as in 'now - 90d'");
      case TokenKind::kIdent:
        if (tok_.keyword == Keyword::kTrue || tok_.keyword == Keyword::kFalse) {
          const bool b = tok_.keyword == Keyword::kTrue;
          RETURN_IF_ERROR(Advance());
          return FilterValue::Bool(b);
        }
        if (tok_.keyword == Keyword::kNow) return ParseNow();
        break;
      default:
        break;
    }
    return ErrorAt(tok_.pos, "expected " + what + ", found " + lex_.Describe(tok_));
  }

  StatusOr<FilterValue> ParseNow() {
    RETURN_IF_ERROR(Advance());
    if (tok_.kind != TokenKind::kPlus && tok_.kind != TokenKind::kMinus) {
      return FilterValue::Now();
    }
    const bool minus = tok_.kind == TokenKind::kMinus;
    RETURN_IF_ERROR(Advance());
    if (tok_.kind != TokenKind::kDuration) {
      return ErrorAt(tok_.pos, std::string("expected a duration after 'now ") +
                                   (minus ? "-" : "+") + "' (like 90d, 12h, 2w), found " +
                                   lex_.Describe(tok_));
    }
    FilterValue v = FilterValue::Now(minus ? -tok_.amount : tok_.amount, tok_.unit);
    RETURN_IF_ERROR(Advance());
    return v;
  }

  Lexer lex_;
  Token tok_;
  int depth_ = 0;
};

}  // namespace

StatusOr<FilterAst> ParseFilter(std::string_view text) {
  if (text.size() > kMaxFilterLength) {
    return ErrorAt(kMaxFilterLength,
                   "filter longer than " + std::to_string(kMaxFilterLength) + " bytes");
  }
  return Parser(text).ParseAll();
}

}  // namespace dl
