// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0

#include "audience/memory_predicate_source.h"

#include <string>
#include <utility>

namespace dl::audience {
namespace {

const char* TypeName(MemoryPredicateSource::ColumnType t) {
  switch (t) {
    case MemoryPredicateSource::ColumnType::kString:
      return "strings";
    case MemoryPredicateSource::ColumnType::kNumber:
      return "numbers";
    case MemoryPredicateSource::ColumnType::kTime:
      return "times";
    case MemoryPredicateSource::ColumnType::kBool:
      return "true/false";
  }
  return "?";
}

bool Fits(MemoryPredicateSource::ColumnType t, const FilterValue& v) {
  switch (t) {
    case MemoryPredicateSource::ColumnType::kString:
      return v.kind == FilterValue::Kind::kString;
    case MemoryPredicateSource::ColumnType::kNumber:
      return v.is_number();
    case MemoryPredicateSource::ColumnType::kTime:
      return v.is_time();
    case MemoryPredicateSource::ColumnType::kBool:
      return v.kind == FilterValue::Kind::kBool;
  }
  return false;
}

double AsDouble(const FilterValue& v) {
  return v.kind == FilterValue::Kind::kDecimal ? v.d : static_cast<double>(v.i);
}

// -1, 0, 1: a against b, both of one column type.
int Cmp(const FilterValue& a, const FilterValue& b) {
  if (a.kind == FilterValue::Kind::kString) return a.str < b.str ? -1 : a.str == b.str ? 0 : 1;
  if (a.is_number()) {
    const double x = AsDouble(a);
    const double y = AsDouble(b);
    return x < y ? -1 : x == y ? 0 : 1;
  }
  return a.i < b.i ? -1 : a.i == b.i ? 0 : 1;  // bool, date, timestamp
}

}  // namespace

Status MemoryPredicateSource::AddColumn(const std::string& field, ColumnType type) {
  auto [it, inserted] = columns_.try_emplace(field, Column{type, {}});
  if (!inserted && it->second.type != type) {
    return AlreadyExists("field '" + field + "' already holds " + TypeName(it->second.type));
  }
  return Status::Ok();
}

Status MemoryPredicateSource::Set(const std::string& field, uint32_t subject,
                                  const FilterValue& value) {
  ASSIGN_OR_RETURN(Column * c, Find(field));
  RETURN_IF_ERROR(CheckType(field, *c, value));
  c->values[subject] = value;
  universe_.add(subject);
  return Status::Ok();
}

StatusOr<MemoryPredicateSource::Column*> MemoryPredicateSource::Find(std::string_view field) {
  auto it = columns_.find(field);
  if (it == columns_.end()) return InvalidArgument("unknown field '" + std::string(field) + "'");
  return &it->second;
}

Status MemoryPredicateSource::CheckType(std::string_view field, const Column& c,
                                        const FilterValue& v) const {
  if (Fits(c.type, v)) return Status::Ok();
  return InvalidArgument("field '" + std::string(field) + "' holds " + TypeName(c.type) +
                         "; cannot compare it with " + ToString(v));
}

StatusOr<SubjectSet> MemoryPredicateSource::Select(std::string_view field,
                                                   const std::vector<FilterValue>& values,
                                                   const std::function<bool(int)>& accept_cmp) {
  ++calls_;
  ASSIGN_OR_RETURN(Column * c, Find(field));
  for (const auto& v : values) RETURN_IF_ERROR(CheckType(field, *c, v));
  SubjectSet out;
  for (const auto& [subject, have] : c->values) {
    for (const auto& v : values) {
      if (accept_cmp(Cmp(have, v))) {
        out.add(subject);
        break;
      }
    }
  }
  return out;
}

StatusOr<SubjectSet> MemoryPredicateSource::Compare(std::string_view field, CompareOp op,
                                                    const FilterValue& value) {
  return Select(field, {value}, [op](int c) {
    switch (op) {
      case CompareOp::kEq:
        return c == 0;
      case CompareOp::kNe:
        return c != 0;
      case CompareOp::kLt:
        return c < 0;
      case CompareOp::kLe:
        return c <= 0;
      case CompareOp::kGt:
        return c > 0;
      case CompareOp::kGe:
        return c >= 0;
    }
    return false;
  });
}

StatusOr<SubjectSet> MemoryPredicateSource::In(std::string_view field,
                                               const std::vector<FilterValue>& values) {
  return Select(field, values, [](int c) { return c == 0; });
}

StatusOr<SubjectSet> MemoryPredicateSource::Exists(std::string_view field) {
  ++calls_;
  ASSIGN_OR_RETURN(Column * c, Find(field));
  SubjectSet out;
  for (const auto& entry : c->values) out.add(entry.first);
  return out;
}

}  // namespace dl::audience
