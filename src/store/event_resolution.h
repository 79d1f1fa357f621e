// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Incremental identity resolution for collected identify calls: instead of rebuilding every
// subject from every direct claim (RebuildSubjects, seconds on a large store), resolve only the
// connected component of the claims graph that the new records touched. Resolution is a function
// of each component alone (include/daylight/identity_graph.h: links, sharing and anchors are all
// decided inside a component), so the result is the one a full rebuild would give.
// Blocked identifiers link nothing and are not followed. Internal to src/store/.
#ifndef DAYLIGHT_STORE_EVENT_RESOLUTION_H_
#define DAYLIGHT_STORE_EVENT_RESOLUTION_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "daylight/status.h"
#include "daylight/storage.h"

#include "store/resolution.h"

namespace dl {

// Runs inside the caller's transaction, after the records that claim `pending` (sorted by
// bidx, as RebuildSubjects takes them) were written. Writes the pending identifiers with their
// final subject columns, updates existing identifiers whose columns changed, and keeps
// meta.subject_count. A component of more than `max_records` records (a widely shared number)
// falls back to RebuildSubjects.
Status ResolveIncrementally(Storage* storage, uint32_t share_limit,
                            std::vector<PendingIdentifier> pending, int64_t first_time_us,
                            size_t max_records = 20000);

}  // namespace dl

#endif  // DAYLIGHT_STORE_EVENT_RESOLUTION_H_
