// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/console_exports.h"

#include <map>

#include <fmt/format.h>

#include "server/console_chart.h"
#include "server/console_layout.h"
#include "server/http.h"
#include "util/html.h"

namespace dl::server {

std::string RenderExportsPage(const std::vector<ExportRow>& exports) {
  if (exports.empty()) {
    return "<p class=\"empty\">No audience has been exported yet. Exports are made with "
           "<code>daylight audience export</code> and recorded in the ledger with their "
           "recipient.</p>\n";
  }
  std::map<std::string, uint64_t> per_recipient;
  for (const ExportRow& e : exports) ++per_recipient[e.recipient];
  BarChart chart;
  chart.id = "chart-recipients";
  chart.title = "Exports per recipient";
  chart.label_header = "Recipient";
  chart.value_header = "Exports";
  for (const auto& [recipient, n] : per_recipient) {
    chart.bars.push_back({recipient, static_cast<double>(n), FormatCount(n), ""});
  }
  std::string out = RenderBarChart(chart);
  out +=
      "<table>\n<caption>Every export, newest first</caption>\n<thead><tr>"
      "<th scope=\"col\">Time</th><th scope=\"col\">Audience</th><th scope=\"col\">Recipient"
      "</th><th scope=\"col\">Purpose</th><th scope=\"col\">Format</th>"
      "<th scope=\"col\">Identifiers</th><th scope=\"col\">Ledger</th></tr></thead>\n<tbody>\n";
  for (auto it = exports.rbegin(); it != exports.rend(); ++it) {
    const ExportRow& e = *it;
    out += "<tr><td>" + TimeHtml(e.time_us) + "</td><td><a href=\"/console/audiences/" +
           HtmlEscape(PercentEncode(e.audience)) + "\">" + HtmlEscape(e.audience) +
           "</a></td><td>" + HtmlEscape(e.recipient) + "</td><td>" + HtmlEscape(e.purpose) +
           "</td><td>" + HtmlEscape(e.format) + "</td><td>" + FormatCount(e.identifiers) +
           fmt::format("</td><td>#{}</td></tr>\n", e.seq);
  }
  return out + "</tbody>\n</table>\n";
}

}  // namespace dl::server
