// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for every identifier normaliser, the country mapper, the blocklist's line
// parser and every platform hash profile, on arbitrary bytes. Besides "no crash, no sanitizer
// report" it checks the properties callers rely on:
//  * normalisation is idempotent: normalising a normalised value gives it back unchanged;
//  * a value ParseIdentifier accepts round-trips through Identifier::ToString();
//  * error messages never contain the input (they end up in logs; the input is personal data).
// A violated property aborts, which libFuzzer reports as a crash with the input saved.
//
//   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DDAYLIGHT_BUILD_FUZZERS=ON \
//       -DDAYLIGHT_BUILD_TESTS=OFF -DDAYLIGHT_BUILD_BENCHMARKS=OFF
//   cmake --build build-fuzz --target normalizers_fuzz && ./build-fuzz/tests/fuzz/normalizers_fuzz

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "daylight/blocklist.h"
#include "daylight/hash_profiles.h"
#include "daylight/identifier.h"

namespace {

using dl::HashField;
using dl::IdType;
using dl::Platform;
using dl::StatusOr;

// Regions the first input byte chooses from, including the awkward ones.
constexpr std::string_view kRegions[] = {"", "DE", "de", "US", "GB", "FR", "CA", "MX", "ZZ", "X"};

void Fail(const char* what) {
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

// Every message we write is ASCII. So if the input has a non-ASCII byte and the message
// contains the whole input, the message echoes it; for pure-ASCII inputs a match could be
// chance ("national" is in "national number too short"), so those are not checked.
void CheckNoEcho(const dl::Status& s, std::string_view input) {
  bool non_ascii = false;
  for (char c : input) non_ascii = non_ascii || static_cast<unsigned char>(c) >= 0x80;
  if (non_ascii && s.message().find(input) != std::string::npos) {
    Fail("error message contains the input");
  }
}

template <typename F>
void CheckIdempotent(const StatusOr<std::string>& first, std::string_view input, F normalize) {
  if (!first.ok()) {
    CheckNoEcho(first.status(), input);
    return;
  }
  StatusOr<std::string> second = normalize(*first);
  if (!second.ok() || *second != *first) Fail("normalisation is not idempotent");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view region = kRegions[data[0] % std::size(kRegions)];
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);

  CheckIdempotent(dl::NormalizeEmail(input), input,
                  [](std::string_view v) { return dl::NormalizeEmail(v); });
  StatusOr<std::string> phone = dl::NormalizePhone(input, region);
  // An E.164 value carries its own country code, so it must survive without a region.
  CheckIdempotent(phone, input, [](std::string_view v) { return dl::NormalizePhone(v, ""); });
  if (phone.ok() && (phone->empty() || (*phone)[0] != '+')) Fail("phone is not E.164");
  CheckIdempotent(dl::NormalizeMaid(input), input,
                  [](std::string_view v) { return dl::NormalizeMaid(v); });
  CheckIdempotent(dl::NormalizeVin(input, region), input,
                  [&](std::string_view v) { return dl::NormalizeVin(v, region); });
  CheckIdempotent(dl::NormalizeExternal(input), input,
                  [](std::string_view v) { return dl::NormalizeExternal(v); });

  const dl::Blocklist& defaults = *[] {
    static const dl::Blocklist* const b = new dl::Blocklist(dl::Blocklist::Defaults());
    return b;
  }();
  StatusOr<dl::Identifier> id = dl::ParseIdentifier(input, region);
  if (id.ok()) {
    StatusOr<dl::Identifier> again = dl::ParseIdentifier(id->ToString(), region);
    if (!again.ok() || !(*again == *id)) Fail("ParseIdentifier(ToString()) does not round-trip");
    std::string reason = defaults.Reason(*id);
    if (reason.empty() == defaults.IsBlocked(*id)) Fail("Reason and IsBlocked disagree");
  } else {
    CheckNoEcho(id.status(), input.substr(input.find(':') + 1));
  }

  if (std::optional<std::string> c = dl::NormalizeCountry(input)) {
    std::optional<std::string> again = dl::NormalizeCountry(*c);
    if (c->size() != 2 || !again || *again != *c) Fail("country is not a stable alpha-2 code");
  }

  dl::Blocklist scratch = dl::Blocklist::Empty();
  dl::Status line = scratch.AddLine(input);
  (void)line;

  for (Platform p : {Platform::kMeta, Platform::kGoogle, Platform::kPair}) {
    for (int f = static_cast<int>(HashField::kEmail); f <= static_cast<int>(HashField::kGender);
         ++f) {
      StatusOr<std::string> n =
          dl::NormalizeForPlatform(p, static_cast<HashField>(f), input, region);
      if (!n.ok()) CheckNoEcho(n.status(), input);
      StatusOr<std::string> h = dl::HashForPlatform(p, static_cast<HashField>(f), input, region);
      if (h.ok() && (!n.ok() || *h != dl::Sha256Hex(*n)))
        Fail("hash is not SHA-256 of normal form");
    }
  }
  return 0;
}
