// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/store_authenticator.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "server/context.h"
#include "util/secret.h"

namespace dl::server {
namespace {

int64_t SteadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// The user part of "Basic base64(user:password)", or "".
std::string BasicUser(std::string_view encoded) {
  encoded = TrimSpaces(encoded);
  if (encoded.empty() || encoded.size() > 1024) return "";
  std::string out(encoded.size(), '\0');
  size_t len = 0;
  for (int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING}) {
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), encoded.data(),
                          encoded.size(), nullptr, &len, nullptr, variant) == 0) {
      out.resize(len);
      return out.substr(0, out.find(':'));
    }
  }
  return "";
}

std::string RandomHex(size_t bytes) {
  SecretBytes b = SecretBytes::Random(bytes);
  return ToHex(b.data(), b.size());
}

bool ConstantTimeEqual(const std::string& a, const std::string& b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

StoreAuthenticator::StoreAuthenticator(std::unique_ptr<Store> store, AuthOptions options)
    : options_(options), store_(std::move(store)) {
  creds_ = std::make_unique<CredentialStore>(&store_->storage());
}

StoreAuthenticator::~StoreAuthenticator() = default;

StatusOr<std::unique_ptr<StoreAuthenticator>> StoreAuthenticator::Open(const std::string& db_path,
                                                                       AuthOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(db_path));
  std::unique_ptr<StoreAuthenticator> auth(new StoreAuthenticator(std::move(store), options));
  ASSIGN_OR_RETURN(auth->dummy_hash_, HashPassword(RandomHex(16)));
  {
    std::lock_guard<std::mutex> lock(auth->refresh_mu_);
    RETURN_IF_ERROR(auth->Reload());
  }
  auth->next_check_ns_ = SteadyNanos() + std::chrono::nanoseconds(options.refresh_interval).count();
  return auth;
}

Status StoreAuthenticator::Reload() {
  ASSIGN_OR_RETURN(CredentialSet set, creds_->Load());
  auto snap = std::make_shared<Snapshot>();
  snap->version = set.version;
  for (KeyRecord& k : set.keys) {
    if (k.active()) snap->keys.emplace(k.hash, std::move(k));
  }
  for (UserRecord& u : set.users) snap->users.emplace(u.name, std::move(u));
  std::lock_guard<std::mutex> lock(snap_mu_);
  snap_ = std::move(snap);
  return Status::Ok();
}

Status StoreAuthenticator::Refresh() {
  std::lock_guard<std::mutex> lock(refresh_mu_);
  ASSIGN_OR_RETURN(uint64_t version, creds_->Version());
  {
    std::lock_guard<std::mutex> snap_lock(snap_mu_);
    if (snap_ != nullptr && snap_->version == version) return Status::Ok();
  }
  return Reload();
}

std::shared_ptr<const StoreAuthenticator::Snapshot> StoreAuthenticator::Current() {
  const int64_t now = SteadyNanos();
  if (now >= next_check_ns_.load(std::memory_order_relaxed)) {
    // One caller checks; the others go on with the snapshot they have.
    std::unique_lock<std::mutex> lock(refresh_mu_, std::try_to_lock);
    if (lock.owns_lock() && now >= next_check_ns_.load(std::memory_order_relaxed)) {
      next_check_ns_ = now + std::chrono::nanoseconds(options_.refresh_interval).count();
      lock.unlock();
      Status s = Refresh();
      if (!s.ok()) {
        // Keep serving with the last snapshot; say so, since a revocation waits for it.
        Log("warn", "credentials refresh failed", {{"error", s.ToString()}});
      }
    }
  }
  std::lock_guard<std::mutex> lock(snap_mu_);
  return snap_;
}

std::string StoreAuthenticator::PresentedKey(const Request& r) {
  std::string auth = r.Header("authorization");
  std::string_view a = TrimSpaces(auth);
  if (StartsWithNoCase(a, "bearer ")) return std::string(TrimSpaces(a.substr(7)));
  if (StartsWithNoCase(a, "basic ")) return BasicUser(a.substr(6));
  return "";
}

std::optional<Principal> StoreAuthenticator::WriteKey(const Request& r) {
  std::string key = PresentedKey(r);
  if (KeyKindOf(key) != KeyKind::kWrite) return std::nullopt;
  std::shared_ptr<const Snapshot> snap = Current();
  auto it = snap->keys.find(KeyHash(key));
  if (it == snap->keys.end() || it->second.kind != KeyKind::kWrite) return std::nullopt;
  const KeyRecord& k = it->second;
  Principal p;
  p.kind = Principal::Kind::kWriteKey;
  p.id = k.id;
  p.name = k.name;
  p.source = k.source;
  p.collected_for = k.collected_for;
  return p;
}

std::optional<Principal> StoreAuthenticator::Caller(const Request& r) {
  std::string key = PresentedKey(r);
  if (!key.empty()) {
    // A request that presents a key is judged by the key alone, even if it also has a cookie.
    if (KeyKindOf(key) != KeyKind::kApi) return std::nullopt;
    std::shared_ptr<const Snapshot> snap = Current();
    auto it = snap->keys.find(KeyHash(key));
    if (it == snap->keys.end() || it->second.kind != KeyKind::kApi) return std::nullopt;
    Principal p;
    p.kind = Principal::Kind::kApiKey;
    p.id = it->second.id;
    p.name = it->second.name;
    p.scopes.insert(it->second.scopes.begin(), it->second.scopes.end());
    return p;
  }
  std::string sid = r.Cookie(kSessionCookie);
  if (sid.empty()) return std::nullopt;
  return SessionCaller(sid);
}

std::optional<Principal> StoreAuthenticator::SessionCaller(const std::string& sid) {
  std::shared_ptr<const Snapshot> snap = Current();
  const std::string h = KeyHash(sid);
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(sessions_mu_);
  auto it = sessions_.find(h);
  if (it == sessions_.end()) return std::nullopt;
  auto user = snap->users.find(it->second.user);
  if (now - it->second.last_used > options_.session_idle || user == snap->users.end()) {
    sessions_.erase(it);  // idle too long, or the user was removed
    return std::nullopt;
  }
  it->second.last_used = now;
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.id = user->second.name;
  p.name = user->second.name;
  for (const std::string& s : KnownScopes()) {
    if (s != "admin" || user->second.admin) p.scopes.insert(s);
  }
  p.csrf = it->second.csrf;
  return p;
}

std::string StoreAuthenticator::Cookie(const std::string& value, bool tls, bool clear) const {
  std::string c = std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (clear) c += "; Max-Age=0";
  if (tls) c += "; Secure";
  return c;
}

std::optional<std::string> StoreAuthenticator::Login(const std::string& user,
                                                     const std::string& password, bool tls) {
  std::shared_ptr<const Snapshot> snap = Current();
  auto it = snap->users.find(user);
  const bool known = it != snap->users.end();
  bool ok = false;
  {
    // Argon2id takes 64 MiB per verification: bound how many run at once.
    logins_.acquire();
    ok = VerifyPassword(known ? it->second.password_hash : dummy_hash_, password);
    logins_.release();
  }
  // The caller logs the outcome (src/server/console_routes.cc); a failed attempt without the
  // name typed, which may be someone's e-mail address.
  if (!known || !ok) return std::nullopt;
  const std::string sid = RandomHex(32);
  Session session{user, RandomHex(32), std::chrono::steady_clock::now()};
  {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    const auto now = std::chrono::steady_clock::now();
    for (auto s = sessions_.begin(); s != sessions_.end();) {
      s = now - s->second.last_used > options_.session_idle ? sessions_.erase(s) : std::next(s);
    }
    if (sessions_.size() >= options_.max_sessions && !sessions_.empty()) {
      auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](auto& a, auto& b) {
        return a.second.last_used < b.second.last_used;
      });
      sessions_.erase(oldest);
    }
    sessions_.emplace(KeyHash(sid), std::move(session));
  }
  return Cookie(sid, tls, /*clear=*/false);
}

std::string StoreAuthenticator::Logout(const Request& r, bool tls) {
  std::string sid = r.Cookie(kSessionCookie);
  if (!sid.empty()) {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    sessions_.erase(KeyHash(sid));
  }
  return Cookie("", tls, /*clear=*/true);
}

bool StoreAuthenticator::CsrfOk(const Request& r, const Principal& p) {
  if (p.kind != Principal::Kind::kUser) return true;  // keys are not sent by browsers
  std::string token = r.Header("x-csrf-token");
  if (token.empty() && r.Header("content-type").find("application/x-www-form-urlencoded") == 0) {
    auto form = r.Form();
    auto it = form.find("csrf");
    if (it != form.end()) token = it->second;
  }
  return ConstantTimeEqual(token, p.csrf);
}

size_t StoreAuthenticator::SessionCount() const {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  return sessions_.size();
}

}  // namespace dl::server
