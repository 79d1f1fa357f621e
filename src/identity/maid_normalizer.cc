// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Mobile advertising ids (Apple IDFA, Google AAID) are UUIDs. Apple hands them out uppercase
// and Google lowercase, so the same device id arrives in both spellings; lowercase is the form
// Meta, Google and TikTok document for matching.

#include <string>
#include <string_view>

#include "daylight/identifier.h"

#include "identity/text.h"

namespace dl {
namespace {

constexpr size_t kUuidLength = 36;

bool IsHexDigit(char c) {
  return text::IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

StatusOr<std::string> NormalizeMaid(std::string_view raw) {
  std::string_view s = text::TrimAscii(raw);
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}')
    s = text::TrimAscii(s.substr(1, s.size() - 2));
  if (s.size() != kUuidLength)
    return InvalidArgument("advertising id is not 36 characters (8-4-4-4-12)");
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    const bool hyphen_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (hyphen_position) {
      if (out[i] != '-') return InvalidArgument("advertising id is not in 8-4-4-4-12 form");
    } else if (!IsHexDigit(out[i])) {
      return InvalidArgument("advertising id has a non-hex character");
    }
    out[i] = text::AsciiLower(out[i]);
  }
  return out;
}

}  // namespace dl
