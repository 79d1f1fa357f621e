// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The Authenticator (src/server/auth.h) over the credentials kept in the store
// (src/store/credentials.h).
//
//  * Keys and users are read through the authenticator's own store connection into an
//    in-memory snapshot. At most every 500 ms one caller reads "credentials_version" (one row);
//    when it moved, the snapshot is reloaded — so `daylight keys revoke` or `users remove`
//    reaches a running server within a second, without the hot path touching SQLite.
//  * Keys are looked up by KeyHash() of the presented string; only active keys are in the map.
//  * Sessions live in memory only (a restart signs everyone out): a random 32-byte id in the
//    cookie "dl_session" (HttpOnly; SameSite=Strict; Path=/; Secure under TLS), stored by its
//    hash, with a random CSRF token, ending after an idle time (8 h) or when the user is
//    removed. A login always creates a new id (no session fixation).
//  * Login runs Argon2id (about 0.1 s of CPU and 64 MiB): call it off the I/O threads (post it
//    to a worker). At most two verifications run at once; the rest wait. An unknown user is
//    checked against a dummy hash, so the answer takes as long as for a known one.
//
// Thread-safe: every method may be called from any thread.
#ifndef DAYLIGHT_SERVER_STORE_AUTHENTICATOR_H_
#define DAYLIGHT_SERVER_STORE_AUTHENTICATOR_H_

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <semaphore>
#include <string>
#include <unordered_map>

#include "daylight/status.h"
#include "daylight/store.h"

#include "server/auth.h"
#include "store/credentials.h"

namespace dl::server {

struct AuthOptions {
  std::chrono::milliseconds refresh_interval{500};
  std::chrono::milliseconds session_idle = std::chrono::hours(8);
  size_t max_sessions = 10000;  // the least recently used goes when a login exceeds it
};

class StoreAuthenticator final : public Authenticator {
 public:
  // Opens its own connection to the store at db_path and loads the credentials.
  static StatusOr<std::unique_ptr<StoreAuthenticator>> Open(const std::string& db_path,
                                                            AuthOptions options = {});
  ~StoreAuthenticator() override;

  std::optional<Principal> WriteKey(const Request& r) override;
  std::optional<Principal> Caller(const Request& r) override;
  std::optional<std::string> Login(const std::string& user, const std::string& password,
                                   bool tls) override;
  std::string Logout(const Request& r, bool tls) override;
  bool CsrfOk(const Request& r, const Principal& p) override;

  // Reloads the credentials now if their version moved (the API calls it after changing keys,
  // so the change applies to the next request).
  Status Refresh();
  size_t SessionCount() const;

  static constexpr std::string_view kSessionCookie = "dl_session";

 private:
  struct Snapshot {
    uint64_t version = 0;
    std::unordered_map<std::string, KeyRecord> keys;  // active keys by hash
    std::unordered_map<std::string, UserRecord> users;
  };
  struct Session {
    std::string user;
    std::string csrf;
    std::chrono::steady_clock::time_point last_used;
  };
  StoreAuthenticator(std::unique_ptr<Store> store, AuthOptions options);
  Status Reload();  // under refresh_mu_
  std::shared_ptr<const Snapshot> Current();
  // The key presented as Bearer token or Basic user, if any.
  static std::string PresentedKey(const Request& r);
  std::optional<Principal> SessionCaller(const std::string& sid);
  std::string Cookie(const std::string& value, bool tls, bool clear) const;

  const AuthOptions options_;
  std::mutex refresh_mu_;  // guards store_, creds_
  std::unique_ptr<Store> store_;
  std::unique_ptr<CredentialStore> creds_;
  std::atomic<int64_t> next_check_ns_{0};
  mutable std::mutex snap_mu_;
  std::shared_ptr<const Snapshot> snap_;
  mutable std::mutex sessions_mu_;
  std::unordered_map<std::string, Session> sessions_;  // by KeyHash() of the session id
  std::counting_semaphore<2> logins_{2};
  std::string dummy_hash_;  // Argon2id of a random password: unknown users verify against it
};

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_STORE_AUTHENTICATOR_H_
