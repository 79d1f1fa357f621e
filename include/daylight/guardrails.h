// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Size guardrails against the audience-size oracle (docs/guardrails.md). An audience count is
// never shown or exported as it is: Guard() turns a true count into what may be shown.
//
//   - No count below `minimum` is ever shown, and no audience below it is exported.
//   - The threshold actually applied is minimum + t, and shown counts are rounded to a multiple
//     of `rounding` after adding an offset o. t and o are derived from a keyed hash (HMAC-SHA256
//     under the store secret) of the audience definition key, so the same question always gets
//     the same answer (repeating and averaging reveals nothing), while the boundaries where one
//     added or removed person changes the answer sit at positions nobody outside the store knows.
//   - For a fixed definition key, counts n and n+1 give the same GuardedCount unless a secret
//     boundary falls between them: probability at most 1/threshold_band + 1/rounding over keys.
//   - The rounding is unbiased: averaged over keys, `shown` equals the true count.
//
// Pure functions: no I/O, no clock, no exceptions.
#ifndef DAYLIGHT_GUARDRAILS_H_
#define DAYLIGHT_GUARDRAILS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daylight/status.h"

namespace dl {

// The shortest store secret Guard() accepts, in bytes.
inline constexpr size_t kMinGuardSecretBytes = 16;

struct GuardrailOptions {
  // No count below this is shown or exported, whatever the keyed threshold.
  uint64_t minimum = 100;
  // The applied threshold is minimum + t, t uniform in [0, threshold_band) per definition key.
  // 1 means a fixed threshold (and a boundary where one person flips the answer).
  uint64_t threshold_band = 100;
  // Shown counts are multiples of this. 1 means exact counts (no boundary protection).
  uint64_t rounding = 100;
};

// What may be shown for a count. When withheld, shown, lower and upper are 0.
struct GuardedCount {
  bool withheld = true;
  uint64_t shown = 0;  // a multiple of `rounding`, at least the smallest such >= minimum
  uint64_t lower = 0;  // the true count is in [lower, upper]; derived from `shown` only
  uint64_t upper = 0;
  bool operator==(const GuardedCount&) const = default;
};

// InvalidArgument if rounding or threshold_band is 0 or minimum + threshold_band overflows.
Status ValidateGuardrailOptions(const GuardrailOptions& options);

// Guards `true_count` for the audience named by `definition_key` (the canonical filter text and
// purpose: equivalent spellings should map to one key, so they share their noise). `secret` is
// the store's guardrail secret, at least kMinGuardSecretBytes bytes; it never leaves the store.
// InvalidArgument for bad options or a short secret.
StatusOr<GuardedCount> Guard(uint64_t true_count, std::string_view definition_key,
                             const GuardrailOptions& options, std::string_view secret);

// Guards each (reason, count) of an exclusion breakdown. Each reason gets its own key
// (definition_key + reason), so its noise is independent of the total's. The result is ordered
// by reason name (never by count, which would leak the order of withheld values).
StatusOr<std::vector<std::pair<std::string, GuardedCount>>> GuardBreakdown(
    const std::vector<std::pair<std::string, uint64_t>>& counts, std::string_view definition_key,
    const GuardrailOptions& options, std::string_view secret);

// OK exactly when Guard() would show the count; PermissionDenied ("audience too small to
// export") when it would be withheld, so refusing an export reveals no more than the shown count.
Status CheckExportable(uint64_t true_count, std::string_view definition_key,
                       const GuardrailOptions& options, std::string_view secret);

}  // namespace dl

#endif  // DAYLIGHT_GUARDRAILS_H_
