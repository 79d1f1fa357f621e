// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The console's shared page layout (docs/console.md): one HTML document per page with a skip
// link, a banner with the navigation, a main landmark holding the page's one h1, and the
// signed-in user's logout form. Also the small formatting helpers every page uses. Every value
// that reaches HTML goes through HtmlEscape (src/util/html.h); the helpers here escape their
// arguments themselves, and take already-rendered HTML only where the parameter says *_html.
//
// Pure functions: no I/O, no clock, thread-safe.
#ifndef DAYLIGHT_SERVER_CONSOLE_LAYOUT_H_
#define DAYLIGHT_SERVER_CONSOLE_LAYOUT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "daylight/guardrails.h"

namespace dl::server {

struct ConsoleFrame {
  std::string title;   // the document title and the page's h1 (plain text)
  std::string active;  // nav key of the current page: "dashboard", "subjects", "explain",
                       // "audiences", "exports", "uploads", "rights", "ledger"; "" for none
  std::string user;    // the signed-in user's name; "" on the login page (no nav then)
  std::string csrf;    // the session's CSRF token, for the logout form
  std::string notice;  // a status message shown above the content; "" for none
  bool notice_is_error = false;
};

// The whole document around `content_html` (trusted HTML rendered by a page function).
std::string RenderConsolePage(const ConsoleFrame& frame, std::string_view content_html);

// <input type="hidden" name="csrf" ...> for a form.
std::string CsrfField(std::string_view token);
// 1234567 -> "1,234,567".
std::string FormatCount(uint64_t n);
// "12.5%" with one decimal.
std::string FormatPercent(double fraction);
// A guarded count as text: "about 1,200 (1,150–1,249)", or "withheld (fewer than 100 …)".
std::string GuardedText(const GuardedCount& c, const GuardrailOptions& o);
// <time datetime="...">2026-11-02 10:00 UTC</time>; "—" for 0.
std::string TimeHtml(int64_t micros);
// A provenance badge: <span class="badge badge-KIND">label</span>. `kind` is one of self,
// first_party, third_party, shadow, blocked, shared, device, allow, deny, granted, denied,
// withdrawn; the label is the kind in words.
std::string Badge(std::string_view kind);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONSOLE_LAYOUT_H_
