// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/console_layout.h"

#include <fmt/format.h>

#include "util/html.h"
#include "util/time_util.h"

namespace dl::server {
namespace {

struct NavItem {
  std::string_view key, href, label;
};

constexpr NavItem kNav[] = {
    {"dashboard", "/console", "Dashboard"},     {"subjects", "/console/subjects", "Subjects"},
    {"explain", "/console/explain", "Explain"}, {"audiences", "/console/audiences", "Audiences"},
    {"exports", "/console/exports", "Exports"}, {"uploads", "/console/uploads", "Uploads"},
    {"rights", "/console/rights", "Rights"},    {"ledger", "/console/ledger", "Ledger"},
};

}  // namespace

std::string RenderConsolePage(const ConsoleFrame& frame, std::string_view content_html) {
  std::string out;
  out.reserve(content_html.size() + 4096);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + HtmlEscape(frame.title) + " · Daylight console</title>\n";
  out += "<link rel=\"stylesheet\" href=\"/static/console.css\">\n";
  out += "<script src=\"/static/console.js\" defer></script>\n</head>\n<body>\n";
  out += "<a class=\"skip\" href=\"#main\">Skip to content</a>\n";
  out +=
      "<header class=\"banner\">\n<p class=\"brand\"><a href=\"/console\">Daylight</a>"
      " <span>console</span></p>\n";
  if (!frame.user.empty()) {
    out += "<nav aria-label=\"Console\">\n<ul>\n";
    for (const NavItem& item : kNav) {
      const bool current = item.key == frame.active;
      out += fmt::format("<li><a href=\"{}\"{}>{}</a></li>\n", item.href,
                         current ? " aria-current=\"page\"" : "", item.label);
    }
    out += "</ul>\n</nav>\n";
    out += "<form class=\"logout\" method=\"post\" action=\"/console/logout\">" +
           CsrfField(frame.csrf) + "<span class=\"user\">Signed in as " + HtmlEscape(frame.user) +
           "</span> <button type=\"submit\">Sign out</button></form>\n";
  }
  out += "</header>\n<main id=\"main\" tabindex=\"-1\">\n";
  out += "<h1>" + HtmlEscape(frame.title) + "</h1>\n";
  if (!frame.notice.empty()) {
    out += fmt::format("<p class=\"notice{}\" role=\"{}\">{}</p>\n",
                       frame.notice_is_error ? " error" : "",
                       frame.notice_is_error ? "alert" : "status", HtmlEscape(frame.notice));
  }
  out += content_html;
  out +=
      "</main>\n<footer class=\"foot\"><p>Every view of a person's data is recorded in the "
      "ledger under your name.</p></footer>\n</body>\n</html>\n";
  return out;
}

std::string CsrfField(std::string_view token) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + HtmlEscape(token) + "\">";
}

std::string FormatCount(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string FormatPercent(double fraction) { return fmt::format("{:.1f}%", fraction * 100.0); }

std::string GuardedText(const GuardedCount& c, const GuardrailOptions& o) {
  if (c.withheld) {
    return fmt::format("withheld (too few to show; no count below {} is shown)",
                       FormatCount(o.minimum));
  }
  return fmt::format("about {} ({}–{})", FormatCount(c.shown), FormatCount(c.lower),
                     FormatCount(c.upper));
}

std::string TimeHtml(int64_t micros) {
  if (micros == 0) return "—";
  std::string iso = FormatTime(micros);  // 2026-11-02T10:00:00Z
  std::string shown = iso;
  if (shown.size() >= 16) shown = shown.substr(0, 10) + " " + shown.substr(11, 5) + " UTC";
  return "<time datetime=\"" + HtmlEscape(iso) + "\">" + HtmlEscape(shown) + "</time>";
}

std::string Badge(std::string_view kind) {
  std::string label(kind);
  for (char& c : label) {
    if (c == '_') c = ' ';
  }
  return "<span class=\"badge badge-" + HtmlEscape(kind) + "\">" + HtmlEscape(label) + "</span>";
}

}  // namespace dl::server
