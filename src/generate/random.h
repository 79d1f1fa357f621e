// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Deterministic randomness for the generator. std::mt19937_64 is specified bit for bit by the
// standard, but the std:: distributions are not (libstdc++ and libc++ give different values),
// so every draw here is computed from the raw 64-bit output by code we own. Same seed, same
// sequence, on every platform.
#ifndef DAYLIGHT_GENERATE_RANDOM_H_
#define DAYLIGHT_GENERATE_RANDOM_H_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <random>
#include <span>

namespace dl::generate {

// SplitMix64 finaliser: derives independent stream seeds from (seed, stream id), so adding a
// draw to one part of the generator does not shift the values of every other part.
inline uint64_t MixSeed(uint64_t seed, uint64_t stream) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  Rng(uint64_t seed, uint64_t stream) : engine_(MixSeed(seed, stream)) {}

  uint64_t Next() { return engine_(); }

  // Uniform in [0, n); n must be > 0. Rejection sampling removes the modulo bias.
  uint64_t Uniform(uint64_t n) {
    if (n <= 1) return 0;
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x = engine_();
    while (x >= limit) x = engine_();
    return x % n;
  }

  // Uniform in [lo, hi], inclusive.
  uint64_t Range(uint64_t lo, uint64_t hi) { return lo + Uniform(hi - lo + 1); }

  // Uniform double in [0, 1) from the top 53 bits: exact IEEE arithmetic, so portable.
  double Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  // True with probability p.
  bool Chance(double p) { return Unit() < p; }

  // Index drawn with the given non-negative integer weights (at least one positive).
  size_t Weighted(std::span<const uint32_t> weights) {
    uint64_t total = 0;
    for (uint32_t w : weights) total += w;
    uint64_t x = Uniform(total);
    for (size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  }

  // A uniformly chosen element of a non-empty array, vector or span.
  template <typename Container>
  const auto& Pick(const Container& items) {
    return items[Uniform(std::size(items))];
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace dl::generate

#endif  // DAYLIGHT_GENERATE_RANDOM_H_
