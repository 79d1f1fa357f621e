// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Horizontal bar charts as inline SVG, rendered on the server (no script, no CDN), each with a
// text alternative: the SVG is role="img" labelled by its <title> and a <desc> that reads out
// every bar, and the same numbers follow as a table for anyone who prefers one. Colours come from
// console.css classes, so the charts follow the page's theme and need no inline styles.
#ifndef DAYLIGHT_SERVER_CONSOLE_CHART_H_
#define DAYLIGHT_SERVER_CONSOLE_CHART_H_

#include <string>
#include <vector>

namespace dl::server {

struct ChartBar {
  std::string label;       // plain text
  double value = 0;        // bar length relative to BarChart::max
  std::string value_text;  // what is written beside the bar and read out ("1,200", "42.0%")
  std::string tone;        // "" or a class suffix: "warn", "muted", "ok"
};

struct BarChart {
  std::string id;     // unique on the page: [a-z0-9-]
  std::string title;  // plain text
  std::string label_header = "Item";
  std::string value_header = "Count";
  std::vector<ChartBar> bars;
  double max = 0;  // full-width value; 0: the largest bar
};

// <figure> with the SVG, a caption and the data table. An empty chart says so in words.
std::string RenderBarChart(const BarChart& chart);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONSOLE_CHART_H_
