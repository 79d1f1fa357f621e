// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "cli/credential_change.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "cli/cli_util.h"

namespace dl::cli {

void RunCredentialChange(
    std::string_view field, const std::string& name, bool json, std::string_view done,
    const std::function<StatusOr<uint64_t>(CredentialStore&, const std::string& name,
                                           const std::string& actor)>& change) {
  auto store = Store::Open(DbPath());
  if (!store.ok()) return Fail(store.status());
  CredentialStore creds(&(*store)->storage());
  const std::string actor = Actor();
  auto seq = change(creds, name, actor);
  if (!seq.ok()) return Fail(seq.status());
  if (json) {
    std::printf("%s\n",
                nlohmann::json({{std::string(field), name}, {"ledger_seq", *seq}}).dump(2).c_str());
  } else {
    std::printf("%.*s %s (ledger entry %llu, by %s)\n", static_cast<int>(done.size()), done.data(),
                name.c_str(), static_cast<unsigned long long>(*seq), actor.c_str());
  }
}

}  // namespace dl::cli
