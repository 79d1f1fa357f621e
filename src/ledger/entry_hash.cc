// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include <sodium.h>

#include "daylight/ledger.h"

namespace dl {
namespace {

void PutBe(crypto_hash_sha256_state* st, uint64_t v, int bytes) {
  uint8_t b[8];
  for (int i = 0; i < bytes; ++i) b[i] = static_cast<uint8_t>(v >> (8 * (bytes - 1 - i)));
  crypto_hash_sha256_update(st, b, static_cast<unsigned long long>(bytes));
}

void PutBytes(crypto_hash_sha256_state* st, std::string_view s) {
  crypto_hash_sha256_update(st, reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

}  // namespace

Hash256 EntryHash(const Hash256& prev, uint64_t seq, int64_t time_us, std::string_view kind,
                  std::string_view actor, std::string_view body) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  PutBytes(&st, "daylight-ledger-v1");
  crypto_hash_sha256_update(&st, prev.data(), prev.size());
  PutBe(&st, seq, 8);
  PutBe(&st, static_cast<uint64_t>(time_us), 8);
  PutBe(&st, kind.size(), 4);
  PutBytes(&st, kind);
  PutBe(&st, actor.size(), 4);
  PutBytes(&st, actor);
  PutBe(&st, body.size(), 8);
  PutBytes(&st, body);
  Hash256 out;
  crypto_hash_sha256_final(&st, out.data());
  return out;
}

}  // namespace dl
