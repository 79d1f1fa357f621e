// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// SHA-256 through OpenSSL's EVP interface: it uses the CPU's SHA extensions where there are
// some, several times faster than a portable implementation. Every entry is hashed once when
// appended and again by `ledger verify`, and an `events` entry holds a whole group commit.
#include <memory>

#include <openssl/evp.h>

#include "daylight/ledger.h"

namespace dl {
namespace {

struct CtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

void PutBytes(EVP_MD_CTX* ctx, const void* data, size_t n) { EVP_DigestUpdate(ctx, data, n); }
void PutBytes(EVP_MD_CTX* ctx, std::string_view s) { PutBytes(ctx, s.data(), s.size()); }

void PutBe(EVP_MD_CTX* ctx, uint64_t v, int bytes) {
  uint8_t b[8];
  for (int i = 0; i < bytes; ++i) b[i] = static_cast<uint8_t>(v >> (8 * (bytes - 1 - i)));
  PutBytes(ctx, b, static_cast<size_t>(bytes));
}

}  // namespace

Hash256 EntryHash(const Hash256& prev, uint64_t seq, int64_t time_us, std::string_view kind,
                  std::string_view actor, std::string_view body) {
  // One context per thread, reset for each entry (creating one costs an allocation).
  thread_local std::unique_ptr<EVP_MD_CTX, CtxFree> ctx(EVP_MD_CTX_new());
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  PutBytes(ctx.get(), "daylight-ledger-v1");
  PutBytes(ctx.get(), prev.data(), prev.size());
  PutBe(ctx.get(), seq, 8);
  PutBe(ctx.get(), static_cast<uint64_t>(time_us), 8);
  PutBe(ctx.get(), kind.size(), 4);
  PutBytes(ctx.get(), kind);
  PutBe(ctx.get(), actor.size(), 4);
  PutBytes(ctx.get(), actor);
  PutBe(ctx.get(), body.size(), 8);
  PutBytes(ctx.get(), body);
  Hash256 out;
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx.get(), out.data(), &n);
  return out;
}

}  // namespace dl
