// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Size guardrails: a keyed threshold and keyed offset rounding (docs/guardrails.md).

#include "daylight/guardrails.h"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/secret.h"

namespace dl {
namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
constexpr std::string_view kDomain = "daylight.guardrails.v1";

// A value uniform in [0, m) (m >= 1) from HMAC-SHA256(secret, domain 0 label 0 key). The modulo
// bias is below m / 2^64, negligible for any rounding or band an operator would configure.
uint64_t Draw(std::string_view secret, std::string_view label, std::string_view key, uint64_t m) {
  if (m <= 1) return 0;
  EnsureSodium();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  const unsigned char zero = 0;
  auto update = [&](std::string_view s) {
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(s.data()),
                                  static_cast<unsigned long long>(s.size()));
  };
  update(kDomain);
  crypto_auth_hmacsha256_update(&state, &zero, 1);
  update(label);
  crypto_auth_hmacsha256_update(&state, &zero, 1);
  update(key);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(mac[i]) << (8 * i);
  return v % m;
}

uint64_t SatMul(uint64_t a, uint64_t b) { return (b != 0 && a > kMax / b) ? kMax : a * b; }
uint64_t SatAdd(uint64_t a, uint64_t b) { return a > kMax - b ? kMax : a + b; }

Status CheckSecret(std::string_view secret) {
  if (secret.size() < kMinGuardSecretBytes) {
    return InvalidArgument("guardrail secret must be at least " +
                           std::to_string(kMinGuardSecretBytes) + " bytes");
  }
  return Status::Ok();
}

GuardedCount GuardValidated(uint64_t n, std::string_view key, const GuardrailOptions& o,
                            std::string_view secret) {
  GuardedCount out;
  const uint64_t t = Draw(secret, "threshold", key, o.threshold_band);
  if (n < o.minimum + t) return out;  // withheld; no overflow (validated)

  const uint64_t r_unit = o.rounding;
  const uint64_t offset = Draw(secret, "offset", key, r_unit);
  const uint64_t q = n / r_unit;
  const uint64_t r = n % r_unit;
  // Round up exactly when r + offset >= rounding: with offset uniform, that happens with
  // probability r / rounding, so the rounding is unbiased over keys.
  uint64_t shown = SatMul(q, r_unit);
  if (r + offset >= r_unit && q < kMax / r_unit) shown = (q + 1) * r_unit;
  // Never show less than the smallest multiple of `rounding` at or above the minimum.
  const uint64_t floor_shown = SatMul((o.minimum + r_unit - 1) / r_unit, r_unit);
  shown = std::max(shown, floor_shown);

  out.withheld = false;
  out.shown = shown;
  out.lower = std::max(shown >= r_unit - 1 ? shown - (r_unit - 1) : uint64_t{0}, o.minimum);
  out.upper = SatAdd(shown, r_unit - 1);
  return out;
}

}  // namespace

Status ValidateGuardrailOptions(const GuardrailOptions& options) {
  if (options.rounding == 0) return InvalidArgument("guardrail rounding must be at least 1");
  if (options.threshold_band == 0) {
    return InvalidArgument("guardrail threshold_band must be at least 1");
  }
  if (options.minimum > kMax - options.threshold_band) {
    return InvalidArgument("guardrail minimum + threshold_band overflows");
  }
  if (options.minimum > kMax - options.rounding) {
    return InvalidArgument("guardrail minimum + rounding overflows");
  }
  return Status::Ok();
}

StatusOr<GuardedCount> Guard(uint64_t true_count, std::string_view definition_key,
                             const GuardrailOptions& options, std::string_view secret) {
  RETURN_IF_ERROR(ValidateGuardrailOptions(options));
  RETURN_IF_ERROR(CheckSecret(secret));
  return GuardValidated(true_count, definition_key, options, secret);
}

StatusOr<std::vector<std::pair<std::string, GuardedCount>>> GuardBreakdown(
    const std::vector<std::pair<std::string, uint64_t>>& counts, std::string_view definition_key,
    const GuardrailOptions& options, std::string_view secret) {
  RETURN_IF_ERROR(ValidateGuardrailOptions(options));
  RETURN_IF_ERROR(CheckSecret(secret));
  std::set<std::string_view> seen;
  std::vector<std::pair<std::string, GuardedCount>> out;
  out.reserve(counts.size());
  for (const auto& [reason, n] : counts) {
    if (reason.empty()) return InvalidArgument("breakdown reason is empty");
    if (!seen.insert(reason).second) {
      return InvalidArgument("breakdown reason '" + reason + "' appears twice");
    }
    std::string key = "breakdown";
    key.push_back('\0');
    key.append(definition_key);
    key.push_back('\0');
    key.append(reason);
    out.emplace_back(reason, GuardValidated(n, key, options, secret));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

Status CheckExportable(uint64_t true_count, std::string_view definition_key,
                       const GuardrailOptions& options, std::string_view secret) {
  ASSIGN_OR_RETURN(GuardedCount g, Guard(true_count, definition_key, options, secret));
  if (g.withheld) {
    return PermissionDenied("audience too small to export (minimum " +
                            std::to_string(options.minimum) + ", with a per-audience margin)");
  }
  return Status::Ok();
}

}  // namespace dl
