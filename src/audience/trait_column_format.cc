// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// TraitColumn's byte format, "DLTC1" (docs/audiences.md, "Trait columns"):
//
//   magic    "DLTC1"
//   kind     1 byte: 1 string, 2 number, 3 time, 4 bool
//   entries  varint: subjects with a value (n)
//   groups   varint: distinct values (g); 0 iff n is 0
//   g times, ascending by value:
//     value  kString: varint length, bytes (strictly ascending bytewise; the first non-empty)
//            others: the key; the first as a zigzag varint, each later one as a varint
//            difference >= 1 from the one before
//     count  varint >= 1: entries with this value (the counts add up to n)
//   n times, group by group: the subjects of the group, ascending; the first as a varint, each
//            later one as a varint difference >= 1 (subjects are < 2^32 and never repeat)
//   crc32c   4 bytes little-endian: CRC-32C (Castagnoli) of every byte before it
//
// Every varint is minimal, so a column has exactly one encoding and Serialize(Deserialize(b))
// == b for every b that Deserialize accepts. The bucket bitmaps are not stored: they follow from
// the entries and are rebuilt on load, so there is nothing in the input that could disagree with
// the entries, and no CRoaring deserializer ever sees untrusted bytes. The checksum catches
// accidental damage (a sealed column's MAC is what catches tampering).

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daylight/trait_index.h"

#include "audience/civil_time.h"
#include "util/bytes.h"

namespace dl {
namespace {

constexpr std::string_view kMagic = "DLTC1";

// CRC-32C, reflected polynomial 0x82F63B78, eight bytes per step ("slicing by 8").
constexpr std::array<std::array<uint32_t, 256>, 8> MakeCrcTables() {
  std::array<std::array<uint32_t, 256>, 8> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));
    t[0][i] = c;
  }
  for (uint32_t i = 0; i < 256; ++i) {
    for (int s = 1; s < 8; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
  }
  return t;
}
constexpr auto kCrc = MakeCrcTables();

uint32_t Crc32c(std::string_view data) {
  uint32_t c = 0xFFFFFFFFu;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t n = data.size();
  while (n >= 8) {
    const uint32_t lo =
        (uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24) ^ c;
    c = kCrc[7][lo & 0xff] ^ kCrc[6][(lo >> 8) & 0xff] ^ kCrc[5][(lo >> 16) & 0xff] ^
        kCrc[4][lo >> 24] ^ kCrc[3][p[4]] ^ kCrc[2][p[5]] ^ kCrc[1][p[6]] ^ kCrc[0][p[7]];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) c = (c >> 8) ^ kCrc[0][(c ^ *p++) & 0xff];
  return ~c;
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t UnZigZag(uint64_t u) { return static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1); }

Status Bad(const std::string& what) { return Corruption("trait column: " + what); }

// Whether `key` can be in a column of `kind`: what the builder can produce and nothing else.
bool ValidKey(TraitKind kind, int64_t key) {
  switch (kind) {
    case TraitKind::kString:
      return true;  // checked against the dictionary
    case TraitKind::kNumber: {
      const int64_t bits = key < 0 ? key ^ std::numeric_limits<int64_t>::max() : key;
      const auto d = std::bit_cast<double>(bits);
      return std::isfinite(d) && !(d == 0 && std::signbit(d));
    }
    case TraitKind::kTime:
      return key >= audience::kMinFilterTime && key <= audience::kMaxFilterTime;
    case TraitKind::kBool:
      return key == 0 || key == 1;
  }
  return false;
}

}  // namespace

std::string TraitColumn::Serialize() const {
  const size_t n = keys_.size();
  std::string out(kMagic);
  out.push_back(static_cast<char>(kind_));
  PutVarint(&out, n);
  std::vector<size_t> starts;  // first entry of each group
  for (size_t i = 0; i < n; ++i) {
    if (i == 0 || keys_[i] != keys_[i - 1]) starts.push_back(i);
  }
  PutVarint(&out, starts.size());
  for (size_t g = 0; g < starts.size(); ++g) {
    const int64_t key = keys_[starts[g]];
    if (kind_ == TraitKind::kString) {
      const std::string& s = dictionary_[static_cast<size_t>(key)];
      PutVarint(&out, s.size());
      out.append(s);
    } else if (g == 0) {
      PutVarint(&out, ZigZag(key));
    } else {
      PutVarint(&out, static_cast<uint64_t>(key) - static_cast<uint64_t>(keys_[starts[g - 1]]));
    }
    const size_t end = g + 1 < starts.size() ? starts[g + 1] : n;
    PutVarint(&out, end - starts[g]);
  }
  for (size_t i = 0; i < n; ++i) {
    const bool first = i == 0 || keys_[i] != keys_[i - 1];
    PutVarint(&out, first ? subjects_[i] : subjects_[i] - subjects_[i - 1]);
  }
  PutFixed(&out, Crc32c(out), 4);
  return out;
}

StatusOr<TraitColumn> TraitColumn::Deserialize(std::string_view bytes) {
  if (bytes.size() < kMagic.size() + 1 + 4) return Bad("truncated");
  if (bytes.substr(0, kMagic.size()) != kMagic) return Bad("not a trait column (bad magic)");
  uint64_t stored_crc = 0;
  ByteReader tail(bytes.substr(bytes.size() - 4));
  if (!tail.Fixed(4, &stored_crc)) return Bad("truncated");
  const std::string_view body = bytes.substr(0, bytes.size() - 4);
  if (Crc32c(body) != stored_crc) return Bad("checksum mismatch");

  ByteReader in(body.substr(kMagic.size()));
  TraitColumn col;
  uint8_t kind = 0;
  if (!in.Byte(&kind)) return Bad("truncated");
  if (kind < 1 || kind > 4) return Bad("unknown kind " + std::to_string(kind));
  col.kind_ = static_cast<TraitKind>(kind);

  uint64_t n = 0;
  uint64_t groups = 0;
  if (!in.MinimalVarint(&n) || !in.MinimalVarint(&groups)) return Bad("truncated header");
  // Every entry takes at least one byte of subject, every group two of header: this bounds what
  // is allocated below by the input's size.
  if (n > in.remaining() || groups > n || (n > 0) != (groups > 0) || groups > in.remaining() / 2) {
    return Bad("entry or value counts do not fit the input");
  }
  std::vector<uint64_t> counts(groups);
  std::vector<int64_t> group_keys(groups);
  uint64_t total = 0;
  for (uint64_t g = 0; g < groups; ++g) {
    if (col.kind_ == TraitKind::kString) {
      uint64_t len = 0;
      std::string_view s;
      if (!in.MinimalVarint(&len) || !in.Bytes(len, &s)) return Bad("truncated dictionary");
      if (g == 0 ? s.empty() : !(col.dictionary_.back() < s)) {
        return Bad("dictionary not strictly ascending at value " + std::to_string(g));
      }
      col.dictionary_.emplace_back(s);
      group_keys[g] = static_cast<int64_t>(g);
    } else {
      uint64_t v = 0;
      if (!in.MinimalVarint(&v)) return Bad("truncated values");
      if (g == 0) {
        group_keys[g] = UnZigZag(v);
      } else {
        const int64_t prev = group_keys[g - 1];
        // INT64_MAX - prev is in [0, 2^64) and so exact in uint64 arithmetic.
        const uint64_t room = static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) -
                              static_cast<uint64_t>(prev);
        if (v == 0 || v > room) {
          return Bad("values not strictly ascending at value " + std::to_string(g));
        }
        group_keys[g] = static_cast<int64_t>(static_cast<uint64_t>(prev) + v);
      }
      if (!ValidKey(col.kind_, group_keys[g])) {
        return Bad("value " + std::to_string(g) + " is not a valid " +
                   std::string(TraitKindName(col.kind_)));
      }
    }
    if (!in.MinimalVarint(&counts[g])) return Bad("truncated counts");
    if (counts[g] == 0 || counts[g] > n - total) return Bad("value counts do not add up");
    total += counts[g];
  }
  if (total != n) return Bad("value counts do not add up");

  col.keys_.reserve(n);
  col.subjects_.reserve(n);
  for (uint64_t g = 0; g < groups; ++g) {
    uint64_t subject = 0;
    for (uint64_t k = 0; k < counts[g]; ++k) {
      uint64_t v = 0;
      if (!in.MinimalVarint(&v)) return Bad("truncated subjects");
      if (k > 0 && v == 0) return Bad("subjects not strictly ascending");
      subject = k == 0 ? v : subject + v;
      if (v > std::numeric_limits<uint32_t>::max() ||
          subject > std::numeric_limits<uint32_t>::max()) {
        return Bad("subject id out of range");
      }
      col.keys_.push_back(group_keys[g]);
      col.subjects_.push_back(static_cast<uint32_t>(subject));
    }
  }
  if (in.remaining() != 0) return Bad(std::to_string(in.remaining()) + " trailing bytes");
  col.BuildIndex();
  if (col.present_.cardinality() != n) return Bad("a subject has more than one value");
  return col;
}

}  // namespace dl
