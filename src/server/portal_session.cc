// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/portal_session.h"

#include <sodium.h>

#include <chrono>
#include <iterator>
#include <utility>

#include "util/secret.h"

namespace dl::server {
namespace {

constexpr size_t kTokenBytes = 32;

int64_t SteadyMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string RandomHex(size_t n) {
  std::string b(n, '\0');
  randombytes_buf(b.data(), b.size());
  std::string hex = ToHex(b);
  sodium_memzero(b.data(), b.size());
  return hex;
}

bool IsHexToken(std::string_view s) {
  if (s.size() != kTokenBytes * 2) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

PortalSessions::PortalSessions(int64_t ttl_us, std::function<int64_t()> clock, size_t max_sessions)
    : ttl_us_(ttl_us), clock_(std::move(clock)), max_sessions_(max_sessions) {
  EnsureSodium();
  if (!clock_) clock_ = SteadyMicros;
  secret_.resize(crypto_generichash_KEYBYTES);
  randombytes_buf(secret_.data(), secret_.size());
}

PortalSessions::~PortalSessions() { sodium_memzero(secret_.data(), secret_.size()); }

int64_t PortalSessions::Now() const { return clock_(); }

std::string PortalSessions::Digest(std::string_view domain, std::string_view data) const {
  crypto_generichash_state st;
  crypto_generichash_init(&st, reinterpret_cast<const unsigned char*>(secret_.data()),
                          secret_.size(), 32);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(domain.data()),
                            domain.size());
  const unsigned char sep = 0;
  crypto_generichash_update(&st, &sep, 1);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  std::string out(32, '\0');
  crypto_generichash_final(&st, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

std::string PortalSessions::Create(const Identifier& id) {
  const std::string token = RandomHex(kTokenBytes);
  PortalSession s{id, RandomHex(kTokenBytes), 0};
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t now = Now();
  s.expires_us = now + ttl_us_;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.expires_us <= now ? sessions_.erase(it) : std::next(it);
  }
  // Beyond the bound, the session closest to expiry makes room.
  while (sessions_.size() >= max_sessions_ && !sessions_.empty()) {
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.expires_us < oldest->second.expires_us) oldest = it;
    }
    sessions_.erase(oldest);
  }
  sessions_[Digest("session", token)] = std::move(s);
  return token;
}

std::optional<PortalSession> PortalSessions::Find(std::string_view token) {
  if (!IsHexToken(token)) return std::nullopt;
  const std::string key = Digest("session", token);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires_us <= Now()) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void PortalSessions::End(std::string_view token) {
  if (!IsHexToken(token)) return;
  const std::string key = Digest("session", token);
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(key);
}

std::string PortalSessions::NewPreSession() {
  EnsureSodium();
  return RandomHex(kTokenBytes);
}

std::string PortalSessions::PreCsrf(std::string_view pre_session) const {
  return ToHex(Digest("pre-csrf", pre_session));
}

bool PortalSessions::PreCsrfOk(std::string_view pre_session, std::string_view field) const {
  if (!IsHexToken(pre_session)) return false;
  return SameToken(PreCsrf(pre_session), field);
}

bool PortalSessions::SameToken(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

size_t PortalSessions::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

}  // namespace dl::server
