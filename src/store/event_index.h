// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// EventIndex: the `events` and `event_ids` projections of collected events, kept off the
// acknowledgement path. Internal to src/store/.
//
// Why: both tables are keyed by random values (an owner's blind index, a message id's blind
// value). Inserting a few hundred events per durable commit dirties a B-tree page per event,
// and every dirty page is written to the WAL at each commit: about 9 KB written per 200-byte
// event. So a commit writes only the `events` ledger entry (sequential pages); the events then
// wait here, in memory, and are merged into the two tables in cycles. A cycle takes every
// waiting event (at least `start_at` of them), sorts them by key and writes them in slices of
// consecutive keys, one short transaction each, so each B-tree page is written about once per
// cycle instead of once per commit, and no slice holds the write lock for long. The sort runs on
// a thread of its own while the collector goes on committing.
//
// The ledger stays the truth: the meta value `events_indexed_through` is the ledger seq up to
// which every `events` entry is in the tables. Anything above it is indexed again from the
// ledger bodies by CatchUp (idempotent: INSERT OR IGNORE), which every reader of the tables
// calls first, and which a Store runs before its first collection. A crash loses no event and
// no deduplication: the waiting events are in durable ledger entries.
//
// Deduplication sees both: a message id is a duplicate if it is in `event_ids` or waiting here.
// Entries other Store instances (another process, the API's store) committed are picked up
// under the write lock (Refresh), so their message ids count too.
//
// Erasure deletes a person's rows after CatchUp, which indexes everything waiting. A cycle must
// not put them back, so its slices re-check the event key of each row when an erasure entry
// has appeared since the oldest entry the cycle holds (a destroyed key means a shredded event:
// nothing to index).
#ifndef DAYLIGHT_STORE_EVENT_INDEX_H_
#define DAYLIGHT_STORE_EVENT_INDEX_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "daylight/status.h"
#include "daylight/storage.h"

namespace dl {

// A message id's blind value as a hash-set key: 16 uniformly random bytes, so its first 8 bytes
// are already a good hash, and no string is allocated per event.
struct MessageKey {
  std::array<char, 16> b{};
  static MessageKey Of(std::string_view v);
  std::string_view View() const { return {b.data(), b.size()}; }
  bool operator==(const MessageKey& o) const { return b == o.b; }
};
struct MessageKeyHash {
  size_t operator()(const MessageKey& k) const {
    size_t h = 0;
    std::memcpy(&h, k.b.data(), sizeof h);
    return h;
  }
};
using MessageKeySet = std::unordered_set<MessageKey, MessageKeyHash>;

// One event as the projections hold it: its row, and the blind value of its message id.
// Plain bytes (no strings), so a commit's events are kept and sorted without an allocation each.
struct IndexedEvent {
  std::array<char, 16> owner{};  // blind index of the owner
  MessageKey mid;
  int64_t time_us = 0;
  uint64_t seq = 0;  // the `events` ledger entry
  uint64_t key_id = 0;
  uint32_t off = 0;
  uint32_t len = 0;
  uint8_t type = 0;

  EventRow Row() const;
  std::string_view OwnerView() const { return {owner.data(), owner.size()}; }
};

// Parses an `events` ledger entry body (docs/ledger-format.md "Events") into its events.
Status ParseEventsBody(uint64_t seq, std::string_view body, std::vector<IndexedEvent>* out);

class MessageFilter;  // store/message_filter.h

class EventIndex {
 public:
  static constexpr char kWatermarkMeta[] = "events_indexed_through";
  EventIndex();
  ~EventIndex();

  // Indexes every `events` entry above the watermark into the tables and moves the watermark
  // to the newest; forgets what was waiting (it is all indexed now). Call inside a write
  // transaction; on failure the transaction must be rolled back and Reset() called.
  Status CatchUpLocked(Storage* st);
  // True when entries above the watermark exist (CatchUpLocked has work). No transaction needed.
  StatusOr<bool> Behind(Storage* st);
  // Forgets all in-memory state; the next use starts again from the ledger.
  void Reset();
  bool ready() const { return ready_; }

  // Ack path, inside the collecting transaction (write lock held): events other writers
  // committed since this Store last looked, kept aside until Committed().
  Status Refresh(Storage* st, std::vector<IndexedEvent>* foreign, uint64_t* through);
  // Whether `mid` was stored before: waiting here, or in `event_ids` (asked of the table only
  // when the filter of its message ids says maybe; the filter is built on first use).
  StatusOr<bool> Seen(Storage* st, std::string_view mid);
  // After the collecting transaction committed: its own events and the foreign ones it saw now
  // wait for the next cycle; `through` is the newest ledger seq they reflect.
  void Committed(const std::vector<IndexedEvent>& events, uint64_t through);

  // One slice of `slice` events of the current cycle, in its own transaction (committed without
  // waiting for the disk: the ledger entries are durable, the tables are rebuilt from them).
  // Starts a cycle when none runs and at least `start_at` events wait: their sort begins on
  // another thread, and the slices follow once it is done (with `start_at` 1 — idle, draining —
  // Step waits for the sort instead of returning at once). Returns the number of events still
  // waiting, being sorted or in the cycle.
  StatusOr<size_t> Step(Storage* st, size_t slice, size_t start_at);
  size_t Backlog() const { return waiting_.size() + sorting_count_ + (cycle_.size() - cycle_pos_); }

 private:
  struct Cycle {
    std::vector<IndexedEvent> events;  // sorted by owner, time, seq, off
    std::vector<MessageKey> mids;      // sorted
    uint64_t first_seq = 0;            // the oldest ledger entry it holds events of
  };
  static Cycle Sort(std::vector<IndexedEvent> events);
  Status StartSort(Storage* st);
  void FinishCycle();

  bool ready_ = false;
  uint64_t reflected_through_ = 0;     // newest ledger seq whose events are indexed or waiting
  std::vector<IndexedEvent> waiting_;  // for the next cycle
  MessageKeySet unindexed_;            // message ids waiting or in the cycle
  // What is in `event_ids`; rebuilt after Reset(), since another Store may have indexed what
  // this one forgot it was waiting for.
  std::unique_ptr<MessageFilter> indexed_;
  std::vector<IndexedEvent> cycle_;     // sorted by owner, time, seq, off
  std::vector<MessageKey> cycle_mids_;  // sorted
  size_t cycle_pos_ = 0;                // events of the cycle written so far
  uint64_t cycle_through_ = 0;
  std::future<Cycle> sorting_;  // the next cycle, being sorted
  size_t sorting_count_ = 0;
  uint64_t sorting_through_ = 0;
  uint64_t erasures_checked_ = 0;  // ledger seq up to which rights.erase entries were looked for
  bool recheck_keys_ = false;      // an erasure happened during the cycle
};

}  // namespace dl

#endif  // DAYLIGHT_STORE_EVENT_INDEX_H_
