// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The privacy portal's HTML pages, as pure functions of what they show (the routes in
// src/server/portal_routes.cc gather it). Every page: <html lang>, one h1, a skip link, a
// visible language switch, labelled form fields, visible focus, a viewport for phones, no
// scripts, and only /privacy/static/portal.css as a resource. All text comes from
// src/server/portal_text.h and every value is escaped.
#ifndef DAYLIGHT_SERVER_PORTAL_PAGES_H_
#define DAYLIGHT_SERVER_PORTAL_PAGES_H_

#include <string>
#include <string_view>
#include <vector>

#include "daylight/rights_report.h"
#include "daylight/store.h"

#include "server/portal_text.h"

namespace dl::server {

inline constexpr std::string_view kPortalCssPath = "/privacy/static/portal.css";

// What every page shares.
struct PageFrame {
  Lang lang = Lang::kEn;
  // Where the language switch links to (with "?lang=xx" appended): a GET page that shows the
  // same thing.
  std::string switch_path = "/privacy";
  std::string session_csrf;  // non-empty when signed in: the header shows "Sign out"
};

struct StartPageView {
  std::string csrf;         // bound to the pre-session cookie
  bool invalid = false;     // the identifier could not be read (400)
  bool signed_out = false;  // just signed out
  std::string identifier;   // what was typed, shown again after an invalid attempt
  std::string region;       // the chosen country
  int code_minutes = 10;
};
std::string StartPage(const PageFrame& frame, const StartPageView& view);

struct CodePageView {
  std::string csrf;   // bound to the pre-session cookie
  std::string token;  // the challenge; empty when it can only be restarted
  // An answer to a failed attempt: kWrongCode, kExpired, kLocked or kUnknownChallenge; kCount
  // for none.
  Msg problem = Msg::kCount;
  int attempts_left = 0;
  int code_minutes = 10;
};
std::string CodePage(const PageFrame& frame, const CodePageView& view);

struct MePageView {
  Identifier id;                            // the verified identifier
  const AccessReport* report = nullptr;     // nullptr: nothing is held about `id`
  std::vector<RightsRequestView> requests;  // pending requests made for `id`
  Msg flash = Msg::kCount;  // kFlashObjected, kFlashWithdrawn, kFlashErase, or kCount
};
std::string MePage(const PageFrame& frame, const MePageView& view);

// A short page: a heading, one paragraph (class "error" or "note"), and a link onwards.
std::string MessagePage(const PageFrame& frame, Msg title, std::string_view text,
                        std::string_view link, Msg link_text);

std::string_view PortalCss();

// Country codes offered for phone numbers without "+", with their names.
struct CountryChoice {
  std::string_view code;
  Msg name;
};
const std::vector<CountryChoice>& PortalCountries();

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_PORTAL_PAGES_H_
