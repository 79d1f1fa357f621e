// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The console's exports page (/console/exports): every audience export on record, newest first,
// with its recipient, purpose, format, time and the number of identifiers it offered.
#ifndef DAYLIGHT_SERVER_CONSOLE_EXPORTS_H_
#define DAYLIGHT_SERVER_CONSOLE_EXPORTS_H_

#include <string>
#include <vector>

#include "daylight/storage.h"

namespace dl::server {

// `exports` oldest first, as Storage::ListExports returns them.
std::string RenderExportsPage(const std::vector<ExportRow>& exports);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONSOLE_EXPORTS_H_
