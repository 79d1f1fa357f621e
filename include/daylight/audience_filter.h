// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The audience filter language (docs/filter-language.md): a small, documented language over
// traits and event aggregates, parsed to a tagged tree and evaluated as bitmap operations.
//
//   country = "DE" and last_order < now - 90d
//   events.order.count >= 3 and not (email_domain in ("example.com", "test.org"))
//
// ParseFilter() is a pure function: no I/O, no clock, no exceptions. A filter that is not in the
// language is rejected with InvalidArgument "column N: <reason>", N being the 1-based byte offset
// of the offending token (end of input is length + 1). The filter is operator input, not personal
// data; messages may quote a token (shortened to 32 bytes).
//
// Membership is always `filter AND eligible(purpose)`: AudienceMembers() below is the only public
// way to turn a filter into subjects, and it takes the purpose's eligibility bitmap, so there is
// no audience without a purpose. `now` is resolved at evaluation from an explicit argument; the
// library never reads a clock.
#ifndef DAYLIGHT_AUDIENCE_FILTER_H_
#define DAYLIGHT_AUDIENCE_FILTER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <roaring/roaring.hh>

#include "daylight/status.h"

namespace dl {

// A set of subject ids. CRoaring 0.2.x (Debian's libroaring-dev) declares its C++ class as
// ::Roaring; newer releases call it roaring::Roaring. The alias keeps that in one place.
using SubjectSet = ::Roaring;

// Limits; exceeding any is a precise InvalidArgument.
inline constexpr size_t kMaxFilterLength = 4096;        // bytes of filter text
inline constexpr int kMaxFilterDepth = 64;              // nested '(' and 'not'
inline constexpr size_t kMaxInValues = 1000;            // values in one 'in' list
inline constexpr int64_t kMaxDurationAmount = 1000000;  // the 90 in "now - 90d"

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };
// "=", "!=", "<", "<=", ">", ">=".
const char* CompareOpSymbol(CompareOp op);

enum class DurationUnit { kNone, kSecond, kMinute, kHour, kDay, kWeek };

// A literal in a filter. One struct rather than a variant so that the AST stays trivially
// comparable and printable; which members are meaningful depends on kind.
struct FilterValue {
  enum class Kind {
    kString,     // str
    kInteger,    // i
    kDecimal,    // d (finite)
    kBool,       // i: 0 or 1
    kDate,       // i: micros since the Unix epoch, UTC midnight ("2024-01-31")
    kTimestamp,  // i: micros since the Unix epoch, UTC ("2024-01-31T10:00:00Z")
    kNow,        // i: signed duration amount, unit (kNone for plain "now"); resolved at evaluation
  };
  Kind kind = Kind::kInteger;
  std::string str;
  int64_t i = 0;
  double d = 0;
  DurationUnit unit = DurationUnit::kNone;

  static FilterValue String(std::string s);
  static FilterValue Integer(int64_t v);
  static FilterValue Decimal(double v);
  static FilterValue Bool(bool v);
  static FilterValue Date(int64_t micros);
  static FilterValue Timestamp(int64_t micros);
  static FilterValue Now(int64_t amount = 0, DurationUnit unit = DurationUnit::kNone);

  bool is_number() const { return kind == Kind::kInteger || kind == Kind::kDecimal; }
  bool is_time() const { return kind == Kind::kDate || kind == Kind::kTimestamp; }
  bool operator==(const FilterValue&) const = default;
};

// Canonical literal text: "\"DE\"", "3", "2.5", "true", "2024-01-31",
// "2024-01-31T10:00:00Z", "now - 90d". Parsing it gives back an equal FilterValue.
std::string ToString(const FilterValue& v);

// One node of the filter tree. kAnd/kOr are n-ary (>= 2 children; the parser flattens nested
// nodes of the same kind, which is sound because both are associative); kNot has one child.
struct FilterNode {
  enum class Kind { kAnd, kOr, kNot, kCompare, kIn, kExists };
  Kind kind = Kind::kExists;
  std::vector<FilterNode> children;  // kAnd, kOr, kNot
  std::string field;                 // kCompare, kIn, kExists
  CompareOp op = CompareOp::kEq;     // kCompare
  bool negated = false;              // kIn: "not in"
  std::vector<FilterValue> values;   // kCompare: exactly 1; kIn: 1..kMaxInValues
};
using FilterAst = FilterNode;

bool operator==(const FilterNode& a, const FilterNode& b);

// Parses a filter. See docs/filter-language.md for the grammar and every error.
StatusOr<FilterAst> ParseFilter(std::string_view text);

// Canonical filter text: lower-case keywords, single spaces, parentheses only where precedence
// needs them. For any tree ParseFilter returned, ParseFilter(ToString(ast)) == ast.
std::string ToString(const FilterAst& ast);

// The tree as an S-expression, for tests and debugging:
// (and (= country "DE") (< last_order now - 90d)).
std::string DebugString(const FilterAst& ast);

// Where the evaluator gets its predicate bitmaps. Bits are subject ids. Values passed in are
// never kNow (the evaluator resolves `now` to a kTimestamp first). Every returned bitmap must be
// a subset of Universe(). A subject without a value for `field` is in no Compare/In result
// (so `x != 1` does not match it, while `not x = 1` does — see docs/filter-language.md).
// An unknown field or a value of the wrong type for the field is InvalidArgument.
class PredicateSource {
 public:
  virtual ~PredicateSource();
  virtual StatusOr<SubjectSet> Compare(std::string_view field, CompareOp op,
                                       const FilterValue& value) = 0;
  // Subjects whose value equals any of `values`.
  virtual StatusOr<SubjectSet> In(std::string_view field,
                                  const std::vector<FilterValue>& values) = 0;
  // Subjects that have any value for `field`.
  virtual StatusOr<SubjectSet> Exists(std::string_view field) = 0;
  // All subjects; the complement for `not` and `not in` is taken against it.
  virtual const SubjectSet& Universe() = 0;
};

// The members of an audience: subjects matching `ast` (with `now` = now_us, micros since the
// Unix epoch) AND in `eligible_for_purpose` (the gate's bitmap for the audience's purpose).
StatusOr<SubjectSet> AudienceMembers(const FilterAst& ast, PredicateSource& source,
                                     const SubjectSet& eligible_for_purpose, int64_t now_us);

}  // namespace dl

#endif  // DAYLIGHT_AUDIENCE_FILTER_H_
