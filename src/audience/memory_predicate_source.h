// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// An in-memory PredicateSource: one typed column per field, at most one value per subject.
// For tests and benchmarks of the evaluator; the store will provide its own source.
//
// Columns are typed (string, number, time, bool) and a value must match its column's type;
// comparing a column with a value of another type is InvalidArgument, as is an unknown field.
// Numbers compare as doubles (exact for integers up to 2^53); strings compare bytewise; dates
// and timestamps are both times. A subject without a value is in no Compare/In result.
#ifndef DAYLIGHT_AUDIENCE_MEMORY_PREDICATE_SOURCE_H_
#define DAYLIGHT_AUDIENCE_MEMORY_PREDICATE_SOURCE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/audience_filter.h"
#include "daylight/status.h"

namespace dl::audience {

class MemoryPredicateSource final : public PredicateSource {
 public:
  enum class ColumnType { kString, kNumber, kTime, kBool };

  // AlreadyExists if the field has a column of another type.
  Status AddColumn(const std::string& field, ColumnType type);
  // Sets subject's value for field (adding the subject to the universe). InvalidArgument if the
  // value's type does not fit the column or is kNow; NotFound if the column does not exist.
  Status Set(const std::string& field, uint32_t subject, const FilterValue& value);
  // Adds a subject with no values.
  void AddSubject(uint32_t subject) { universe_.add(subject); }

  StatusOr<SubjectSet> Compare(std::string_view field, CompareOp op,
                               const FilterValue& value) override;
  StatusOr<SubjectSet> In(std::string_view field, const std::vector<FilterValue>& values) override;
  StatusOr<SubjectSet> Exists(std::string_view field) override;
  const SubjectSet& Universe() override { return universe_; }

  // Calls made so far (Compare + In + Exists), to test that subtrees are evaluated once.
  int calls() const { return calls_; }

 private:
  struct Column {
    ColumnType type;
    std::map<uint32_t, FilterValue> values;
  };
  StatusOr<Column*> Find(std::string_view field);
  Status CheckType(std::string_view field, const Column& c, const FilterValue& v) const;
  StatusOr<SubjectSet> Select(std::string_view field, const std::vector<FilterValue>& values,
                              const std::function<bool(int)>& accept_cmp);

  std::map<std::string, Column, std::less<>> columns_;
  SubjectSet universe_;
  int calls_ = 0;
};

}  // namespace dl::audience

#endif  // DAYLIGHT_AUDIENCE_MEMORY_PREDICATE_SOURCE_H_
