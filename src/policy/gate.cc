// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "daylight/gate.h"

#include <algorithm>

#include <fmt/format.h>

#include "daylight/compatibility.h"
#include "daylight/purpose.h"

namespace dl {
namespace {

std::string Plural(uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

RuleVerdict Provenance(const GateFacts& f) {
  RuleVerdict v{1, "provenance", false, ""};
  bool direct = std::any_of(f.claims.begin(), f.claims.end(), [](const ClaimFact& c) {
    return c.supplier == Supplier::kSelf || c.supplier == Supplier::kFirstParty;
  });
  if (!f.known) {
    v.reason = "not known to this store";
  } else if (!direct) {
    v.reason = fmt::format(
        "shadow: supplied only by {}; no claim from the person or from the "
        "organisation's own records",
        Plural(f.third_party_uploads, "third-party upload", "third-party uploads"));
  } else if (!f.has_subject) {
    v.reason = "claimed by the person or the organisation, but belongs to no subject (see rule 5)";
  } else {
    v.pass = true;
    v.reason = "supplied by the person or the organisation's own records";
  }
  return v;
}

// Data collected for these is usable for nothing else, not even with consent (design.md: "a
// phone given for essential.security is never usable for marketing, whatever else holds").
bool Sealed(std::string_view collected_for) {
  return PurposeCovers("essential.security", collected_for) ||
         PurposeCovers("functional.contact_discovery", collected_for);
}

RuleVerdict PurposeRule(const GateFacts& f, std::string_view purpose, const Policy& policy) {
  RuleVerdict v{2, "purpose", false, ""};
  // GDPR Art. 6(4): a new purpose needs compatibility with the original one, or the person's
  // consent to the new purpose. Rule 3 checks that the consent exists.
  const bool consent_based = policy.BasisFor(purpose) == LegalBasis::kConsent;
  std::vector<std::string> seen;
  for (const ClaimFact& c : f.claims) {
    if (c.supplier != Supplier::kSelf && c.supplier != Supplier::kFirstParty) continue;
    if (CompatibleUse(c.collected_for, purpose)) {
      v.pass = true;
      v.reason = fmt::format("collected for {} (source {}), compatible with {}", c.collected_for,
                             c.source, purpose);
      return v;
    }
    if (consent_based && !Sealed(c.collected_for)) {
      v.pass = true;
      v.reason = fmt::format(
          "collected for {} (source {}); used for {} only on the person's "
          "consent (Art. 6(4), rule 3)",
          c.collected_for, c.source, purpose);
      return v;
    }
    if (std::find(seen.begin(), seen.end(), c.collected_for) == seen.end()) {
      seen.push_back(c.collected_for);
    }
  }
  if (seen.empty()) {
    v.reason = "no claim from the person or the organisation to check";
    return v;
  }
  std::string why;
  for (const std::string& c : seen)
    why += (why.empty() ? "" : "; ") + ExplainCompatibility(c, purpose);
  v.reason = why;
  return v;
}

RuleVerdict LegalBasisRule(const GateFacts& f, std::string_view purpose, int64_t now_us,
                           const Policy& policy) {
  RuleVerdict v{3, "legal basis", false, ""};
  std::optional<LegalBasis> basis = policy.BasisFor(purpose);
  if (!basis) {
    v.reason = fmt::format("the policy declares no legal basis for {}", purpose);
    return v;
  }
  if (*basis != LegalBasis::kConsent) {
    v.pass = true;
    v.reason = fmt::format("{} declared in the policy", LegalBasisName(*basis));
    return v;
  }
  // The latest consent record for any purpose covering the requested one decides.
  const ConsentFact* latest = nullptr;
  for (const ConsentFact& c : f.consents) {
    // Records made after the time asked about do not exist yet for that decision.
    if (!PurposeCovers(c.purpose, purpose) || c.time_us > now_us) continue;
    if (latest == nullptr || c.time_us > latest->time_us ||
        (c.time_us == latest->time_us && c.seq > latest->seq)) {
      latest = &c;
    }
  }
  if (latest == nullptr) {
    v.reason = fmt::format("consent required by the policy; none recorded for {}", purpose);
  } else if (latest->state != ConsentState::kGranted) {
    v.reason = fmt::format("consent {} for {}", ConsentStateName(latest->state), latest->purpose);
  } else if (latest->expires_us != 0 && latest->expires_us <= now_us) {
    v.reason = fmt::format("consent for {} expired", latest->purpose);
  } else {
    v.pass = true;
    v.reason =
        fmt::format("consent granted for {} (ledger entry {})", latest->purpose, latest->seq);
  }
  return v;
}

RuleVerdict ObjectionRule(const GateFacts& f, std::string_view purpose) {
  RuleVerdict v{4, "objection", false, ""};
  if (f.erased) {
    v.reason = "erased (Art. 17)";
  } else if (f.suppressed) {
    v.reason = "on the suppression list";
  } else if (f.restricted) {
    v.reason = "processing restricted (Art. 18): storage only";
  } else {
    for (const std::string& o : f.objections) {
      if (PurposeCovers(o, purpose)) {
        v.reason = fmt::format("objection (Art. 21) to {}", o);
        return v;
      }
    }
    v.pass = true;
    v.reason = "no objection, restriction, erasure or suppression";
  }
  return v;
}

RuleVerdict QualityRule(const GateFacts& f) {
  RuleVerdict v{5, "quality", false, ""};
  if (f.blocked) {
    v.reason = "placeholder value (blocked)";
  } else if (f.shared) {
    v.reason = fmt::format("shared by {} subjects (more than the share limit)", f.shared_by);
  } else {
    v.pass = true;
    v.reason = "neither a placeholder nor shared";
  }
  return v;
}

}  // namespace

std::string_view ConsentStateName(ConsentState s) {
  switch (s) {
    case ConsentState::kGranted:
      return "granted";
    case ConsentState::kDenied:
      return "denied";
    case ConsentState::kWithdrawn:
      return "withdrawn";
  }
  return "unknown";
}

Decision Decide(const GateFacts& facts, std::string_view purpose, int64_t now_us,
                const Policy& policy) {
  Decision d;
  d.purpose = std::string(purpose);
  if (!IsKnownPurpose(purpose)) {
    d.rules.push_back({0, "purpose", false, "unknown purpose"});
    d.exclusion = "unknown purpose";
    return d;
  }
  d.rules.push_back(Provenance(facts));
  d.rules.push_back(PurposeRule(facts, purpose, policy));
  d.rules.push_back(LegalBasisRule(facts, purpose, now_us, policy));
  d.rules.push_back(ObjectionRule(facts, purpose));
  d.rules.push_back(QualityRule(facts));
  d.allow =
      std::all_of(d.rules.begin(), d.rules.end(), [](const RuleVerdict& r) { return r.pass; });
  for (const RuleVerdict& r : d.rules) {
    if (r.pass) continue;
    d.exclusion = r.name;
    if (r.rule == 1 && facts.known) {
      // Name the cause a marketer can act on: a shadow contact, or an identifier that belongs to
      // no subject because it is a placeholder or shared.
      if (r.reason.rfind("shadow", 0) == 0)
        d.exclusion = "shadow";
      else if (facts.blocked)
        d.exclusion = "blocked";
      else if (facts.shared)
        d.exclusion = "shared";
    }
    break;
  }
  return d;
}

}  // namespace dl
