// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "generate/tcf_encoder.h"

#include <algorithm>
#include <cassert>
#include <string>
#include <vector>

namespace dl::generate {
namespace {

// Bits, most significant first, as the TC string format lays them out.
class BitWriter {
 public:
  void Put(uint64_t value, int width) {
    assert(width == 64 || value >> width == 0);
    for (int k = width - 1; k >= 0; --k) bits_.push_back(((value >> k) & 1U) != 0);
  }
  void PutLetters(const std::string& two) {
    assert(two.size() == 2 && two[0] >= 'A' && two[0] <= 'Z' && two[1] >= 'A' && two[1] <= 'Z');
    Put(static_cast<uint64_t>(two[0] - 'A'), 6);
    Put(static_cast<uint64_t>(two[1] - 'A'), 6);
  }
  // base64url (RFC 4648 §5) of the bits, zero-padded to a whole character, without '='.
  std::string Base64Url() const {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((bits_.size() + 5) / 6);
    for (size_t i = 0; i < bits_.size(); i += 6) {
      int v = 0;
      for (size_t k = i; k < i + 6; ++k) v = (v << 1) | (k < bits_.size() && bits_[k] ? 1 : 0);
      out.push_back(kAlphabet[v]);
    }
    return out;
  }

 private:
  std::vector<bool> bits_;
};

// A vendor section: MaxVendorId, IsRangeEncoding, then a bitfield or range entries, whichever
// is shorter (a bitfield costs MaxVendorId bits, a range entry 17 or 33).
void PutVendors(BitWriter& w, std::vector<uint16_t> ids) {
  ids.erase(std::remove(ids.begin(), ids.end(), 0), ids.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  const uint16_t max_id = ids.empty() ? 0 : ids.back();
  std::vector<std::pair<uint16_t, uint16_t>> runs;
  for (uint16_t id : ids) {
    if (!runs.empty() && runs.back().second + 1 == id) {
      runs.back().second = id;
    } else {
      runs.emplace_back(id, id);
    }
  }
  size_t range_bits = 12;
  for (const auto& [first, last] : runs) range_bits += first == last ? 17 : 33;
  w.Put(max_id, 16);
  const bool range = range_bits < max_id;
  w.Put(range ? 1 : 0, 1);
  if (range) {
    w.Put(runs.size(), 12);
    for (const auto& [first, last] : runs) {
      w.Put(first == last ? 0 : 1, 1);
      w.Put(first, 16);
      if (first != last) w.Put(last, 16);
    }
  } else {
    size_t next = 0;
    for (uint32_t v = 1; v <= max_id; ++v) {
      const bool set = next < ids.size() && ids[next] == v;
      if (set) ++next;
      w.Put(set ? 1 : 0, 1);
    }
  }
}

// The 24 purpose bits: purpose 1 first.
uint64_t PurposeBits(uint32_t mask) {
  uint64_t v = 0;
  for (int p = 0; p < 24; ++p) v = (v << 1) | ((mask >> p) & 1U);
  return v;
}

}  // namespace

uint32_t TcfPurposeMask(std::initializer_list<int> purposes) {
  uint32_t mask = 0;
  for (int p : purposes) {
    assert(p >= 1 && p <= 24);
    mask |= uint32_t{1} << (p - 1);
  }
  return mask;
}

std::string EncodeTcString(const TcfChoice& c) {
  BitWriter core;
  core.Put(2, 6);  // Version
  core.Put(static_cast<uint64_t>(c.created_deciseconds), 36);
  core.Put(static_cast<uint64_t>(c.last_updated_deciseconds), 36);
  core.Put(c.cmp_id, 12);
  core.Put(c.cmp_version, 12);
  core.Put(c.consent_screen, 6);
  core.PutLetters(c.consent_language);
  core.Put(c.vendor_list_version, 12);
  core.Put(c.tcf_policy_version, 6);
  core.Put(1, 1);   // IsServiceSpecific
  core.Put(0, 1);   // UseNonStandardTexts
  core.Put(0, 12);  // SpecialFeatureOptIns
  core.Put(PurposeBits(c.purposes_consent), 24);
  core.Put(PurposeBits(c.purposes_li_transparency), 24);
  core.Put(0, 1);  // PurposeOneTreatment
  core.PutLetters(c.publisher_cc);
  PutVendors(core, c.vendor_consents);
  PutVendors(core, c.vendor_legitimate_interests);
  core.Put(0, 12);  // NumPubRestrictions

  BitWriter disclosed;
  disclosed.Put(1, 3);  // SegmentType: DisclosedVendors
  PutVendors(disclosed, c.disclosed_vendors);
  return core.Base64Url() + "." + disclosed.Base64Url();
}

}  // namespace dl::generate
