// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The operator's policy file: which GDPR Art. 6(1) legal basis the organisation relies on for each
// purpose (design.md, gate rule 3). Format and refusals are documented in docs/policy-file.md:
//
//   # purpose                      basis                 # comment
//   marketing.communications.email consent
//   essential                      contract
//   analytics                      legitimate_interest   # LIA 2026-03, DPO ref 17
//
// Contract:
//  * ParsePolicy is a pure function. Any defect fails the whole file with InvalidArgument
//    "<name>:<line>: <reason>" (1-based line): unknown purpose, unknown basis, a duplicate purpose,
//    a missing basis, extra words, or a refused combination (RefusedBases()). Messages quote
//    purpose and basis keys only when they are known keys.
//  * A purpose with no line, and no declared parent, has no basis: BasisFor answers nullopt and
//    the gate denies.
//  * BasisFor resolves through parents: the most specific declared key that covers the purpose
//    wins ("marketing consent" + "marketing.communications.email legitimate_interest" gives
//    legitimate_interest for e-mail and consent for everything else under marketing).
//  * Declaring a basis for a parent declares it for every child, so a refused combination is
//    refused for the parents of the refused key too (legitimate_interest for "marketing" would
//    cover third-party targeted advertising).
#ifndef DAYLIGHT_POLICY_FILE_H_
#define DAYLIGHT_POLICY_FILE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/status.h"

namespace dl {

// GDPR Art. 6(1)(a)-(f).
enum class LegalBasis {
  kConsent,             // (a) consent
  kContract,            // (b) contract
  kLegalObligation,     // (c) legal_obligation
  kVitalInterest,       // (d) vital_interest
  kPublicTask,          // (e) public_task
  kLegitimateInterest,  // (f) legitimate_interest
};

// "consent", "contract", "legal_obligation", "vital_interest", "public_task",
// "legitimate_interest".
std::string_view LegalBasisName(LegalBasis basis);
// Inverse of LegalBasisName (exact, lower case); nullopt otherwise.
std::optional<LegalBasis> ParseLegalBasis(std::string_view name);

// A combination the parser refuses, whatever the operator writes: declaring `basis` for
// `purpose` or for any key that covers it or that it covers.
struct RefusedBasis {
  std::string_view purpose;
  LegalBasis basis;
  std::string_view reason;
};
const std::vector<RefusedBasis>& RefusedBases();

struct PolicyEntry {
  std::string purpose;
  LegalBasis basis = LegalBasis::kConsent;
  int line = 0;         // 1-based line in the file
  std::string comment;  // text after '#' on the same line, trimmed ("" if none)
};

class Policy {
 public:
  Policy() = default;
  explicit Policy(std::vector<PolicyEntry> entries) : entries_(std::move(entries)) {}

  // The basis for `purpose` (see the contract); nullopt if none or if `purpose` is unknown.
  std::optional<LegalBasis> BasisFor(std::string_view purpose) const;
  // The entry that BasisFor used, or nullptr.
  const PolicyEntry* EntryFor(std::string_view purpose) const;
  // Entries in file order.
  const std::vector<PolicyEntry>& entries() const { return entries_; }

 private:
  std::vector<PolicyEntry> entries_;
};

// Parses policy text; `name` ("policy.txt") prefixes error messages.
StatusOr<Policy> ParsePolicy(std::string_view text, std::string_view name);
// Reads and parses a file; IOError if it cannot be read. Messages use the path as the name.
StatusOr<Policy> LoadPolicyFile(const std::string& path);

// The built-in demo policy (docs/policy-file.md): essential contract; marketing and analytics
// consent; nothing for functional.* and third_party_sharing.
std::string_view DefaultPolicyText();
const Policy& DefaultPolicy();

}  // namespace dl

#endif  // DAYLIGHT_POLICY_FILE_H_
