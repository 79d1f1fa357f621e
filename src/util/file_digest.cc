// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "util/file_digest.h"

#include <sodium.h>

#include <fstream>
#include <vector>

#include "util/secret.h"

namespace dl {

StatusOr<std::string> FileSha256Hex(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IOError("cannot read " + path);
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    crypto_hash_sha256_update(&st, reinterpret_cast<uint8_t*>(buf.data()),
                              static_cast<unsigned long long>(in.gcount()));
  }
  if (in.bad()) return IOError("cannot read " + path);
  uint8_t out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, out);
  return ToHex(out, sizeof out);
}

}  // namespace dl
