// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Reads of personal data through the API or the console are ledger entries (`data.read`), so
// the officer — and the person, in the access report — can see who looked at what. The entry
// names the reader (a key id or a user name) and the identifiers by blind index only.
#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "ledger/ledger_writer.h"
#include "ledger/secrets.h"
#include "store/transaction.h"
#include "util/secret.h"
#include "util/time_util.h"

namespace dl {

StatusOr<uint64_t> Store::RecordRead(const Identifier& id, std::string_view what,
                                     const std::string& actor) {
  return RecordReads({id}, what, actor);
}

StatusOr<uint64_t> Store::RecordReads(const std::vector<Identifier>& ids, std::string_view what,
                                      const std::string& actor) {
  if (what.empty()) return InvalidArgument("a read must say what was read");
  if (actor.empty()) return InvalidArgument("a read must name who read it");
  if (ids.empty()) return uint64_t{0};
  std::vector<std::string> hex;
  hex.reserve(ids.size());
  for (const Identifier& id : ids) {
    const BlindIndex b = secrets_->Blind(id);
    hex.push_back(ToHex(b.data(), b.size()));
  }
  const int64_t now = NowMicros();
  return InTransaction(storage_.get(), [&]() -> StatusOr<uint64_t> {
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    nlohmann::json body = {{"what", what}, {"identifiers", hex}};
    return writer.Append("data.read", actor, body.dump(), now);
  });
}

}  // namespace dl
