// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The console's explain page (/console/explain?identifier=...&purpose=...): the gate's decision
// for an identifier and a purpose, with the verdict and reason of each of the five rules.
#ifndef DAYLIGHT_SERVER_CONSOLE_EXPLAIN_H_
#define DAYLIGHT_SERVER_CONSOLE_EXPLAIN_H_

#include <cstdint>
#include <string>

#include "daylight/gate.h"

namespace dl::server {

struct ExplainPage {
  std::string identifier;  // as typed
  std::string purpose;     // selected purpose key
  std::string error;       // bad identifier or purpose (never echoes the identifier)
  bool decided = false;
  Decision decision;
  int64_t at_us = 0;
};

// A <select> of every known purpose with `selected` chosen (id and name as given).
std::string PurposeSelect(const std::string& id, const std::string& name,
                          const std::string& selected);

std::string RenderExplainPage(const ExplainPage& page);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONSOLE_EXPLAIN_H_
