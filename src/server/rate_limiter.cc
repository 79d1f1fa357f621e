// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>

namespace dl::server {
namespace {

constexpr int64_t kIdleNs = 60LL * 1000 * 1000 * 1000;  // a full bucket after this long anyway
constexpr size_t kPruneAt = 1024;                       // buckets per shard before pruning

int64_t SteadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RateLimiter::RateLimiter(RateLimit limit) : limit_(limit) {
  if (limit_.burst < 1) limit_.burst = 1;
}

uint32_t RateLimiter::Acquire(std::string_view key, int64_t now_ns) {
  if (!enabled()) return 0;
  if (now_ns == 0) now_ns = SteadyNowNs();
  // The shard comes from the high bits, the bucket inside it from the low ones.
  Shard& shard = shards_[(Hash{}(key) >> 20) % kShards];
  std::lock_guard<std::mutex> lock(shard.mu);
  auto it = shard.buckets.find(key);
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= kPruneAt) {
      // A bucket idle long enough is full again: dropping it changes no answer.
      std::erase_if(shard.buckets,
                    [&](const auto& kv) { return now_ns - kv.second.last_ns > kIdleNs; });
    }
    it = shard.buckets.emplace(std::string(key), Bucket{limit_.burst, now_ns}).first;
  }
  Bucket& b = it->second;
  if (now_ns > b.last_ns) {
    b.tokens = std::min(limit_.burst,
                        b.tokens + static_cast<double>(now_ns - b.last_ns) * 1e-9 * limit_.rate);
    b.last_ns = now_ns;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  const double wait_s = (1 - b.tokens) / limit_.rate;
  return static_cast<uint32_t>(std::max(1.0, std::ceil(wait_s)));
}

}  // namespace dl::server
