// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// MessageFilter: a Bloom filter over the message ids in `event_ids`, so deduplicating a new
// event — nearly every event — needs no B-tree lookup (it was 15% of the collector's time).
// "No" is certain; "maybe" is confirmed in the table. Internal to src/store/.
//
// Message ids are blind values (HMAC-SHA256 output): uniformly random, so their own bytes are
// the hash functions (two 64-bit words, double hashing). It grows by adding a filter of twice
// the capacity when the newest is full (a scalable Bloom filter), so it never needs the table
// scanned again; each filter keeps about 1% false positives at capacity.
#ifndef DAYLIGHT_STORE_MESSAGE_FILTER_H_
#define DAYLIGHT_STORE_MESSAGE_FILTER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "store/event_index.h"

namespace dl {

class MessageFilter {
 public:
  explicit MessageFilter(size_t initial_capacity = 1 << 20);
  void Add(const MessageKey& k);
  bool MayContain(const MessageKey& k) const;
  void Clear();

 private:
  struct Bits {
    std::vector<uint64_t> words;
    size_t capacity = 0;
    size_t count = 0;
  };
  static constexpr int kProbes = 7;  // ~1% false positives at 10 bits per key
  static Bits Make(size_t capacity);
  static bool Test(const Bits& b, uint64_t h1, uint64_t h2);

  size_t initial_capacity_;
  std::vector<Bits> filters_;
};

}  // namespace dl

#endif  // DAYLIGHT_STORE_MESSAGE_FILTER_H_
