// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Why these numbers:
//  * one repeated digit ("0000000000", "+1 111-111-1111"): typed into forms to get past a
//    required field; shared by thousands of unrelated records.
//  * 12345678(90) and 98765432(10): the same, as a run.
//  * +1 NPA 555-0100..0199: reserved by the North American Numbering Plan for fiction
//    (NANPA, "555 NXX line numbers"); never assigned to anyone.
//  * Ofcom's "telephone numbers for drama purposes": UK ranges that will not be allocated.
// libphonenumber already rejects many of these as invalid; the rules still matter for the ones
// it accepts (e.g. +44 20 7946 0xxx is a valid London number) and for numbers that reach the
// blocklist by other routes (a blocklist file, an older import).

#include "identity/phone_patterns.h"

#include <array>
#include <string_view>

namespace dl {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "+" followed by digits only: the shape every rule's regex demands.
bool IsPlusDigits(std::string_view s) {
  if (s.size() < 2 || s[0] != '+') return false;
  for (char c : s.substr(1)) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// ^\+\d{1,3}(\d)\1{5,}$ : some split into a 1-3 digit country code and a national part of at
// least six copies of one digit. (The regex backtracks over the country-code length; so do we.)
bool SameDigit(std::string_view s) {
  if (!IsPlusDigits(s)) return false;
  for (size_t cc = 1; cc <= 3; ++cc) {
    if (s.size() < 1 + cc + 6) break;
    std::string_view national = s.substr(1 + cc);
    bool same = true;
    for (char c : national) same = same && c == national[0];
    if (same) return true;
  }
  return false;
}

bool IsPrefixOf(std::string_view a, std::string_view b) { return b.substr(0, a.size()) == a; }

// ^\+\d{1,3}0?12345678(9|90|901|9012|90123|901234|9012345)?$
bool Ascending(std::string_view s) {
  if (!IsPlusDigits(s)) return false;
  for (size_t cc = 1; cc <= 3 && 1 + cc < s.size(); ++cc) {
    std::string_view r = s.substr(1 + cc);
    if (!r.empty() && r[0] == '0') r.remove_prefix(1);
    if (r.substr(0, 8) != "12345678") continue;
    if (IsPrefixOf(r.substr(8), "9012345")) return true;
  }
  return false;
}

// ^\+\d{1,3}98765432(1|10|109|1098|10987)?$
bool Descending(std::string_view s) {
  if (!IsPlusDigits(s)) return false;
  for (size_t cc = 1; cc <= 3 && 1 + cc < s.size(); ++cc) {
    std::string_view r = s.substr(1 + cc);
    if (r.substr(0, 8) != "98765432") continue;
    if (IsPrefixOf(r.substr(8), "10987")) return true;
  }
  return false;
}

// ^\+1[2-9]\d{2}55501\d{2}$
bool NanpFiction(std::string_view s) {
  return s.size() == 12 && IsPlusDigits(s) && s[1] == '1' && s[2] >= '2' &&
         s.substr(5, 5) == "55501";
}

// Ofcom drama ranges, each a 7-digit block after +44 followed by three digits.
constexpr std::array<std::string_view, 20> kOfcomBlocks = {
    "7700900",                                                         // 07700 900xxx   mobile
    "2079460",                                                         // 020 7946 0xxx  London
    "1134960", "1144960", "1154960", "1164960", "1174960", "1184960",  // Leeds..Reading
    "1214960", "1314960", "1414960", "1514960", "1614960",             // Birmingham..Manchester
    "1914980",                                                         // 0191 498 0xxx  Tyneside
    "2896496",  // 028 9649 6xxx  Northern Ireland
    "2920180",  // 029 2018 0xxx  Cardiff
    "1632960",  // 01632 960xxx   no real area
    "8081570",  // 08081 570xxx   freephone
    "9098790",  // 0909 879 0xxx  premium rate
    "3069990",  // 03069 990xxx   UK-wide
};

// ^\+44(7700900|2079460|11[3-8]4960|1[2-6]14960|1914980|2896496|2920180|1632960|8081570|
//        9098790|3069990)\d{3}$
bool OfcomDrama(std::string_view s) {
  if (s.size() != 13 || !IsPlusDigits(s) || s.substr(1, 2) != "44") return false;
  std::string_view block = s.substr(3, 7);
  for (std::string_view b : kOfcomBlocks) {
    if (block == b) return true;
  }
  return false;
}

constexpr BuiltinPhonePattern kPatterns[] = {
    {"same-digit", R"(^\+\d{1,3}(\d)\1{5,}$)", "placeholder number (one repeated digit)",
     SameDigit},
    {"ascending", R"(^\+\d{1,3}0?12345678(9|90|901|9012|90123|901234|9012345)?$)",
     "placeholder number (sequential digits)", Ascending},
    {"descending", R"(^\+\d{1,3}98765432(1|10|109|1098|10987)?$)",
     "placeholder number (sequential digits)", Descending},
    {"nanp-555-01xx", R"(^\+1[2-9]\d{2}55501\d{2}$)",
     "placeholder number (North American 555-01XX fiction range)", NanpFiction},
    {"ofcom-drama",
     R"(^\+44(7700900|2079460|11[3-8]4960|1[2-6]14960|1914980|2896496|2920180|)"
     R"(1632960|8081570|9098790|3069990)\d{3}$)",
     "placeholder number (Ofcom drama range)", OfcomDrama},
};

}  // namespace

std::span<const BuiltinPhonePattern> BuiltinPhonePatterns() { return kPatterns; }

const BuiltinPhonePattern* FindBuiltinPhonePattern(std::string_view source) {
  for (const BuiltinPhonePattern& p : kPatterns) {
    if (p.source == source) return &p;
  }
  return nullptr;
}

}  // namespace dl
