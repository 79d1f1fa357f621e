// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Placeholder identifiers (design.md gate rule 5): values such as "test@test.com" or
// "0000000000" that many unrelated records carry. A blocked identifier never joins a subject
// and is never eligible. The list is configurable; Defaults() holds sensible defaults.
#ifndef DAYLIGHT_BLOCKLIST_H_
#define DAYLIGHT_BLOCKLIST_H_

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "daylight/identifier.h"
#include "daylight/status.h"

namespace dl {

class Blocklist {
 public:
  // Built-in defaults (docs/normalisation.md, "Blocklist"): word@word.tld placeholders
  // (test@test.com, a@a.com ...), test@example.com and a few like it, any e-mail under the
  // reserved TLDs .test/.invalid/.example/.localhost, all-same-digit national numbers
  // (0000000000 ...), sequential 1234567890, North American 555-01XX fiction numbers, GB Ofcom
  // drama numbers, the all-zero advertising id and one-character VINs. Role addresses such as
  // noreply@company.com are real mailboxes and are not blocked.
  static Blocklist Defaults();
  static Blocklist Empty() { return Blocklist(); }

  // Adds entries from a text file: one "type:value" (exact, normalised) or
  // "email-domain:example.com" or "phone-pattern:REGEX" (ECMAScript, matched against the
  // E.164 value) per line; '#' starts a comment. Errors name file and line.
  Status LoadFile(const std::string& path);
  Status AddLine(std::string_view line);

  // True if the normalised identifier is a placeholder. Thread-safe for concurrent reads.
  bool IsBlocked(const Identifier& id) const;
  // Reason in words without the value, e.g. "placeholder e-mail domain", "placeholder number".
  std::string Reason(const Identifier& id) const;

 private:
  std::unordered_set<std::string> exact_;          // "type:value"
  std::unordered_set<std::string> email_domains_;  // "example.com"
  std::vector<std::string> phone_patterns_;        // regex sources
};

}  // namespace dl

#endif  // DAYLIGHT_BLOCKLIST_H_
