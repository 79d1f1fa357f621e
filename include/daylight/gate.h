// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The one gate (design.md "The one gate"): eligible(identifier, purpose, time) answers allow or
// deny with reasons. Decide() is the only implementation of the rules; the store gathers the
// facts about an identifier (GateFacts) and every user of personal data — explain, audiences,
// exports, the API — asks Decide(). It is a pure function: same facts, same answer.
//
// Rules, all of which must pass:
//  1. provenance  — the identifier belongs to a subject through a self or first_party claim;
//                   shadow identifiers (third_party only) fail here.
//  2. purpose     — at least one of the identifier's own self/first_party claims was collected
//                   for a purpose compatible with the requested one
//                   (include/daylight/compatibility.h).
//  3. legal basis — the policy declares a basis for the purpose; for consent, the subject's latest
//                   consent record for a purpose covering it is a grant, not withdrawn or denied
//                   after, and not expired at `now`.
//  4. objection   — no objection (Art. 21), restriction (Art. 18), erasure (Art. 17) or
//                   suppression covers the purpose.
//  5. quality     — the identifier is neither a blocked placeholder nor shared.
// Every rule is evaluated (not only up to the first failure) so that explain can say all that is
// wrong at once. Reasons are sentences without identifier values.
#ifndef DAYLIGHT_GATE_H_
#define DAYLIGHT_GATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/policy_file.h"
#include "daylight/storage.h"

namespace dl {

enum class ConsentState : uint8_t { kGranted = 1, kDenied = 2, kWithdrawn = 3 };
std::string_view ConsentStateName(ConsentState s);  // "granted", "denied", "withdrawn"

struct ClaimFact {
  Supplier supplier = Supplier::kFirstParty;
  std::string collected_for;
  std::string source;
  int64_t time_us = 0;
};

struct ConsentFact {
  std::string purpose;
  ConsentState state = ConsentState::kGranted;
  int64_t time_us = 0;
  int64_t expires_us = 0;  // 0: does not expire
  std::string source;
  uint64_t seq = 0;  // ledger entry
};

struct GateFacts {
  bool known = false;
  bool has_subject = false;
  bool blocked = false;
  bool shared = false;
  uint32_t shared_by = 0;
  std::vector<ClaimFact> claims;        // the identifier's own claims, every supplier
  uint64_t third_party_uploads = 0;     // distinct uploads holding it
  std::vector<ConsentFact> consents;    // recorded on any identifier of the subject
  std::vector<std::string> objections;  // purposes objected to, on any identifier of the subject
  bool restricted = false;
  bool erased = false;
  bool suppressed = false;
};

struct RuleVerdict {
  int rule = 0;      // 1..5
  std::string name;  // "provenance", "purpose", "legal basis", "objection", "quality"
  bool pass = false;
  std::string reason;
};

struct Decision {
  bool allow = false;
  std::string purpose;
  std::vector<RuleVerdict> rules;  // always five, in order
  // The first failing rule's name, for counting exclusions; for rule 1 the cause instead:
  // "shadow" (third-party only), "shared" or "blocked" (belongs to no subject because of it).
  std::string exclusion;
};

Decision Decide(const GateFacts& facts, std::string_view purpose, int64_t now_us,
                const Policy& policy);

}  // namespace dl

#endif  // DAYLIGHT_GATE_H_
