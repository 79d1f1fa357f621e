// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The console's ledger page (/console/ledger): the latest entries by kind, time and actor —
// never their bodies, which hold sealed personal data — and a Verify button that walks the hash
// chain (POST /console/ledger/verify).
#ifndef DAYLIGHT_SERVER_CONSOLE_LEDGER_H_
#define DAYLIGHT_SERVER_CONSOLE_LEDGER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daylight/ledger.h"
#include "daylight/status.h"
#include "daylight/storage.h"

namespace dl::server {

struct LedgerLine {
  uint64_t seq = 0;
  int64_t time_us = 0;
  std::string kind, actor;
};

struct LedgerPage {
  std::vector<LedgerLine> entries;  // newest first
  uint64_t total = 0;
  std::optional<VerifyReport> verify;
  std::string csrf;
};

// The last `limit` entries, newest first, and the entry count. Walks the whole chain (Storage
// has no reverse scan); bodies are dropped as they pass.
StatusOr<LedgerPage> LoadLedgerPage(Storage& storage, size_t limit);

std::string RenderLedgerPage(const LedgerPage& page);

}  // namespace dl::server

#endif  // DAYLIGHT_SERVER_CONSOLE_LEDGER_H_
