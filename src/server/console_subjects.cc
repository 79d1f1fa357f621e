// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/console_subjects.h"

#include <set>

#include <fmt/format.h>

#include "server/console_layout.h"
#include "server/http.h"
#include "util/html.h"

namespace dl::server {
namespace {

std::string SearchForm(const std::string& query) {
  return "<form class=\"search\" method=\"get\" action=\"/console/subjects\" role=\"search\">\n"
         "<label for=\"q\">Identifier</label>\n"
         "<input id=\"q\" name=\"q\" type=\"search\" required autocomplete=\"off\" "
         "placeholder=\"email:ann@example.com\" aria-describedby=\"q-hint\" value=\"" +
         HtmlEscape(query) +
         "\">\n<button type=\"submit\">Search</button>\n<p id=\"q-hint\" class=\"hint\">Type "
         "<code>email:</code>, <code>phone:</code> (with country code), <code>maid:</code>, "
         "<code>vin:</code> or <code>external:</code> followed by the value.</p>\n</form>\n";
}

// The badges of one identifier: who supplied it, and what keeps it out of use.
std::string Badges(const IdentifierView& iv) {
  std::set<Supplier> suppliers;
  for (const ClaimView& c : iv.claims) suppliers.insert(c.supplier);
  std::string out;
  for (Supplier s : suppliers) out += Badge(SupplierName(s)) + " ";
  if (iv.third_party_uploads > 0) out += Badge("third_party") + " ";
  if (iv.claims.empty()) out += Badge("shadow") + " ";
  if (iv.blocked) out += Badge("blocked") + " ";
  if (iv.shared) out += Badge("shared") + " ";
  return out;
}

std::string IdentifiersSection(const SubjectView& v) {
  std::string out =
      "<section aria-labelledby=\"ids\">\n<h2 id=\"ids\">Identifiers</h2>\n<ul "
      "class=\"identifiers\">\n";
  for (const IdentifierView& iv : v.identifiers) {
    out += "<li class=\"identifier\">\n<p><code>" + HtmlEscape(iv.id.ToString()) + "</code> " +
           Badges(iv) + "</p>\n";
    if (!iv.claims.empty()) {
      out +=
          "<table class=\"claims\">\n<caption class=\"vh\">Claims of this identifier"
          "</caption>\n<thead><tr><th scope=\"col\">Supplier</th><th scope=\"col\">Source</th>"
          "<th scope=\"col\">Collected for</th><th scope=\"col\">Time</th></tr></thead>\n"
          "<tbody>\n";
      for (const ClaimView& c : iv.claims) {
        out += "<tr><td>" + Badge(SupplierName(c.supplier)) + "</td><td>" + HtmlEscape(c.source) +
               "</td><td>" + HtmlEscape(c.purpose) + "</td><td>" + TimeHtml(c.time_us) +
               "</td></tr>\n";
      }
      out += "</tbody>\n</table>\n";
    }
    if (iv.third_party_uploads > 0) {
      out += fmt::format(
          "<p class=\"hint\">{} {} since {}{} (uploaders and labels are never shown).</p>\n",
          iv.claims.empty() ? "Known only from" : "Also in",
          iv.third_party_uploads == 1
              ? std::string("1 address-book upload")
              : FormatCount(iv.third_party_uploads) + " address-book uploads",
          TimeHtml(iv.third_party_since_us), iv.claims.empty() ? "; no claim from the person" : "");
    }
    if (iv.shared) {
      out += fmt::format("<p class=\"hint\">Shared by {} subjects: it joins no one.</p>\n",
                         iv.shared_by);
    }
    out += "</li>\n";
  }
  out += "</ul>\n</section>\n";
  return out;
}

std::string TraitsSection(const SubjectView& v) {
  std::string out = "<section aria-labelledby=\"traits\">\n<h2 id=\"traits\">Traits</h2>\n";
  if (v.traits.empty()) return out + "<p class=\"empty\">No traits.</p>\n</section>\n";
  out +=
      "<table>\n<thead><tr><th scope=\"col\">Trait</th><th scope=\"col\">Value</th>"
      "<th scope=\"col\">Source</th><th scope=\"col\">Supplier</th></tr></thead>\n<tbody>\n";
  for (const TraitView& t : v.traits) {
    out += "<tr><th scope=\"row\">" + HtmlEscape(t.name) + "</th><td>" + HtmlEscape(t.value) +
           "</td><td>" + HtmlEscape(t.source) + "</td><td>" + Badge(SupplierName(t.supplier)) +
           "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

std::string ConsentSection(const SubjectPage& p) {
  std::string out =
      "<section aria-labelledby=\"consent\">\n<h2 id=\"consent\">Consent "
      "timeline</h2>\n";
  if (p.consents.empty()) {
    out += "<p class=\"empty\">No consent decisions recorded.</p>\n";
  } else {
    out += "<ol class=\"timeline\">\n";
    for (const ConsentView& c : p.consents) {
      out += "<li>" + TimeHtml(c.time_us) + " " + Badge(ConsentStateName(c.state)) + " <strong>" +
             HtmlEscape(c.purpose) + "</strong> via <code>" + HtmlEscape(c.identifier) +
             "</code>, source " + HtmlEscape(c.source);
      if (!c.evidence.empty()) out += ", evidence “" + HtmlEscape(c.evidence) + "”";
      if (c.expires_us != 0) out += ", expires " + TimeHtml(c.expires_us);
      out += fmt::format(" <span class=\"seq\">(ledger #{})</span></li>\n", c.seq);
    }
    out += "</ol>\n";
  }
  out += "<h3>Objections and restrictions</h3>\n<ul class=\"plain\">\n";
  bool any = false;
  for (const std::string& o : p.facts.objections) {
    out += "<li>" + Badge("deny") + " objection (Art. 21) to <strong>" + HtmlEscape(o) +
           "</strong></li>\n";
    any = true;
  }
  if (p.facts.restricted) {
    out += "<li>" + Badge("deny") + " processing restricted (Art. 18)</li>\n";
    any = true;
  }
  if (p.facts.erased || p.facts.suppressed) {
    out += "<li>" + Badge("deny") + " erased or suppressed (Art. 17)</li>\n";
    any = true;
  }
  if (!any) out += "<li>None.</li>\n";
  return out + "</ul>\n</section>\n";
}

std::string EventsSection(const SubjectPage& p) {
  std::string out =
      "<section aria-labelledby=\"events\">\n<h2 id=\"events\">Latest "
      "events</h2>\n";
  if (p.events.empty()) return out + "<p class=\"empty\">No collected events.</p>\n</section>\n";
  out +=
      "<table>\n<thead><tr><th scope=\"col\">Time</th><th scope=\"col\">Type</th>"
      "<th scope=\"col\">Name</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n";
  for (const EventView& e : p.events) {
    out += "<tr><td>" + TimeHtml(e.time_us) + "</td><td>" + HtmlEscape(EventTypeName(e.type)) +
           "</td><td>" + HtmlEscape(e.name) + "</td><td>" + HtmlEscape(e.source) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (p.events_limit != 0 && p.events.size() >= p.events_limit) {
    out += fmt::format("<p class=\"hint\">The latest {} are shown.</p>\n", p.events_limit);
  }
  return out + "</section>\n";
}

std::string UsesSection(const SubjectPage& p) {
  std::string out = "<section aria-labelledby=\"uses\">\n<h2 id=\"uses\">Uses (exports)</h2>\n";
  if (p.uses.empty()) return out + "<p class=\"empty\">Never exported.</p>\n</section>\n";
  out +=
      "<table>\n<thead><tr><th scope=\"col\">Time</th><th scope=\"col\">Audience</th>"
      "<th scope=\"col\">Purpose</th><th scope=\"col\">Recipient</th>"
      "<th scope=\"col\">Identifiers</th></tr></thead>\n<tbody>\n";
  for (const UseView& u : p.uses) {
    std::string ids;
    for (const std::string& i : u.identifiers) {
      ids += (ids.empty() ? "" : ", ") + ("<code>" + HtmlEscape(i) + "</code>");
    }
    out += "<tr><td>" + TimeHtml(u.time_us) + "</td><td><a href=\"/console/audiences/" +
           HtmlEscape(PercentEncode(u.audience)) + "\">" + HtmlEscape(u.audience) +
           "</a></td><td>" + HtmlEscape(u.purpose) + "</td><td>" + HtmlEscape(u.recipient) +
           "</td><td>" + ids + "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

}  // namespace

std::string RenderSubjectPage(const SubjectPage& p) {
  std::string out = SearchForm(p.query);
  if (!p.error.empty()) {
    return out + "<p class=\"notice error\" role=\"alert\">" + HtmlEscape(p.error) + "</p>\n";
  }
  if (!p.searched) return out;
  const SubjectView& v = p.view;
  out += "<div class=\"result\" aria-live=\"polite\">\n";
  if (!v.known) {
    return out +
           "<p class=\"notice\">This store holds nothing about that identifier.</p>\n</div>\n";
  }
  if (v.subject_id.empty()) {
    out += "<p class=\"summary\">" + Badge(v.shadow ? "shadow" : "blocked") +
           " This identifier belongs to no subject" +
           (v.shadow ? ": it is known only from other people's address books and is held in "
                       "quarantine. It is never eligible for any marketing, advertising, "
                       "matching or sharing purpose."
                     : ".") +
           "</p>\n";
  } else {
    out += "<p class=\"summary\">Subject <code>" + HtmlEscape(v.subject_id) + "</code> · " +
           FormatCount(v.identifiers.size()) +
           " identifiers · <a href=\"/console/explain?identifier=" +
           HtmlEscape(PercentEncode(p.query)) + "\">Explain the gate's decision</a></p>\n";
  }
  out += IdentifiersSection(v);
  out += TraitsSection(v);
  out += ConsentSection(p);
  out += EventsSection(p);
  out += UsesSection(p);
  if (!v.joined_by.empty()) {
    out += "<section aria-labelledby=\"joined\">\n<h2 id=\"joined\">Joined by</h2>\n<ul>\n";
    for (const LinkView& l : v.joined_by) {
      std::string ids;
      for (const std::string& i : l.identifiers) {
        ids += (ids.empty() ? "" : " + ") + ("<code>" + HtmlEscape(i) + "</code>");
      }
      out += fmt::format("<li>{} {} batch {} line {}: {}</li>\n", HtmlEscape(l.source),
                         Badge(SupplierName(l.supplier)), l.batch, l.line, ids);
    }
    out += "</ul>\n</section>\n";
  }
  return out + "</div>\n";
}

}  // namespace dl::server
