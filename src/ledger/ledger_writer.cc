// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "ledger/ledger_writer.h"

#include "util/secret.h"

namespace dl {

Status LedgerWriter::Reload() {
  ASSIGN_OR_RETURN(LedgerEntry last, storage_->LastEntry());
  head_seq_ = last.seq;
  head_hash_ = last.hash;
  return Status::Ok();
}

StatusOr<uint64_t> LedgerWriter::Append(std::string_view kind, std::string_view actor,
                                        std::string body, int64_t time_us) {
  LedgerEntry e;
  e.seq = head_seq_ + 1;
  e.time_us = time_us;
  e.kind = std::string(kind);
  e.actor = std::string(actor);
  e.body = std::move(body);
  e.prev = head_hash_;
  e.hash = EntryHash(e.prev, e.seq, e.time_us, e.kind, e.actor, e.body);
  RETURN_IF_ERROR(storage_->AppendEntry(e));
  RETURN_IF_ERROR(storage_->SetMeta(
      "ledger_head", std::to_string(e.seq) + ":" + ToHex(e.hash.data(), e.hash.size())));
  head_seq_ = e.seq;
  head_hash_ = e.hash;
  return e.seq;
}

StatusOr<VerifyReport> VerifyChain(Storage* storage) {
  VerifyReport report;
  Hash256 prev{};
  uint64_t expected = 1;
  Status scan = storage->ScanEntries([&](const LedgerEntry& e) -> Status {
    if (!report.ok) return Status::Ok();
    auto fail = [&](uint64_t seq, std::string why) {
      report.ok = false;
      report.first_bad_seq = seq;
      report.reason = std::move(why);
    };
    if (e.seq != expected) {
      fail(expected, e.seq > expected
                         ? "entry missing (next stored entry is " + std::to_string(e.seq) + ")"
                         : "entry out of order");
      return Status::Ok();
    }
    if (e.prev != prev) {
      fail(e.seq,
           "does not link to the entry before it (an entry was removed, reordered or altered)");
      return Status::Ok();
    }
    if (EntryHash(e.prev, e.seq, e.time_us, e.kind, e.actor, e.body) != e.hash) {
      fail(e.seq, "hash does not match its contents (entry altered)");
      return Status::Ok();
    }
    prev = e.hash;
    report.head = e.hash;
    report.entries = e.seq;
    ++expected;
    return Status::Ok();
  });
  RETURN_IF_ERROR(scan);
  if (report.ok) {
    ASSIGN_OR_RETURN(auto head, storage->GetMeta("ledger_head"));
    std::string actual = std::to_string(report.entries) + ":" + ToHex(prev.data(), prev.size());
    if (head.has_value() && *head != actual) {
      report.ok = false;
      report.first_bad_seq = report.entries + 1;
      report.reason = "chain ends before the recorded head (entries removed from the end)";
    }
  }
  return report;
}

}  // namespace dl
