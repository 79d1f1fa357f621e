// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0

#include "identity/text.h"

#include <locale.h>
#include <wctype.h>

namespace dl::text {
namespace {

// The C.UTF-8 locale, created once. newlocale() is thread-safe and the function-local static
// makes the first call race-free; the handle is never freed because it lives for the process.
locale_t Utf8Locale() {
  static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return loc;
}

// U+0300..U+036F: combining diacritical marks. glibc does not class them as letters, but a
// decomposed "e" + U+0301 is part of the letter, so dropping the mark would change the name.
bool IsCombiningMark(int32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

bool IsLetter(int32_t cp) {
  if (cp < 0x80) return IsAsciiAlpha(static_cast<char>(cp));
  if (IsCombiningMark(cp)) return true;
  locale_t loc = Utf8Locale();
  // Without the locale we cannot classify non-ASCII code points; keeping them is the lesser
  // evil (a name in Korean stays a name) and is documented.
  if (loc == static_cast<locale_t>(nullptr)) return true;
  return iswalpha_l(static_cast<wint_t>(cp), loc) != 0;
}

int32_t ToLower(int32_t cp) {
  if (cp < 0x80) return AsciiLower(static_cast<char>(cp));
  locale_t loc = Utf8Locale();
  if (loc == static_cast<locale_t>(nullptr)) return cp;
  return static_cast<int32_t>(towlower_l(static_cast<wint_t>(cp), loc));
}

}  // namespace

std::string_view TrimAscii(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && IsAsciiSpace(s[b])) ++b;
  while (e > b && IsAsciiSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string AsciiLowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

int32_t DecodeUtf8(std::string_view s, size_t* pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  size_t i = *pos;
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  int len;
  int32_t cp;
  int32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    *pos = i + 1;
    return -1;
  }
  if (i + static_cast<size_t>(len) > s.size()) {
    *pos = i + 1;
    return -1;
  }
  for (int k = 1; k < len; ++k) {
    unsigned char b = byte(i + static_cast<size_t>(k));
    if ((b & 0xC0) != 0x80) {
      *pos = i + 1;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
  if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    *pos = i + 1;
    return -1;
  }
  *pos = i + static_cast<size_t>(len);
  return cp;
}

void AppendUtf8(int32_t cp, std::string* out) {
  auto u = static_cast<uint32_t>(cp);
  if (u < 0x80) {
    out->push_back(static_cast<char>(u));
  } else if (u < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (u >> 6)));
    out->push_back(static_cast<char>(0x80 | (u & 0x3F)));
  } else if (u < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (u >> 12)));
    out->push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (u & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (u >> 18)));
    out->push_back(static_cast<char>(0x80 | ((u >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (u & 0x3F)));
  }
}

bool IsValidUtf8(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    if (DecodeUtf8(s, &pos) < 0) return false;
  }
  return true;
}

std::string LowerLettersOnly(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    int32_t cp = DecodeUtf8(s, &pos);
    if (cp < 0 || !IsLetter(cp)) continue;
    AppendUtf8(ToLower(cp), &out);
  }
  return out;
}

std::string LowerUnicode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    size_t start = pos;
    int32_t cp = DecodeUtf8(s, &pos);
    if (cp < 0) {
      out.append(s.substr(start, pos - start));  // keep malformed bytes as they were
      continue;
    }
    AppendUtf8(ToLower(cp), &out);
  }
  return out;
}

}  // namespace dl::text
