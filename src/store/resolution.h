// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Rebuilds the subject columns of the identifiers projection from every self/first_party
// claim, with the identity graph's rules (include/daylight/identity_graph.h). A subject is
// named by its anchor: the smallest record id among its records, which stays the same as the
// subject grows, so subject ids are stable across imports unless subjects merge (then the
// older anchor wins).
#ifndef DAYLIGHT_STORE_RESOLUTION_H_
#define DAYLIGHT_STORE_RESOLUTION_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "daylight/status.h"
#include "daylight/storage.h"

namespace dl {

class StoreSecrets;

// An identifier of the current batch that may not be in the identifiers projection yet.
// Compact on purpose: an import of a million rows holds two million of these.
struct PendingIdentifier {
  std::array<uint8_t, 16> bidx{};
  uint8_t type = 0;
  bool blocked = false;
  bool shared = false;    // set by RebuildSubjects
  uint32_t claiming = 0;  // set by RebuildSubjects
  uint64_t key_id = 0;
  uint64_t subject = 0;  // set by RebuildSubjects
};

// Runs inside the caller's transaction. `pending` are identifiers of the current batch that may
// not be in the identifiers projection yet, sorted by bidx (type, key, blocked, first time set):
// they are written here with their final subject columns, so a new identifier is written once.
// Existing identifiers whose subject columns change are updated. Returns the number of subjects.
StatusOr<uint64_t> RebuildSubjects(Storage* storage, uint32_t share_limit,
                                   std::vector<PendingIdentifier> pending, int64_t first_time_us);

// Inserts identifiers as they are (subject columns included). For a third-party batch this is
// all that changes: third-party claims never reach the resolver, so subjects cannot change and
// resolution is skipped.
Status WritePendingIdentifiers(Storage* storage, const std::vector<PendingIdentifier>& pending,
                               int64_t first_time_us);

// The subject count recorded by the last RebuildSubjects.
StatusOr<uint64_t> StoredSubjectCount(Storage* storage);

// Opaque, stable subject id for display: "s_" + 16 hex characters derived from the anchor
// record id under the store's blind key (so ids reveal neither order nor count).
std::string SubjectIdFor(const StoreSecrets& secrets, uint64_t anchor);

}  // namespace dl

#endif  // DAYLIGHT_STORE_RESOLUTION_H_
