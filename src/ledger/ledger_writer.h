// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Appends entries to the hash chain and verifies it. The writer keeps the chain head in
// memory during a transaction; after a Rollback() call Reload() before appending again.
// The head (seq, hash) is also written to the store's settings with every append, so that
// `ledger verify` notices entries cut off the end of the chain.
#ifndef DAYLIGHT_LEDGER_LEDGER_WRITER_H_
#define DAYLIGHT_LEDGER_LEDGER_WRITER_H_

#include <string>
#include <string_view>

#include "daylight/ledger.h"
#include "daylight/status.h"
#include "daylight/storage.h"

namespace dl {

class LedgerWriter {
 public:
  explicit LedgerWriter(Storage* storage) : storage_(storage) {}

  Status Reload();
  // Appends an entry and returns its seq. Must run inside a Storage transaction.
  StatusOr<uint64_t> Append(std::string_view kind, std::string_view actor, std::string body,
                            int64_t time_us);
  uint64_t next_seq() const { return head_seq_ + 1; }

 private:
  Storage* storage_;
  uint64_t head_seq_ = 0;
  Hash256 head_hash_{};
};

// Walks the whole chain: seq must run 1, 2, 3 ... without gaps, each entry's prev must equal
// the hash of the entry before, each hash must match its contents, and the last entry must
// match the recorded head. Reports the first entry that fails and why.
StatusOr<VerifyReport> VerifyChain(Storage* storage);

}  // namespace dl

#endif  // DAYLIGHT_LEDGER_LEDGER_WRITER_H_
