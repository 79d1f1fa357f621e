// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/console_chart.h"

#include <algorithm>

#include <fmt/format.h>

#include "util/html.h"

namespace dl::server {
namespace {

// Geometry in SVG user units; the viewBox scales it to the figure's width (phone or desktop).
constexpr int kWidth = 640;
constexpr int kRow = 44;  // label line plus bar
constexpr int kBarHeight = 16;
constexpr int kBarSpan = 520;  // the longest bar; the value is written after it
constexpr int kTop = 8;

}  // namespace

std::string RenderBarChart(const BarChart& chart) {
  const std::string id = HtmlEscape(chart.id);
  std::string out = "<figure class=\"chart\" id=\"" + id + "\">\n";
  out += "<figcaption>" + HtmlEscape(chart.title) + "</figcaption>\n";
  if (chart.bars.empty()) {
    out += "<p class=\"empty\">Nothing to show yet.</p>\n</figure>\n";
    return out;
  }
  double max = chart.max;
  for (const ChartBar& b : chart.bars) max = std::max(max, b.value);
  if (max <= 0) max = 1;

  std::string desc;
  for (const ChartBar& b : chart.bars) {
    if (!desc.empty()) desc += "; ";
    desc += b.label + ": " + b.value_text;
  }
  const int height = kTop + static_cast<int>(chart.bars.size()) * kRow;
  out += fmt::format(
      "<svg class=\"bars\" role=\"img\" viewBox=\"0 0 {} {}\" aria-labelledby=\"{}-t {}-d\" "
      "focusable=\"false\">\n<title id=\"{}-t\">{}</title>\n<desc id=\"{}-d\">{}</desc>\n",
      kWidth, height, id, id, id, HtmlEscape(chart.title), id, HtmlEscape(desc));
  int y = kTop;
  for (const ChartBar& b : chart.bars) {
    const double fraction = std::clamp(b.value / max, 0.0, 1.0);
    const int w = std::max(b.value > 0 ? 2 : 0, static_cast<int>(fraction * kBarSpan));
    const std::string tone = b.tone.empty() ? "" : " bar-" + HtmlEscape(b.tone);
    out += fmt::format("<text class=\"bar-label\" x=\"0\" y=\"{}\">{}</text>\n", y + 14,
                       HtmlEscape(b.label));
    out += fmt::format("<rect class=\"bar-track\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n",
                       y + 20, kBarSpan, kBarHeight);
    out += fmt::format("<rect class=\"bar{}\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n",
                       tone, y + 20, w, kBarHeight);
    out += fmt::format("<text class=\"bar-value\" x=\"{}\" y=\"{}\">{}</text>\n", kBarSpan + 8,
                       y + 33, HtmlEscape(b.value_text));
    y += kRow;
  }
  out += "</svg>\n";
  out += "<details class=\"chart-table\"><summary>Show the numbers as a table</summary>\n";
  out += "<table>\n<thead><tr><th scope=\"col\">" + HtmlEscape(chart.label_header) +
         "</th><th scope=\"col\">" + HtmlEscape(chart.value_header) +
         "</th></tr></thead>\n<tbody>\n";
  for (const ChartBar& b : chart.bars) {
    out += "<tr><th scope=\"row\">" + HtmlEscape(b.label) + "</th><td>" + HtmlEscape(b.value_text) +
           "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n</details>\n</figure>\n";
  return out;
}

}  // namespace dl::server
