// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// SHA-256 for the platform hash profiles, from libsodium. crypto_hash_sha256 needs no
// sodium_init(): it has no CPU dispatch and uses no random numbers.

#include <sodium.h>

#include <string>
#include <string_view>

#include "daylight/hash_profiles.h"

namespace dl {

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()),
                     static_cast<unsigned long long>(bytes.size()));
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

}  // namespace dl
