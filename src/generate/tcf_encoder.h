// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// A small IAB TCF TC string encoder for the demo data set's consent signals (signals.csv). It
// writes what a consent management platform (CMP) writes for one banner answer: a core segment
// (IAB Tech Lab "Transparency & Consent String and Global Vendor List Format" v2, fields in
// order) and the DisclosedVendors segment that TCF v2.3 makes mandatory. Daylight itself never
// writes TC strings; it reads them with the strict decoder in src/policy/tcf_decoder.cc, and
// tcf_encoder_test.cc checks every string written here against that decoder.
//
// Fixed by design (what a CMP on one website writes): IsServiceSpecific = 1 (global scope is
// invalid since 2021), UseNonStandardTexts = 0, no special-feature opt-ins,
// PurposeOneTreatment = 0, no publisher restrictions, no PublisherTC segment.
#ifndef DAYLIGHT_GENERATE_TCF_ENCODER_H_
#define DAYLIGHT_GENERATE_TCF_ENCODER_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace dl::generate {

// Purposes as a bit mask: bit p-1 is purpose p (1..24).
uint32_t TcfPurposeMask(std::initializer_list<int> purposes);

struct TcfChoice {
  int64_t created_deciseconds = 0;  // Created: deciseconds since the epoch (CMPs round to days)
  int64_t last_updated_deciseconds = 0;
  uint16_t cmp_id = 0;                    // 12 bits
  uint16_t cmp_version = 0;               // 12 bits
  uint8_t consent_screen = 0;             // 6 bits
  std::string consent_language = "EN";    // two letters A-Z
  uint16_t vendor_list_version = 0;       // 12 bits
  uint8_t tcf_policy_version = 5;         // 6 bits; 5: TCF v2.3
  uint32_t purposes_consent = 0;          // TcfPurposeMask
  uint32_t purposes_li_transparency = 0;  // TcfPurposeMask; never 1 or 3-6 (TCF v2.2)
  std::string publisher_cc = "DE";        // two letters A-Z
  // GVL vendor ids (1..65535), any order, duplicates ignored.
  std::vector<uint16_t> vendor_consents;
  std::vector<uint16_t> vendor_legitimate_interests;
  std::vector<uint16_t> disclosed_vendors;
};

// The TC string: base64url without padding, core and DisclosedVendors segments joined by '.'.
// Each vendor section uses the shorter of the bitfield and range encodings, as CMPs do.
// Preconditions (checked with assert): letters A-Z, values within their field widths.
std::string EncodeTcString(const TcfChoice& choice);

}  // namespace dl::generate

#endif  // DAYLIGHT_GENERATE_TCF_ENCODER_H_
