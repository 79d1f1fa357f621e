// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The one-time-code Verifier (include/daylight/verification.h). Why it never looks at the
// store: a verifier that sent codes only to known addresses would tell anyone who types an
// address whether the organisation holds it (by the message arriving or not, or by timing).
// Sending to every valid address costs a message to people we hold nothing about, and those
// learn it only once they prove they control the address (docs/privacy-portal.md).
#include "daylight/verification.h"

#include <sodium.h>

#include <chrono>
#include <cstdlib>
#include <iterator>
#include <string>
#include <utility>

#include "util/secret.h"

namespace dl {
namespace {

constexpr size_t kTokenBytes = 32;
constexpr size_t kDigestBytes = 32;
constexpr int kCodeDigits = 6;

int64_t SteadyMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Six decimal digits, uniform (randombytes_uniform has no modulo bias), leading zeros kept.
std::string NewCode() {
  uint32_t n = randombytes_uniform(1000000);
  std::string code(kCodeDigits, '0');
  for (int i = kCodeDigits - 1; i >= 0; --i) {
    code[i] = static_cast<char>('0' + n % 10);
    n /= 10;
  }
  return code;
}

// The code as typed, with spaces and dashes people put between groups of digits dropped;
// "" when it is not six digits.
std::string CleanCode(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c < '0' || c > '9' || out.size() == kCodeDigits) return "";
    out.push_back(c);
  }
  return out.size() == kCodeDigits ? out : "";
}

}  // namespace

std::string_view DeliveryChannel(IdType type) {
  switch (type) {
    case IdType::kEmail:
      return "email";
    case IdType::kPhone:
      return "sms";
    default:
      return "";
  }
}

VerifierOptions DefaultVerifierOptions() {
  VerifierOptions o;
  if (const char* ttl = std::getenv("DAYLIGHT_CODE_TTL"); ttl != nullptr && *ttl != '\0') {
    char* end = nullptr;
    long seconds = std::strtol(ttl, &end, 10);
    if (end != nullptr && *end == '\0' && seconds >= 1 && seconds <= 3600) {
      o.code_ttl_us = static_cast<int64_t>(seconds) * 1000000;
    }
  }
  return o;
}

OneTimeCodeVerifier::OneTimeCodeVerifier(CodeDelivery* delivery, VerifierOptions options)
    : delivery_(delivery), options_(std::move(options)) {
  EnsureSodium();
  if (!options_.clock) options_.clock = SteadyMicros;
  secret_.resize(crypto_generichash_KEYBYTES);
  randombytes_buf(secret_.data(), secret_.size());
}

OneTimeCodeVerifier::~OneTimeCodeVerifier() {
  sodium_memzero(secret_.data(), secret_.size());
  for (auto& [token, c] : challenges_) sodium_memzero(c.id.value.data(), c.id.value.size());
}

int64_t OneTimeCodeVerifier::Now() const { return options_.clock(); }

// BLAKE2b keyed with the process secret over domain || len(a) || a || b: distinct domains and
// the length prefix keep the inputs of different uses from colliding.
std::string OneTimeCodeVerifier::Digest(std::string_view domain, std::string_view a,
                                        std::string_view b) const {
  crypto_generichash_state st;
  crypto_generichash_init(&st, reinterpret_cast<const unsigned char*>(secret_.data()),
                          secret_.size(), kDigestBytes);
  auto absorb = [&st](std::string_view s) {
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  };
  absorb(domain);
  const uint64_t len = a.size();
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(&len), sizeof len);
  absorb(a);
  absorb(b);
  std::string out(kDigestBytes, '\0');
  crypto_generichash_final(&st, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

void OneTimeCodeVerifier::PruneLocked(int64_t now) {
  // An expired challenge is kept for one more lifetime, so that a late attempt hears "expired"
  // rather than "unknown"; Confirm refuses it all the same.
  while (!order_.empty() && (order_.front().first + options_.code_ttl_us <= now ||
                             challenges_.size() > options_.max_challenges)) {
    auto it = challenges_.find(order_.front().second);
    // A challenge confirmed or locked earlier is gone already.
    if (it != challenges_.end() && it->second.expires_us == order_.front().first) {
      challenges_.erase(it);
    }
    order_.pop_front();
  }
  auto prune = [&](std::map<std::string, std::deque<int64_t>, std::less<>>& starts) {
    for (auto it = starts.begin(); it != starts.end();) {
      while (!it->second.empty() && it->second.front() <= now - options_.window_us) {
        it->second.pop_front();
      }
      it = it->second.empty() ? starts.erase(it) : std::next(it);
    }
  };
  prune(by_identifier_);
  prune(by_client_);
}

bool OneTimeCodeVerifier::Allow(
    const std::map<std::string, std::deque<int64_t>, std::less<>>& starts, const std::string& key,
    int limit) const {
  auto it = starts.find(key);
  return it == starts.end() || static_cast<int>(it->second.size()) < limit;
}

StatusOr<std::string> OneTimeCodeVerifier::Start(const Identifier& id, std::string_view language,
                                                 std::string_view client) {
  if (DeliveryChannel(id.type).empty()) {
    return InvalidArgument("only an e-mail address or a phone number can receive a code");
  }
  const std::string id_key = Digest("identifier", IdTypeName(id.type), id.value);
  const std::string client_key = Digest("client", client);
  std::string token(kTokenBytes, '\0');
  randombytes_buf(token.data(), token.size());
  const std::string token_hex = ToHex(token);
  const std::string token_key = Digest("token", token_hex);
  std::string code = NewCode();
  {
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t now = Now();
    PruneLocked(now);
    // Both limits are checked before either is counted, so a refused start costs nothing.
    if (!Allow(by_client_, client_key, options_.max_starts_per_client) ||
        !Allow(by_identifier_, id_key, options_.max_starts_per_identifier)) {
      return PermissionDenied("too many codes requested; try again later");
    }
    by_client_[client_key].push_back(now);
    by_identifier_[id_key].push_back(now);
    Challenge c{id, Digest("code", token_key, code), now + options_.code_ttl_us, 0};
    order_.emplace_back(c.expires_us, token_key);
    challenges_[token_key] = std::move(c);
    PruneLocked(now);  // holds at most max_challenges
  }
  // Outside the lock: a real delivery may take a while. The code is used up by the delivery
  // and wiped here.
  Status sent = delivery_->Send(id, code, language);
  sodium_memzero(code.data(), code.size());
  if (!sent.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    challenges_.erase(token_key);
    return IOError("the code could not be sent");
  }
  return token_hex;
}

Confirmation OneTimeCodeVerifier::Confirm(std::string_view token, std::string_view typed) {
  Confirmation out;
  const std::string token_key = Digest("token", token);
  const std::string code = CleanCode(typed);
  // A malformed code is a wrong attempt like any other; its digest never matches.
  const std::string digest = Digest("code", token_key, code.empty() ? "not a code" : code);
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t now = Now();
  auto it = challenges_.find(token_key);
  if (it == challenges_.end()) return out;  // kUnknown
  Challenge& c = it->second;
  if (now >= c.expires_us) {
    challenges_.erase(it);
    out.result = Confirmation::Result::kExpired;
    return out;
  }
  if (!code.empty() && sodium_memcmp(digest.data(), c.code_digest.data(), kDigestBytes) == 0) {
    out.result = Confirmation::Result::kVerified;
    out.identifier = std::move(c.id);
    challenges_.erase(it);  // single use
    return out;
  }
  ++c.attempts;
  if (c.attempts >= options_.max_attempts) {
    challenges_.erase(it);
    out.result = Confirmation::Result::kLocked;
    return out;
  }
  out.result = Confirmation::Result::kWrongCode;
  out.attempts_left = options_.max_attempts - c.attempts;
  return out;
}

size_t OneTimeCodeVerifier::Pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return challenges_.size();
}

std::vector<std::string> OneTimeCodeVerifier::StoredCodeDigestsForTest() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& [token, c] : challenges_) out.push_back(c.code_digest);
  return out;
}

}  // namespace dl
