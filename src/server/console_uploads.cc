// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/console_uploads.h"

#include <fmt/format.h>

#include "server/console_layout.h"
#include "util/html.h"

namespace dl::server {
namespace {

// The blind index is 32 hex digits; its start is enough to tell uploads apart on screen.
std::string UploaderHtml(const std::string& bidx) {
  return "<code title=\"" + HtmlEscape(bidx) + "\">" + HtmlEscape(bidx.substr(0, 12)) + "…</code>";
}

}  // namespace

std::string RenderUploadsPage(const std::vector<UploadView>& uploads) {
  std::string out =
      "<p class=\"hint\">Address books uploaded by users (third-party data). Their contacts are "
      "shadow identifiers unless the person has a relationship of their own. Uploaders appear "
      "only as a blind index.</p>\n";
  if (uploads.empty()) return out + "<p class=\"empty\">No uploads.</p>\n";
  out +=
      "<table>\n<caption>Uploads, newest first</caption>\n<thead><tr><th scope=\"col\">Batch"
      "</th><th scope=\"col\">Time</th><th scope=\"col\">Source</th><th scope=\"col\">Uploader "
      "(blind index)</th><th scope=\"col\">Records</th><th scope=\"col\">Status</th>"
      "<th scope=\"col\">Action</th></tr></thead>\n<tbody>\n";
  for (auto it = uploads.rbegin(); it != uploads.rend(); ++it) {
    const UploadView& u = *it;
    out += fmt::format("<tr><th scope=\"row\">{}</th><td>", u.batch) + TimeHtml(u.time_us) +
           "</td><td>" + HtmlEscape(u.source) + "</td><td>" + UploaderHtml(u.uploader) +
           "</td><td>" + FormatCount(u.records) + "</td><td>" + (u.deleted ? "deleted" : "held") +
           "</td><td>";
    if (!u.deleted) {
      out += fmt::format(
          "<a class=\"danger\" href=\"/console/uploads/delete?batch={}\">Delete"
          "<span class=\"vh\"> upload {}</span>…</a>",
          u.batch, u.batch);
    }
    out += "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string RenderUploadDeleteConfirm(const UploadView& u, const std::string& csrf) {
  return fmt::format("<p>Delete upload {} ({} records from {}, uploaded ", u.batch,
                     FormatCount(u.records), HtmlEscape(u.source)) +
         TimeHtml(u.time_us) +
         ")? Every claim of the upload goes, its contact keys are destroyed, and contacts that no "
         "other upload or source holds disappear. This cannot be undone.</p>\n"
         "<form method=\"post\" action=\"/console/uploads/delete\" class=\"stack\">\n" +
         CsrfField(csrf) +
         fmt::format("<input type=\"hidden\" name=\"batch\" value=\"{}\">\n", u.batch) +
         "<div class=\"field check\"><input type=\"checkbox\" id=\"confirm\" name=\"confirm\" "
         "value=\"yes\" required> <label for=\"confirm\">I understand that the upload's contacts "
         "are destroyed</label></div>\n<div class=\"actions\"><button type=\"submit\" "
         "class=\"danger\">Delete upload</button> <a href=\"/console/uploads\">Cancel</a></div>\n"
         "</form>\n";
}

}  // namespace dl::server
