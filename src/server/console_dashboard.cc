// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/console_dashboard.h"

#include <map>
#include <tuple>

#include <fmt/format.h>

#include "daylight/gate.h"
#include "daylight/purpose.h"

#include "server/console_chart.h"
#include "server/console_layout.h"
#include "util/html.h"

namespace dl::server {
namespace {

// Purposes that no other known purpose refines: the ones consent is asked for.
std::vector<std::string> LeafPurposes() {
  std::vector<std::string> out;
  const auto& all = KnownPurposes();
  for (const std::string& p : all) {
    bool parent = false;
    for (const std::string& q : all) {
      if (q != p && PurposeCovers(p, q)) parent = true;
    }
    if (!parent) out.push_back(p);
  }
  return out;
}

std::string StatCard(std::string_view label, uint64_t n, std::string_view note) {
  return fmt::format(
      "<li class=\"stat\"><span class=\"stat-n\">{}</span> <span class=\"stat-l\">"
      "{}</span>{}</li>\n",
      FormatCount(n), HtmlEscape(label),
      note.empty() ? "" : "<span class=\"stat-note\">" + HtmlEscape(note) + "</span>");
}

}  // namespace

StatusOr<std::vector<PurposeCoverage>> ConsentCoverage(Storage& storage, int64_t now_us) {
  const std::vector<std::string> leaves = LeafPurposes();
  // subject -> leaf index -> the latest covering decision (time, seq, granted-and-valid).
  using Latest = std::tuple<int64_t, uint64_t, bool>;
  std::map<uint64_t, std::map<size_t, Latest>> latest;
  RETURN_IF_ERROR(storage.ScanSubjectConsents([&](uint64_t subject, const ConsentRow& c) {
    const bool valid = c.state == static_cast<uint8_t>(ConsentState::kGranted) &&
                       (c.expires_us == 0 || c.expires_us > now_us) && c.time_us <= now_us;
    for (size_t i = 0; i < leaves.size(); ++i) {
      if (!PurposeCovers(c.purpose, leaves[i])) continue;
      Latest candidate{c.time_us, c.seq, valid};
      auto [it, inserted] = latest[subject].emplace(i, candidate);
      if (!inserted && std::tie(std::get<0>(candidate), std::get<1>(candidate)) >
                           std::tie(std::get<0>(it->second), std::get<1>(it->second))) {
        it->second = candidate;
      }
    }
    return Status::Ok();
  }));
  std::vector<PurposeCoverage> out;
  for (const std::string& p : leaves) out.push_back({p, 0});
  for (const auto& [subject, per_purpose] : latest) {
    for (const auto& [i, l] : per_purpose) {
      if (std::get<2>(l)) ++out[i].subjects;
    }
  }
  return out;
}

std::string RenderDashboard(const DashboardData& d) {
  const StoreStats& s = d.stats;
  std::string out;
  out += "<section aria-labelledby=\"held\">\n<h2 id=\"held\">What the store holds</h2>\n";
  out += "<ul class=\"stats\">\n";
  out += StatCard("subjects", s.subjects, "people with a direct relationship");
  out += StatCard("identifiers", s.identifiers, "");
  out += StatCard("shadow identifiers", s.shadow_identifiers,
                  "held in quarantine: known only from others' uploads, never usable");
  out += StatCard("shared", s.shared_identifiers, "join no one");
  out += StatCard("blocked", s.blocked_identifiers, "placeholders");
  out += StatCard("ledger entries", s.ledger_entries, "");
  out += "</ul>\n";
  BarChart held;
  held.id = "chart-identifiers";
  held.title = "Identifiers by standing";
  held.label_header = "Standing";
  held.value_header = "Identifiers";
  const uint64_t flagged = s.shadow_identifiers + s.shared_identifiers + s.blocked_identifiers;
  const uint64_t usable = s.identifiers > flagged ? s.identifiers - flagged : 0;
  held.bars = {
      {"belong to a subject (may pass the gate)", static_cast<double>(usable), FormatCount(usable),
       "ok"},
      {"shadow (quarantined)", static_cast<double>(s.shadow_identifiers),
       FormatCount(s.shadow_identifiers), "warn"},
      {"shared", static_cast<double>(s.shared_identifiers), FormatCount(s.shared_identifiers),
       "muted"},
      {"blocked", static_cast<double>(s.blocked_identifiers), FormatCount(s.blocked_identifiers),
       "muted"},
  };
  out += RenderBarChart(held);
  out += "</section>\n";

  out +=
      "<section aria-labelledby=\"coverage\">\n<h2 id=\"coverage\">Consent coverage per "
      "purpose</h2>\n<p class=\"hint\">Share of subjects whose latest decision for the purpose "
      "is a valid grant. Purposes on another legal basis (the policy file) need none.</p>\n";
  BarChart cov;
  cov.id = "chart-coverage";
  cov.title = "Subjects with a granted consent, per purpose";
  cov.label_header = "Purpose";
  cov.value_header = "Subjects with consent";
  cov.max = 1;
  for (const PurposeCoverage& c : d.coverage) {
    const double f = s.subjects == 0 ? 0 : static_cast<double>(c.subjects) / s.subjects;
    cov.bars.push_back({c.purpose, f, FormatPercent(f) + " (" + FormatCount(c.subjects) + ")", ""});
  }
  out += RenderBarChart(cov);
  out += "</section>\n";
  return out;
}

}  // namespace dl::server
