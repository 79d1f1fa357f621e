// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The console's dashboard (/console): what the store holds — subjects, identifiers, shadow
// identifiers held in quarantine, shared and blocked ones, ledger entries — and the consent
// coverage per purpose, as server-rendered charts with text alternatives.
#ifndef DAYLIGHT_SERVER_CONSOLE_DASHBOARD_H_
#define DAYLIGHT_SERVER_CONSOLE_DASHBOARD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "daylight/status.h"
#include "daylight/storage.h"

namespace dl::server {

// Subjects whose latest consent decision covering `purpose` (a record for the purpose or a
// parent of it, as the gate's rule 3 reads them) is a grant that has not expired.
struct PurposeCoverage {
  std::string purpose;
  uint64_t subjects = 0;
};

struct DashboardData {
  StoreStats stats;
  std::vector<PurposeCoverage> coverage;  // one per leaf purpose, in vocabulary order
};

// Consent coverage from the storage's consent projection (ScanSubjectConsents), at `now_us`.
// Counts only; reads no sealed data. One row for every leaf purpose of the vocabulary.
StatusOr<std::vector<PurposeCoverage>> ConsentCoverage(Storage& storage, int64_t now_us);

// The page's content (inside the layout).
std::string RenderDashboard(const DashboardData& data);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONSOLE_DASHBOARD_H_
