// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the TCF v2.2/v2.3 TC string decoder (include/daylight/tcf.h) on
// arbitrary bytes. Besides "no crash, no sanitizer report" it checks the properties callers
// rely on:
//  * a rejected string is InvalidArgument and the message names a position ("bit N" within a
//    segment, or "character N");
//  * a decoded string is consistent: every vendor set's ids are ascending, within 1..MaxVendorId
//    and answer Contains(); restriction ranges have 1 <= first <= last; letters are A-Z;
//  * decoding is deterministic, and CheckTcfPolicy / FidesPurposesGranted accept any result.
// A violated property aborts, which libFuzzer reports as a crash with the input saved.
//
//   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DDAYLIGHT_BUILD_FUZZERS=ON \
//       -DDAYLIGHT_BUILD_TESTS=OFF -DDAYLIGHT_BUILD_BENCHMARKS=OFF
//   cmake --build build-fuzz --target tcf_decoder_fuzz
// Stand-alone:
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
//       tests/fuzz/tcf_decoder_fuzz.cc src/policy/tcf_decoder.cc src/policy/purpose.cc \
//       src/util/status.cc -o /tmp/tcf_decoder_fuzz
//   /tmp/tcf_decoder_fuzz tests/fuzz/seeds/tcf_decoder_fuzz

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "daylight/tcf.h"

namespace {

void Fail(const char* what) {
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

void CheckSet(const dl::VendorSet& set) {
  const auto ids = set.Ids();
  if (ids.size() != set.Count()) Fail("Count() != Ids().size()");
  uint32_t previous = 0;
  for (uint16_t id : ids) {
    if (id <= previous) Fail("ids not ascending or contain 0");
    if (id > set.max_vendor_id()) Fail("id above MaxVendorId");
    if (!set.Contains(id)) Fail("Contains() false for a listed id");
    previous = id;
  }
  if (set.Contains(0)) Fail("Contains(0)");
  if (set.max_vendor_id() < 65535 && set.Contains(static_cast<uint16_t>(set.max_vendor_id() + 1))) {
    Fail("Contains() above MaxVendorId");
  }
}

void CheckLetters(const std::string& s) {
  if (s.size() != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z') Fail("letters");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const dl::StatusOr<dl::TcString> tc = dl::DecodeTcString(input);
  if (!tc.ok()) {
    if (tc.status().code() != dl::StatusCode::kInvalidArgument)
      Fail("error is not InvalidArgument");
    const std::string& m = tc.status().message();
    if (m.find("bit ") == std::string::npos && m.find("character ") == std::string::npos) {
      Fail("error names no position");
    }
    return 0;
  }
  if (tc->version != 2) Fail("version");
  CheckLetters(tc->consent_language);
  CheckLetters(tc->publisher_cc);
  CheckSet(tc->vendor_consents);
  CheckSet(tc->vendor_legitimate_interests);
  if (tc->disclosed_vendors) CheckSet(*tc->disclosed_vendors);
  for (const dl::PublisherRestriction& r : tc->publisher_restrictions) {
    if (r.purpose_id < 1 || r.purpose_id > 63) Fail("restriction purpose");
    if (static_cast<int>(r.type) > 2) Fail("restriction type");
    for (const dl::VendorRange& v : r.vendors) {
      if (v.first == 0 || v.first > v.last) Fail("restriction range");
      if (!r.Covers(v.first) || !r.Covers(v.last)) Fail("Covers()");
    }
  }
  const dl::StatusOr<dl::TcString> again = dl::DecodeTcString(input);
  if (!again.ok() || !(*again == *tc)) Fail("decoding is not deterministic");
  (void)dl::CheckTcfPolicy(*tc);
  (void)dl::FidesPurposesGranted(*tc);
  return 0;
}
