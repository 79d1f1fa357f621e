// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "store/export_entry.h"

#include <cstring>

#include "util/bytes.h"

namespace dl {
namespace {

constexpr std::string_view kMagic = "DLX1";

// Splits a body into header and the blind-index area, checking every length.
bool Split(std::string_view body, std::string_view* header, std::string_view* ids, uint64_t* n) {
  ByteReader in(body);
  std::string_view magic;
  uint64_t hlen = 0;
  if (!in.Bytes(4, &magic) || magic != kMagic || !in.Fixed(4, &hlen) || !in.Bytes(hlen, header) ||
      !in.Fixed(4, n) || in.remaining() != *n * kBlindIndexSize) {
    return false;
  }
  return in.Bytes(in.remaining(), ids);
}

}  // namespace

std::string WriteExportBody(const nlohmann::json& header, const std::vector<BlindIndex>& ids) {
  std::string h = header.dump();
  std::string body(kMagic);
  PutFixed(&body, h.size(), 4);
  body += h;
  PutFixed(&body, ids.size(), 4);
  static_assert(sizeof(BlindIndex) == kBlindIndexSize);  // so the list is one run of bytes
  body.append(reinterpret_cast<const char*>(ids.data()), ids.size() * kBlindIndexSize);
  return body;
}

StatusOr<std::vector<BlindIndex>> ReadExportedIdentifiers(std::string_view body) {
  std::string_view header, ids;
  uint64_t n = 0;
  if (!Split(body, &header, &ids, &n)) return Corruption("audience.export entry: malformed body");
  std::vector<BlindIndex> out(n);
  for (uint64_t i = 0; i < n; ++i) {
    std::memcpy(out[i].data(), ids.data() + i * kBlindIndexSize, kBlindIndexSize);
  }
  return out;
}

StatusOr<nlohmann::json> ReadExportHeader(std::string_view body) {
  std::string_view header, ids;
  uint64_t n = 0;
  if (!Split(body, &header, &ids, &n)) return Corruption("audience.export entry: malformed body");
  auto j = nlohmann::json::parse(header, nullptr, false);
  if (j.is_discarded()) return Corruption("audience.export entry: header is not JSON");
  return j;
}

}  // namespace dl
