// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// FilterValue / FilterNode helpers: constructors, equality, canonical and debug printing.

#include <charconv>
#include <cstdio>
#include <string>
#include <utility>

#include "daylight/audience_filter.h"

#include "audience/civil_time.h"

namespace dl {

using audience::CivilFromDays;
using audience::FloorDays;
using audience::kMicrosPerDay;
using audience::kMicrosPerSecond;

const char* CompareOpSymbol(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "!=";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "?";
}

FilterValue FilterValue::String(std::string s) {
  FilterValue v;
  v.kind = Kind::kString;
  v.str = std::move(s);
  return v;
}
FilterValue FilterValue::Integer(int64_t x) {
  FilterValue v;
  v.kind = Kind::kInteger;
  v.i = x;
  return v;
}
FilterValue FilterValue::Decimal(double x) {
  FilterValue v;
  v.kind = Kind::kDecimal;
  v.d = x;
  return v;
}
FilterValue FilterValue::Bool(bool x) {
  FilterValue v;
  v.kind = Kind::kBool;
  v.i = x ? 1 : 0;
  return v;
}
FilterValue FilterValue::Date(int64_t micros) {
  FilterValue v;
  v.kind = Kind::kDate;
  v.i = micros;
  return v;
}
FilterValue FilterValue::Timestamp(int64_t micros) {
  FilterValue v;
  v.kind = Kind::kTimestamp;
  v.i = micros;
  return v;
}
FilterValue FilterValue::Now(int64_t amount, DurationUnit unit) {
  FilterValue v;
  v.kind = Kind::kNow;
  v.i = unit == DurationUnit::kNone ? 0 : amount;
  v.unit = amount == 0 && unit == DurationUnit::kNone ? DurationUnit::kNone : unit;
  return v;
}

namespace {

const char* UnitSuffix(DurationUnit u) {
  switch (u) {
    case DurationUnit::kNone:
      return "";
    case DurationUnit::kSecond:
      return "s";
    case DurationUnit::kMinute:
      return "min";
    case DurationUnit::kHour:
      return "h";
    case DurationUnit::kDay:
      return "d";
    case DurationUnit::kWeek:
      return "w";
  }
  return "";
}

std::string FormatTime(int64_t micros, bool date_only) {
  const int64_t days = FloorDays(micros);
  const int64_t rem = micros - days * kMicrosPerDay;
  const auto c = CivilFromDays(days);
  char buf[64];
  if (date_only) {
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month,
                  c.day);
    return buf;
  }
  const int64_t secs = rem / kMicrosPerSecond;
  const int64_t frac = rem % kMicrosPerSecond;
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02lld:%02lld:%02lld",
                        static_cast<long long>(c.year), c.month, c.day,
                        static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                        static_cast<long long>(secs % 60));
  std::string out(buf, static_cast<size_t>(n));
  if (frac != 0) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(frac));
    out += buf;
  }
  out += 'Z';
  return out;
}

void AppendQuoted(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

int Precedence(FilterNode::Kind k) {
  switch (k) {
    case FilterNode::Kind::kOr:
      return 1;
    case FilterNode::Kind::kAnd:
      return 2;
    case FilterNode::Kind::kNot:
      return 3;
    default:
      return 4;
  }
}

void Print(const FilterNode& n, std::string& out);

// Prints a child, in parentheses if it binds less tightly than its parent needs (and, for
// same-kind and/or children, which the parser never produces, to keep the tree's shape).
void PrintChild(const FilterNode& child, int min_precedence, std::string& out) {
  const bool paren = Precedence(child.kind) < min_precedence;
  if (paren) out += '(';
  Print(child, out);
  if (paren) out += ')';
}

void Print(const FilterNode& n, std::string& out) {
  switch (n.kind) {
    case FilterNode::Kind::kAnd:
    case FilterNode::Kind::kOr: {
      const char* sep = n.kind == FilterNode::Kind::kAnd ? " and " : " or ";
      const int min = Precedence(n.kind) + 1;
      for (size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0) out += sep;
        PrintChild(n.children[i], min, out);
      }
      return;
    }
    case FilterNode::Kind::kNot:
      out += "not ";
      if (!n.children.empty()) PrintChild(n.children[0], Precedence(FilterNode::Kind::kNot), out);
      return;
    case FilterNode::Kind::kCompare:
      out += n.field;
      out += ' ';
      out += CompareOpSymbol(n.op);
      out += ' ';
      if (!n.values.empty()) out += ToString(n.values[0]);
      return;
    case FilterNode::Kind::kIn:
      out += n.field;
      out += n.negated ? " not in (" : " in (";
      for (size_t i = 0; i < n.values.size(); ++i) {
        if (i > 0) out += ", ";
        out += ToString(n.values[i]);
      }
      out += ')';
      return;
    case FilterNode::Kind::kExists:
      out += "exists ";
      out += n.field;
      return;
  }
}

void PrintDebug(const FilterNode& n, std::string& out) {
  switch (n.kind) {
    case FilterNode::Kind::kAnd:
    case FilterNode::Kind::kOr:
    case FilterNode::Kind::kNot:
      out += n.kind == FilterNode::Kind::kAnd  ? "(and"
             : n.kind == FilterNode::Kind::kOr ? "(or"
                                               : "(not";
      for (const auto& c : n.children) {
        out += ' ';
        PrintDebug(c, out);
      }
      out += ')';
      return;
    case FilterNode::Kind::kCompare:
      out += '(';
      out += CompareOpSymbol(n.op);
      out += ' ';
      out += n.field;
      if (!n.values.empty()) {
        out += ' ';
        out += ToString(n.values[0]);
      }
      out += ')';
      return;
    case FilterNode::Kind::kIn:
      out += n.negated ? "(not-in " : "(in ";
      out += n.field;
      for (const auto& v : n.values) {
        out += ' ';
        out += ToString(v);
      }
      out += ')';
      return;
    case FilterNode::Kind::kExists:
      out += "(exists ";
      out += n.field;
      out += ')';
      return;
  }
}

}  // namespace

std::string ToString(const FilterValue& v) {
  switch (v.kind) {
    case FilterValue::Kind::kString: {
      std::string out;
      AppendQuoted(out, v.str);
      return out;
    }
    case FilterValue::Kind::kInteger:
      return std::to_string(v.i);
    case FilterValue::Kind::kDecimal: {
      // Shortest fixed notation that reads back to the same double; always with a '.', so it
      // reads back as a decimal, not an integer.
      char buf[400];
      auto r = std::to_chars(buf, buf + sizeof buf, v.d, std::chars_format::fixed);
      std::string out(buf, r.ec == std::errc() ? r.ptr : buf);
      if (out.find('.') == std::string::npos) out += ".0";
      return out;
    }
    case FilterValue::Kind::kBool:
      return v.i != 0 ? "true" : "false";
    case FilterValue::Kind::kDate:
      return FormatTime(v.i, /*date_only=*/true);
    case FilterValue::Kind::kTimestamp:
      return FormatTime(v.i, /*date_only=*/false);
    case FilterValue::Kind::kNow: {
      if (v.unit == DurationUnit::kNone) return "now";
      std::string out = v.i < 0 ? "now - " : "now + ";
      // kMaxDurationAmount keeps i far from INT64_MIN, so negation is safe.
      out += std::to_string(v.i < 0 ? -v.i : v.i);
      out += UnitSuffix(v.unit);
      return out;
    }
  }
  return "";
}

bool operator==(const FilterNode& a, const FilterNode& b) {
  return a.kind == b.kind && a.field == b.field && a.op == b.op && a.negated == b.negated &&
         a.values == b.values && a.children == b.children;
}

std::string ToString(const FilterAst& ast) {
  std::string out;
  Print(ast, out);
  return out;
}

std::string DebugString(const FilterAst& ast) {
  std::string out;
  PrintDebug(ast, out);
  return out;
}

}  // namespace dl
