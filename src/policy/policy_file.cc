// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "daylight/policy_file.h"

#include <array>
#include <fstream>
#include <sstream>
#include <utility>

#include "daylight/purpose.h"

namespace dl {

namespace {

constexpr std::array<std::pair<LegalBasis, std::string_view>, 6> kBasisNames = {{
    {LegalBasis::kConsent, "consent"},
    {LegalBasis::kContract, "contract"},
    {LegalBasis::kLegalObligation, "legal_obligation"},
    {LegalBasis::kVitalInterest, "vital_interest"},
    {LegalBasis::kPublicTask, "public_task"},
    {LegalBasis::kLegitimateInterest, "legitimate_interest"},
}};

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (IsSpace(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (IsSpace(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits on runs of spaces and tabs.
std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    const size_t start = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

bool Overlap(std::string_view a, std::string_view b) {
  return PurposeCovers(a, b) || PurposeCovers(b, a);
}

constexpr std::string_view kDefaultPolicy =
    "# Daylight's built-in demo policy (docs/policy-file.md). Operators write their own.\n"
    "essential    contract   # providing the service the person signed up for\n"
    "marketing    consent    # every marketing use needs the person's opt-in\n"
    "analytics    consent    # measurement needs the person's opt-in\n"
    "# functional.* and third_party_sharing: no basis, so the gate denies them.\n";

}  // namespace

std::string_view LegalBasisName(LegalBasis basis) {
  for (const auto& [b, name] : kBasisNames) {
    if (b == basis) return name;
  }
  return "unknown";
}

std::optional<LegalBasis> ParseLegalBasis(std::string_view name) {
  for (const auto& [b, n] : kBasisNames) {
    if (n == name) return b;
  }
  return std::nullopt;
}

const std::vector<RefusedBasis>& RefusedBases() {
  static const std::vector<RefusedBasis> kRefused = {
      {"marketing.advertising.third_party.targeted", LegalBasis::kLegitimateInterest,
       "custom audiences on another platform rest on consent: the CJEU (C-252/21, Meta v "
       "Bundeskartellamt, 4 July 2023) held that personalised advertising of this kind does not "
       "override the person's interests under Art. 6(1)(f)"},
      {"marketing", LegalBasis::kContract,
       "marketing is not necessary to perform a contract with the person (EDPB Guidelines "
       "2/2019; C-252/21)"},
      {"marketing", LegalBasis::kLegalObligation, "no law obliges an organisation to market"},
      {"marketing", LegalBasis::kVitalInterest, "marketing never protects someone's life"},
      {"marketing", LegalBasis::kPublicTask, "marketing is not a task in the public interest"},
  };
  return kRefused;
}

const PolicyEntry* Policy::EntryFor(std::string_view purpose) const {
  if (!IsKnownPurpose(purpose)) return nullptr;
  const PolicyEntry* best = nullptr;
  for (const PolicyEntry& entry : entries_) {
    if (PurposeCovers(entry.purpose, purpose) &&
        (best == nullptr || entry.purpose.size() > best->purpose.size())) {
      best = &entry;
    }
  }
  return best;
}

std::optional<LegalBasis> Policy::BasisFor(std::string_view purpose) const {
  const PolicyEntry* entry = EntryFor(purpose);
  if (entry == nullptr) return std::nullopt;
  return entry->basis;
}

StatusOr<Policy> ParsePolicy(std::string_view text, std::string_view name) {
  std::vector<PolicyEntry> entries;
  int line_no = 0;
  size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // UTF-8 byte-order mark
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    const auto fail = [&](const std::string& reason) {
      return InvalidArgument(std::string(name) + ":" + std::to_string(line_no) + ": " + reason);
    };
    std::string_view comment;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) {
      comment = Trim(line.substr(hash + 1));
      line = line.substr(0, hash);
    }
    for (char c : line) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t' && c != '\r') || u == 0x7F) {
        return fail("control character (byte " + std::to_string(u) + ")");
      }
    }
    const std::vector<std::string_view> words = Words(Trim(line));
    if (words.empty()) continue;
    if (!IsKnownPurpose(words[0])) return fail("unknown purpose (see docs/purposes.md)");
    if (words.size() < 2) return fail("purpose " + std::string(words[0]) + " has no legal basis");
    const std::optional<LegalBasis> basis = ParseLegalBasis(words[1]);
    if (!basis) {
      return fail(
          "unknown legal basis (consent, contract, legal_obligation, vital_interest, "
          "public_task or legitimate_interest)");
    }
    if (words.size() > 2)
      return fail("unexpected text after the legal basis (comments start with #)");
    for (const PolicyEntry& earlier : entries) {
      if (earlier.purpose == words[0]) {
        return fail("duplicate purpose " + earlier.purpose + " (first declared on line " +
                    std::to_string(earlier.line) + ")");
      }
    }
    for (const RefusedBasis& refused : RefusedBases()) {
      if (refused.basis == *basis && Overlap(words[0], refused.purpose)) {
        std::string reason = std::string(LegalBasisName(*basis)) + " is refused for ";
        reason += refused.purpose;
        if (words[0] != refused.purpose) {
          reason += " (declared through " + std::string(words[0]) + ")";
        }
        return fail(reason + ": " + std::string(refused.reason));
      }
    }
    entries.push_back({std::string(words[0]), *basis, line_no, std::string(comment)});
  }
  return Policy(std::move(entries));
}

StatusOr<Policy> LoadPolicyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IOError(path + ": cannot open policy file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return IOError(path + ": cannot read policy file");
  return ParsePolicy(buffer.str(), path);
}

std::string_view DefaultPolicyText() { return kDefaultPolicy; }

const Policy& DefaultPolicy() {
  static const Policy kPolicy = [] {
    StatusOr<Policy> parsed = ParsePolicy(kDefaultPolicy, "default policy");
    return parsed.ok() ? std::move(parsed).value() : Policy();
  }();
  return kPolicy;
}

}  // namespace dl
