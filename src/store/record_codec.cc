// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "store/record_codec.h"

#include <utility>

#include "util/bytes.h"

namespace dl {
namespace {
constexpr uint8_t kTraitName = 16;
constexpr uint8_t kTraitValue = 17;

void Put(std::string* out, uint8_t tag, std::string_view v) {
  out->push_back(static_cast<char>(tag));
  PutVarint(out, v.size());
  out->append(v);
}
}  // namespace

void EncodeRecord(const RecordPlain& r, std::string* out) {
  out->clear();
  for (const Identifier& id : r.identifiers) Put(out, static_cast<uint8_t>(id.type), id.value);
  for (const auto& [name, value] : r.traits) {
    Put(out, kTraitName, name);
    Put(out, kTraitValue, value);
  }
}

StatusOr<RecordPlain> DecodeRecord(std::string_view bytes) {
  RecordPlain r;
  ByteReader in(bytes);
  std::string pending_name;
  bool have_name = false;
  while (in.remaining() > 0) {
    uint64_t tag = 0, len = 0;
    std::string_view v;
    if (!in.Fixed(1, &tag) || !in.Varint(&len) || !in.Bytes(len, &v)) {
      return Corruption("record: truncated field");
    }
    if (tag >= 1 && tag <= 5) {
      r.identifiers.push_back({static_cast<IdType>(tag), std::string(v)});
    } else if (tag == kTraitName && !have_name) {
      pending_name = std::string(v);
      have_name = true;
    } else if (tag == kTraitValue && have_name) {
      r.traits.emplace_back(std::exchange(pending_name, std::string()), std::string(v));
      have_name = false;
    } else {
      return Corruption("record: unexpected tag " + std::to_string(tag));
    }
  }
  if (have_name) return Corruption("record: trait without value");
  return r;
}

}  // namespace dl
