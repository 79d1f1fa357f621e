// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The console's subject search and 360° view (/console/subjects?q=email:...): identifiers with
// provenance badges, traits with their source, the consent timeline, objections and
// restrictions, the latest events and every use (export) of the person's data. The route records
// each view as a `data.read` ledger entry naming the user before any of it is rendered.
#ifndef DAYLIGHT_SERVER_CONSOLE_SUBJECTS_H_
#define DAYLIGHT_SERVER_CONSOLE_SUBJECTS_H_

#include <string>
#include <vector>

#include "daylight/events.h"
#include "daylight/gate.h"
#include "daylight/store.h"

namespace dl::server {

struct SubjectPage {
  std::string query;      // as typed, shown back in the search box
  std::string error;      // why the query is not an identifier (never echoes it)
  bool searched = false;  // a valid identifier was looked up
  SubjectView view;
  GateFacts facts;                    // objections, restriction, erasure as the gate sees them
  std::vector<ConsentView> consents;  // oldest first
  std::vector<UseView> uses;          // oldest first
  std::vector<EventView> events;      // newest first
  size_t events_limit = 0;            // events asked for (the list may be cut at this)
};

std::string RenderSubjectPage(const SubjectPage& page);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONSOLE_SUBJECTS_H_
