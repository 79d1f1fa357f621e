// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0

#include "audience/filter_evaluator.h"

#include <exception>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "audience/civil_time.h"

namespace dl {

PredicateSource::~PredicateSource() = default;

namespace audience {
namespace {

int64_t UnitMicros(DurationUnit u) {
  switch (u) {
    case DurationUnit::kNone:
      return 0;
    case DurationUnit::kSecond:
      return kMicrosPerSecond;
    case DurationUnit::kMinute:
      return 60 * kMicrosPerSecond;
    case DurationUnit::kHour:
      return 3600 * kMicrosPerSecond;
    case DurationUnit::kDay:
      return kMicrosPerDay;
    case DurationUnit::kWeek:
      return 7 * kMicrosPerDay;
  }
  return 0;
}

class Evaluator {
 public:
  Evaluator(PredicateSource& source, int64_t now_us) : source_(source), now_us_(now_us) {}

  StatusOr<SubjectSet> Eval(const FilterNode& n) {
    switch (n.kind) {
      case FilterNode::Kind::kAnd:
        return EvalAnd(n);
      case FilterNode::Kind::kOr:
        return EvalOr(n);
      case FilterNode::Kind::kNot: {
        if (n.children.size() != 1) return Internal("filter 'not' node without one child");
        ASSIGN_OR_RETURN(SubjectSet inner, Eval(n.children[0]));
        return source_.Universe() - inner;
      }
      case FilterNode::Kind::kIn:
        if (n.negated) {
          ASSIGN_OR_RETURN(SubjectSet in, Leaf(n, /*strip_negation=*/true));
          return source_.Universe() - in;
        }
        return Leaf(n, false);
      case FilterNode::Kind::kCompare:
      case FilterNode::Kind::kExists:
        return Leaf(n, false);
    }
    return Internal("unknown filter node kind");
  }

 private:
  // The positive part of a negated child of an `and`: `not x` -> x, `f not in L` -> `f in L`.
  static bool IsNegated(const FilterNode& n) {
    return (n.kind == FilterNode::Kind::kNot && n.children.size() == 1) ||
           (n.kind == FilterNode::Kind::kIn && n.negated);
  }
  StatusOr<SubjectSet> EvalPositivePart(const FilterNode& n) {
    if (n.kind == FilterNode::Kind::kNot) return Eval(n.children[0]);
    return Leaf(n, /*strip_negation=*/true);
  }

  StatusOr<SubjectSet> EvalAnd(const FilterNode& n) {
    if (n.children.empty()) return Internal("filter 'and' node without children");
    std::vector<const FilterNode*> positive;
    std::vector<const FilterNode*> negative;
    for (const auto& c : n.children) (IsNegated(c) ? negative : positive).push_back(&c);
    SubjectSet acc;
    if (positive.empty()) {
      acc = source_.Universe();
    } else {
      ASSIGN_OR_RETURN(acc, Eval(*positive[0]));
      for (size_t i = 1; i < positive.size() && !acc.isEmpty(); ++i) {
        ASSIGN_OR_RETURN(SubjectSet next, Eval(*positive[i]));
        acc &= next;
      }
    }
    for (size_t i = 0; i < negative.size() && !acc.isEmpty(); ++i) {
      ASSIGN_OR_RETURN(SubjectSet drop, EvalPositivePart(*negative[i]));
      acc -= drop;
    }
    return acc;
  }

  StatusOr<SubjectSet> EvalOr(const FilterNode& n) {
    if (n.children.empty()) return Internal("filter 'or' node without children");
    const uint64_t universe = source_.Universe().cardinality();
    SubjectSet acc;
    for (size_t i = 0; i < n.children.size(); ++i) {
      if (i > 0 && acc.cardinality() == universe) break;
      ASSIGN_OR_RETURN(SubjectSet next, Eval(n.children[i]));
      acc |= next;
    }
    return acc;
  }

  // A leaf, evaluated once per distinct canonical text.
  StatusOr<SubjectSet> Leaf(const FilterNode& n, bool strip_negation) {
    std::string key = n.kind == FilterNode::Kind::kIn && strip_negation ? "+in " : "";
    key += ToString(n);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    SubjectSet result;
    switch (n.kind) {
      case FilterNode::Kind::kCompare: {
        if (n.values.size() != 1) return Internal("filter comparison without one value");
        FilterValue v = n.values[0];
        if (v.kind == FilterValue::Kind::kNow) {
          ASSIGN_OR_RETURN(int64_t t, ResolveNow(v, now_us_));
          v = FilterValue::Timestamp(t);
        }
        ASSIGN_OR_RETURN(result, source_.Compare(n.field, n.op, v));
        break;
      }
      case FilterNode::Kind::kIn: {
        ASSIGN_OR_RETURN(SubjectSet in, source_.In(n.field, n.values));
        result = n.negated && !strip_negation ? source_.Universe() - in : std::move(in);
        break;
      }
      case FilterNode::Kind::kExists: {
        ASSIGN_OR_RETURN(result, source_.Exists(n.field));
        break;
      }
      default:
        return Internal("not a filter leaf");
    }
    cache_.emplace(std::move(key), result);
    return result;
  }

  PredicateSource& source_;
  const int64_t now_us_;
  std::map<std::string, SubjectSet> cache_;
};

}  // namespace

StatusOr<int64_t> ResolveNow(const FilterValue& v, int64_t now_us) {
  if (v.kind != FilterValue::Kind::kNow) return Internal("ResolveNow on a value that is not now");
  int64_t offset = 0;
  int64_t out = 0;
  if (__builtin_mul_overflow(v.i, UnitMicros(v.unit), &offset) ||
      __builtin_add_overflow(now_us, offset, &out)) {
    return InvalidArgument("'" + ToString(v) + "' is outside the representable time range");
  }
  return out;
}

StatusOr<SubjectSet> Evaluate(const FilterAst& ast, PredicateSource& source, int64_t now_us) {
  return Evaluator(source, now_us).Eval(ast);
}

}  // namespace audience

StatusOr<SubjectSet> AudienceMembers(const FilterAst& ast, PredicateSource& source,
                                     const SubjectSet& eligible_for_purpose, int64_t now_us) {
  // CRoaring's C++ wrapper throws on allocation failure; no exception leaves this layer.
  try {
    ASSIGN_OR_RETURN(SubjectSet members, audience::Evaluate(ast, source, now_us));
    members &= eligible_for_purpose;
    return members;
  } catch (const std::exception& e) {
    return Internal(std::string("audience evaluation failed: ") + e.what());
  }
}

}  // namespace dl
