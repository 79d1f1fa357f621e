// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/console_audiences.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "server/console_chart.h"
#include "server/console_explain.h"
#include "server/console_layout.h"
#include "server/http.h"
#include "util/html.h"

namespace dl::server {
namespace {

std::string AudienceLink(const std::string& name) {
  return "<a href=\"/console/audiences/" + HtmlEscape(PercentEncode(name)) + "\">" +
         HtmlEscape(name) + "</a>";
}

// What each exclusion reason means, in the words the gate's rules use.
std::string ReasonWords(const std::string& reason) {
  if (reason == "shadow") return "shadow: known only from others' uploads";
  if (reason == "shared") return "shared identifier";
  if (reason == "blocked") return "blocked placeholder";
  if (reason == "purpose") return "collected for an incompatible purpose";
  if (reason == "legal basis") return "no valid legal basis (consent)";
  if (reason == "objection") return "objection, restriction or erasure";
  if (reason == "quality") return "blocked or shared identifier";
  return reason;
}

}  // namespace

std::string RenderExclusionChart(const AudienceView& v, const std::string& id) {
  BarChart chart;
  chart.id = id;
  chart.title = "Matching subjects the gate excludes, by reason (guarded counts)";
  chart.label_header = "Reason";
  chart.value_header = "Subjects (guarded)";
  for (const auto& [reason, count] : v.excluded) {
    chart.bars.push_back({ReasonWords(reason), count.withheld ? 0.0 : double(count.shown),
                          count.withheld ? "withheld" : "about " + FormatCount(count.shown),
                          "warn"});
  }
  return RenderBarChart(chart);
}

std::string RenderAudienceList(const AudienceListPage& p) {
  std::string out = "<section aria-labelledby=\"list\">\n<h2 id=\"list\">Defined audiences</h2>\n";
  if (p.audiences.empty()) {
    out += "<p class=\"empty\">No audiences yet.</p>\n";
  } else {
    out +=
        "<table>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Purpose</th>"
        "<th scope=\"col\">Filter</th><th scope=\"col\">Defined</th><th scope=\"col\">By</th>"
        "</tr></thead>\n<tbody>\n";
    for (const AudienceDefinition& a : p.audiences) {
      out += "<tr><th scope=\"row\">" + AudienceLink(a.name) + "</th><td>" + HtmlEscape(a.purpose) +
             "</td><td><code>" + HtmlEscape(a.filter) + "</code></td><td>" + TimeHtml(a.time_us) +
             "</td><td>" + HtmlEscape(a.actor) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";

  out += "<section aria-labelledby=\"builder\">\n<h2 id=\"builder\">Build an audience</h2>\n";
  if (!p.error.empty()) {
    out += "<p class=\"notice error\" role=\"alert\">" + HtmlEscape(p.error) + "</p>\n";
  }
  out +=
      "<form class=\"stack builder\" method=\"post\" action=\"/console/audiences\" "
      "data-preview=\"/console/api/audience-preview\">\n" +
      CsrfField(p.csrf) +
      "\n<div class=\"field\"><label for=\"a-name\">Name</label>\n"
      "<input id=\"a-name\" name=\"name\" required pattern=\"[a-z0-9][a-z0-9_.\\-]{0,63}\" "
      "aria-describedby=\"a-name-hint\" value=\"" +
      HtmlEscape(p.name) +
      "\">\n<p id=\"a-name-hint\" class=\"hint\">1–64 of a–z, 0–9, <code>_ . -</code></p>"
      "</div>\n<div class=\"field\"><label for=\"a-purpose\">Purpose</label>\n" +
      PurposeSelect("a-purpose", "purpose",
                    p.purpose.empty() ? "marketing.communications.email" : p.purpose) +
      "</div>\n<div class=\"field\"><label for=\"a-filter\">Filter</label>\n"
      "<textarea id=\"a-filter\" name=\"filter\" rows=\"3\" required spellcheck=\"false\" "
      "aria-describedby=\"a-filter-hint\">" +
      HtmlEscape(p.filter) +
      "</textarea>\n<p id=\"a-filter-hint\" class=\"hint\">For example <code>country = \"DE\" "
      "and last_order &lt; now - 90d</code> (docs/filter-language.md).</p></div>\n"
      "<div class=\"live\" aria-live=\"polite\">\n<p>Members (filter and the gate): "
      "<output id=\"live-members\" for=\"a-filter a-purpose\">type a filter</output></p>\n"
      "<p>Matching the filter alone: <output id=\"live-matched\" for=\"a-filter\">—</output>"
      "</p>\n<p id=\"live-error\" class=\"error\" hidden></p>\n</div>\n"
      "<div id=\"live-exclusions\"></div>\n"
      "<div class=\"actions\"><button type=\"submit\">Create audience</button></div>\n"
      "</form>\n</section>\n";
  return out;
}

std::string RenderAudienceView(const AudienceView& v) {
  const AudienceDefinition& d = v.definition;
  std::string out = "<dl class=\"facts\">\n<dt>Purpose</dt><dd>" + HtmlEscape(d.purpose) +
                    "</dd>\n<dt>Filter</dt><dd><code>" + HtmlEscape(d.filter) +
                    "</code></dd>\n<dt>Defined</dt><dd>" + TimeHtml(d.time_us) + " by " +
                    HtmlEscape(d.actor) + fmt::format(" (ledger #{})", d.seq) +
                    "</dd>\n<dt>Members</dt><dd><strong>" + GuardedText(v.members, v.guardrails) +
                    "</strong></dd>\n<dt>Matching the filter</dt><dd>" +
                    GuardedText(v.matched, v.guardrails) + "</dd>\n<dt>Evaluated</dt><dd>" +
                    TimeHtml(v.evaluated_us) + "</dd>\n</dl>\n";
  out += "<section aria-labelledby=\"excl\">\n<h2 id=\"excl\">Excluded by the gate</h2>\n" +
         RenderExclusionChart(v, "chart-exclusions") + "</section>\n";
  out += "<section aria-labelledby=\"exp\">\n<h2 id=\"exp\">Exports and recipients</h2>\n";
  if (v.exports.empty()) {
    out += "<p class=\"empty\">Not exported yet (<code>daylight audience export</code>).</p>\n";
  } else {
    out +=
        "<table>\n<thead><tr><th scope=\"col\">Time</th><th scope=\"col\">Recipient</th>"
        "<th scope=\"col\">Format</th><th scope=\"col\">Ledger entry</th></tr></thead>\n"
        "<tbody>\n";
    for (const ExportSummary& e : v.exports) {
      out += "<tr><td>" + TimeHtml(e.time_us) + "</td><td>" + HtmlEscape(e.recipient) +
             "</td><td>" + HtmlEscape(e.format) + fmt::format("</td><td>#{}</td></tr>\n", e.seq);
    }
    out += "</tbody>\n</table>\n";
  }
  return out + "</section>\n<p><a href=\"/console/audiences\">All audiences</a></p>\n";
}

std::string AudiencePreviewJson(const AudienceView& v) {
  nlohmann::json j = {{"filter", v.definition.filter},
                      {"purpose", v.definition.purpose},
                      {"members", GuardedText(v.members, v.guardrails)},
                      {"members_withheld", v.members.withheld},
                      {"matched", GuardedText(v.matched, v.guardrails)},
                      {"excluded_html", RenderExclusionChart(v, "chart-live-exclusions")}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace dl::server
