// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The shape `keys revoke ID` and `users remove NAME` share: one change to the credentials
// (src/store/credentials.h), which appends a ledger entry naming the operator.
#ifndef DAYLIGHT_CLI_CREDENTIAL_CHANGE_H_
#define DAYLIGHT_CLI_CREDENTIAL_CHANGE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "daylight/status.h"

#include "store/credentials.h"

namespace dl::cli {

// Opens the store (--db), runs `change(creds, name, actor)` and prints the result: with `json`
// {"<field>": name, "ledger_seq": N}, otherwise "<done> <name> (ledger entry N, by ACTOR)".
// A failure goes to Fail (message and exit code).
void RunCredentialChange(
    std::string_view field, const std::string& name, bool json, std::string_view done,
    const std::function<StatusOr<uint64_t>(CredentialStore&, const std::string& name,
                                           const std::string& actor)>& change);

}  // namespace dl::cli

#endif  // DAYLIGHT_CLI_CREDENTIAL_CHANGE_H_
