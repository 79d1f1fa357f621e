// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// IAB Europe Transparency & Consent Framework (TCF) v2.2 / v2.3 TC strings: a strict decoder and
// the mapping of TCF purposes onto Daylight's purpose vocabulary (docs/tcf.md).
//
// DecodeTcString() turns a TC string, exactly as transmitted (base64url without padding, segments
// joined by '.'), into a TcString holding every field of the core segment, the disclosed-vendors
// segment and the publisher-TC segment. It is a pure function: no I/O, no global state, no
// exceptions. A string that deviates from the format in any way is rejected with InvalidArgument
// and a message that names where and why:
//
//   "segment 1 (core): bit 213: truncated in VendorConsents.MaxVendorId (needs 16 bits, 5 left)"
//   "character 17: byte 0x21 is not in the base64url alphabet"
//
// Bit offsets are 0-based within the segment (bit 0 is the most significant bit of the segment's
// first character); character positions are 0-based within the whole string; segments are
// numbered from 1. Messages never quote the string itself.
//
// Structural validity (DecodeTcString) is kept apart from policy validity (CheckTcfPolicy): a
// string can be well-formed yet invalid under the TCF Policies (IsServiceSpecific = 0, an old
// policy version, legitimate interest signalled for purposes 3-6, no disclosed-vendors segment).
// The gate calls both.
#ifndef DAYLIGHT_TCF_H_
#define DAYLIGHT_TCF_H_

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/status.h"

namespace dl {

// A set of GVL vendor ids 1..max_vendor_id() as carried by one vendor section (vendor consents,
// vendor legitimate interests, disclosed vendors). Stored as a bitmap: one allocation per set,
// O(1) look-up, at most 8 KiB (MaxVendorId is 16 bits).
class VendorSet {
 public:
  VendorSet() = default;
  explicit VendorSet(uint16_t max_vendor_id);

  // The section's MaxVendorId: the largest id the section can express.
  uint16_t max_vendor_id() const { return max_vendor_id_; }
  // True if the section was range-encoded (IsRangeEncoding = 1) rather than a bitfield. Both
  // encodings mean the same set; the flag is kept so a decoded string can be described exactly.
  bool range_encoded() const { return range_encoded_; }
  void set_range_encoded(bool range_encoded) { range_encoded_ = range_encoded; }

  // False for 0 and for ids above max_vendor_id().
  bool Contains(uint16_t vendor_id) const {
    return vendor_id != 0 && vendor_id <= max_vendor_id_ &&
           ((words_[vendor_id >> 6] >> (vendor_id & 63)) & 1U) != 0;
  }
  // Adds one id or the inclusive range [first, last]. Precondition: 1 <= first <= last <=
  // max_vendor_id() (the decoder checks this before calling).
  void Add(uint16_t vendor_id);
  void AddRange(uint16_t first, uint16_t last);

  size_t Count() const;
  bool empty() const { return Count() == 0; }
  // The ids in the set, ascending.
  std::vector<uint16_t> Ids() const;

  bool operator==(const VendorSet&) const = default;

 private:
  uint16_t max_vendor_id_ = 0;
  bool range_encoded_ = false;
  std::vector<uint64_t> words_;  // bit i = vendor id i (bit 0 unused)
};

// One RangeEntry: the inclusive vendor id range [first, last]; first == last for a single id.
struct VendorRange {
  uint16_t first = 0;
  uint16_t last = 0;
  bool operator==(const VendorRange&) const = default;
};

// RestrictionType of a publisher restriction. The encoding's value 3 is undefined and rejected.
enum class TcfRestrictionType : uint8_t {
  kNotAllowed = 0,                 // purpose flatly not allowed by the publisher
  kRequireConsent = 1,             // flexible vendors must use consent
  kRequireLegitimateInterest = 2,  // flexible vendors must use legitimate interest
};
const char* TcfRestrictionTypeName(TcfRestrictionType type);

// One PubRestrictionEntry: under `purpose_id`, the vendors in `vendors` are restricted by `type`.
// Ranges are kept as encoded (in order); they need not be sorted or disjoint.
struct PublisherRestriction {
  int purpose_id = 0;  // 1..63
  TcfRestrictionType type = TcfRestrictionType::kNotAllowed;
  std::vector<VendorRange> vendors;

  bool Covers(uint16_t vendor_id) const;
  bool operator==(const PublisherRestriction&) const = default;
};

// The publisher TC segment (SegmentType 3): the publisher's own purposes and custom purposes.
struct PublisherTc {
  std::bitset<24> purposes_consent;          // index i = purpose i + 1
  std::bitset<24> purposes_li_transparency;  // index i = purpose i + 1
  int num_custom_purposes = 0;               // 0..63
  std::bitset<64> custom_purposes_consent;   // index i = custom purpose i + 1
  std::bitset<64> custom_purposes_li_transparency;

  // All return false for ids out of range.
  bool PurposeConsent(int purpose) const;
  bool PurposeLegitimateInterest(int purpose) const;
  bool CustomPurposeConsent(int custom_purpose) const;
  bool CustomPurposeLegitimateInterest(int custom_purpose) const;

  bool operator==(const PublisherTc&) const = default;
};

// A decoded TC string. Field names and widths follow the IAB specification "Transparency &
// Consent String and Global Vendor List Format" v2 (core segment, in order).
struct TcString {
  // --- Core segment ---
  int version = 2;                       // Version (6 bits); always 2 after decoding
  int64_t created_deciseconds = 0;       // Created (36 bits): deciseconds since the Unix epoch, UTC
  int64_t last_updated_deciseconds = 0;  // LastUpdated (36 bits), same unit
  int cmp_id = 0;                        // CmpId (12 bits)
  int cmp_version = 0;                   // CmpVersion (12 bits)
  int consent_screen = 0;                // ConsentScreen (6 bits)
  std::string consent_language;          // ConsentLanguage (12 bits): two upper-case letters, "EN"
  int vendor_list_version = 0;           // VendorListVersion (12 bits)
  int tcf_policy_version = 0;            // TcfPolicyVersion (6 bits); 4 or higher since v2.2
  bool is_service_specific = false;      // IsServiceSpecific (1 bit)
  bool use_non_standard_texts = false;   // UseNonStandardTexts (1 bit)
  std::bitset<12> special_feature_opt_ins;   // SpecialFeatureOptIns; index i = feature i + 1
  std::bitset<24> purposes_consent;          // PurposesConsent; index i = purpose i + 1
  std::bitset<24> purposes_li_transparency;  // PurposesLITransparency; index i = purpose i + 1
  bool purpose_one_treatment = false;        // PurposeOneTreatment (1 bit)
  std::string publisher_cc;                  // PublisherCC (12 bits): two upper-case letters
  VendorSet vendor_consents;                 // Vendor Consent section
  VendorSet vendor_legitimate_interests;     // Vendor Legitimate Interest section
  std::vector<PublisherRestriction> publisher_restrictions;  // Publisher Restrictions section

  // --- Optional segments (each at most once, in any order after the core) ---
  std::optional<VendorSet> disclosed_vendors;  // SegmentType 1; mandatory under TCF v2.3
  std::optional<PublisherTc> publisher_tc;     // SegmentType 3

  // Look-ups. Purposes are 1..24, special features 1..12, vendors 1..65535; ids outside the
  // range (or outside a section's MaxVendorId) answer false.
  bool PurposeConsent(int purpose) const;
  bool PurposeLegitimateInterest(int purpose) const;
  bool SpecialFeatureOptIn(int special_feature) const;
  bool VendorConsent(uint16_t vendor_id) const { return vendor_consents.Contains(vendor_id); }
  bool VendorLegitimateInterest(uint16_t vendor_id) const {
    return vendor_legitimate_interests.Contains(vendor_id);
  }
  // False when the string has no disclosed-vendors segment.
  bool VendorDisclosed(uint16_t vendor_id) const {
    return disclosed_vendors.has_value() && disclosed_vendors->Contains(vendor_id);
  }
  // True if a publisher restriction of `type` for `purpose` covers `vendor_id`.
  bool Restricted(int purpose, TcfRestrictionType type, uint16_t vendor_id) const;

  bool operator==(const TcString&) const = default;
};

// Decodes a TC string. InvalidArgument, with the position and reason, for anything that is not a
// well-formed TCF v2 TC string: characters outside base64url (including '=' padding and the
// standard-base64 '+' and '/'), empty segments, Version != 2, letters outside a-z in
// ConsentLanguage/PublisherCC, truncation anywhere, vendor ids of 0 or above MaxVendorId, range
// entries with EndVendorId < StartOrOnlyVendorId, PurposeId 0 and RestrictionType 3 in publisher
// restrictions, segment types other than 1 and 3 after the core (type 2, AllowedVendors, was
// removed from the format with the deprecation of out-of-band legal bases in 2021 and is
// rejected), a segment type given twice, and padding after a segment's last field that is
// non-zero or longer than 23 bits (encoders pad to a whole character, byte or 24-bit group).
StatusOr<TcString> DecodeTcString(std::string_view tc_string);

// Policy checks on a decoded string (TCF Policies and the v2.2/v2.3 specification), kept apart
// from decoding so that a well-formed but invalid string can still be inspected and explained.
struct TcfPolicyOptions {
  // TCF v2.2 strings carry TcfPolicyVersion 4 or higher; older ones are invalid since
  // 30 September 2023.
  int min_policy_version = 4;
  // TCF v2.3 makes the disclosed-vendors segment mandatory.
  bool require_disclosed_vendors = true;
};
// OK, or InvalidArgument naming the first violated rule: IsServiceSpecific must be 1 (global
// scope is invalid since September 2021); TcfPolicyVersion >= min_policy_version; no legitimate
// interest bit for purposes 3-6 (removed in v2.2) nor for purpose 1 (consent-only by Policy);
// a disclosed-vendors segment when required.
Status CheckTcfPolicy(const TcString& tc, const TcfPolicyOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Purposes: TCF -> Daylight (fideslang) vocabulary. The table and its reasoning are in
// docs/tcf.md. Rule: a Daylight purpose is granted by a TCF signal only if *every* TCF purpose it
// requires is set. Only leaf keys are ever granted, never a parent (a parent would cover children
// the signal does not grant, see PurposeCovers).

// Name of TCF v2.2 purpose 1..11 ("Store and/or access information on a device"); "" otherwise.
std::string_view TcfPurposeName(int purpose);
// Name of special feature 1..2; "" otherwise.
std::string_view TcfSpecialFeatureName(int special_feature);

struct TcfPurposeRule {
  std::string_view fides_key;     // the Daylight purpose granted
  std::vector<int> tcf_purposes;  // all of these must be set
};
// The mapping table, in the order of docs/tcf.md.
const std::vector<TcfPurposeRule>& TcfPurposeRules();

// Daylight purposes granted by a set of TCF purpose bits (index i = purpose i + 1), sorted.
std::vector<std::string> FidesPurposesGranted(const std::bitset<24>& tcf_purposes);

// Daylight purposes the organisation may use on the basis of consent in `tc`: the publisher TC
// segment's PubPurposesConsent when that segment is present (it is the publisher's own consent),
// otherwise the core PurposesConsent. Legitimate-interest bits never grant anything here.
// Per-vendor consent (e.g. for the ad platform receiving a custom audience) is not part of this
// answer; the gate checks VendorConsent(gvl_id) for the recipient.
std::vector<std::string> FidesPurposesGranted(const TcString& tc);

}  // namespace dl

#endif  // DAYLIGHT_TCF_H_
