// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// TraitIndex (include/daylight/trait_index.h): the filter's PredicateSource over trait columns,
// loading each column the first time a filter names it.

#include "daylight/trait_index.h"

#include <memory>
#include <string>
#include <utility>

namespace dl {
namespace {

constexpr std::string_view kTraitsPrefix = "traits.";

}  // namespace

TraitIndex::TraitIndex(SubjectSet universe, Loader loader)
    : universe_(std::move(universe)), loader_(std::move(loader)) {}

TraitIndex::~TraitIndex() = default;

StatusOr<const TraitIndex::Loaded*> TraitIndex::Column(std::string_view field) {
  std::string_view name = field;
  if (name.starts_with(kTraitsPrefix)) name.remove_prefix(kTraitsPrefix.size());
  if (auto it = columns_.find(name); it != columns_.end()) return &it->second;
  std::optional<TraitColumn> column;
  if (loader_) {
    // A loader's error (an unreadable or damaged column) is the caller's to see as it is.
    ASSIGN_OR_RETURN(column, loader_(name));
  }
  if (!column) return InvalidArgument("unknown field '" + std::string(field) + "'");
  Loaded loaded;
  // Answers must be subsets of the universe; a column that knows subjects the universe does not
  // (erased since the column was written, say) is clipped on every answer. Checked once here so
  // the common case pays nothing per query.
  loaded.clip = !column->present().isSubset(universe_);
  loaded.column = std::make_unique<TraitColumn>(std::move(*column));
  return &columns_.emplace(std::string(name), std::move(loaded)).first->second;
}

StatusOr<SubjectSet> TraitIndex::Compare(std::string_view field, CompareOp op,
                                         const FilterValue& value) {
  ASSIGN_OR_RETURN(const Loaded* c, Column(field));
  ASSIGN_OR_RETURN(SubjectSet out, c->column->Compare(field, op, value));
  if (c->clip) out &= universe_;
  return out;
}

StatusOr<SubjectSet> TraitIndex::In(std::string_view field,
                                    const std::vector<FilterValue>& values) {
  ASSIGN_OR_RETURN(const Loaded* c, Column(field));
  ASSIGN_OR_RETURN(SubjectSet out, c->column->In(field, values));
  if (c->clip) out &= universe_;
  return out;
}

StatusOr<SubjectSet> TraitIndex::Exists(std::string_view field) {
  ASSIGN_OR_RETURN(const Loaded* c, Column(field));
  SubjectSet out = c->column->present();
  if (c->clip) out &= universe_;
  return out;
}

}  // namespace dl
