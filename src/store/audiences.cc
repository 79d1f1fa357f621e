// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Audiences over the store: definitions in the ledger, evaluation over the audience snapshot
// (filter AND the gate's eligibility for the purpose), guarded counts, and exports recorded in
// the ledger with their members as blind indexes (docs/audiences.md).
#include <algorithm>
#include <bit>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "daylight/audience_export.h"
#include "daylight/audience_filter.h"
#include "daylight/purpose.h"
#include "daylight/store.h"
#include "daylight/trait_index.h"

#include "ledger/ledger_writer.h"
#include "ledger/secrets.h"
#include "store/audience_snapshot.h"
#include "store/export_entry.h"
#include "store/transaction.h"
#include "util/bytes.h"
#include "util/time_util.h"

namespace dl {

struct Store::Evaluation {
  std::unique_ptr<AudienceSnapshot> snapshot;
  Eligibility eligibility;
  SubjectSet matched;  // the filter alone
  SubjectSet members;  // filter AND eligible
  int64_t now_us = 0;
};

namespace {

Status CheckAudienceName(const std::string& name) {
  static const std::regex kName("[a-z0-9][a-z0-9_.-]{0,63}");
  if (!std::regex_match(name, kName)) {
    return InvalidArgument("audience name '" + name.substr(0, 64) +
                           "': use 1-64 of a-z, 0-9, '_', '.', '-', starting with a letter or "
                           "digit");
  }
  return Status::Ok();
}

AudienceDefinition FromRow(const AudienceRow& r) {
  return {r.name, r.purpose, r.filter, r.seq, r.time_us, r.actor};
}

std::string DefinitionKey(const AudienceDefinition& d) { return d.purpose + '\0' + d.filter; }

std::string DefaultRemovalsPath(const std::string& out) {
  std::string stem = out;
  if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".csv") == 0)
    stem.resize(stem.size() - 4);
  return stem + ".remove.csv";
}

// BlindIndex's operator< (bytewise), as two big-endian words: sorting the blind indexes of a
// million members with it is several times faster than with memcmp.
uint64_t BigEndian64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  return v;
}

bool BlindIndexLess(const BlindIndex& a, const BlindIndex& b) {
  const uint64_t a0 = BigEndian64(a.data()), b0 = BigEndian64(b.data());
  return a0 != b0 ? a0 < b0 : BigEndian64(a.data() + 8) < BigEndian64(b.data() + 8);
}

// Sorts blind indexes. They are HMAC outputs, evenly spread, so a counting pass on their first
// two bytes leaves buckets of a few dozen for std::sort: several times faster than sorting them
// all at once. Any input is sorted correctly, only less quickly.
void SortBlindIndexes(std::vector<BlindIndex>* ids) {
  constexpr size_t kBuckets = 1 << 16;
  auto bucket = [](const BlindIndex& b) { return (size_t{b[0]} << 8) | b[1]; };
  std::vector<size_t> next(kBuckets + 1, 0);  // where each bucket starts, then its next free slot
  for (const BlindIndex& b : *ids) ++next[bucket(b) + 1];
  for (size_t i = 1; i <= kBuckets; ++i) next[i] += next[i - 1];
  std::vector<BlindIndex> out(ids->size());
  for (const BlindIndex& b : *ids) out[next[bucket(b)]++] = b;
  // Now next[i] is where bucket i ends.
  for (size_t i = 0, begin = 0; i < kBuckets; begin = next[i++]) {
    std::sort(out.begin() + begin, out.begin() + next[i], BlindIndexLess);
  }
  *ids = std::move(out);
}

// The blind indexes of the identifiers an export offers: collected per part by the threads that
// read the parts, each part sorted by its thread, then merged into one sorted list by the thread
// that loads the snapshot, while the file is still being written and synced.
class OfferedIdentifiers {
 public:
  explicit OfferedIdentifiers(size_t parts) : parts_(parts) {}

  // Part p's list, for the one thread reading part p.
  std::vector<BlindIndex>* Part(size_t p) { return &parts_[p]; }
  void PartDone(size_t p) {
    SortBlindIndexes(&parts_[p]);
    std::lock_guard lock(mu_);
    ++done_;
    cv_.notify_all();
  }
  // The export ended, perhaps before every part was read.
  void Ended() {
    std::lock_guard lock(mu_);
    ended_ = true;
    cv_.notify_all();
  }
  // Waits for every part; false when the export ended without reading them all.
  bool WaitForAll() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return ended_ || done_ == parts_.size(); });
    return done_ == parts_.size();
  }

  // All parts as one sorted list without duplicates, in one pass: a heap holds the next index
  // of each part. Call after WaitForAll() returned true.
  std::vector<BlindIndex> Merge() const {
    using Cursor = std::pair<const BlindIndex*, const BlindIndex*>;  // next, end
    auto later = [](const Cursor& a, const Cursor& b) {
      return BlindIndexLess(*b.first, *a.first);
    };
    std::vector<Cursor> heap;
    size_t total = 0;
    for (const std::vector<BlindIndex>& part : parts_) {
      if (!part.empty()) heap.emplace_back(part.data(), part.data() + part.size());
      total += part.size();
    }
    std::make_heap(heap.begin(), heap.end(), later);
    std::vector<BlindIndex> out;
    out.reserve(total);
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), later);
      Cursor& c = heap.back();
      if (out.empty() || out.back() != *c.first) out.push_back(*c.first);
      if (++c.first == c.second) {
        heap.pop_back();
      } else {
        std::push_heap(heap.begin(), heap.end(), later);
      }
    }
    return out;
  }

 private:
  std::vector<std::vector<BlindIndex>> parts_;
  std::mutex mu_;
  std::condition_variable cv_;
  size_t done_ = 0;
  bool ended_ = false;
};

// Scratch space for MemberView, reused from row to row.
struct MemberScratch {
  std::vector<std::string_view> emails;
  std::vector<std::string_view> phones;
};

// The member's plaintext for the platform file, as views into the row: the e-mails and phones
// the gate allows (their blind indexes added to *offered), and the address fields.
ExportMemberView MemberView(const SnapshotRowView& row, const Eligibility& e,
                            MemberScratch* scratch, std::vector<BlindIndex>* offered) {
  scratch->emails.clear();
  scratch->phones.clear();
  for (const SnapshotRowView::Identifier& id : row.identifiers) {
    if (id.value.empty() || !e.allowed.contains(id.ordinal)) continue;
    if (id.type == IdType::kEmail) {
      scratch->emails.push_back(id.value);
    } else if (id.type == IdType::kPhone) {
      scratch->phones.push_back(id.value);
    } else {
      continue;  // customer-list files take e-mail and phone only
    }
    std::memcpy(offered->emplace_back().data(), id.bidx.data(), kBlindIndexSize);
  }
  return {scratch->emails,
          scratch->phones,
          row.field(AddressField::kFirstName),
          row.field(AddressField::kLastName),
          row.field(AddressField::kCountry),
          row.field(AddressField::kZip),
          row.field(AddressField::kCity),
          row.field(AddressField::kState),
          row.field(AddressField::kDob),
          row.field(AddressField::kGender)};
}

// The members for the export file, one part per snapshot chunk, with the identifiers offered.
ExportMemberSource MemberSource(SnapshotChunkReader* rows, const Eligibility& e, uint64_t members,
                                OfferedIdentifiers* offered) {
  ExportMemberSource source;
  source.members = members;
  source.parts = rows->chunks();
  source.read = [rows, &e, offered](size_t part, const auto& emit) -> Status {
    MemberScratch scratch;
    std::vector<BlindIndex>* ids = offered->Part(part);
    RETURN_IF_ERROR(rows->ForEachRow(part, [&](const SnapshotRowView& row) {
      emit(MemberView(row, e, &scratch, ids));
      return Status::Ok();
    }));
    offered->PartDone(part);
    return Status::Ok();
  };
  return source;
}

// Writes an export file on a thread of its own, so that the caller can meanwhile load what the
// file is made of and prepare the ledger entry. Content() waits until the file's content is
// final (its counts and digest known; it is then still being synced); Finish() until the file
// is in place, or the export failed.
class BackgroundExport {
 public:
  // on_end runs on the writing thread when the export has ended, whether it succeeded or not.
  BackgroundExport(ExportMemberSource source, std::string path, ExportOptions options,
                   std::string definition_key, GuardrailOptions guard, std::string secret,
                   std::function<void()> on_end) {
    options.on_content = [this](const ExportCounts& counts) {
      std::lock_guard lock(mu_);
      content_ = counts;
      cv_.notify_all();
    };
    thread_ = std::thread([=, this] {
      StatusOr<ExportCounts> result =
          WriteCustomerList(source, path, options, definition_key, guard, secret);
      on_end();
      std::lock_guard lock(mu_);
      result_ = result.status();
      ended_ = true;
      cv_.notify_all();
    });
  }
  ~BackgroundExport() { (void)Finish(); }
  BackgroundExport(const BackgroundExport&) = delete;
  BackgroundExport& operator=(const BackgroundExport&) = delete;

  // The counts once the content is final; nothing when the export failed before.
  std::optional<ExportCounts> Content() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return content_.has_value() || ended_; });
    return content_;
  }
  // OK when the file is in place.
  Status Finish() {
    if (thread_.joinable()) thread_.join();
    return result_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<ExportCounts> content_;
  bool ended_ = false;
  Status result_;
  std::thread thread_;
};

}  // namespace

std::string Store::GuardSecret() const {
  BlindIndex b = secrets_->BlindRaw("guardrail", "audience sizes");
  return std::string(AsView(b));
}

StatusOr<AudienceDefinition> Store::CreateAudience(const std::string& name,
                                                   const std::string& purpose,
                                                   const std::string& where, bool replace,
                                                   const std::string& actor) {
  RETURN_IF_ERROR(CheckAudienceName(name));
  if (!IsKnownPurpose(purpose)) {
    return InvalidArgument("--purpose: unknown purpose '" + purpose +
                           "' (see `daylight purpose list`)");
  }
  auto ast = ParseFilter(where);
  if (!ast.ok()) return InvalidArgument("--where: " + ast.status().message());
  AudienceRow row{name, purpose, ToString(*ast), 0, NowMicros(), actor};
  return InTransaction(storage_.get(), [&]() -> StatusOr<AudienceDefinition> {
    ASSIGN_OR_RETURN(auto existing, storage_->GetAudience(name));
    if (existing.has_value() && !replace) {
      return AlreadyExists("audience '" + name +
                           "' exists (pass --replace to redefine it; its exports stay on record)");
    }
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    nlohmann::json body = {{"name", name},
                           {"purpose", purpose},
                           {"filter", row.filter},
                           {"replaces", existing.has_value()}};
    ASSIGN_OR_RETURN(row.seq, writer.Append("audience.create", actor, body.dump(), row.time_us));
    RETURN_IF_ERROR(storage_->PutAudience(row));
    return FromRow(row);
  });
}

StatusOr<std::vector<AudienceDefinition>> Store::ListAudiences() {
  ASSIGN_OR_RETURN(auto rows, storage_->ListAudiences());
  std::vector<AudienceDefinition> out;
  for (const AudienceRow& r : rows) out.push_back(FromRow(r));
  return out;
}

StatusOr<Store::Evaluation> Store::Evaluate(const AudienceDefinition& def,
                                            const std::function<void(double)>& progress) {
  ASSIGN_OR_RETURN(FilterAst ast, ParseFilter(def.filter));
  ASSIGN_OR_RETURN(Policy policy, LoadPolicy());
  Evaluation ev;
  ev.now_us = NowMicros();
  // Progress: the snapshot (when it must be rebuilt) is the first half, eligibility the second.
  auto half = [&](double base) {
    return [&progress, base](double f) {
      if (progress) progress(base + f / 2);
    };
  };
  ASSIGN_OR_RETURN(ev.snapshot, AudienceSnapshot::Open(storage_.get(), *secrets_, half(0)));
  ASSIGN_OR_RETURN(ev.eligibility,
                   ev.snapshot->EligibilityFor(def.purpose, policy, ev.now_us, half(0.5)));
  TraitIndex index(ev.snapshot->universe(), ev.snapshot->TraitLoader());
  // The filter alone (against every subject), then AND eligible: membership is never wider
  // than the gate allows.
  ASSIGN_OR_RETURN(ev.matched, AudienceMembers(ast, index, index.Universe(), ev.now_us));
  ev.members = ev.matched & ev.eligibility.eligible;
  return ev;
}

// Evaluates view->definition now and fills in the guarded counts (members, matched, exclusions
// by reason), all under the definition's guard key.
Status Store::EvaluateGuarded(AudienceView* view, const std::function<void(double)>& progress) {
  ASSIGN_OR_RETURN(Evaluation ev, Evaluate(view->definition, progress));
  view->evaluated_us = ev.now_us;
  const std::string key = DefinitionKey(view->definition);
  const std::string secret = GuardSecret();
  ASSIGN_OR_RETURN(view->members, Guard(ev.members.cardinality(), key, guardrails_, secret));
  ASSIGN_OR_RETURN(view->matched,
                   Guard(ev.matched.cardinality(), key + '\0' + "matched", guardrails_, secret));
  std::vector<std::pair<std::string, uint64_t>> excluded;
  for (const auto& [reason, set] : ev.eligibility.excluded) {
    excluded.emplace_back(reason, (ev.matched & set).cardinality());
  }
  ASSIGN_OR_RETURN(view->excluded, GuardBreakdown(excluded, key, guardrails_, secret));
  return Status::Ok();
}

StatusOr<AudienceView> Store::ShowAudience(const std::string& name,
                                           const std::function<void(double)>& progress) {
  ASSIGN_OR_RETURN(auto row, storage_->GetAudience(name));
  if (!row.has_value()) return NotFound("no audience named '" + name + "'");
  AudienceView view;
  view.definition = FromRow(*row);
  view.guardrails = guardrails_;
  RETURN_IF_ERROR(EvaluateGuarded(&view, progress));
  ASSIGN_OR_RETURN(auto exports, storage_->ExportsOf(name));
  for (const ExportRow& e : exports) {
    view.exports.push_back({e.seq, e.time_us, e.recipient, e.format});
  }
  return view;
}

// The console's audience builder: ShowAudience's evaluation for a definition not stored yet. No
// ledger entry; guarded under the key the audience will have once created, so the preview and
// the audience give the same answer.
StatusOr<AudienceView> Store::PreviewAudience(const std::string& purpose,
                                              const std::string& where) {
  if (!IsKnownPurpose(purpose)) {
    return InvalidArgument("purpose: unknown purpose '" + purpose.substr(0, 64) + "'");
  }
  auto ast = ParseFilter(where);
  if (!ast.ok()) return InvalidArgument("filter: " + ast.status().message());
  AudienceView view;
  view.definition.purpose = purpose;
  view.definition.filter = ToString(*ast);
  view.guardrails = guardrails_;
  RETURN_IF_ERROR(EvaluateGuarded(&view, {}));
  return view;
}

StatusOr<AudienceExportReport> Store::ExportAudience(const AudienceExportRequest& request,
                                                     const std::function<void(double)>& progress) {
  if (request.recipient.empty()) {
    return InvalidArgument("--recipient is required: name who receives the file");
  }
  if (request.out_path.empty()) return InvalidArgument("--out is required");
  if (request.platform == Platform::kPair) {
    return InvalidArgument("--format: pair has no file format; use meta or google");
  }
  ASSIGN_OR_RETURN(auto row, storage_->GetAudience(request.audience));
  if (!row.has_value()) return NotFound("no audience named '" + request.audience + "'");
  const AudienceDefinition def = FromRow(*row);
  ASSIGN_OR_RETURN(Evaluation ev, Evaluate(def, progress));
  const std::string key = DefinitionKey(def);
  const std::string secret = GuardSecret();
  // Refuse a small audience before reading any member's data.
  RETURN_IF_ERROR(CheckExportable(ev.members.cardinality(), key, guardrails_, secret));

  ExportOptions options;
  options.platform = request.platform;
  options.default_region = request.default_region;
  options.identifiers_normalized = true;  // the store validated them at import
  // The file is written on another thread. This one, which alone uses storage, meanwhile loads
  // the snapshot chunks that thread reads, merges the identifiers offered, and prepares the
  // ledger entry while the file is synced; the entry is committed once the file is in place.
  std::unique_ptr<SnapshotChunkReader> rows = ev.snapshot->ReadChunks(ev.members);
  OfferedIdentifiers offered_parts(rows->chunks());
  BackgroundExport file(
      MemberSource(rows.get(), ev.eligibility, ev.members.cardinality(), &offered_parts),
      request.out_path, options, key, guardrails_, secret, [&] {
        rows->Stop();
        offered_parts.Ended();
      });
  // Until the export is on record, leaving here removes its file: there is no export off the
  // record. (A file that was at the path before is gone once this export replaced it.)
  struct OffRecord {
    BackgroundExport* file;
    const std::string* path;
    bool recorded = false;
    ~OffRecord() {
      if (!recorded && file->Finish().ok()) std::remove(path->c_str());
    }
  } off_record{&file, &request.out_path};
  RETURN_IF_ERROR(rows->Load());
  std::vector<BlindIndex> offered;
  if (offered_parts.WaitForAll()) offered = offered_parts.Merge();
  const std::optional<ExportCounts> content = file.Content();
  if (!content.has_value()) return file.Finish();  // the export failed
  const ExportCounts& counts = *content;

  AudienceExportReport report;
  report.path = request.out_path;
  ASSIGN_OR_RETURN(report.members, Guard(ev.members.cardinality(), key, guardrails_, secret));
  report.rows = counts.rows;
  report.identifiers = offered.size();
  report.skipped = counts.skipped;

  // Whom to remove: identifiers of the last export of this audience to the same recipient that
  // are not in this one.
  ASSIGN_OR_RETURN(auto previous, storage_->ExportsOf(def.name));
  std::vector<BlindIndex> removed;
  for (auto it = previous.rbegin(); it != previous.rend(); ++it) {
    if (it->recipient != request.recipient) continue;
    report.previous_seq = it->seq;
    ASSIGN_OR_RETURN(std::string body, storage_->ReadBody(it->seq));
    ASSIGN_OR_RETURN(std::vector<BlindIndex> before, ReadExportedIdentifiers(body));
    std::set_difference(before.begin(), before.end(), offered.begin(), offered.end(),
                        std::back_inserter(removed));
    break;
  }
  report.removed = removed.size();
  if (!removed.empty()) {
    // Values are read from the snapshot rows of their subjects; an identifier erased since (or
    // no longer in any subject) can only be named by its blind index, in the ledger entry.
    std::set<BlindIndex> wanted(removed.begin(), removed.end());
    SubjectSet owners;
    for (const BlindIndex& b : removed) {
      ASSIGN_OR_RETURN(auto id, storage_->GetIdentifier(AsView(b)));
      if (id.has_value() && id->subject != 0 && id->subject <= UINT32_MAX) {
        owners.add(static_cast<uint32_t>(id->subject));
      }
    }
    owners &= ev.snapshot->universe();
    std::vector<ExportMember> removals;
    uint64_t readable = 0;
    RETURN_IF_ERROR(ev.snapshot->ForEachRow(owners, [&](const SnapshotRow& r) {
      ExportMember m;
      for (const SnapshotIdentifier& id : r.identifiers) {
        if (id.value.empty() || !wanted.count(id.bidx)) continue;
        if (id.type == IdType::kEmail) m.emails.push_back(id.value);
        if (id.type == IdType::kPhone) m.phones.push_back(id.value);
        ++readable;
      }
      if (!m.emails.empty() || !m.phones.empty()) removals.push_back(std::move(m));
      return Status::Ok();
    }));
    report.removed_unreadable = removed.size() - readable;
    if (!removals.empty()) {
      report.removals_path = request.removals_path.empty() ? DefaultRemovalsPath(request.out_path)
                                                           : request.removals_path;
      // A removal list is never withheld: one person who withdrew must still be removed.
      GuardrailOptions none{0, 1, 1};
      options.max_emails = 3;
      options.max_phones = 3;
      auto written = WriteCustomerList(removals, report.removals_path, options, key, none, secret);
      if (!written.ok()) return written.status().WithContext("removal list");
    }
  }

  // The record of the export, committed only once the file is in place.
  nlohmann::json header = {{"audience", def.name},
                           {"definition", def.seq},
                           {"purpose", def.purpose},
                           {"filter", def.filter},
                           {"recipient", request.recipient},
                           {"format", std::string(PlatformName(request.platform))},
                           {"file", std::filesystem::path(request.out_path).filename().string()},
                           {"blake2b", counts.blake2b},
                           {"members", ev.members.cardinality()},
                           {"rows", counts.rows},
                           {"previous", report.previous_seq},
                           {"removed", report.removed}};
  const int64_t now = NowMicros();
  auto seq = InTransaction(storage_.get(), [&]() -> StatusOr<uint64_t> {
    LedgerWriter writer(storage_.get());
    RETURN_IF_ERROR(writer.Reload());
    ASSIGN_OR_RETURN(uint64_t s, writer.Append("audience.export", request.actor,
                                               WriteExportBody(header, offered), now));
    RETURN_IF_ERROR(
        storage_->InsertExport({s, def.name, now, request.recipient, def.purpose,
                                std::string(PlatformName(request.platform)), offered.size()}));
    RETURN_IF_ERROR(file.Finish());
    return s;
  });
  if (!seq.ok()) {
    if (!report.removals_path.empty()) std::remove(report.removals_path.c_str());
    return seq.status();
  }
  off_record.recorded = true;
  report.seq = *seq;
  return report;
}

StatusOr<std::vector<UseView>> Store::UsesOf(const Identifier& id) {
  BlindIndex b = secrets_->Blind(id);
  ASSIGN_OR_RETURN(auto row, storage_->GetIdentifier(AsView(b)));
  std::vector<UseView> out;
  if (!row.has_value()) return out;
  ASSIGN_OR_RETURN(std::vector<IdentifierRow> mine, MembersOf(*row));
  // blind index -> the identifier's text, for those whose value is readable.
  std::map<std::string, std::string> text;
  ASSIGN_OR_RETURN(SubjectView view, ShowSubject(id));
  for (const IdentifierView& iv : view.identifiers) {
    text[std::string(AsView(secrets_->Blind(iv.id)))] = iv.id.ToString();
  }
  text[std::string(AsView(b))] = id.ToString();
  ASSIGN_OR_RETURN(auto exports, storage_->ListExports());
  for (const ExportRow& e : exports) {
    ASSIGN_OR_RETURN(std::string body, storage_->ReadBody(e.seq));
    ASSIGN_OR_RETURN(std::vector<BlindIndex> listed, ReadExportedIdentifiers(body));
    UseView use{e.seq, e.time_us, e.audience, e.purpose, e.recipient, e.format, {}};
    for (const IdentifierRow& m : mine) {
      BlindIndex mb{};
      std::memcpy(mb.data(), m.bidx.data(), std::min(m.bidx.size(), kBlindIndexSize));
      if (!std::binary_search(listed.begin(), listed.end(), mb)) continue;
      auto t = text.find(m.bidx);
      use.identifiers.push_back(t == text.end() ? "(erased)" : t->second);
    }
    if (!use.identifiers.empty()) out.push_back(std::move(use));
  }
  return out;
}

}  // namespace dl
