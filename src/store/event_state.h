// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// What a Store keeps in memory for event collection (src/store/events.cc): the unwrapped event
// keys of owners seen recently, so a busy collector does not read and unwrap a key per event,
// and the events waiting to be indexed.
// Keys are SecretBytes, wiped (sodium_memzero) when dropped and when the Store is destroyed.
// Only keys whose rows are committed enter the cache; erasure clears it. Internal to src/store/.
#ifndef DAYLIGHT_STORE_EVENT_STATE_H_
#define DAYLIGHT_STORE_EVENT_STATE_H_

#include <cstdint>
#include <string>
#include <unordered_map>

#include "store/event_index.h"
#include "util/secret.h"

namespace dl {

struct EventOwnerKey {
  uint64_t id = 0;
  SecretBytes key;
};

struct EventState {
  static constexpr size_t kMaxKeys = 1 << 16;
  // owner blind index -> its event key. Pointers to entries stay valid until MakeRoom.
  std::unordered_map<std::string, EventOwnerKey> keys;
  // Committed events not yet in the events/event_ids tables (store/event_index.h).
  EventIndex index;

  // Called before a batch of n events: past the limit the cache is dropped all at once (keys
  // are cheap to unwrap again), never in the middle of a batch.
  void MakeRoom(size_t n) {
    if (keys.size() + n > kMaxKeys) keys.clear();
  }
  void Put(const std::string& owner, uint64_t id, SecretBytes key) {
    keys.insert_or_assign(owner, EventOwnerKey{id, std::move(key)});
  }
};

}  // namespace dl

#endif  // DAYLIGHT_STORE_EVENT_STATE_H_
