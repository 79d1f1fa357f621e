// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "store/message_filter.h"

#include <cstring>

namespace dl {
namespace {

void Hashes(const MessageKey& k, uint64_t* h1, uint64_t* h2) {
  std::memcpy(h1, k.b.data(), 8);
  std::memcpy(h2, k.b.data() + 8, 8);
  *h2 |= 1;  // odd: the probes do not repeat
}

}  // namespace

MessageFilter::MessageFilter(size_t initial_capacity)
    : initial_capacity_(initial_capacity < 1024 ? 1024 : initial_capacity) {
  Clear();
}

MessageFilter::Bits MessageFilter::Make(size_t capacity) {
  Bits b;
  b.capacity = capacity;
  b.words.assign((capacity * 10 + 63) / 64, 0);  // 10 bits per key
  return b;
}

void MessageFilter::Clear() {
  filters_.clear();
  filters_.push_back(Make(initial_capacity_));
}

bool MessageFilter::Test(const Bits& b, uint64_t h1, uint64_t h2) {
  const uint64_t nbits = b.words.size() * 64;
  for (int i = 0; i < kProbes; ++i) {
    const uint64_t bit = (h1 + static_cast<uint64_t>(i) * h2) % nbits;
    if ((b.words[bit / 64] & (uint64_t{1} << (bit % 64))) == 0) return false;
  }
  return true;
}

void MessageFilter::Add(const MessageKey& k) {
  if (filters_.back().count >= filters_.back().capacity) {
    filters_.push_back(Make(filters_.back().capacity * 2));
  }
  Bits& b = filters_.back();
  uint64_t h1 = 0, h2 = 0;
  Hashes(k, &h1, &h2);
  const uint64_t nbits = b.words.size() * 64;
  for (int i = 0; i < kProbes; ++i) {
    const uint64_t bit = (h1 + static_cast<uint64_t>(i) * h2) % nbits;
    b.words[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  ++b.count;
}

bool MessageFilter::MayContain(const MessageKey& k) const {
  uint64_t h1 = 0, h2 = 0;
  Hashes(k, &h1, &h2);
  for (const Bits& b : filters_) {
    if (Test(b, h1, h2)) return true;
  }
  return false;
}

}  // namespace dl
