// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "util/secret.h"

#include <sodium.h>

#include <cstdlib>
#include <mutex>

namespace dl {

void EnsureSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    // libsodium's internal generator (ChaCha20, seeded and reseeded from getrandom) instead of
    // one getrandom syscall per call: an import draws three nonces or keys per record.
    randombytes_set_implementation(&randombytes_internal_implementation);
    // sodium_init fails only if the OS gives no entropy source; nothing is safe then.
    if (sodium_init() < 0) std::abort();
  });
}

SecretBytes::~SecretBytes() { Wipe(); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {
  other.bytes_.clear();
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Wipe();
    bytes_ = std::move(other.bytes_);
    other.bytes_.clear();
  }
  return *this;
}

void SecretBytes::Wipe() {
  if (!bytes_.empty()) sodium_memzero(bytes_.data(), bytes_.size());
}

SecretBytes SecretBytes::Random(size_t n) {
  EnsureSodium();
  SecretBytes s(n);
  randombytes_buf(s.data(), n);
  return s;
}

std::string ToHex(const uint8_t* data, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &len, &end) != 0 ||
      len != out.size() || end != hex.data() + hex.size()) {
    return std::nullopt;
  }
  return out;
}

}  // namespace dl
