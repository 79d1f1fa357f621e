// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Identifier type names, dispatch to the per-type normalisers, and parsing of "type:value".

#include "daylight/identifier.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "identity/text.h"

namespace dl {

std::string_view IdTypeName(IdType type) {
  switch (type) {
    case IdType::kEmail:
      return "email";
    case IdType::kPhone:
      return "phone";
    case IdType::kMaid:
      return "maid";
    case IdType::kVin:
      return "vin";
    case IdType::kExternal:
      return "external";
  }
  return "unknown";
}

std::optional<IdType> ParseIdType(std::string_view name) {
  for (IdType t :
       {IdType::kEmail, IdType::kPhone, IdType::kMaid, IdType::kVin, IdType::kExternal}) {
    if (name == IdTypeName(t)) return t;
  }
  return std::nullopt;
}

std::string Identifier::ToString() const {
  std::string_view name = IdTypeName(type);
  std::string out;
  out.reserve(name.size() + 1 + value.size());
  out.append(name).push_back(':');
  out.append(value);
  return out;
}

StatusOr<Identifier> NormalizeIdentifier(IdType type, std::string_view raw,
                                         std::string_view region) {
  StatusOr<std::string> value = InvalidArgument("unknown identifier type");
  switch (type) {
    case IdType::kEmail:
      value = NormalizeEmail(raw);
      break;
    case IdType::kPhone:
      value = NormalizePhone(raw, region);
      break;
    case IdType::kMaid:
      value = NormalizeMaid(raw);
      break;
    case IdType::kVin:
      value = NormalizeVin(raw, region);
      break;
    case IdType::kExternal:
      value = NormalizeExternal(raw);
      break;
  }
  if (!value.ok()) return value.status();
  return Identifier{type, std::move(value).value()};
}

StatusOr<Identifier> ParseIdentifier(std::string_view text, std::string_view region) {
  std::string_view s = text::TrimAscii(text);
  size_t colon = s.find(':');
  if (colon == std::string_view::npos) {
    return InvalidArgument("expected type:value, e.g. email:ann@example.com");
  }
  // The type name is not personal data, but a mistyped line might be ("ann@example.com:x"),
  // so the error lists the valid names instead of echoing what was typed.
  std::string name = text::AsciiLowerCopy(text::TrimAscii(s.substr(0, colon)));
  std::optional<IdType> type = ParseIdType(name);
  if (!type)
    return InvalidArgument("unknown identifier type; expected email, phone, maid, vin or external");
  StatusOr<Identifier> id = NormalizeIdentifier(*type, s.substr(colon + 1), region);
  if (!id.ok()) return id.status().WithContext(std::string(IdTypeName(*type)));
  return id;
}

}  // namespace dl
