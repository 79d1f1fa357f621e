// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Trait columns: what the audience filter evaluates against (docs/audiences.md). One column per
// trait name holds at most one value per subject, typed from the values themselves, in a form
// that answers comparisons as CRoaring bitmaps without touching every subject:
//
//   entries sorted by (key, subject), cut into buckets of kTraitBucketEntries entries, each
//   bucket with a bitmap of its subjects. A range (=, <, <=, >, >=, in) is the union of the
//   bitmaps of the buckets wholly inside it plus the matching entries of the (at most two)
//   buckets it cuts.
//
// Keys are int64 and order-preserving for every kind: string values are dictionary codes (the
// dictionary is sorted bytewise), numbers are IEEE doubles mapped to ordered integers, times are
// microseconds since the Unix epoch, booleans 0/1.
//
// A column is personal data: the store keeps it sealed and loads it only when a filter names the
// field. Pure in-memory code: no I/O, no clock, no exceptions.
#ifndef DAYLIGHT_TRAIT_INDEX_H_
#define DAYLIGHT_TRAIT_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/audience_filter.h"
#include "daylight/status.h"

namespace dl {

inline constexpr size_t kTraitBucketEntries = 16384;

enum class TraitKind : uint8_t { kString = 1, kNumber = 2, kTime = 3, kBool = 4 };
std::string_view TraitKindName(TraitKind k);  // "string", "number", "time", "bool"

// How one raw trait value (as it came from a source file) reads:
//   "true" / "false" (any case)                         -> kBool
//   -?(0|[1-9][0-9]*)(\.[0-9]+)?  (no leading zeros, so "01234" stays a string) -> kNumber
//   "2024-01-31", "2024-01-31T10:00:00Z", "…T10:00:00.5+02:00" (the filter language's date and
//   timestamp forms)                                     -> kTime
//   anything else                                        -> kString
// (A numeral too large for a finite double, such as "1" followed by 400 zeros, reads as kString.)
// A column's kind is the kind every non-empty value of it reads as; a column with mixed kinds is
// kString (and its values compare as the text they are).
TraitKind ClassifyTraitValue(std::string_view raw);

// Immutable once built (Build, Deserialize): its const methods may be called from several
// threads at once. Move-only.
class TraitColumn {
 public:
  TraitColumn() = default;
  TraitColumn(TraitColumn&&) noexcept;
  TraitColumn& operator=(TraitColumn&&) noexcept;
  ~TraitColumn();

  TraitKind kind() const { return kind_; }
  size_t size() const { return subjects_.size(); }  // subjects with a value
  const SubjectSet& present() const { return present_; }

  // Subjects whose value satisfies `value op` (CompareOp on the column's order). `value` must
  // be of the column's kind: a string for kString, an integer or decimal for kNumber, a date or
  // timestamp for kTime (the evaluator has already turned `now - 90d` into a timestamp), a bool
  // with = or != for kBool. Otherwise InvalidArgument naming the field, the column's kind and
  // how to write a value of it, worded as MemoryPredicateSource words it ("field 'country' holds
  // strings; cannot compare it with 5 (write a string in double quotes, like \"DE\")"). Numbers
  // compare as doubles (so -0.0 = 0, and integers beyond 2^53 round as the memory source rounds
  // them); strings bytewise. Cost: two binary searches, then a union of whole-bucket bitmaps and
  // at most 2 cut buckets read entry by entry — or, when most entries match, present() minus
  // the entries that do not.
  StatusOr<SubjectSet> Compare(std::string_view field, CompareOp op,
                               const FilterValue& value) const;
  // Subjects whose value equals any of `values` (same typing rule as Compare).
  StatusOr<SubjectSet> In(std::string_view field, const std::vector<FilterValue>& values) const;

  // A self-describing byte string ("DLTC1" ..., docs/audiences.md) that Deserialize() turns back
  // into an equal column. The encoding is canonical: Serialize(Deserialize(b)) == b. Bucket
  // bitmaps are not stored but rebuilt from the entries. Deserialize() never trusts its input:
  // Corruption ("trait column: <reason>") for anything malformed, including a CRC-32C mismatch.
  std::string Serialize() const;
  static StatusOr<TraitColumn> Deserialize(std::string_view bytes);

 private:
  friend class TraitColumnBuilder;

  // Entries [begin, end) of keys_ / subjects_.
  struct Span {
    size_t begin;
    size_t end;
  };

  // The key a number has in a kNumber column: order-preserving, -0.0 and 0.0 the same key.
  static int64_t NumberKey(double v);
  // Fills buckets_ and present_ from keys_ / subjects_ (Build and Deserialize).
  void BuildIndex();
  // The entries whose value equals `value` (an empty span at the place it would sort if none),
  // or the typing error of Compare/In.
  StatusOr<Span> EqualSpan(std::string_view field, const FilterValue& value) const;
  // Subjects of the entries in `spans`: whole buckets by their bitmaps, cut ones entry by entry;
  // from the complement (present_ minus the rest) when that is the smaller side.
  SubjectSet Select(std::vector<Span> spans) const;
  SubjectSet Gather(const std::vector<Span>& spans) const;

  TraitKind kind_ = TraitKind::kString;
  std::vector<std::string> dictionary_;  // kString: sorted distinct values; key = index
  std::vector<int64_t> keys_;            // sorted ascending, ties by subject
  std::vector<uint32_t> subjects_;       // parallel to keys_; each subject at most once
  std::vector<SubjectSet> buckets_;      // subjects of entries [i*B, (i+1)*B)
  SubjectSet present_;                   // all of subjects_
};

// Collects raw values (in any subject order) and builds a column. Not thread-safe. Build() is
// O(n) apart from a stable sort by subject when Set() was not called in ascending subject order;
// keys and bucket ids are radix-sorted.
class TraitColumnBuilder {
 public:
  // Sets subject's value. A later Set for the same subject replaces the earlier value; an empty
  // value removes it (the subject has no value).
  void Set(uint32_t subject, std::string_view raw_value);
  // Builds the column; the builder is left empty.
  TraitColumn Build();

 private:
  // One Set() call: the value is arena_[offset, offset + length); length 0 removes.
  struct Pending {
    uint64_t offset;
    uint32_t length;
    uint32_t subject;
  };
  std::vector<Pending> pending_;  // in call order
  std::string arena_;
  bool ascending_ = true;  // each Set() so far named a larger subject than the one before
};

// The filter's PredicateSource over trait columns. A column is asked of `loader` the first time
// a filter names its field and kept; a loader answering nullopt means the field is unknown
// (InvalidArgument "unknown field 'x'", x as the filter wrote it). A loader error is returned
// unchanged and not remembered (the next use asks again). Fields named "traits.<name>" are the
// trait <name>: the loader is asked for "<name>", and "country" and "traits.country" share one
// column. Answers are subsets of `universe`: a column holding subjects outside it is intersected
// with it. Not thread-safe (loading mutates); use one index per evaluation or lock around it.
class TraitIndex final : public PredicateSource {
 public:
  using Loader = std::function<StatusOr<std::optional<TraitColumn>>(std::string_view field)>;
  TraitIndex(SubjectSet universe, Loader loader);
  ~TraitIndex() override;

  StatusOr<SubjectSet> Compare(std::string_view field, CompareOp op,
                               const FilterValue& value) override;
  StatusOr<SubjectSet> In(std::string_view field, const std::vector<FilterValue>& values) override;
  StatusOr<SubjectSet> Exists(std::string_view field) override;
  const SubjectSet& Universe() override { return universe_; }

 private:
  struct Loaded {
    std::unique_ptr<TraitColumn> column;
    bool clip = false;  // the column holds subjects outside universe_: answers are intersected
  };
  StatusOr<const Loaded*> Column(std::string_view field);
  SubjectSet universe_;
  Loader loader_;
  std::map<std::string, Loaded, std::less<>> columns_;  // by trait name ("traits." removed)
};

}  // namespace dl

#endif  // DAYLIGHT_TRAIT_INDEX_H_
