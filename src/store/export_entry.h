// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Writing and reading `audience.export` ledger bodies (docs/ledger-format.md): "DLX1" | u32 header
// length | JSON header | u32 n | n × 16-byte blind index, sorted. Internal to src/store/.
#ifndef DAYLIGHT_STORE_EXPORT_ENTRY_H_
#define DAYLIGHT_STORE_EXPORT_ENTRY_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "daylight/status.h"

#include "ledger/secrets.h"

namespace dl {

// The body for `header` and the blind indexes offered (sorted, unique).
std::string WriteExportBody(const nlohmann::json& header, const std::vector<BlindIndex>& ids);
// The blind indexes listed in the body; Corruption if it is malformed.
StatusOr<std::vector<BlindIndex>> ReadExportedIdentifiers(std::string_view body);
// The JSON header; Corruption if the body is malformed.
StatusOr<nlohmann::json> ReadExportHeader(std::string_view body);

}  // namespace dl

#endif  // DAYLIGHT_STORE_EXPORT_ENTRY_H_
