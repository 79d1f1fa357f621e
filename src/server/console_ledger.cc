// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/console_ledger.h"

#include <deque>

#include <fmt/format.h>

#include "server/console_layout.h"
#include "util/html.h"

namespace dl::server {
namespace {

std::string Hex(const Hash256& h) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : h) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

}  // namespace

StatusOr<LedgerPage> LoadLedgerPage(Storage& storage, size_t limit) {
  LedgerPage page;
  std::deque<LedgerLine> last;
  RETURN_IF_ERROR(storage.ScanEntries([&](const LedgerEntry& e) {
    ++page.total;
    last.push_back({e.seq, e.time_us, e.kind, e.actor});
    if (last.size() > limit) last.pop_front();
    return Status::Ok();
  }));
  page.entries.assign(last.rbegin(), last.rend());
  return page;
}

std::string RenderLedgerPage(const LedgerPage& p) {
  std::string out;
  if (p.verify.has_value()) {
    const VerifyReport& v = *p.verify;
    if (v.ok) {
      out += fmt::format(
          "<p class=\"notice ok\" role=\"status\">The chain verifies: {} entries, "
          "head <code>{}</code>.</p>\n",
          FormatCount(v.entries), Hex(v.head).substr(0, 16));
    } else {
      out += fmt::format(
          "<p class=\"notice error\" role=\"alert\">The chain is broken at entry "
          "{}: {}.</p>\n",
          v.first_bad_seq, HtmlEscape(v.reason));
    }
  }
  out += "<form method=\"post\" action=\"/console/ledger/verify\" class=\"inline\">" +
         CsrfField(p.csrf) +
         "<button type=\"submit\">Verify the chain</button> <span class=\"hint\">Recomputes every "
         "entry's hash and reports the first broken one.</span></form>\n";
  out += fmt::format(
      "<table>\n<caption>The latest {} of {} entries</caption>\n<thead><tr>"
      "<th scope=\"col\">#</th><th scope=\"col\">Time</th><th scope=\"col\">Kind"
      "</th><th scope=\"col\">Actor</th></tr></thead>\n<tbody>\n",
      p.entries.size(), FormatCount(p.total));
  for (const LedgerLine& e : p.entries) {
    out += fmt::format("<tr><th scope=\"row\">{}</th><td>", e.seq) + TimeHtml(e.time_us) +
           "</td><td><code>" + HtmlEscape(e.kind) + "</code></td><td>" + HtmlEscape(e.actor) +
           "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

}  // namespace dl::server
