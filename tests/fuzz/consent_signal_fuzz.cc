// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the policy layer's text parsers on arbitrary bytes: ParseSignal (and
// through it the TCF, Google consent mode and GPC parsers), ParsePolicy, and the signals.csv
// reader (include/daylight/consent_signal.h, include/daylight/policy_file.h). Besides "no crash,
// no sanitizer report" it checks the properties callers rely on:
//  * every rejection is InvalidArgument; policy errors start with "<name>:<line>: ", reader row
//    errors with "<name>:<line>: ";
//  * a parsed signal holds known purpose keys, sorted and unique, none both granted and denied;
//    GPC signals only object, and only to the two GPC purposes;
//  * parsing is deterministic; a parsed policy answers BasisFor for every known purpose, with an
//    entry covering it, and never legitimate_interest for third-party targeted advertising.
// A violated property aborts, which libFuzzer reports as a crash with the input saved.
//
//   CC=clang CXX=clang++ cmake -S . -B build-fuzz-policy -DDAYLIGHT_BUILD_FUZZERS=ON \
//       -DDAYLIGHT_BUILD_TESTS=OFF -DDAYLIGHT_BUILD_BENCHMARKS=OFF
//   cmake --build build-fuzz-policy -j1 --target consent_signal_fuzz
//   ./build-fuzz-policy/tests/fuzz/consent_signal_fuzz tests/fuzz/seeds/consent_signal_fuzz

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "daylight/consent_signal.h"
#include "daylight/policy_file.h"
#include "daylight/purpose.h"

namespace {

void Fail(const char* what) {
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

void CheckError(const dl::Status& status) {
  if (status.code() != dl::StatusCode::kInvalidArgument) Fail("error is not InvalidArgument");
  if (status.message().empty()) Fail("empty error message");
}

void CheckList(const std::vector<std::string>& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (!dl::IsKnownPurpose(list[i])) Fail("unknown purpose in a signal");
    if (i > 0 && !(list[i - 1] < list[i])) Fail("purpose list not sorted and unique");
  }
}

void CheckSignal(const dl::ConsentSignal& s) {
  CheckList(s.granted_purposes);
  CheckList(s.denied_purposes);
  CheckList(s.objections);
  for (const std::string& g : s.granted_purposes) {
    if (std::find(s.denied_purposes.begin(), s.denied_purposes.end(), g) !=
        s.denied_purposes.end()) {
      Fail("purpose both granted and denied");
    }
  }
  if (s.kind == dl::SignalKind::kGpc) {
    if (!s.granted_purposes.empty() || !s.denied_purposes.empty()) Fail("GPC grants or denies");
    for (const std::string& o : s.objections) {
      if (o != "third_party_sharing" && o != "marketing.advertising.third_party.targeted") {
        Fail("GPC objects to an unexpected purpose");
      }
    }
  } else if (!s.objections.empty()) {
    Fail("non-GPC signal carries objections");
  }
}

bool StartsWithLocation(const std::string& message, const std::string& name) {
  if (message.compare(0, name.size() + 1, name + ":") != 0) return false;
  size_t i = name.size() + 1;
  const size_t digits = i;
  while (i < message.size() && message[i] >= '0' && message[i] <= '9') ++i;
  return i > digits && message.compare(i, 2, ": ") == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // 1. One signal cell.
  const dl::StatusOr<dl::ConsentSignal> signal = dl::ParseSignal(input);
  if (signal.ok()) {
    CheckSignal(*signal);
    const dl::StatusOr<dl::ConsentSignal> again = dl::ParseSignal(input);
    if (!again.ok() || !(*again == *signal)) Fail("ParseSignal is not deterministic");
  } else {
    CheckError(signal.status());
  }

  // 2. A policy file.
  const dl::StatusOr<dl::Policy> policy = dl::ParsePolicy(input, "p.txt");
  if (policy.ok()) {
    for (const std::string& key : dl::KnownPurposes()) {
      const dl::PolicyEntry* entry = policy->EntryFor(key);
      if (entry != nullptr && !dl::PurposeCovers(entry->purpose, key)) Fail("entry not covering");
      if ((entry != nullptr) != policy->BasisFor(key).has_value()) Fail("BasisFor != EntryFor");
    }
    if (policy->BasisFor("marketing.advertising.third_party.targeted") ==
        dl::LegalBasis::kLegitimateInterest) {
      Fail("legitimate interest for third-party targeted advertising");
    }
  } else {
    CheckError(policy.status());
    if (!StartsWithLocation(policy.status().message(), "p.txt")) Fail("policy error location");
  }

  // 3. A signals.csv body under the fixed header.
  dl::StatusOr<std::unique_ptr<dl::ConsentSignalsReader>> reader =
      dl::ConsentSignalsReader::Open("identifier,signal,time\n" + std::string(input), "s.csv");
  if (!reader.ok()) Fail("header rejected");
  dl::SignalRow row;
  uint64_t last_line = 1;
  for (int rows = 0; rows < 100000; ++rows) {
    const dl::StatusOr<bool> more = (*reader)->Next(&row);
    if (!more.ok()) {
      CheckError(more.status());
      if (!StartsWithLocation(more.status().message(), "s.csv")) Fail("reader error location");
      continue;
    }
    if (!*more) break;
    if (row.line <= last_line) Fail("row lines not increasing");
    last_line = row.line;
    if (row.identifier.empty()) Fail("empty identifier accepted");
    CheckSignal(row.signal);
  }
  return 0;
}
