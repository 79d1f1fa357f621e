// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// External ids ("salesforce:0035g00000AbCdE"): an id in someone else's system. The namespace
// says whose; it is folded to lowercase so "Salesforce:" and "salesforce:" are one system. The
// value keeps its case because many systems (Salesforce ids among them) are case-sensitive.

#include <string>
#include <string_view>

#include "daylight/identifier.h"

#include "identity/text.h"

namespace dl {
namespace {

constexpr size_t kMaxNamespace = 32;
constexpr size_t kMaxValue = 256;

bool IsNamespaceChar(char c) {
  return (c >= 'a' && c <= 'z') || text::IsAsciiDigit(c) || c == '_' || c == '.' || c == '-';
}

}  // namespace

StatusOr<std::string> NormalizeExternal(std::string_view raw) {
  std::string_view s = text::TrimAscii(raw);
  size_t colon = s.find(':');
  if (colon == std::string_view::npos)
    return InvalidArgument("missing ':' between namespace and value");
  std::string_view ns = text::TrimAscii(s.substr(0, colon));
  std::string_view value = text::TrimAscii(s.substr(colon + 1));
  if (ns.empty()) return InvalidArgument("empty namespace");
  if (ns.size() > kMaxNamespace) return InvalidArgument("namespace longer than 32 characters");
  if (value.empty()) return InvalidArgument("empty value after namespace");
  if (value.size() > kMaxValue) return InvalidArgument("value longer than 256 octets");
  std::string out;
  out.reserve(ns.size() + 1 + value.size());
  for (char c : ns) {
    char l = text::AsciiLower(c);
    if (!IsNamespaceChar(l)) return InvalidArgument("namespace may only use a-z 0-9 _ . -");
    out.push_back(l);
  }
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return InvalidArgument("control character in value");
  }
  if (!text::IsValidUtf8(value)) return InvalidArgument("value is not valid UTF-8");
  out.push_back(':');
  out.append(value);
  return out;
}

}  // namespace dl
