// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Credentials kept in the store: keys (write keys for collection, API keys with scopes) and
// console users. `daylight keys` / `daylight users` manage them; the server's authenticator
// (src/server/store_authenticator.h) reads them.
//
// Storage: no tables of their own. Each kind is one JSON document in the store's settings
// (meta "credentials.keys", "credentials.users"), and "credentials_version" counts changes so a
// running server notices one with a single cheap read. Every change runs in one transaction
// with its ledger entry (`key.create`, `key.revoke`, `user.add`, `user.remove`), which names the
// actor and the key id or user name — never a secret or its hash.
//
// Secrets:
//  * a key is 32 random bytes, shown once as "dlw_" (write) or "dla_" (API) followed by 52
//    lowercase base32 characters; the store keeps only KeyHash() of it;
//  * a user's password is kept as an Argon2id string from libsodium's crypto_pwhash_str.
//
// Not thread-safe: a CredentialStore works on one Storage, which one thread uses at a time.
#ifndef DAYLIGHT_STORE_CREDENTIALS_H_
#define DAYLIGHT_STORE_CREDENTIALS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "daylight/status.h"
#include "daylight/storage.h"

namespace dl {

enum class KeyKind { kWrite, kApi };
std::string_view KeyKindName(KeyKind k);  // "write", "api"

// The scopes an API key may carry, in this order: read, write, audiences, rights, admin.
const std::vector<std::string>& KnownScopes();

// Key, source and user names: 1-64 of a-z 0-9 . _ - (lowercase, no spaces).
bool IsValidCredentialName(std::string_view name);
// Console passwords: at least this many characters.
inline constexpr size_t kMinPasswordLength = 12;

struct KeyRecord {
  std::string id;  // "k_" + 16 hex digits
  KeyKind kind = KeyKind::kApi;
  std::string name;
  std::vector<std::string> scopes;  // API keys: sorted in KnownScopes() order; write keys: none
  std::string source;               // write keys: the events' source
  std::string collected_for;        // write keys: the purpose identify claims are collected for
  std::string hash;                 // hex KeyHash() of the secret
  int64_t created_us = 0;
  int64_t revoked_us = 0;  // 0: active
  bool active() const { return revoked_us == 0; }
};

struct UserRecord {
  std::string name;
  std::string password_hash;  // crypto_pwhash_str output ("$argon2id$...")
  bool admin = false;
  int64_t created_us = 0;
};

struct NewKey {
  KeyKind kind = KeyKind::kApi;
  std::string name;
  std::vector<std::string> scopes;  // API keys: non-empty subset of KnownScopes()
  std::string source;               // write keys: default the name
  std::string collected_for;        // write keys: default essential.service
};

struct CreatedKey {
  KeyRecord record;
  std::string secret;  // "dlw_..." / "dla_...": shown once, then forgotten
  uint64_t seq = 0;    // ledger entry `key.create`
};

// Everything at one credentials_version.
struct CredentialSet {
  uint64_t version = 0;
  std::vector<KeyRecord> keys;  // revoked ones included, in creation order
  std::vector<UserRecord> users;
};

// Hex BLAKE2b-256 of a presented key string, under a fixed domain key. A key carries 256 bits
// of randomness, so there is no dictionary to try: a fast hash protects it as well as a slow
// one would, and checking a key on every collected event stays cheap (a slow, salted hash like
// Argon2id is for passwords, which people choose).
std::string KeyHash(std::string_view secret);
// The kind a presented key claims by its prefix, or nullopt when it is not a Daylight key.
std::optional<KeyKind> KeyKindOf(std::string_view secret);

// What `keys list --json` and GET /api/v1/keys show of a key: never the secret or its hash.
nlohmann::json KeyJson(const KeyRecord& k);
// What `users list --json` shows of a user: never the password hash.
nlohmann::json UserJson(const UserRecord& u);

class CredentialStore {
 public:
  explicit CredentialStore(Storage* storage) : storage_(storage) {}

  // InvalidArgument for a bad name, scope, source or purpose (never echoing a secret).
  StatusOr<CreatedKey> CreateKey(const NewKey& request, const std::string& actor);
  // NotFound for an unknown id, FailedPrecondition when already revoked. Returns the seq.
  StatusOr<uint64_t> RevokeKey(const std::string& id, const std::string& actor);
  // AlreadyExists for an existing name; InvalidArgument for a bad name or short password.
  StatusOr<uint64_t> AddUser(const std::string& name, const std::string& password, bool admin,
                             const std::string& actor);
  StatusOr<uint64_t> RemoveUser(const std::string& name, const std::string& actor);

  // A consistent snapshot (retried when a change lands between its reads).
  StatusOr<CredentialSet> Load();
  // The change counter alone: 0 before the first change.
  StatusOr<uint64_t> Version();

 private:
  // Reads, changes and writes the documents in one transaction with one ledger entry.
  template <typename Fn>
  StatusOr<uint64_t> Change(std::string_view kind, const std::string& actor, Fn fn);
  Storage* storage_;
};

// Verifies a password against a crypto_pwhash_str string (constant time in the password).
bool VerifyPassword(const std::string& password_hash, const std::string& password);
// Argon2id (OPSLIMIT/MEMLIMIT_INTERACTIVE) string for a password; IOError if out of memory.
StatusOr<std::string> HashPassword(const std::string& password);

}  // namespace dl

#endif  // DAYLIGHT_STORE_CREDENTIALS_H_
