// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "cli/subject_printer.h"

#include <fmt/format.h>

#include "util/time_util.h"

namespace dl::cli {
namespace {

std::string Plural(uint64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string ShadowSentence(const IdentifierView& iv) {
  return fmt::format("shadow: known only from {} (third_party) since {}; no claim from the person",
                     Plural(iv.third_party_uploads, "upload", "distinct uploads"),
                     FormatTime(iv.third_party_since_us));
}

}  // namespace

std::string SubjectText(const SubjectView& v, const Identifier& query) {
  std::string out;
  if (!v.known) return query.ToString() + ": not known to this store\n";
  if (v.subject_id.empty()) {
    out += fmt::format("{}: belongs to no subject\n", query.ToString());
  } else {
    out += fmt::format("subject {}\n", v.subject_id);
  }
  for (const IdentifierView& iv : v.identifiers) {
    std::string flags;
    if (iv.claims.empty()) flags += "  [shadow]";
    if (iv.shared) flags += fmt::format("  [shared by {} subjects: joins nothing]", iv.shared_by);
    if (iv.blocked) flags += "  [blocked placeholder]";
    out += fmt::format("  {}{}\n", iv.id.ToString(), flags);
    for (const ClaimView& c : iv.claims) {
      out += fmt::format("    {:<12} source={:<12} collected_for={:<32} {}  batch {} line {}\n",
                         SupplierName(c.supplier), c.source, c.purpose, FormatTime(c.time_us),
                         c.batch, c.line);
    }
    if (iv.third_party_uploads > 0) {
      if (iv.claims.empty()) {
        out += "    " + ShadowSentence(iv) + "\n";
      } else {
        out += fmt::format(
            "    third_party  also in {} since {} (uploaders and labels are not shown)\n",
            Plural(iv.third_party_uploads, "upload", "uploads"),
            FormatTime(iv.third_party_since_us));
      }
    }
    for (const std::string& o : iv.objections) out += fmt::format("    objection: {}\n", o);
  }
  if (!v.traits.empty()) {
    out += "  traits\n";
    for (const TraitView& t : v.traits) {
      out += fmt::format("    {:<12} {:<24} ({}, {}, batch {})\n", t.name, t.value, t.source,
                         SupplierName(t.supplier), t.batch);
    }
  }
  if (!v.joined_by.empty()) {
    out += "  joined by\n";
    for (const LinkView& l : v.joined_by) {
      std::string ids;
      for (const std::string& i : l.identifiers) ids += (ids.empty() ? "" : " + ") + i;
      out += fmt::format("    {} ({}) batch {} line {}: {}\n", l.source, SupplierName(l.supplier),
                         l.batch, l.line, ids);
    }
  }
  return out;
}

}  // namespace dl::cli
