// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The privacy portal's own sessions, separate from console sessions (src/server/auth.h): a
// session belongs to one person who proved control of one identifier with a one-time code, and
// lets them act on that identifier's data only.
//
//  * Before verification the browser holds a random pre-session cookie (`dl_portal_pre`); the
//    start and code forms carry a CSRF token derived from it with a keyed hash, so a form posted
//    from another site (which cannot read the cookie) is refused.
//  * After verification the session cookie (`dl_portal`) holds a random token; the server keeps
//    only its keyed hash, the verified identifier, a CSRF token for the session's forms, and an
//    absolute expiry (30 minutes from verification: no sliding renewal).
//  * Everything is in memory: a restart signs everybody out, and nothing about a person's
//    session reaches a disk or a log.
// Thread-safe.
#ifndef DAYLIGHT_SERVER_PORTAL_SESSION_H_
#define DAYLIGHT_SERVER_PORTAL_SESSION_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "daylight/identifier.h"

namespace dl::server {

inline constexpr std::string_view kPortalCookie = "dl_portal";
inline constexpr std::string_view kPreCookie = "dl_portal_pre";
inline constexpr std::string_view kChallengeCookie = "dl_challenge";
inline constexpr std::string_view kLangCookie = "dl_lang";

struct PortalSession {
  Identifier id;
  std::string csrf;  // hex; forms of the session carry it as field "csrf"
  int64_t expires_us = 0;
};

class PortalSessions {
 public:
  // `clock`: microseconds on a monotonic clock (default steady_clock); injectable for tests.
  explicit PortalSessions(int64_t ttl_us = 30LL * 60 * 1000000, std::function<int64_t()> clock = {},
                          size_t max_sessions = 100000);
  ~PortalSessions();
  PortalSessions(const PortalSessions&) = delete;
  PortalSessions& operator=(const PortalSessions&) = delete;

  // A new session for a verified identifier; returns the token for the cookie.
  std::string Create(const Identifier& id);
  // The live session for a cookie token; nullopt when unknown or expired.
  std::optional<PortalSession> Find(std::string_view token);
  void End(std::string_view token);
  int64_t ttl_us() const { return ttl_us_; }

  // A fresh pre-session cookie value (random, hex).
  static std::string NewPreSession();
  // The CSRF token for forms shown before verification, bound to the pre-session cookie.
  std::string PreCsrf(std::string_view pre_session) const;
  // True when `field` is PreCsrf(pre_session) (and the cookie is a well-formed one).
  bool PreCsrfOk(std::string_view pre_session, std::string_view field) const;
  // Constant-time comparison of two tokens.
  static bool SameToken(std::string_view a, std::string_view b);

  size_t size() const;

 private:
  std::string Digest(std::string_view domain, std::string_view data) const;
  int64_t Now() const;
  int64_t ttl_us_;
  std::function<int64_t()> clock_;
  size_t max_sessions_;
  std::string secret_;  // per-process key; wiped in the destructor
  mutable std::mutex mu_;
  std::map<std::string, PortalSession, std::less<>> sessions_;  // by token digest
};

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_PORTAL_SESSION_H_
