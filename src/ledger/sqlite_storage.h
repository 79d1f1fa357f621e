// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The embedded default Storage: one SQLite database in WAL mode with synchronous=FULL, so a
// committed transaction survives a crash and an uncommitted one (a killed import) vanishes.
// secure_delete is on, so destroyed keys are overwritten in the file, not just unlinked.
// Schema: docs/ledger-format.md.
#ifndef DAYLIGHT_LEDGER_SQLITE_STORAGE_H_
#define DAYLIGHT_LEDGER_SQLITE_STORAGE_H_

#include <memory>
#include <string>

#include "daylight/storage.h"

namespace dl {

// Opens (create=true: creates) the database at `path`. NotFound if it does not exist and
// create is false; FailedPrecondition if it exists but is not a Daylight store.
StatusOr<std::unique_ptr<Storage>> OpenSqliteStorage(const std::string& path, bool create);

}  // namespace dl

#endif  // DAYLIGHT_LEDGER_SQLITE_STORAGE_H_
