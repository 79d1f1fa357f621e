// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/console_rights.h"

#include <charconv>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "server/console_layout.h"
#include "server/console_response.h"
#include "server/rights_requests.h"
#include "util/html.h"

namespace dl::server {
namespace {

constexpr size_t kOutboxShown = 50;

RightsRequestLine LineOf(const RightsRequestView& v) {
  return {v.id,     v.time_us,    v.kind,        v.identifier, v.held,
          v.status, v.resolution, v.resolved_us, v.resolved_by};
}

std::string ResolveForm(const RightsRequestLine& r, const std::string& csrf) {
  const std::string id = std::to_string(r.id);
  return "<form method=\"post\" action=\"/console/rights/done\" class=\"inline resolve\">" +
         CsrfField(csrf) + "<input type=\"hidden\" name=\"id\" value=\"" + id +
         "\"><button type=\"submit\" name=\"action\" value=\"execute\">Carry out<span "
         "class=\"vh\"> request " +
         id + "</span></button> <label for=\"note-" + id +
         "\">Reason to reject</label> <input id=\"note-" + id +
         "\" name=\"note\" maxlength=\"200\" autocomplete=\"off\"> <button type=\"submit\" "
         "name=\"action\" value=\"reject\" class=\"secondary\">Reject<span class=\"vh\"> request " +
         id + "</span></button></form>";
}

}  // namespace

std::string RenderRightsPage(const RightsPage& p) {
  std::string out =
      "<section aria-labelledby=\"queue\">\n<h2 id=\"queue\">Requests from the "
      "privacy portal</h2>\n<p class=\"hint\">People who verified their e-mail "
      "address or phone number and asked for erasure. <em>Carry out</em> erases the "
      "person under your name; the request's copy of the identifier is destroyed "
      "either way.</p>\n";
  if (!p.queue_available) {
    out += "<p class=\"empty\">This server keeps no rights-request queue.</p>\n";
  } else if (p.requests.empty()) {
    out += "<p class=\"empty\">No requests.</p>\n";
  } else {
    out +=
        "<table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Received</th>"
        "<th scope=\"col\">Request</th><th scope=\"col\">Identifier</th><th scope=\"col\">"
        "Status</th><th scope=\"col\">Action</th></tr></thead>\n<tbody>\n";
    for (const RightsRequestLine& r : p.requests) {
      out += fmt::format("<tr><th scope=\"row\">{}</th><td>", r.id) + TimeHtml(r.time_us) +
             "</td><td>" + HtmlEscape(r.kind) + "</td><td>" +
             (r.identifier.empty() ? std::string("—")
                                   : "<code>" + HtmlEscape(r.identifier) + "</code>" +
                                         (r.held || r.status != "pending" ? "" : " (not held)")) +
             "</td><td>" + HtmlEscape(r.status);
      if (!r.resolution.empty()) out += ": " + HtmlEscape(r.resolution);
      if (!r.done_by.empty()) out += " — " + HtmlEscape(r.done_by) + " " + TimeHtml(r.done_us);
      out += "</td><td>";
      if (r.status == "pending") out += ResolveForm(r, p.csrf);
      out += "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out +=
      "</section>\n<section aria-labelledby=\"outbox\">\n<h2 id=\"outbox\">Code outbox "
      "(demo delivery)</h2>\n<p class=\"hint\">One-time codes the privacy portal sent. The "
      "demo keeps them in memory here instead of sending e-mail or SMS.</p>\n";
  if (!p.outbox_available) {
    out +=
        "<p class=\"empty\">This server delivers codes by e-mail or SMS; there is no "
        "outbox.</p>\n";
  } else if (p.outbox.empty()) {
    out += "<p class=\"empty\">No codes sent yet.</p>\n";
  } else {
    out +=
        "<table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Sent</th>"
        "<th scope=\"col\">Channel</th><th scope=\"col\">To</th><th scope=\"col\">Message"
        "</th></tr></thead>\n<tbody>\n";
    for (const OutboxMessage& m : p.outbox) {
      out += fmt::format("<tr><th scope=\"row\">{}</th><td>", m.id) + TimeHtml(m.time_us) +
             "</td><td>" + HtmlEscape(m.channel) + "</td><td><code>" + HtmlEscape(m.to) +
             "</code></td><td class=\"message\">" + HtmlEscape(m.text) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  return out + "</section>\n";
}

void RightsQueue(ServerContext& ctx, Principal p, std::string notice, Responder respond) {
  auto page = std::make_shared<RightsPage>();
  page->csrf = p.csrf;
  page->outbox = OutboxMessages(ctx, kOutboxShown, &page->outbox_available);
  ctx.work->Post([p = std::move(p), notice = std::move(notice), respond = std::move(respond),
                  page](Store& store) {
    auto fail = [&](const Status& s) {
      respond(ConsoleErrorPage(p, "Rights requests", "rights", s, "/console/rights"));
    };
    auto list = store.ListRightsRequests(/*include_resolved=*/true);
    if (!list.ok()) return fail(list.status());
    page->queue_available = true;
    // The page shows people's identifiers (pending requests, the outbox's recipients): one
    // read entry naming the user covers them all, on record before the page is sent.
    std::set<std::string> shown;
    for (const RightsRequestView& v : *list) {
      if (!v.identifier.empty()) shown.insert(v.identifier);
    }
    for (const OutboxMessage& m : page->outbox) shown.insert(m.to);
    if (Status read = RecordShown(store, shown, "console.rights", p.Actor()); !read.ok()) {
      return fail(read);
    }
    for (auto it = list->rbegin(); it != list->rend(); ++it) page->requests.push_back(LineOf(*it));
    ConsoleFrame f = UserFrame(p, "Rights requests", "rights");
    f.notice = notice;
    respond(ConsolePage(200, f, RenderRightsPage(*page)));
  });
}

void RightsPost(ServerContext& ctx, const Request& r, Principal p, Responder respond) {
  const std::vector<std::string> seg = r.Segments();
  auto form = r.Form();
  auto field = [&](const char* name) {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  };
  const std::string id_text = field("id");
  const std::string action = field("action");
  uint64_t id = 0;
  auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (seg.size() != 3 || seg[2] != "done" || ec != std::errc() || id_text.empty() ||
      end != id_text.data() + id_text.size() || (action != "execute" && action != "reject")) {
    return respond(ConsoleErrorPage(
        p, "Rights requests", "rights",
        InvalidArgument("expected a request number and action=execute or action=reject"),
        "/console/rights/done"));
  }
  ResolveRightsRequest(
      ctx, id, action == "execute", field("note"), p.Actor(),
      [&ctx, p, respond, id](StatusOr<RightsRequestView> done) mutable {
        if (!done.ok()) {
          return respond(ConsoleErrorPage(p, "Rights requests", "rights", done.status(),
                                          "/console/rights/done"));
        }
        Log("info", "rights request resolved",
            {{"user", p.id}, {"request", std::to_string(id)}, {"status", done->status}});
        RightsQueue(ctx, std::move(p),
                    fmt::format("Request {} resolved: {}.", id, done->resolution),
                    std::move(respond));
      });
}

}  // namespace dl::server
