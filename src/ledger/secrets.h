// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The store's two root secrets, kept in a key file beside the database (created 0600 by
// `daylight init`, never inside the database, so that a copy of the database alone reveals
// nothing):
//   master  — wraps every data key (per subject, per third-party upload) with
//             XChaCha20-Poly1305; destroying a data key's wrapped form crypto-shreds its data.
//   blind   — keys the blind index: HMAC-SHA-256(blind, type || value), truncated to 16 bytes.
//             Look-ups and deduplication use it, never the plaintext.
// File format (docs/ledger-format.md): text lines "daylight-key-v1", "master=<64 hex>",
// "blind=<64 hex>".
#ifndef DAYLIGHT_LEDGER_SECRETS_H_
#define DAYLIGHT_LEDGER_SECRETS_H_

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "daylight/identifier.h"
#include "daylight/status.h"

#include "util/secret.h"

namespace dl {

inline constexpr size_t kBlindIndexSize = 16;
using BlindIndex = std::array<uint8_t, kBlindIndexSize>;

inline std::string_view AsView(const BlindIndex& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

class StoreSecrets {
 public:
  // Creates a new key file at `path` with mode 0600 (O_EXCL: never overwrites).
  static StatusOr<StoreSecrets> CreateFile(const std::string& path);
  // Loads a key file; refuses one readable by group or others (FailedPrecondition).
  static StatusOr<StoreSecrets> LoadFile(const std::string& path);

  // Blind index of an identifier. Thread-safe.
  BlindIndex Blind(const Identifier& id) const;
  // Blind index of an arbitrary labelled string (uploader ids, record fingerprints).
  BlindIndex BlindRaw(std::string_view domain, std::string_view bytes) const;

  // Data keys: 32 random bytes, stored wrapped under master.
  SecretBytes NewDataKey() const { return SecretBytes::Random(32); }
  std::string WrapKey(const SecretBytes& key) const;
  StatusOr<SecretBytes> UnwrapKey(std::string_view wrapped) const;

 private:
  StoreSecrets(SecretBytes master, SecretBytes blind);
  BlindIndex BlindParts(std::initializer_list<std::string_view> parts) const;
  SecretBytes master_;
  SecretBytes blind_;
  // HMAC state after absorbing the key: copying it saves two SHA-256 compressions per blind
  // index, which matters at millions of identifiers per import. Holds key material; wiped in
  // the destructor.
  SecretBytes keyed_state_;

 public:
  ~StoreSecrets();
  StoreSecrets(StoreSecrets&&) noexcept = default;
  StoreSecrets& operator=(StoreSecrets&&) noexcept = default;
};

// Authenticated encryption with a data key (XChaCha20-Poly1305-IETF, random 24-byte nonce).
// Output: nonce || ciphertext || tag. `ad` binds the ciphertext to its context.
std::string Seal(const SecretBytes& key, std::string_view plaintext, std::string_view ad);
// Corruption if the MAC does not verify (wrong key, altered bytes, or wrong context).
StatusOr<std::string> Unseal(const SecretBytes& key, std::string_view sealed, std::string_view ad);

}  // namespace dl

#endif  // DAYLIGHT_LEDGER_SECRETS_H_
