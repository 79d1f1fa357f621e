// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Recording what a consent signal says (TCF, Google consent mode, GPC) for one person, shared by
// `consent import` (src/store/gate_facts.cc) and collected events (src/store/events.cc), so
// both record consent and objections the same way. Internal to src/store/.
#ifndef DAYLIGHT_STORE_CONSENT_RECORD_H_
#define DAYLIGHT_STORE_CONSENT_RECORD_H_

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "daylight/consent_signal.h"
#include "daylight/status.h"
#include "daylight/storage.h"

#include "ledger/ledger_writer.h"

namespace dl {

class StoreSecrets;

struct SignalOutcome {
  uint64_t granted = 0, denied = 0, objections = 0;
  // Signals whose grants or denials were not recorded: the row has no subject key (a shadow or
  // unknown identifier), and consent belongs to a person the organisation knows.
  uint64_t not_recorded = 0;
};

// Records `signal` for the person `row` belongs to, at `time_us`, inside the caller's
// transaction. Objections protect everyone, so they are recorded on any row (one `objection`
// entry; `detail` adds fields to its body, e.g. the file line); grants and denials become one
// `consent` entry each (evidence sealed under the row's key) only when row.key_id != 0. Every
// entry moves the gate version.
Status RecordSignal(Storage* storage, LedgerWriter* writer, const StoreSecrets& secrets,
                    const IdentifierRow& row, const ConsentSignal& signal, int64_t time_us,
                    const std::string& evidence, const nlohmann::json& detail,
                    const std::string& actor, SignalOutcome* out);

}  // namespace dl

#endif  // DAYLIGHT_STORE_CONSENT_RECORD_H_
