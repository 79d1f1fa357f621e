// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Strict decoder for IAB TCF v2.2/v2.3 TC strings (include/daylight/tcf.h, docs/tcf.md).
//
// Decoding runs in two passes over the input: the first checks every character and finds the
// segments; the second unpacks each segment's base64url characters into one reusable byte
// buffer and reads its fields with a BitReader. Each field read checks the bits that remain, so
// a truncated string is reported at the field it ends in. Vendor bitfields are read 64 bits at
// a time into the VendorSet bitmap; nothing allocates per bit.

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/tcf.h"

#include "policy/bit_reader.h"

namespace dl {

// --- VendorSet ------------------------------------------------------------------------------

VendorSet::VendorSet(uint16_t max_vendor_id)
    : max_vendor_id_(max_vendor_id), words_(static_cast<size_t>(max_vendor_id / 64) + 1, 0) {}

void VendorSet::Add(uint16_t vendor_id) {
  assert(vendor_id >= 1 && vendor_id <= max_vendor_id_);
  words_[vendor_id >> 6] |= uint64_t{1} << (vendor_id & 63);
}

void VendorSet::AddRange(uint16_t first, uint16_t last) {
  assert(first >= 1 && first <= last && last <= max_vendor_id_);
  size_t lo = first;
  const size_t hi = last;  // inclusive
  while (lo <= hi) {
    const size_t word = lo >> 6;
    const unsigned from = lo & 63;
    const unsigned to = (word == (hi >> 6)) ? (hi & 63) : 63;  // inclusive
    const uint64_t upper = to == 63 ? ~uint64_t{0} : ((uint64_t{1} << (to + 1)) - 1);
    const uint64_t lower = (uint64_t{1} << from) - 1;
    words_[word] |= upper & ~lower;
    lo = (word + 1) << 6;
  }
}

size_t VendorSet::Count() const {
  size_t n = 0;
  for (uint64_t w : words_) n += static_cast<size_t>(std::popcount(w));
  return n;
}

std::vector<uint16_t> VendorSet::Ids() const {
  std::vector<uint16_t> ids;
  ids.reserve(Count());
  for (size_t i = 0; i < words_.size(); ++i) {
    uint64_t w = words_[i];
    while (w != 0) {
      ids.push_back(static_cast<uint16_t>(i * 64 + static_cast<size_t>(std::countr_zero(w))));
      w &= w - 1;
    }
  }
  return ids;
}

// --- Small accessors ----------------------------------------------------------------------------

const char* TcfRestrictionTypeName(TcfRestrictionType type) {
  switch (type) {
    case TcfRestrictionType::kNotAllowed:
      return "not allowed";
    case TcfRestrictionType::kRequireConsent:
      return "require consent";
    case TcfRestrictionType::kRequireLegitimateInterest:
      return "require legitimate interest";
  }
  return "?";
}

bool PublisherRestriction::Covers(uint16_t vendor_id) const {
  return std::any_of(vendors.begin(), vendors.end(), [vendor_id](const VendorRange& r) {
    return r.first <= vendor_id && vendor_id <= r.last;
  });
}

namespace {

template <size_t N>
bool BitAt(const std::bitset<N>& bits, int one_based) {
  return one_based >= 1 && static_cast<size_t>(one_based) <= N &&
         bits[static_cast<size_t>(one_based - 1)];
}

}  // namespace

bool PublisherTc::PurposeConsent(int purpose) const { return BitAt(purposes_consent, purpose); }
bool PublisherTc::PurposeLegitimateInterest(int purpose) const {
  return BitAt(purposes_li_transparency, purpose);
}
bool PublisherTc::CustomPurposeConsent(int custom_purpose) const {
  return custom_purpose <= num_custom_purposes && BitAt(custom_purposes_consent, custom_purpose);
}
bool PublisherTc::CustomPurposeLegitimateInterest(int custom_purpose) const {
  return custom_purpose <= num_custom_purposes &&
         BitAt(custom_purposes_li_transparency, custom_purpose);
}

bool TcString::PurposeConsent(int purpose) const { return BitAt(purposes_consent, purpose); }
bool TcString::PurposeLegitimateInterest(int purpose) const {
  return BitAt(purposes_li_transparency, purpose);
}
bool TcString::SpecialFeatureOptIn(int special_feature) const {
  return BitAt(special_feature_opt_ins, special_feature);
}
bool TcString::Restricted(int purpose, TcfRestrictionType type, uint16_t vendor_id) const {
  return std::any_of(publisher_restrictions.begin(), publisher_restrictions.end(),
                     [&](const PublisherRestriction& r) {
                       return r.purpose_id == purpose && r.type == type && r.Covers(vendor_id);
                     });
}

// --- Decoder ------------------------------------------------------------------------------------

namespace {

using policy::BitReader;

// base64url alphabet (RFC 4648 §5): value 0..63, or -1.
constexpr std::array<int8_t, 256> MakeBase64UrlTable() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 26; ++i) {
    t[static_cast<size_t>('A' + i)] = static_cast<int8_t>(i);
    t[static_cast<size_t>('a' + i)] = static_cast<int8_t>(26 + i);
  }
  for (int i = 0; i < 10; ++i) t[static_cast<size_t>('0' + i)] = static_cast<int8_t>(52 + i);
  t[static_cast<size_t>('-')] = 62;
  t[static_cast<size_t>('_')] = 63;
  return t;
}
constexpr std::array<int8_t, 256> kBase64Url = MakeBase64UrlTable();

// Encoders pad a segment to a whole character (6 bits), byte, or 24-bit group (iabtcf-es); the
// padding after the last field is therefore at most 23 bits.
constexpr size_t kMaxPaddingBits = 23;

constexpr int kSegmentDisclosedVendors = 1;
constexpr int kSegmentAllowedVendors = 2;
constexpr int kSegmentPublisherTc = 3;

// A field's name for messages, built only when an error is reported:
// section[i].mid[j].leaf, parts omitted when empty / negative.
struct Field {
  std::string_view section;
  int i = -1;
  std::string_view mid = {};
  int j = -1;
  std::string_view leaf = {};

  std::string ToString() const {
    std::string out(section);
    if (i >= 0) out += "[" + std::to_string(i) + "]";
    if (!mid.empty()) {
      if (!out.empty()) out += '.';
      out += mid;
      if (j >= 0) out += "[" + std::to_string(j) + "]";
    }
    if (!leaf.empty()) {
      if (!out.empty()) out += '.';
      out += leaf;
    }
    return out;
  }
};

Field Top(std::string_view leaf) { return Field{{}, -1, {}, -1, leaf}; }

template <size_t N>
std::bitset<N> MsbFirst(uint64_t value, int n) {
  std::bitset<N> bits;
  for (int k = 0; k < n; ++k) {
    bits[static_cast<size_t>(k)] = ((value >> (n - 1 - k)) & 1U) != 0;
  }
  return bits;
}

// Reads the fields of one segment; every error names the segment and the bit offset.
class SegmentDecoder {
 public:
  SegmentDecoder(const uint8_t* data, size_t bits, int segment_number)
      : reader_(data, bits), segment_number_(segment_number) {}

  void set_segment_name(std::string_view name) { segment_name_ = name; }

  Status Error(size_t bit, const std::string& reason) const {
    std::string m = "segment " + std::to_string(segment_number_);
    if (!segment_name_.empty()) m += " (" + std::string(segment_name_) + ")";
    m += ": bit " + std::to_string(bit) + ": " + reason;
    return InvalidArgument(std::move(m));
  }

  // Reads an n-bit field (n <= 64) into *out, or reports truncation at the field's offset.
  template <typename T>
  Status Read(int n, const Field& field, T* out, size_t* at = nullptr) {
    if (at != nullptr) *at = reader_.position();
    if (reader_.remaining() < static_cast<size_t>(n)) {
      return Error(reader_.position(), "truncated in " + field.ToString() + " (needs " +
                                           std::to_string(n) + " bits, " +
                                           std::to_string(reader_.remaining()) + " left)");
    }
    *out = static_cast<T>(reader_.Read(n));
    return Status::Ok();
  }

  Status ReadBool(const Field& field, bool* out) {
    uint64_t v = 0;
    RETURN_IF_ERROR(Read(1, field, &v));
    *out = v != 0;
    return Status::Ok();
  }

  // Two 6-bit letters, a=0..z=25, returned upper-case.
  Status ReadLetters(std::string_view name, std::string* out) {
    out->clear();
    for (int k = 0; k < 2; ++k) {
      uint64_t v = 0;
      size_t at = 0;
      RETURN_IF_ERROR(Read(6, Top(name), &v, &at));
      if (v > 25) {
        return Error(at, std::string(name) + " letter " + std::to_string(k + 1) + " is " +
                             std::to_string(v) + ", not a letter (0-25 = a-z)");
      }
      out->push_back(static_cast<char>('A' + v));
    }
    return Status::Ok();
  }

  // One RangeEntry: IsARange, StartOrOnlyVendorId, [EndVendorId]. `max_id` bounds the ids
  // (MaxVendorId); publisher restrictions have no bound but the field width.
  Status ReadRangeEntry(const Field& entry, uint16_t max_id, bool bounded, VendorRange* out) {
    bool is_range = false;
    Field f = entry;
    f.leaf = "IsARange";
    RETURN_IF_ERROR(ReadBool(f, &is_range));
    f.leaf = "StartOrOnlyVendorId";
    size_t at = 0;
    RETURN_IF_ERROR(Read(16, f, &out->first, &at));
    RETURN_IF_ERROR(CheckVendorId(f, at, out->first, max_id, bounded));
    out->last = out->first;
    if (is_range) {
      f.leaf = "EndVendorId";
      RETURN_IF_ERROR(Read(16, f, &out->last, &at));
      if (out->last < out->first) {
        return Error(at, f.ToString() + " " + std::to_string(out->last) +
                             " is below StartOrOnlyVendorId " + std::to_string(out->first));
      }
      RETURN_IF_ERROR(CheckVendorId(f, at, out->last, max_id, bounded));
    }
    return Status::Ok();
  }

  Status CheckVendorId(const Field& f, size_t at, uint16_t id, uint16_t max_id, bool bounded) {
    if (id == 0) return Error(at, f.ToString() + " is 0 (vendor ids start at 1)");
    if (bounded && id > max_id) {
      return Error(at, f.ToString() + " " + std::to_string(id) + " exceeds MaxVendorId " +
                           std::to_string(max_id));
    }
    return Status::Ok();
  }

  // MaxVendorId, IsRangeEncoding, then a BitField or NumEntries + RangeEntry...
  Status ReadVendorSection(std::string_view section, VendorSet* out) {
    uint16_t max_id = 0;
    bool range = false;
    RETURN_IF_ERROR(Read(16, Field{section, -1, {}, -1, "MaxVendorId"}, &max_id));
    RETURN_IF_ERROR(ReadBool(Field{section, -1, {}, -1, "IsRangeEncoding"}, &range));
    *out = VendorSet(max_id);
    out->set_range_encoded(range);
    if (!range) {
      if (reader_.remaining() < max_id) {
        return Error(reader_.position(), "truncated in " +
                                             Field{section, -1, {}, -1, "BitField"}.ToString() +
                                             " (needs " + std::to_string(max_id) + " bits, " +
                                             std::to_string(reader_.remaining()) + " left)");
      }
      // Vendor v's bit is the (v-1)-th bit of the field, most significant first.
      for (uint32_t first = 1; first <= max_id; first += 64) {
        const int n = static_cast<int>(std::min<uint32_t>(64, max_id - first + 1));
        uint64_t chunk = reader_.Read(n);
        while (chunk != 0) {
          const int k = std::countr_zero(chunk);  // bit k from the right = vendor first+n-1-k
          out->Add(static_cast<uint16_t>(first + static_cast<uint32_t>(n - 1 - k)));
          chunk &= chunk - 1;
        }
      }
      return Status::Ok();
    }
    uint16_t num_entries = 0;
    RETURN_IF_ERROR(Read(12, Field{section, -1, {}, -1, "NumEntries"}, &num_entries));
    for (int e = 0; e < num_entries; ++e) {
      VendorRange r;
      RETURN_IF_ERROR(ReadRangeEntry(Field{section, -1, "RangeEntry", e, {}}, max_id, true, &r));
      out->AddRange(r.first, r.last);
    }
    return Status::Ok();
  }

  Status ReadPublisherRestrictions(std::vector<PublisherRestriction>* out) {
    constexpr std::string_view kSection = "PublisherRestrictions";
    uint16_t count = 0;
    RETURN_IF_ERROR(Read(12, Field{kSection, -1, {}, -1, "NumPubRestrictions"}, &count));
    out->clear();
    out->reserve(count);
    for (int r = 0; r < count; ++r) {
      PublisherRestriction pr;
      size_t at = 0;
      Field f{kSection, r, {}, -1, "PurposeId"};
      RETURN_IF_ERROR(Read(6, f, &pr.purpose_id, &at));
      if (pr.purpose_id == 0) return Error(at, f.ToString() + " is 0 (purposes start at 1)");
      f.leaf = "RestrictionType";
      uint8_t type = 0;
      RETURN_IF_ERROR(Read(2, f, &type, &at));
      if (type == 3) return Error(at, f.ToString() + " is 3 (undefined)");
      pr.type = static_cast<TcfRestrictionType>(type);
      f.leaf = "NumEntries";
      uint16_t num_entries = 0;
      RETURN_IF_ERROR(Read(12, f, &num_entries));
      pr.vendors.resize(num_entries);
      for (int e = 0; e < num_entries; ++e) {
        RETURN_IF_ERROR(ReadRangeEntry(Field{kSection, r, "RangeEntry", e, {}}, 0, false,
                                       &pr.vendors[static_cast<size_t>(e)]));
      }
      out->push_back(std::move(pr));
    }
    return Status::Ok();
  }

  // What follows the last field must be zero padding of at most kMaxPaddingBits.
  Status CheckPadding() {
    const size_t at = reader_.position();
    const size_t left = reader_.remaining();
    if (left > kMaxPaddingBits) {
      return Error(at, std::to_string(left) + " bits follow the last field (padding is at most " +
                           std::to_string(kMaxPaddingBits) + " zero bits)");
    }
    const uint64_t pad = reader_.Read(static_cast<int>(left));
    if (pad != 0) {
      const size_t first_one = left - 1 - static_cast<size_t>(std::bit_width(pad) - 1);
      return Error(at + first_one, "non-zero padding bit after the last field");
    }
    return Status::Ok();
  }

  Status DecodeCore(TcString* tc) {
    size_t at = 0;
    RETURN_IF_ERROR(Read(6, Top("Version"), &tc->version, &at));
    if (tc->version != 2) {
      return Error(at, "Version is " + std::to_string(tc->version) +
                           ", must be 2 (only TCF v2 TC strings are supported)");
    }
    RETURN_IF_ERROR(Read(36, Top("Created"), &tc->created_deciseconds));
    RETURN_IF_ERROR(Read(36, Top("LastUpdated"), &tc->last_updated_deciseconds));
    RETURN_IF_ERROR(Read(12, Top("CmpId"), &tc->cmp_id));
    RETURN_IF_ERROR(Read(12, Top("CmpVersion"), &tc->cmp_version));
    RETURN_IF_ERROR(Read(6, Top("ConsentScreen"), &tc->consent_screen));
    RETURN_IF_ERROR(ReadLetters("ConsentLanguage", &tc->consent_language));
    RETURN_IF_ERROR(Read(12, Top("VendorListVersion"), &tc->vendor_list_version));
    RETURN_IF_ERROR(Read(6, Top("TcfPolicyVersion"), &tc->tcf_policy_version));
    RETURN_IF_ERROR(ReadBool(Top("IsServiceSpecific"), &tc->is_service_specific));
    RETURN_IF_ERROR(ReadBool(Top("UseNonStandardTexts"), &tc->use_non_standard_texts));
    uint64_t v = 0;
    RETURN_IF_ERROR(Read(12, Top("SpecialFeatureOptIns"), &v));
    tc->special_feature_opt_ins = MsbFirst<12>(v, 12);
    RETURN_IF_ERROR(Read(24, Top("PurposesConsent"), &v));
    tc->purposes_consent = MsbFirst<24>(v, 24);
    RETURN_IF_ERROR(Read(24, Top("PurposesLITransparency"), &v));
    tc->purposes_li_transparency = MsbFirst<24>(v, 24);
    RETURN_IF_ERROR(ReadBool(Top("PurposeOneTreatment"), &tc->purpose_one_treatment));
    RETURN_IF_ERROR(ReadLetters("PublisherCC", &tc->publisher_cc));
    RETURN_IF_ERROR(ReadVendorSection("VendorConsents", &tc->vendor_consents));
    RETURN_IF_ERROR(
        ReadVendorSection("VendorLegitimateInterests", &tc->vendor_legitimate_interests));
    RETURN_IF_ERROR(ReadPublisherRestrictions(&tc->publisher_restrictions));
    return CheckPadding();
  }

  // A segment after the core: SegmentType, then its body. `seen[type]` holds the number of the
  // segment that already carried that type (0 = none).
  Status DecodeOptional(TcString* tc, std::array<int, 8>* seen) {
    int type = 0;
    RETURN_IF_ERROR(Read(3, Top("SegmentType"), &type));
    switch (type) {
      case 0:
        return Error(0, "SegmentType 0 (core) is allowed only as the first segment");
      case kSegmentAllowedVendors:
        return Error(0,
                     "SegmentType 2 (AllowedVendors) is obsolete: it served out-of-band legal "
                     "bases, deprecated in 2021, and is not part of TCF v2.2/v2.3");
      case kSegmentDisclosedVendors:
      case kSegmentPublisherTc:
        break;
      default:
        return Error(0, "unknown SegmentType " + std::to_string(type));
    }
    const std::string_view name =
        type == kSegmentDisclosedVendors ? "DisclosedVendors" : "PublisherTC";
    set_segment_name(name);
    int& first = (*seen)[static_cast<size_t>(type)];
    if (first != 0) {
      return Error(0, "duplicate " + std::string(name) + " segment (first was segment " +
                          std::to_string(first) + ")");
    }
    first = segment_number_;
    if (type == kSegmentDisclosedVendors) {
      VendorSet disclosed;
      RETURN_IF_ERROR(ReadVendorSection("DisclosedVendors", &disclosed));
      tc->disclosed_vendors = std::move(disclosed);
    } else {
      PublisherTc p;
      uint64_t v = 0;
      RETURN_IF_ERROR(Read(24, Top("PubPurposesConsent"), &v));
      p.purposes_consent = MsbFirst<24>(v, 24);
      RETURN_IF_ERROR(Read(24, Top("PubPurposesLITransparency"), &v));
      p.purposes_li_transparency = MsbFirst<24>(v, 24);
      RETURN_IF_ERROR(Read(6, Top("NumCustomPurposes"), &p.num_custom_purposes));
      const int n = p.num_custom_purposes;
      if (n > 0) {
        RETURN_IF_ERROR(Read(n, Top("CustomPurposesConsent"), &v));
        p.custom_purposes_consent = MsbFirst<64>(v, n);
        RETURN_IF_ERROR(Read(n, Top("CustomPurposesLITransparency"), &v));
        p.custom_purposes_li_transparency = MsbFirst<64>(v, n);
      }
      tc->publisher_tc = p;
    }
    return CheckPadding();
  }

 private:
  BitReader reader_;
  int segment_number_;
  std::string_view segment_name_;
};

// Unpacks base64url characters (already validated) into bytes, 6 bits per character, most
// significant first. Returns the number of bits.
size_t Unpack(std::string_view segment, uint8_t* out) {
  uint32_t acc = 0;
  int nbits = 0;
  size_t o = 0;
  for (char c : segment) {
    acc = (acc << 6) | static_cast<uint32_t>(kBase64Url[static_cast<unsigned char>(c)]);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out[o++] = static_cast<uint8_t>(acc >> nbits);
      acc &= (uint32_t{1} << nbits) - 1;
    }
  }
  if (nbits > 0) out[o] = static_cast<uint8_t>(acc << (8 - nbits));
  return segment.size() * 6;
}

Status CharacterError(size_t position, char c) {
  const auto u = static_cast<unsigned char>(c);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string m = "character " + std::to_string(position) + ": ";
  if (c == '=') {
    m += "'=' padding is not allowed (TC strings are base64url without padding)";
  } else if (c == '+' || c == '/') {
    m += std::string("'") + c + "' is standard base64; base64url uses '-' and '_'";
  } else {
    m += std::string("byte 0x") + kHex[u >> 4] + kHex[u & 15] +
         " is not in the base64url alphabet (A-Z a-z 0-9 - _)";
  }
  return InvalidArgument(std::move(m));
}

}  // namespace

StatusOr<TcString> DecodeTcString(std::string_view tc_string) {
  if (tc_string.empty()) return InvalidArgument("character 0: empty TC string");

  // Pass 1: characters and segment boundaries.
  size_t longest = 0;
  size_t start = 0;
  int segment = 1;
  for (size_t i = 0; i <= tc_string.size(); ++i) {
    if (i == tc_string.size() || tc_string[i] == '.') {
      if (i == start) {
        return InvalidArgument("character " + std::to_string(i) + ": segment " +
                               std::to_string(segment) + " is empty");
      }
      longest = std::max(longest, i - start);
      start = i + 1;
      ++segment;
      continue;
    }
    if (kBase64Url[static_cast<unsigned char>(tc_string[i])] < 0) {
      return CharacterError(i, tc_string[i]);
    }
  }

  // Pass 2: decode each segment from one buffer (+8 bytes of slack for the reader).
  std::vector<uint8_t> buffer((longest * 6 + 7) / 8 + 8);
  TcString tc;
  std::array<int, 8> seen{};
  start = 0;
  segment = 1;
  while (start <= tc_string.size()) {
    size_t end = tc_string.find('.', start);
    if (end == std::string_view::npos) end = tc_string.size();
    const std::string_view text = tc_string.substr(start, end - start);
    const size_t bits = Unpack(text, buffer.data());
    SegmentDecoder decoder(buffer.data(), bits, segment);
    if (segment == 1) {
      decoder.set_segment_name("core");
      RETURN_IF_ERROR(decoder.DecodeCore(&tc));
    } else {
      RETURN_IF_ERROR(decoder.DecodeOptional(&tc, &seen));
    }
    start = end + 1;
    ++segment;
  }
  return tc;
}

// --- Policy checks ------------------------------------------------------------------------------

Status CheckTcfPolicy(const TcString& tc, const TcfPolicyOptions& options) {
  if (!tc.is_service_specific) {
    return InvalidArgument(
        "IsServiceSpecific is 0: globally scoped TC strings are invalid since September 2021");
  }
  if (tc.tcf_policy_version < options.min_policy_version) {
    return InvalidArgument("TcfPolicyVersion is " + std::to_string(tc.tcf_policy_version) +
                           ", below " + std::to_string(options.min_policy_version) +
                           " (TCF v2.2 strings carry 4 or higher)");
  }
  for (int purpose : {1, 3, 4, 5, 6}) {
    if (tc.PurposeLegitimateInterest(purpose)) {
      return InvalidArgument("PurposesLITransparency sets purpose " + std::to_string(purpose) +
                             ", which may rely only on consent (purpose 1 by Policy, 3-6 since "
                             "TCF v2.2)");
    }
  }
  if (options.require_disclosed_vendors && !tc.disclosed_vendors.has_value()) {
    return InvalidArgument("no DisclosedVendors segment (mandatory since TCF v2.3)");
  }
  return Status::Ok();
}

// --- Purposes -----------------------------------------------------------------------------------

std::string_view TcfPurposeName(int purpose) {
  static constexpr std::string_view kNames[] = {
      "Store and/or access information on a device",
      "Use limited data to select advertising",
      "Create profiles for personalised advertising",
      "Use profiles to select personalised advertising",
      "Create profiles to personalise content",
      "Use profiles to select personalised content",
      "Measure advertising performance",
      "Measure content performance",
      "Understand audiences through statistics or combinations of data from different sources",
      "Develop and improve services",
      "Use limited data to select content",
  };
  if (purpose < 1 || purpose > 11) return {};
  return kNames[purpose - 1];
}

std::string_view TcfSpecialFeatureName(int special_feature) {
  switch (special_feature) {
    case 1:
      return "Use precise geolocation data";
    case 2:
      return "Actively scan device characteristics for identification";
    default:
      return {};
  }
}

const std::vector<TcfPurposeRule>& TcfPurposeRules() {
  // docs/tcf.md explains each row and every TCF purpose that maps to nothing.
  static const std::vector<TcfPurposeRule> kRules = {
      {"analytics", {7, 8, 9}},
      {"marketing.advertising.first_party.targeted", {3, 4}},
      {"marketing.advertising.third_party.targeted", {3, 4}},
  };
  return kRules;
}

std::vector<std::string> FidesPurposesGranted(const std::bitset<24>& tcf_purposes) {
  std::vector<std::string> granted;
  for (const TcfPurposeRule& rule : TcfPurposeRules()) {
    const bool all = std::all_of(rule.tcf_purposes.begin(), rule.tcf_purposes.end(),
                                 [&](int p) { return BitAt(tcf_purposes, p); });
    if (all) granted.emplace_back(rule.fides_key);
  }
  std::sort(granted.begin(), granted.end());
  return granted;
}

std::vector<std::string> FidesPurposesGranted(const TcString& tc) {
  return FidesPurposesGranted(tc.publisher_tc ? tc.publisher_tc->purposes_consent
                                              : tc.purposes_consent);
}

}  // namespace dl
