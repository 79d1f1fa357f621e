// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The ledger (design.md "The ledger"): an append-only sequence of entries, each bound to the one
// before it by a SHA-256 hash chain. Every change — an import batch, its records, an objection —
// is an entry; projections (claims, identifiers, subjects) are derived from it. The byte layout
// of entries and of the hash input is specified in docs/ledger-format.md.
#ifndef DAYLIGHT_LEDGER_H_
#define DAYLIGHT_LEDGER_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace dl {

using Hash256 = std::array<uint8_t, 32>;

struct LedgerEntry {
  uint64_t seq = 0;     // 1, 2, 3 ... without gaps
  int64_t time_us = 0;  // microseconds since the Unix epoch, UTC
  std::string kind;  // "store.init", "import.begin", "import.records", "import.commit", "objection"
  std::string actor;  // who: "cli:<user>", "api:<key id>" — never personal data of a subject
  std::string body;   // JSON or, for import.records, the binary layout of docs/ledger-format.md
  Hash256 prev{};     // hash of entry seq-1 (all zero for seq 1)
  Hash256 hash{};     // EntryHash(prev, seq, time_us, kind, actor, body)
};

// SHA-256 over "daylight-ledger-v1" || prev || be64(seq) || be64(time_us) ||
// be32(len kind) kind || be32(len actor) actor || be64(len body) body.
Hash256 EntryHash(const Hash256& prev, uint64_t seq, int64_t time_us, std::string_view kind,
                  std::string_view actor, std::string_view body);

// Result of walking the chain.
struct VerifyReport {
  bool ok = true;
  uint64_t entries = 0;        // entries checked
  uint64_t first_bad_seq = 0;  // the first entry that fails, when !ok
  std::string reason;          // e.g. "hash does not match its contents (entry altered)"
  Hash256 head{};              // hash of the last good entry
};

}  // namespace dl

#endif  // DAYLIGHT_LEDGER_H_
