// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Who is calling. Three kinds of principals:
//  * write keys — collect only (/v1/*), sent as the HTTP Basic user (password empty), as
//    Segment's libraries do; each carries the source name and the collected-for purpose its
//    events' claims get;
//  * API keys — "Authorization: Bearer <key>" (or Basic user) on /api/*, with scopes
//    read, write, audiences, rights, admin;
//  * console users — a password (Argon2id, libsodium crypto_pwhash_str) exchanged for a session
//    cookie (HttpOnly, SameSite=Strict, Secure under TLS) and a CSRF token for forms.
// Keys are random (32 bytes, base32/hex with a "dlw_"/"dla_" prefix), shown once at creation,
// and stored only as a hash; they are created, listed and revoked with `daylight keys`
// (src/cli/keys_command.cc) and a revocation takes effect on a running server within a second.
#ifndef DAYLIGHT_SERVER_AUTH_H_
#define DAYLIGHT_SERVER_AUTH_H_

#include <optional>
#include <set>
#include <string>

#include "server/http.h"

namespace dl::server {

struct Principal {
  enum class Kind { kWriteKey, kApiKey, kUser };
  Kind kind = Kind::kApiKey;
  std::string id;    // key id ("k_..."), or user name
  std::string name;  // key name ("web"), or user name
  std::set<std::string> scopes;  // API keys; users have every scope but admin unless granted
  std::string source;            // write keys: events' source ("web")
  std::string collected_for;     // write keys: purpose of identify claims
  std::string csrf;              // users: the session's CSRF token
  // "key:<id>" or "user:<name>": the actor named in ledger entries.
  std::string Actor() const;
  bool Has(std::string_view scope) const;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The write key in the request (Basic user), if valid and not revoked.
  virtual std::optional<Principal> WriteKey(const Request& r) = 0;
  // An API key (Bearer or Basic user) or a console session cookie, if valid.
  virtual std::optional<Principal> Caller(const Request& r) = 0;
  // Console login: a Set-Cookie header value for a new session, or nullopt for a bad
  // user/password (constant-time, same answer for an unknown user).
  virtual std::optional<std::string> Login(const std::string& user, const std::string& password,
                                           bool tls) = 0;
  // Ends the session in the request's cookie; returns the Set-Cookie that clears it.
  virtual std::string Logout(const Request& r, bool tls) = 0;
  // True when a state-changing console request carries the session's CSRF token (form field
  // "csrf" or header X-CSRF-Token). API-key requests need none.
  virtual bool CsrfOk(const Request& r, const Principal& p) = 0;
};

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_AUTH_H_
