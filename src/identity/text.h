// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Small text helpers shared by the normalisers. Internal to src/identity.
//
// Everything here is byte-oriented over UTF-8 and never throws. The Unicode-aware helpers
// (letter classes and lowercasing beyond ASCII) use glibc's "C.UTF-8" locale, which carries the
// full Unicode case and class tables, so Daylight needs no hand-written tables and no ICU link.
// If that locale is missing at run time they degrade to ASCII rules and keep non-ASCII letters
// unchanged; docs/normalisation.md says so.
#ifndef DAYLIGHT_SRC_IDENTITY_TEXT_H_
#define DAYLIGHT_SRC_IDENTITY_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace dl::text {

// Space, tab, CR, LF, vertical tab, form feed.
constexpr bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
constexpr bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
constexpr char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

// Removes leading and trailing ASCII whitespace. Returns a view into `s`.
std::string_view TrimAscii(std::string_view s);

// Copy of `s` with ASCII letters lowercased; other bytes unchanged.
std::string AsciiLowerCopy(std::string_view s);

// True if `s` is well-formed UTF-8 (no overlong forms, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Decodes the code point starting at s[*pos] and advances *pos past it. Returns -1 and advances
// by one byte on malformed input, so callers can skip garbage without looping forever.
int32_t DecodeUtf8(std::string_view s, size_t* pos);

// Appends the UTF-8 encoding of `cp` (assumed a valid scalar value) to `out`.
void AppendUtf8(int32_t cp, std::string* out);

// Keeps only letters (any script; combining diacritical marks are kept with their letter) and
// lowercases them: "Mary-Jane O'Neil" -> "maryjaneoneil", "Valéry" -> "valéry". Malformed
// UTF-8 bytes are dropped. This is the "lowercase, no punctuation, no spaces, UTF-8 for special
// characters" rule the ad platforms describe for names and cities.
std::string LowerLettersOnly(std::string_view s);

// Lowercases every letter (any script) and leaves everything else as it is.
std::string LowerUnicode(std::string_view s);

}  // namespace dl::text

#endif  // DAYLIGHT_SRC_IDENTITY_TEXT_H_
