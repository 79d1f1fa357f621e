// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Placeholder identifiers. What is blocked by default and why is listed in
// docs/normalisation.md ("Blocklist"); the file format is described there too.
//
// Addresses such as noreply@ or info@ at a real domain are deliberately NOT blocked: they are
// real mailboxes, and if one is shared by many people the identity graph's share limit stops it
// from merging them. The blocklist is for values that identify nobody.

#include "daylight/blocklist.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "identity/phone_patterns.h"
#include "identity/text.h"

namespace dl {
namespace {

constexpr size_t kMaxLineLength = 4096;

// RFC 2606 / RFC 6761 reserve these TLDs for documentation and testing; no person has an
// address there, and a TLD entry blocks every domain under it. The second-level example.com,
// .org and .net are deliberately not blocked by default: documentation, demos and acceptance
// checks use them for the people in their stories (ann@example.com). An operator whose real data
// carries them as placeholders adds "email-domain:example.com" with `init --blocklist`.
constexpr std::string_view kReservedDomains[] = {"test", "invalid", "example", "localhost"};

// Placeholders at the example domains that no story uses for a person.
constexpr std::string_view kExamplePlaceholders[] = {
    "email:test@example.com",  "email:test@example.org", "email:test@example.net",
    "email:email@example.com", "email:user@example.com", "email:noreply@example.com"};

// Words people type as a placeholder address "word@word.com". Only the exact "word@word.tld"
// form is blocked (see the comment at the top of the file for why not "word@anything").
constexpr std::string_view kPlaceholderWords[] = {
    "test",    "testing", "asdf", "qwerty", "abc",    "abcd",  "xxx",    "xyz",   "aaa",
    "foo",     "bar",     "none", "null",   "fake",   "dummy", "sample", "email", "mail",
    "noemail", "nomail",  "no",   "na",     "nobody", "user",  "demo"};
constexpr std::string_view kPlaceholderTlds[] = {"com", "net", "org", "de"};

// ISO 3779 characters: a VIN of one of them repeated ("11111111111111111" even passes the
// check digit) is a placeholder.
constexpr std::string_view kVinChars = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";

bool IsDomainChar(char c) {
  return (c >= 'a' && c <= 'z') || text::IsAsciiDigit(c) || c == '-' || c == '.' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Strips a comment: '#' at the start of the line or after whitespace. A '#' inside a value
// ("external:crm:a#1", a regex) is kept.
std::string_view StripComment(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || text::IsAsciiSpace(line[i - 1]))) return line.substr(0, i);
  }
  return line;
}

// Compiled user patterns, one cache per thread so IsBlocked needs no lock. Built-in patterns
// never get here (they have hand-written matchers).
const std::regex* CompiledPattern(const std::string& source) {
  thread_local std::unordered_map<std::string, std::regex> cache;
  auto it = cache.find(source);
  if (it != cache.end()) return &it->second;
  try {
    auto [pos, inserted] =
        cache.emplace(source, std::regex(source, std::regex::ECMAScript | std::regex::optimize));
    return &pos->second;
  } catch (const std::exception&) {
    return nullptr;  // AddLine validated it; a failure here means no match, not a crash
  }
}

bool UserPatternMatches(const std::string& source, const std::string& e164) {
  const std::regex* re = CompiledPattern(source);
  if (re == nullptr) return false;
  try {
    return std::regex_search(e164, *re);
  } catch (const std::exception&) {
    return false;  // std::regex may throw on pathological backtracking; treat as no match
  }
}

// True if `domain` or one of its parent domains is in `domains`.
bool DomainBlocked(const std::unordered_set<std::string>& domains, std::string_view domain) {
  while (!domain.empty()) {
    if (domains.count(std::string(domain)) != 0) return true;
    size_t dot = domain.find('.');
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  return false;
}

// The reason `id` is blocked, or "" if it is not. Shared by IsBlocked and Reason; returns
// views of string literals so the common "not blocked" path builds no message.
std::string_view Classify(const std::unordered_set<std::string>& exact,
                          const std::unordered_set<std::string>& domains,
                          const std::vector<std::string>& patterns, const Identifier& id) {
  if (exact.count(id.ToString()) != 0) {
    switch (id.type) {
      case IdType::kEmail:
        return "placeholder e-mail address";
      case IdType::kPhone:
        return "placeholder number";
      case IdType::kMaid:
        return "placeholder advertising id";
      case IdType::kVin:
        return "placeholder VIN";
      case IdType::kExternal:
        return "blocked external id";
    }
  }
  if (id.type == IdType::kEmail) {
    std::string_view value{id.value};
    size_t at = value.rfind('@');
    if (at != std::string_view::npos && DomainBlocked(domains, value.substr(at + 1))) {
      return "placeholder e-mail domain";
    }
  } else if (id.type == IdType::kPhone) {
    for (const std::string& source : patterns) {
      if (const BuiltinPhonePattern* b = FindBuiltinPhonePattern(source)) {
        if (b->matches(id.value)) return b->reason;
      } else if (UserPatternMatches(source, id.value)) {
        return "placeholder number (matches a blocklist pattern)";
      }
    }
  }
  return {};
}

}  // namespace

Blocklist Blocklist::Defaults() {
  Blocklist b;
  for (std::string_view d : kReservedDomains) b.email_domains_.emplace(d);
  auto add_word = [&](std::string_view w) {
    for (std::string_view tld : kPlaceholderTlds) {
      b.exact_.insert("email:" + std::string(w) + "@" + std::string(w) + "." + std::string(tld));
    }
  };
  for (std::string_view w : kPlaceholderWords) add_word(w);
  for (char c = 'a'; c <= 'z'; ++c) add_word(std::string_view(&c, 1));  // a@a.com ... z@z.com
  b.exact_.insert("email:no@email.com");
  for (std::string_view e : kExamplePlaceholders) b.exact_.emplace(e);
  for (const BuiltinPhonePattern& p : BuiltinPhonePatterns())
    b.phone_patterns_.emplace_back(p.source);
  // The all-zero advertising id is what iOS and Android report when the user limited ad
  // tracking: every such device shares it.
  b.exact_.insert("maid:00000000-0000-0000-0000-000000000000");
  for (char c : kVinChars) b.exact_.insert("vin:" + std::string(17, c));
  return b;
}

Status Blocklist::AddLine(std::string_view line) {
  if (line.size() > kMaxLineLength) return InvalidArgument("line longer than 4096 bytes");
  std::string_view s = text::TrimAscii(StripComment(line));
  if (s.empty()) return Status::Ok();
  size_t colon = s.find(':');
  if (colon == std::string_view::npos) return InvalidArgument("expected kind:value");
  std::string kind = text::AsciiLowerCopy(text::TrimAscii(s.substr(0, colon)));
  std::string_view rest = text::TrimAscii(s.substr(colon + 1));
  if (rest.empty()) return InvalidArgument("empty value after ':'");

  if (kind == "email-domain") {
    std::string domain = text::AsciiLowerCopy(rest);
    while (!domain.empty() && (domain.front() == '@' || domain.front() == '.')) domain.erase(0, 1);
    if (domain.empty() || domain.back() == '.' || domain.find("..") != std::string::npos) {
      return InvalidArgument("email-domain is not a domain");
    }
    for (char c : domain) {
      if (!IsDomainChar(c)) return InvalidArgument("email-domain is not a domain");
    }
    email_domains_.insert(std::move(domain));
    return Status::Ok();
  }
  if (kind == "phone-pattern") {
    std::string source(rest);
    try {
      std::regex check(source, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return InvalidArgument(std::string("invalid phone-pattern: ") + e.what());
    }
    for (const std::string& p : phone_patterns_) {
      if (p == source) return Status::Ok();
    }
    phone_patterns_.push_back(std::move(source));
    return Status::Ok();
  }
  std::optional<IdType> type = ParseIdType(kind);
  if (!type) {
    return InvalidArgument(
        "unknown entry kind; expected email, phone, maid, vin, external, email-domain or "
        "phone-pattern");
  }
  // Entries are normalised like any value, so "Test@Test.com" in a file blocks test@test.com.
  // No default region: a phone entry must be written with its country code.
  StatusOr<Identifier> id = NormalizeIdentifier(*type, rest, "");
  if (!id.ok()) return id.status().WithContext(kind);
  exact_.insert(id->ToString());
  return Status::Ok();
}

Status Blocklist::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return IOError("cannot open " + path + ": " + std::strerror(errno));
  // Load into a copy so a bad line leaves this blocklist as it was, not half-loaded.
  Blocklist staged = *this;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    Status s = staged.AddLine(line);
    if (!s.ok()) return s.WithContext(path + ":" + std::to_string(line_no));
  }
  if (in.bad()) return IOError("cannot read " + path + ": " + std::strerror(errno));
  *this = std::move(staged);
  return Status::Ok();
}

bool Blocklist::IsBlocked(const Identifier& id) const {
  return !Classify(exact_, email_domains_, phone_patterns_, id).empty();
}

std::string Blocklist::Reason(const Identifier& id) const {
  return std::string(Classify(exact_, email_domains_, phone_patterns_, id));
}

}  // namespace dl
