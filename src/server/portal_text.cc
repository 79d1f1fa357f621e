// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/portal_text.h"

#include <array>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "daylight/verification.h"

namespace dl::server {
namespace {

struct Entry {
  std::string_view en, de;
};

constexpr std::array<Entry, static_cast<size_t>(Msg::kCount)> kTable = {{
#define DAYLIGHT_PORTAL_TEXT_ENTRY(id, en, de) {en, de},
    DAYLIGHT_PORTAL_TEXT(DAYLIGHT_PORTAL_TEXT_ENTRY)
#undef DAYLIGHT_PORTAL_TEXT_ENTRY
}};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "de", "de-AT", "DE" -> German; "en", "en-GB" -> English; anything else: -1.
int LangOf(std::string_view tag) {
  tag = Trim(tag);
  if (tag.size() < 2) return -1;
  const char a = static_cast<char>(tag[0] | 0x20), b = static_cast<char>(tag[1] | 0x20);
  if (tag.size() > 2 && tag[2] != '-' && tag[2] != '_') return -1;
  if (a == 'd' && b == 'e') return static_cast<int>(Lang::kDe);
  if (a == 'e' && b == 'n') return static_cast<int>(Lang::kEn);
  return -1;
}

}  // namespace

std::string_view LangCode(Lang lang) { return lang == Lang::kDe ? "de" : "en"; }

Lang ChooseLanguage(std::string_view choice, std::string_view accept_language) {
  if (int l = LangOf(choice); l >= 0 && choice.size() == 2) return static_cast<Lang>(l);
  // Accept-Language: "de-DE,de;q=0.9,en;q=0.8". The highest q among de/en wins; ties go to
  // the earlier entry.
  int best = -1;
  double best_q = 0;
  while (!accept_language.empty()) {
    size_t comma = accept_language.find(',');
    std::string_view item = accept_language.substr(0, comma);
    accept_language =
        comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    size_t semi = item.find(';');
    const int l = LangOf(item.substr(0, semi));
    double q = 1;
    if (semi != std::string_view::npos) {
      std::string_view param = Trim(item.substr(semi + 1));
      if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        q = std::strtod(std::string(param.substr(2)).c_str(), nullptr);
      }
    }
    if (l >= 0 && q > best_q) {
      best = l;
      best_q = q;
    }
  }
  return best >= 0 ? static_cast<Lang>(best) : Lang::kEn;
}

std::string_view T(Lang lang, Msg msg) {
  const Entry& e = kTable[static_cast<size_t>(msg)];
  return lang == Lang::kDe ? e.de : e.en;
}

std::string_view PurposeText(Lang lang, std::string_view purpose) {
  static constexpr std::pair<std::string_view, Msg> kPurposes[] = {
      {"essential", Msg::kPurpose_essential},
      {"essential.service", Msg::kPurpose_essential_service},
      {"essential.security", Msg::kPurpose_essential_security},
      {"functional", Msg::kPurpose_functional},
      {"functional.contact_discovery", Msg::kPurpose_functional_contact_discovery},
      {"marketing", Msg::kPurpose_marketing},
      {"marketing.communications", Msg::kPurpose_marketing_communications},
      {"marketing.communications.email", Msg::kPurpose_marketing_communications_email},
      {"marketing.communications.sms", Msg::kPurpose_marketing_communications_sms},
      {"marketing.advertising", Msg::kPurpose_marketing_advertising},
      {"marketing.advertising.first_party", Msg::kPurpose_marketing_advertising_first_party},
      {"marketing.advertising.first_party.targeted",
       Msg::kPurpose_marketing_advertising_first_party_targeted},
      {"marketing.advertising.third_party", Msg::kPurpose_marketing_advertising_third_party},
      {"marketing.advertising.third_party.targeted",
       Msg::kPurpose_marketing_advertising_third_party_targeted},
      {"analytics", Msg::kPurpose_analytics},
      {"third_party_sharing", Msg::kPurpose_third_party_sharing},
  };
  for (const auto& [key, msg] : kPurposes) {
    if (key == purpose) return T(lang, msg);
  }
  return "";
}

}  // namespace dl::server

namespace dl {

// Declared in include/daylight/verification.h; the words live in the portal's one table.
std::string CodeMessageText(std::string_view code, std::string_view language, int ttl_minutes) {
  const server::Lang lang = server::ChooseLanguage(language, "");
  return fmt::format(fmt::runtime(server::T(lang, server::Msg::kCodeMessage)),
                     fmt::arg("code", code), fmt::arg("minutes", ttl_minutes));
}

}  // namespace dl
