// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Platform hash profiles. Every rule below is one row of the table in docs/hash-profiles.md,
// which cites the platform page it comes from; change both together. Where a platform's page
// leaves a choice open, the comment says which way we went and why.

#include "daylight/hash_profiles.h"

#include <sodium.h>

#include <cstdint>
#include <cstring>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <openssl/sha.h>

#include "daylight/identifier.h"

#include "identity/text.h"
#include "identity/us_states.h"

namespace dl {
namespace {

constexpr int kMinBirthYear = 1900;  // Meta: "YYYY format from 1900 to current year"

Status NotTaken(Platform p, HashField f) {
  return InvalidArgument(std::string(PlatformName(p)) + " does not take field " +
                         std::string(HashFieldName(f)));
}

bool IsUs(std::string_view region) {
  return region.size() == 2 && text::AsciiUpper(region[0]) == 'U' &&
         text::AsciiUpper(region[1]) == 'S';
}

// ---- e-mail -------------------------------------------------------------------------------

// Google: for gmail.com and googlemail.com, dots in the local part and a "+tag" do not change
// the mailbox, so Google drops them before matching (Data Manager API formatting guide).
// `email` contains '@'.
void GoogleEmailTo(std::string_view email, std::string* out) {
  const size_t at = email.find('@');
  const std::string_view domain = email.substr(at + 1);
  if (domain != "gmail.com" && domain != "googlemail.com") {
    out->assign(email);
    return;
  }
  out->clear();
  bool in_tag = false;
  for (size_t i = 0; i < at; ++i) {
    char c = email[i];
    if (c == '+') in_tag = true;
    if (in_tag || c == '.') continue;
    out->push_back(c);
  }
  // "+tag@gmail.com" would leave nothing; such an address is not a mailbox anyone can own.
  if (out->empty()) {
    out->assign(email);
    return;
  }
  out->append(email.substr(at));
}

std::string GoogleEmail(const std::string& email) {
  std::string out;
  GoogleEmailTo(email, &out);
  return out;
}

StatusOr<std::string> Email(Platform p, std::string_view value) {
  ASSIGN_OR_RETURN(std::string email, NormalizeEmail(value));
  switch (p) {
    case Platform::kMeta:
      return email;
    case Platform::kGoogle:
      return GoogleEmail(email);
    case Platform::kPair:
      // IAB PAIR: "ASCII characters converted to lowercase" and nothing else, so non-ASCII
      // letters keep their case (NormalizeEmail would have lowercased them too).
      return text::AsciiLowerCopy(text::TrimAscii(value));
  }
  return Internal("unknown platform");
}

// ---- phone --------------------------------------------------------------------------------

StatusOr<std::string> Phone(Platform p, std::string_view value, std::string_view region) {
  ASSIGN_OR_RETURN(std::string e164, NormalizePhone(value, region));
  return PlatformPhoneForm(p, e164);
}

// ---- names, city, state -------------------------------------------------------------------

// Titles before a first name and generational suffixes after a last name. Google says not to
// include them ("Don't include prefixes such as Mrs.", "suffixes such as Jr."); the lists are
// the common English and German forms.
constexpr std::string_view kNamePrefixes[] = {"mr", "mrs",  "ms",  "miss", "mx",
                                              "dr", "prof", "sir", "herr", "frau"};
constexpr std::string_view kNameSuffixes[] = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"};

template <size_t N>
bool InList(std::string_view word, const std::string_view (&list)[N]) {
  for (std::string_view w : list) {
    if (word == w) return true;
  }
  return false;
}

// Splits on ASCII whitespace, drops a leading title (first names) or trailing suffix (last
// names) if another word remains, and joins the rest as lowercase letters only.
std::string GoogleName(std::string_view value, bool first_name) {
  std::vector<std::string_view> words;
  std::string_view s = text::TrimAscii(value);
  while (!s.empty()) {
    size_t end = 0;
    while (end < s.size() && !text::IsAsciiSpace(s[end])) ++end;
    words.push_back(s.substr(0, end));
    s = text::TrimAscii(s.substr(end));
  }
  size_t begin = 0;
  size_t end = words.size();
  if (first_name && end > 1 && InList(text::LowerLettersOnly(words.front()), kNamePrefixes)) {
    begin = 1;
  }
  if (!first_name && end > 1 && InList(text::LowerLettersOnly(words.back()), kNameSuffixes)) {
    --end;
  }
  std::string out;
  for (size_t i = begin; i < end; ++i) out += text::LowerLettersOnly(words[i]);
  return out;
}

StatusOr<std::string> Name(Platform p, HashField f, std::string_view value) {
  // Meta: "Lowercase only with no punctuation. If using special characters, the text must be
  // encoded in UTF-8" (its example keeps "valéry"). Google: lowercase, no whitespace, no
  // punctuation, no titles or suffixes; accented letters stay (its sample file has "zoë").
  std::string out = p == Platform::kGoogle ? GoogleName(value, f == HashField::kFirstName)
                                           : text::LowerLettersOnly(value);
  if (out.empty()) return InvalidArgument("no letters in " + std::string(HashFieldName(f)));
  return out;
}

StatusOr<std::string> City(std::string_view value) {
  std::string out = text::LowerLettersOnly(value);  // "New York" -> "newyork"
  if (out.empty()) return InvalidArgument("no letters in city");
  return out;
}

StatusOr<std::string> State(std::string_view value, std::string_view region) {
  std::string letters = text::LowerLettersOnly(value);
  if (letters.empty()) return InvalidArgument("no letters in state");
  // Meta wants the two-letter ANSI code for US states. Without a region we still map a value
  // that is unmistakably a US state name; anything else keeps its letters, as Meta asks for
  // states outside the US.
  if (region.empty() || IsUs(region)) {
    if (std::optional<std::string_view> code = UsStateCode(letters)) return std::string(*code);
    if (IsUs(region)) return InvalidArgument("not a US state");
  }
  return letters;
}

// ---- zip ----------------------------------------------------------------------------------

// "12345" or "12345-6789" / "12345 6789" / "123456789".
bool LooksLikeUsZip(std::string_view s) {
  size_t digits = 0;
  for (char c : s) {
    if (text::IsAsciiDigit(c)) {
      ++digits;
    } else if (!(c == '-' || c == ' ') || digits != 5) {
      return false;
    }
  }
  return digits == 5 || digits == 9;
}

StatusOr<std::string> Zip(Platform p, std::string_view value, std::string_view region) {
  std::string_view s = text::TrimAscii(value);
  const bool us = IsUs(region) || (region.empty() && LooksLikeUsZip(s));
  if (us) {
    if (!LooksLikeUsZip(s)) return InvalidArgument("not a US ZIP code");
    std::string digits;
    for (char c : s) {
      if (text::IsAsciiDigit(c)) digits.push_back(c);
    }
    // Meta: "Use only the first 5 digits for U.S. zip codes". Google: 5 digits, or 5 followed
    // by the 4-digit extension, which "may improve your match rate".
    if (p == Platform::kMeta || digits.size() == 5) return digits.substr(0, 5);
    return digits.substr(0, 5) + "-" + digits.substr(5);
  }
  std::string out;
  if (p == Platform::kMeta) {
    // "lowercase with no spaces and no dash"; UK postcodes in full ("m11ae" in Meta's example).
    for (char c : s) {
      if (text::IsAsciiAlpha(c) || text::IsAsciiDigit(c)) out.push_back(text::AsciiLower(c));
    }
  } else {
    // Google takes postal codes unhashed, as written ("WC2H 8LG" in its sample file); we only
    // trim, collapse inner whitespace and uppercase so one code has one spelling.
    bool space = false;
    for (char c : s) {
      if (text::IsAsciiSpace(c)) {
        space = true;
        continue;
      }
      if (!text::IsAsciiAlpha(c) && !text::IsAsciiDigit(c) && c != '-') {
        return InvalidArgument("postal code has a character other than letters, digits, '-'");
      }
      if (space) out.push_back(' ');
      space = false;
      out.push_back(text::AsciiUpper(c));
    }
  }
  if (out.empty()) return InvalidArgument("empty postal code");
  return out;
}

// ---- country ------------------------------------------------------------------------------

StatusOr<std::string> Country(Platform p, std::string_view value) {
  std::optional<std::string> code = NormalizeCountry(value);
  if (!code) return InvalidArgument("unknown country");
  // Meta: lowercase ISO alpha-2 ("us"); Google: ISO alpha-2 as in its API examples ("US").
  if (p == Platform::kMeta) return text::AsciiLowerCopy(*code);
  return *code;
}

// ---- date of birth ------------------------------------------------------------------------

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

int CurrentYear() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

// Parses up to 4 digits; returns -1 if the part is empty, too long or not all digits.
int ParsePart(std::string_view part, size_t* width) {
  *width = part.size();
  if (part.empty() || part.size() > 4) return -1;
  int v = 0;
  for (char c : part) {
    if (!text::IsAsciiDigit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Accepts YYYYMMDD, YYYY-MM-DD (also with '/', '.', ' ' and an ISO time after 'T'),
// DD.MM.YYYY (the dot is the European order), and D/M/YYYY or M/D/YYYY when the order is
// evident from a value above 12; "02/03/1990" is rejected rather than guessed.
StatusOr<std::string> Dob(std::string_view value) {
  std::string_view s = text::TrimAscii(value);
  if (size_t t = s.find('T'); t != std::string_view::npos && t >= 8) s = s.substr(0, t);
  int y = -1;
  int m = -1;
  int d = -1;
  bool digits_only = s.size() == 8;
  for (char c : s) digits_only = digits_only && text::IsAsciiDigit(c);
  if (digits_only) {
    size_t w;
    y = ParsePart(s.substr(0, 4), &w);
    m = ParsePart(s.substr(4, 2), &w);
    d = ParsePart(s.substr(6, 2), &w);
  } else {
    std::string_view parts[3];
    size_t n = 0;
    char sep = 0;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
      if (i < s.size() && text::IsAsciiDigit(s[i])) continue;
      if (i < s.size()) {
        char c = s[i];
        if (c != '-' && c != '/' && c != '.' && c != ' ') {
          return InvalidArgument("date of birth has an unexpected character");
        }
        if (sep == 0) sep = c;
        if (c != sep) return InvalidArgument("date of birth mixes separators");
      }
      if (n == 3) return InvalidArgument("date of birth has more than three parts");
      parts[n++] = s.substr(start, i - start);
      start = i + 1;
    }
    if (n != 3) return InvalidArgument("date of birth is not day, month and year");
    size_t w0, w1, w2;
    int a = ParsePart(parts[0], &w0);
    int b = ParsePart(parts[1], &w1);
    int c = ParsePart(parts[2], &w2);
    if (a < 0 || b < 0 || c < 0) return InvalidArgument("date of birth is not numeric");
    if (w0 == 4) {
      y = a, m = b, d = c;
    } else if (w2 == 4) {
      y = c;
      // A dot means day first; otherwise a part above 12 must be the day. Equal parts need
      // no order.
      if (sep == '.' || (a > 12 && b <= 12)) {
        d = a, m = b;
      } else if ((b > 12 && a <= 12) || a == b) {
        m = a, d = b;
      } else {
        return InvalidArgument("ambiguous day/month order; write the date as YYYY-MM-DD");
      }
    } else {
      return InvalidArgument("date of birth needs a four-digit year");
    }
  }
  if (y < kMinBirthYear || y > CurrentYear()) return InvalidArgument("birth year out of range");
  if (m < 1 || m > 12) return InvalidArgument("birth month out of range");
  if (d < 1 || d > DaysInMonth(y, m)) return InvalidArgument("birth day out of range");
  // Values are range-checked above, so each field has exactly its width.
  std::string out(8, '0');
  for (int i = 3, v = y; i >= 0; --i, v /= 10)
    out[static_cast<size_t>(i)] = static_cast<char>('0' + v % 10);
  out[4] = static_cast<char>('0' + m / 10);
  out[5] = static_cast<char>('0' + m % 10);
  out[6] = static_cast<char>('0' + d / 10);
  out[7] = static_cast<char>('0' + d % 10);
  return out;
}

// ---- gender -------------------------------------------------------------------------------

StatusOr<std::string> Gender(std::string_view value) {
  std::string g = text::LowerUnicode(text::TrimAscii(value));
  // Meta takes only "f" and "m". Other genders are not sent rather than forced into one.
  for (std::string_view w : {"f", "female", "woman", "w", "weiblich", "frau"}) {
    if (g == w) return std::string("f");
  }
  for (std::string_view w : {"m", "male", "man", "männlich", "maennlich", "mann"}) {
    if (g == w) return std::string("m");
  }
  return InvalidArgument("gender must be female or male for this platform");
}

bool Takes(Platform p, HashField f) {
  switch (p) {
    case Platform::kMeta:
      return true;
    case Platform::kGoogle:
      // Customer Match takes e-mail, phone and the mailing address as first name, last name,
      // country and zip; nothing else.
      return f == HashField::kEmail || f == HashField::kPhone || f == HashField::kFirstName ||
             f == HashField::kLastName || f == HashField::kCountry || f == HashField::kZip;
    case Platform::kPair:
      // The IAB PAIR spec standardises two match keys: e-mail and phone.
      return f == HashField::kEmail || f == HashField::kPhone;
  }
  return false;
}

}  // namespace

std::string PlatformEmailForm(Platform platform, std::string_view normalized) {
  std::string out;
  PlatformEmailFormTo(platform, normalized, &out);
  return out;
}

void PlatformEmailFormTo(Platform platform, std::string_view normalized, std::string* out) {
  if (platform == Platform::kGoogle && normalized.find('@') != std::string_view::npos) {
    GoogleEmailTo(normalized, out);
    return;
  }
  out->assign(normalized);
}

std::string PlatformPhoneForm(Platform platform, std::string_view e164) {
  std::string out;
  PlatformPhoneFormTo(platform, e164, &out);
  return out;
}

void PlatformPhoneFormTo(Platform platform, std::string_view e164, std::string* out) {
  // Meta wants the digits with country code and no '+'; Google and PAIR want E.164 with '+'.
  if (platform == Platform::kMeta && !e164.empty() && e164[0] == '+') e164.remove_prefix(1);
  out->assign(e164);
}

std::string_view PlatformName(Platform p) {
  switch (p) {
    case Platform::kMeta:
      return "meta";
    case Platform::kGoogle:
      return "google";
    case Platform::kPair:
      return "pair";
  }
  return "unknown";
}

std::string_view HashFieldName(HashField f) {
  switch (f) {
    case HashField::kEmail:
      return "email";
    case HashField::kPhone:
      return "phone";
    case HashField::kFirstName:
      return "first_name";
    case HashField::kLastName:
      return "last_name";
    case HashField::kCity:
      return "city";
    case HashField::kState:
      return "state";
    case HashField::kZip:
      return "zip";
    case HashField::kCountry:
      return "country";
    case HashField::kDob:
      return "dob";
    case HashField::kGender:
      return "gender";
  }
  return "unknown";
}

StatusOr<std::string> NormalizeForPlatform(Platform platform, HashField field,
                                           std::string_view value, std::string_view region) {
  if (!Takes(platform, field)) return NotTaken(platform, field);
  if (text::TrimAscii(value).empty())
    return InvalidArgument("empty " + std::string(HashFieldName(field)));
  switch (field) {
    case HashField::kEmail:
      return Email(platform, value);
    case HashField::kPhone:
      return Phone(platform, value, region);
    case HashField::kFirstName:
    case HashField::kLastName:
      return Name(platform, field, value);
    case HashField::kCity:
      return City(value);
    case HashField::kState:
      return State(value, region);
    case HashField::kZip:
      return Zip(platform, value, region);
    case HashField::kCountry:
      return Country(platform, value);
    case HashField::kDob:
      return Dob(value);
    case HashField::kGender:
      return Gender(value);
  }
  return Internal("unknown field");
}

StatusOr<std::string> HashForPlatform(Platform platform, HashField field, std::string_view value,
                                      std::string_view region) {
  ASSIGN_OR_RETURN(std::string normalized, NormalizeForPlatform(platform, field, value, region));
  // Google matches country and postal code in clear text; a hash there would silently match
  // nobody, so refuse instead of returning one.
  if (platform == Platform::kGoogle && (field == HashField::kCountry || field == HashField::kZip)) {
    return InvalidArgument("google takes " + std::string(HashFieldName(field)) +
                           " unhashed; send the NormalizeForPlatform value");
  }
  return Sha256Hex(normalized);
}

// Exports hash millions of short values (two or more per member, each one or two blocks).
// OpenSSL's libcrypto computes SHA-256 (FIPS 180-4) with the CPU's SHA extensions where it has
// them (Intel since Ice Lake and Goldmont, AMD since Zen), about 2.5 times as fast as
// libsodium's portable code. Tests compare it with Sha256Hex.
void Sha256HexTo(std::string_view bytes, char* out) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  // Arithmetic instead of a table: as fast, and like sodium_bin2hex it does not index memory
  // by the digest's bytes.
  auto digit = [](int n) {
    return static_cast<char>(n + '0' + (((9 - n) >> 8) & ('a' - '0' - 10)));
  };
  for (size_t i = 0; i < sizeof digest; ++i) {
    out[2 * i] = digit(digest[i] >> 4);
    out[2 * i + 1] = digit(digest[i] & 15);
  }
}

}  // namespace dl
