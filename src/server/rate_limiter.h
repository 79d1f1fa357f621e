// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Per-key request rate limits for collection (/v1/*): one token bucket per key id. A bucket
// holds at most `burst` tokens and refills at `rate` tokens per second; each request takes one.
// An empty bucket answers how long until a token is back, for the Retry-After header of a 429.
//
// Thread-safe and cheap: buckets are spread over shards, each with its own mutex, so I/O
// threads rarely contend; a check is a hash, a lock and a little arithmetic. Buckets of keys not
// seen for a minute are dropped when a shard grows, so revoked or rotated keys do not pile up.
#ifndef DAYLIGHT_SERVER_RATE_LIMITER_H_
#define DAYLIGHT_SERVER_RATE_LIMITER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dl::server {

struct RateLimit {
  double rate = 2000;   // requests per second per key; 0 or less: no limit
  double burst = 4000;  // bucket size; less than 1 is taken as 1
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimit limit);

  // Takes one token from `key`'s bucket. Returns 0 when the request may proceed, otherwise the
  // whole seconds (at least 1) until a token will be available; nothing is taken then.
  // `now_ns` is a steady-clock time in nanoseconds; 0 reads the clock.
  uint32_t Acquire(std::string_view key, int64_t now_ns = 0);

  bool enabled() const { return limit_.rate > 0; }
  const RateLimit& limit() const { return limit_; }

 private:
  struct Bucket {
    double tokens = 0;
    int64_t last_ns = 0;
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket, Hash, std::equal_to<>> buckets;
  };
  static constexpr size_t kShards = 16;
  RateLimit limit_;
  std::array<Shard, kShards> shards_;
};

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_RATE_LIMITER_H_
