// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The JSON shapes of the store's answers, in one place, so that the CLI's `--json` output
// (docs/cli.md is the contract) and the server's REST API (/api/v1, web/openapi.json) can never
// drift apart. Pure functions of the views: no I/O, no store access. Identifiers appear only
// where the view is about a person (subject, decision, notices, rights actions) — these are
// answers to the caller, never log lines.
#ifndef DAYLIGHT_STORE_JSON_VIEWS_H_
#define DAYLIGHT_STORE_JSON_VIEWS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "daylight/gate.h"
#include "daylight/guardrails.h"
#include "daylight/identifier.h"
#include "daylight/ledger.h"
#include "daylight/policy_file.h"
#include "daylight/store.h"

namespace dl {

// `subject show --json`, GET /api/v1/subjects/{identifier}.
nlohmann::json SubjectJson(const SubjectView& v, const Identifier& query);
// `explain --json`, GET /api/v1/explain.
nlohmann::json DecisionJson(const Decision& d, const Identifier& id, int64_t at);

// Guarded counts (docs/guardrails.md): {"withheld": true} or shown/lower/upper.
nlohmann::json GuardedJson(const GuardedCount& g);
// `audience list --json` (one element), GET /api/v1/audiences.
nlohmann::json DefinitionJson(const AudienceDefinition& d);
// `audience show|create --json`, GET /api/v1/audiences/{name}.
nlohmann::json AudienceJson(const AudienceView& v);
// `audience export --json`, POST /api/v1/audiences/{name}/export.
nlohmann::json AudienceExportJson(const AudienceExportReport& r);

// `status --json`, GET /api/v1/status.
nlohmann::json StatsJson(const StoreStats& s, const std::string& db_path);
// `ledger verify --json`, GET /api/v1/ledger/verify.
nlohmann::json VerifyJson(const VerifyReport& r);

// `purpose list --json`.
nlohmann::json PurposesJson();
// `policy show --json`.
nlohmann::json PolicyJson(const Policy& policy);
// `consent grant|withdraw --json`, POST /api/v1/consents.
nlohmann::json ConsentRecordedJson(uint64_t seq, std::string_view purpose, ConsentState state);

// `rights object|restrict|unrestrict --json`, POST /api/v1/rights/{action}. `what` is
// "objection", "restriction", "lifting of the restriction of"; `purpose` may be empty.
nlohmann::json RightsActionJson(const Identifier& id, std::string_view what, uint64_t seq,
                                std::string_view purpose);
// `rights erase --json`, POST /api/v1/rights/erase.
nlohmann::json ErasureJson(const ErasureReport& r);

// `uploads list --json` (one element), GET /api/v1/uploads.
nlohmann::json UploadJson(const UploadView& u);
// `uploads delete --json`, DELETE /api/v1/uploads/{id}.
nlohmann::json UploadDeletionJson(uint64_t upload, const UploadDeletion& r);
// `notices due --json` (one element), GET /api/v1/notices.
nlohmann::json NoticeJson(const NoticeView& n);
// `records --json`, GET /api/v1/records.
nlohmann::json RecordsJson(const ProcessingRecord& r, const Policy& policy,
                           const std::string& db_path);
// `import --json`, POST /api/v1/imports. Row errors name line, field and reason, never a value.
nlohmann::json ImportReportJson(const ImportReport& r);
// `consent import --json`, POST /api/v1/consents/signals.
nlohmann::json SignalImportJson(const SignalImportReport& r);
// `rights requests --json` (one element), GET /api/v1/rights/requests and the answers of
// `rights requests done|reject`. A pending request carries the identifier the person verified.
nlohmann::json RightsRequestJson(const RightsRequestView& r);

}  // namespace dl

#endif  // DAYLIGHT_STORE_JSON_VIEWS_H_
