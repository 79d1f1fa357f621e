// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Identity resolution (design.md "Subject", issue "Identity graph"): which identifiers belong
// to the same person. Pure, in-memory, over dense integer ids, so that the store can rebuild it
// from claims and a benchmark can measure it without parsing.
//
// Input: records (one per source row or vCard) from `self` and `first_party` claims only —
// third_party claims never reach the resolver, so they cannot create, extend or merge a subject.
// Each record lists the dense ids of the identifiers it asserts together.
//
// Rules:
//  * Identifiers that appear together in a record belong to the same subject; transitively.
//  * Blocked identifiers (placeholders) never join anything: they get no subject.
//  * An identifier is *shared* when the records that carry it would, without it, belong to more
//    than share_limit[type] distinct subjects (a family or office number). A shared identifier
//    joins nothing: it links no records, and gets no subject of its own. Records whose only
//    identifiers are shared or blocked form no subject.
//  * The result is deterministic: subjects are numbered in order of their smallest record index.
//
// Thread-safety: Resolve() is a pure function; concurrent calls are safe.
#ifndef DAYLIGHT_IDENTITY_GRAPH_H_
#define DAYLIGHT_IDENTITY_GRAPH_H_

#include <array>
#include <cstdint>
#include <vector>

#include "daylight/identifier.h"

namespace dl {

inline constexpr uint32_t kNoSubject = 0xFFFFFFFFu;

struct ResolveInput {
  // Per identifier id: its type.
  std::vector<IdType> id_type;
  // Per identifier id: true if blocked (placeholder).
  std::vector<bool> blocked;
  // Records in CSR form: record r lists ids record_ids[record_offsets[r] .. record_offsets[r+1]).
  // record_offsets.size() == record count + 1.
  std::vector<uint32_t> record_offsets{0};
  std::vector<uint32_t> record_ids;

  void AddRecord(const uint32_t* ids, size_t n) {
    record_ids.insert(record_ids.end(), ids, ids + n);
    record_offsets.push_back(static_cast<uint32_t>(record_ids.size()));
  }
  size_t record_count() const { return record_offsets.size() - 1; }
};

struct ResolveOptions {
  // Per IdType (indexed by its numeric value): how many subjects one identifier may be claimed
  // by before it counts as shared. Default 5 for every type.
  std::array<uint32_t, kIdTypeCount> share_limit{5, 5, 5, 5, 5, 5};
};

struct ResolveResult {
  std::vector<uint32_t> subject_of_id;      // per identifier id, or kNoSubject
  std::vector<uint32_t> subject_of_record;  // per record, or kNoSubject
  std::vector<bool> shared;                 // per identifier id
  // Per identifier id: for shared ones, how many distinct subjects carry it; else 0 or 1.
  std::vector<uint32_t> subjects_claiming;
  uint32_t subject_count = 0;
};

ResolveResult Resolve(const ResolveInput& input, const ResolveOptions& options = {});

}  // namespace dl

#endif  // DAYLIGHT_IDENTITY_GRAPH_H_
