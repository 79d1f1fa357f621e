// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// `daylight rights access` (Art. 15) and `rights export` (Art. 20).
#include "cli/commands.h"

namespace dl::cli {

void AddRightsReportCommands(CLI::App* /*rights*/) {}

}  // namespace dl::cli
