// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// E-mail addresses: the addr-spec of RFC 5321/5322 in its dot-atom form, with UTF-8 allowed
// in both parts (RFC 6531). Quoted local parts and domain literals ("[192.0.2.1]") are valid
// mail syntax but are not accepted: in CRM exports they are almost always damage, and keeping
// one canonical spelling per mailbox matters more here than covering every RFC corner.

#include <string>
#include <string_view>

#include "daylight/identifier.h"

#include "identity/text.h"

namespace dl {
namespace {

constexpr size_t kMaxLocalOctets = 64;     // RFC 5321 4.5.3.1.1
constexpr size_t kMaxAddressOctets = 254;  // RFC 5321 4.5.3.1.3 path minus the angle brackets
constexpr size_t kMaxLabelOctets = 63;     // RFC 1035 2.3.4

// RFC 5322 atext, plus any non-ASCII byte (validated as UTF-8 separately).
bool IsAtext(char c) {
  if (text::IsAsciiAlpha(c) || text::IsAsciiDigit(c)) return true;
  if (static_cast<unsigned char>(c) >= 0x80) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '/':
    case '=':
    case '?':
    case '^':
    case '_':
    case '`':
    case '{':
    case '|':
    case '}':
    case '~':
      return true;
    default:
      return false;
  }
}

Status CheckLocal(std::string_view local) {
  if (local.empty()) return InvalidArgument("empty local part before '@'");
  if (local.size() > kMaxLocalOctets) return InvalidArgument("local part longer than 64 octets");
  if (local.front() == '"') return InvalidArgument("quoted local parts are not supported");
  if (local.front() == '.' || local.back() == '.') {
    return InvalidArgument("local part starts or ends with '.'");
  }
  char prev = 0;
  for (char c : local) {
    if (c == '.') {
      if (prev == '.') return InvalidArgument("consecutive dots in local part");
    } else if (!IsAtext(c)) {
      return InvalidArgument("character not allowed in local part");
    }
    prev = c;
  }
  return Status::Ok();
}

Status CheckDomain(std::string_view domain) {
  if (domain.empty()) return InvalidArgument("empty domain after '@'");
  if (domain.front() == '[') return InvalidArgument("domain literals are not supported");
  size_t dots = 0;
  size_t label_start = 0;
  for (size_t i = 0; i <= domain.size(); ++i) {
    if (i < domain.size() && domain[i] != '.') {
      char c = domain[i];
      bool ok = text::IsAsciiAlpha(c) || text::IsAsciiDigit(c) || c == '-' ||
                static_cast<unsigned char>(c) >= 0x80;  // internationalised (U-label) domains
      if (!ok) return InvalidArgument("character not allowed in domain");
      continue;
    }
    std::string_view label = domain.substr(label_start, i - label_start);
    if (label.empty()) return InvalidArgument("empty label in domain");
    if (label.size() > kMaxLabelOctets)
      return InvalidArgument("domain label longer than 63 octets");
    if (label.front() == '-' || label.back() == '-') {
      return InvalidArgument("domain label starts or ends with '-'");
    }
    if (i < domain.size()) ++dots;
    label_start = i + 1;
  }
  if (dots == 0) return InvalidArgument("domain has no dot");
  // A top-level domain is never all digits; "ann@10.0.0.1" is an IP address, not a domain.
  std::string_view tld = domain.substr(domain.rfind('.') + 1);
  bool all_digits = true;
  for (char c : tld) all_digits = all_digits && text::IsAsciiDigit(c);
  if (all_digits) return InvalidArgument("top-level domain is numeric");
  return Status::Ok();
}

}  // namespace

StatusOr<std::string> NormalizeEmail(std::string_view raw) {
  std::string_view trimmed = text::TrimAscii(raw);
  if (trimmed.empty()) return InvalidArgument("empty e-mail address");
  if (trimmed.size() > 4 * kMaxAddressOctets) {
    return InvalidArgument("e-mail address longer than 254 octets");
  }
  if (!text::IsValidUtf8(trimmed)) return InvalidArgument("e-mail address is not valid UTF-8");
  // Lowercasing the local part is not what RFC 5321 promises, but no mainstream provider treats
  // local parts case-sensitively, and every ad platform matches on the lowercase form. Non-ASCII
  // letters are lowercased too (RFC 6531 addresses, IDN U-labels). The checks run on the
  // lowercased form because a few lowercase letters are longer in UTF-8 than their capitals,
  // and the value we return must itself pass them.
  std::string out = text::LowerUnicode(trimmed);
  std::string_view s = out;
  if (s.size() > kMaxAddressOctets) return InvalidArgument("e-mail address longer than 254 octets");
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) return InvalidArgument("whitespace or control character in e-mail");
  }
  size_t at = s.find('@');
  if (at == std::string_view::npos) return InvalidArgument("missing '@'");
  if (s.find('@', at + 1) != std::string_view::npos) return InvalidArgument("more than one '@'");
  RETURN_IF_ERROR(CheckLocal(s.substr(0, at)));
  RETURN_IF_ERROR(CheckDomain(s.substr(at + 1)));
  return out;
}

}  // namespace dl
