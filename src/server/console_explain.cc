// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/console_explain.h"

#include <fmt/format.h>

#include "daylight/purpose.h"

#include "server/console_layout.h"
#include "util/html.h"

namespace dl::server {

std::string PurposeSelect(const std::string& id, const std::string& name,
                          const std::string& selected) {
  std::string out = "<select id=\"" + HtmlEscape(id) + "\" name=\"" + HtmlEscape(name) + "\">\n";
  for (const std::string& p : KnownPurposes()) {
    out += "<option value=\"" + HtmlEscape(p) + "\"" + (p == selected ? " selected" : "") + ">" +
           HtmlEscape(p) + " — " + HtmlEscape(PurposeDescription(p)) + "</option>\n";
  }
  return out + "</select>\n";
}

std::string RenderExplainPage(const ExplainPage& p) {
  std::string out =
      "<form class=\"stack\" method=\"get\" action=\"/console/explain\">\n"
      "<div class=\"field\"><label for=\"identifier\">Identifier</label>\n"
      "<input id=\"identifier\" name=\"identifier\" required autocomplete=\"off\" "
      "placeholder=\"phone:+4917112345678\" value=\"" +
      HtmlEscape(p.identifier) +
      "\"></div>\n<div class=\"field\"><label for=\"purpose\">Purpose</label>\n" +
      PurposeSelect("purpose", "purpose",
                    p.purpose.empty() ? "marketing.communications.email" : p.purpose) +
      "</div>\n<div class=\"actions\"><button type=\"submit\">Explain</button></div>\n</form>\n";
  if (!p.error.empty()) {
    return out + "<p class=\"notice error\" role=\"alert\">" + HtmlEscape(p.error) + "</p>\n";
  }
  if (!p.decided) return out;
  const Decision& d = p.decision;
  out += "<section aria-labelledby=\"decision\" class=\"decision\">\n<h2 id=\"decision\">" +
         std::string(d.allow ? "Allowed" : "Denied") + " for " + HtmlEscape(d.purpose) + "</h2>\n";
  out += "<p class=\"summary\">" + Badge(d.allow ? "allow" : "deny") + " at " + TimeHtml(p.at_us);
  if (!d.allow && !d.exclusion.empty()) {
    out += " · excluded as <strong>" + HtmlEscape(d.exclusion) + "</strong>";
  }
  out +=
      "</p>\n<table class=\"rules\">\n<caption>The gate's five rules</caption>\n<thead><tr>"
      "<th scope=\"col\">Rule</th><th scope=\"col\">Verdict</th><th scope=\"col\">Reason</th>"
      "</tr></thead>\n<tbody>\n";
  for (const RuleVerdict& r : d.rules) {
    out += fmt::format("<tr><th scope=\"row\">{}. {}</th><td>{}</td><td>{}</td></tr>\n", r.rule,
                       HtmlEscape(r.name), Badge(r.pass ? "pass" : "fail"), HtmlEscape(r.reason));
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

}  // namespace dl::server
