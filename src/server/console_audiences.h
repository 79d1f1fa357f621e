// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The console's audiences (/console/audiences): the list, the builder (name, purpose, filter)
// whose guarded counts and exclusion-by-reason chart update while the filter is typed
// (web/console.js asks /console/api/audience-preview, answered by AudiencePreviewJson), and one
// audience's page with its guarded size, exclusions and exports with their recipients. Counts
// appear only in guarded form (include/daylight/guardrails.h).
#ifndef DAYLIGHT_SERVER_CONSOLE_AUDIENCES_H_
#define DAYLIGHT_SERVER_CONSOLE_AUDIENCES_H_

#include <string>
#include <vector>

#include "daylight/store.h"

namespace dl::server {

struct AudienceListPage {
  std::vector<AudienceDefinition> audiences;
  // The builder's fields (kept when a submission was refused).
  std::string name, purpose, filter;
  std::string error;  // why creating failed
  std::string csrf;
};

std::string RenderAudienceList(const AudienceListPage& page);
// One audience: definition, guarded counts, exclusions, exports.
std::string RenderAudienceView(const AudienceView& view);
// The exclusion-by-reason chart (guarded counts) with its table alternative.
std::string RenderExclusionChart(const AudienceView& view, const std::string& id);
// {"members":"…","matched":"…","members_withheld":bool,"filter":"canonical","excluded_html":"…"}
// for the builder's live counts: text only in guarded form.
std::string AudiencePreviewJson(const AudienceView& view);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONSOLE_AUDIENCES_H_
