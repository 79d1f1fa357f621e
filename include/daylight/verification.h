// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Verifying a requester (issue 4, requirement 7): before a person sees, downloads, objects to or
// asks to erase what is held about an identifier, they prove that they control it. The rights
// code depends only on the Verifier interface; the server brings the one-time-code flow
// (OneTimeCodeVerifier) and a delivery interface (CodeDelivery) with an in-memory outbox for the
// demo (OutboxDelivery). docs/privacy-portal.md describes the flow and its guarantees.
//
// Guarantees of OneTimeCodeVerifier:
//  * No existence oracle: Start never consults the store. A code goes to every syntactically
//    valid e-mail address or phone number, known or not, and Start answers the same way for
//    both; the person learns that nothing is held only after proving control of the address.
//  * Codes are 6 decimal digits from libsodium's CSPRNG (randombytes_uniform), kept only as a
//    keyed BLAKE2b hash (crypto_generichash under a per-process secret, bound to the challenge),
//    compared in constant time, valid for 10 minutes, with at most 5 attempts per challenge,
//    and single use.
//  * Starts are limited per identifier and per client address (5 and 20 per hour by default),
//    so the portal cannot be used to flood a person's inbox.
//  * Nothing here logs: codes, identifiers and tokens are personal data or secrets.
//
// Thread-safety: every class here is safe to use from several threads at once.
#ifndef DAYLIGHT_VERIFICATION_H_
#define DAYLIGHT_VERIFICATION_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/identifier.h"
#include "daylight/status.h"

namespace dl {

// The answer to a confirmation attempt. Not an error: the portal shows each case.
struct Confirmation {
  enum class Result {
    kVerified,   // the code matched: `identifier` is verified; the challenge is used up
    kWrongCode,  // try again; `attempts_left` more tries
    kExpired,    // the code's lifetime passed: start again
    kLocked,     // the last allowed attempt failed: start again
    kUnknown,    // no such challenge (never issued, already used, or forgotten after expiry)
  };
  Result result = Result::kUnknown;
  Identifier identifier;  // kVerified only
  int attempts_left = 0;  // kWrongCode only
  bool ok() const { return result == Result::kVerified; }
};

// Proves that a requester controls an identifier.
class Verifier {
 public:
  virtual ~Verifier() = default;
  // Starts a verification of `id` (an e-mail address or a phone number, normalised) for a
  // requester at `client` (the peer address, used only for rate limits). Returns an opaque
  // challenge token to hand back to Confirm. Answers identically whether or not anything is
  // held about `id`. InvalidArgument for an identifier type that cannot receive a code;
  // PermissionDenied when the rate limit for the identifier or the client is reached (the same
  // for every identifier, known or not); IOError when the delivery failed.
  virtual StatusOr<std::string> Start(const Identifier& id, std::string_view language,
                                      std::string_view client) = 0;
  // Checks `code` against the challenge `token`.
  virtual Confirmation Confirm(std::string_view token, std::string_view code) = 0;
};

// How a code reaches the person: e-mail for e-mail addresses, SMS for phone numbers.
class CodeDelivery {
 public:
  virtual ~CodeDelivery() = default;
  // Sends `code` to `to` in `language` ("en" or "de"). Must not log the code or the recipient.
  virtual Status Send(const Identifier& to, std::string_view code, std::string_view language) = 0;
};

// "email" for e-mail addresses, "sms" for phone numbers, "" for types that cannot receive one.
std::string_view DeliveryChannel(IdType type);
// The text of the message that carries a code ("en" or "de"; anything else gives English).
std::string CodeMessageText(std::string_view code, std::string_view language, int ttl_minutes);

// One message in the outbox.
struct OutboxMessage {
  uint64_t id = 0;      // 1, 2, 3 ... in sending order
  int64_t time_us = 0;  // wall clock
  std::string channel;  // "email" or "sms"
  std::string to;       // "type:value": personal data, shown only to administrators
  std::string language;
  std::string text;  // holds the code
};

// The demo's delivery: keeps the last `capacity` messages in memory (never on disk, never in
// logs) so that the console and administrators (GET /api/v1/outbox) can show them. A real
// deployment plugs in an e-mail or SMS provider behind CodeDelivery instead.
class OutboxDelivery : public CodeDelivery {
 public:
  explicit OutboxDelivery(size_t capacity = 200, int ttl_minutes = 10)
      : capacity_(capacity), ttl_minutes_(ttl_minutes) {}
  Status Send(const Identifier& to, std::string_view code, std::string_view language) override;
  // Newest first; at most `limit` (0: all held).
  std::vector<OutboxMessage> Messages(size_t limit = 0) const;
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::deque<OutboxMessage> messages_;  // oldest first
  uint64_t next_id_ = 1;
  size_t capacity_;
  int ttl_minutes_;
};

struct VerifierOptions {
  int64_t code_ttl_us = 10LL * 60 * 1000000;  // a code is valid this long
  int max_attempts = 5;                       // per challenge
  int max_starts_per_identifier = 5;          // per `window_us`
  int max_starts_per_client = 20;             // per `window_us`
  int64_t window_us = 60LL * 60 * 1000000;
  size_t max_challenges = 100000;  // live challenges held at once (oldest dropped beyond)
  // Microseconds on a monotonic clock; injectable for tests. Default: std::chrono::steady_clock.
  std::function<int64_t()> clock;
};

// The defaults, with DAYLIGHT_CODE_TTL (seconds, 1..3600) overriding code_ttl_us, so that
// scenario tests and demos can see a code expire without waiting ten minutes.
VerifierOptions DefaultVerifierOptions();

class OneTimeCodeVerifier : public Verifier {
 public:
  // `delivery` must outlive the verifier.
  OneTimeCodeVerifier(CodeDelivery* delivery, VerifierOptions options);
  ~OneTimeCodeVerifier() override;

  StatusOr<std::string> Start(const Identifier& id, std::string_view language,
                              std::string_view client) override;
  Confirmation Confirm(std::string_view token, std::string_view code) override;

  // Live challenges (for tests and /metrics).
  size_t Pending() const;
  // The keyed hash under which a challenge's code is kept: tests assert that no stored byte
  // string equals the code or contains it.
  std::vector<std::string> StoredCodeDigestsForTest() const;

 private:
  struct Challenge {
    Identifier id;
    std::string code_digest;  // keyed BLAKE2b of (token digest, code)
    int64_t expires_us = 0;
    int attempts = 0;
  };
  int64_t Now() const;
  std::string Digest(std::string_view domain, std::string_view a, std::string_view b = {}) const;
  // Drops expired challenges and start times outside the window.
  void PruneLocked(int64_t now);
  bool Allow(const std::map<std::string, std::deque<int64_t>, std::less<>>& starts,
             const std::string& key, int limit) const;

  CodeDelivery* delivery_;
  VerifierOptions options_;
  std::string secret_;  // per-process key for the digests; wiped in the destructor
  mutable std::mutex mu_;
  std::map<std::string, Challenge, std::less<>> challenges_;  // by token digest
  std::deque<std::pair<int64_t, std::string>> order_;         // (expiry, token digest)
  // Start times by identifier digest and by client digest.
  std::map<std::string, std::deque<int64_t>, std::less<>> by_identifier_, by_client_;
};

}  // namespace dl

#endif  // DAYLIGHT_VERIFICATION_H_
