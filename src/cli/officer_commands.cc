// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The data-protection officer's reports: `notices due|sent` (GDPR Art. 14) and `records`
// (Art. 30).
#include <cstdio>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "store/json_views.h"
#include "util/time_util.h"

namespace dl::cli {
namespace {

void AddNoticesDue(CLI::App* notices) {
  struct Opts {
    bool all = false, json = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = notices->add_subcommand(
      "due",
      "Art. 14: identifiers held from third parties (address books) whose holder must be told,\n"
      "one month after collection or at their first use if earlier, and not told yet.\n"
      "The hook for sending: pipe `notices due --json` to your messaging tool, then record\n"
      "each notice with `notices sent ID --channel ...` (docs/rights.md).\n"
      "Example: daylight notices due --json");
  AddDbOption(cmd);
  cmd->add_flag("--all", o->all, "Also list notices not due yet");
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->callback([o] {
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto due = (*store)->NoticesDue(NowMicros(), o->all);
    if (!due.ok()) return Fail(due.status());
    if (o->json) {
      nlohmann::json out = nlohmann::json::array();
      for (const NoticeView& n : *due) out.push_back(NoticeJson(n));
      std::printf("%s\n", out.dump(2).c_str());
      return;
    }
    if (due->empty()) std::printf("no notices due\n");
    for (const NoticeView& n : *due) {
      std::printf("%-28s due %s (%s; collected %s from %llu upload%s)\n", n.id.ToString().c_str(),
                  FormatTime(n.due_us).c_str(), n.used ? "first use" : "one month after collection",
                  FormatTime(n.collected_us).c_str(), static_cast<unsigned long long>(n.uploads),
                  n.uploads == 1 ? "" : "s");
    }
  });
}

void AddNoticesSent(CLI::App* notices) {
  struct Opts {
    std::string id, region, channel;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = notices->add_subcommand(
      "sent",
      "Record that the Art. 14 notice for an identifier was sent (ledger entry).\n"
      "Example: daylight notices sent phone:+4915228817386 --channel \"SMS, template v2\"");
  AddDbOption(cmd);
  cmd->add_option("identifier", o->id, "type:value from `notices due`")->required();
  cmd->add_option("--channel", o->channel, "How it was sent (SMS, e-mail, letter; template)")
      ->required();
  cmd->add_option("--region", o->region, "Default region for a national phone number");
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->callback([o] {
    auto id = ParseIdentifier(o->id, o->region);
    if (!id.ok()) return Fail(id.status().WithContext("identifier"));
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto seq = (*store)->RecordNoticeSent(*id, o->channel, Actor());
    if (!seq.ok()) {
      Fail(seq.status());
      if (seq.status().code() == StatusCode::kNotFound) ExitCode() = 3;
      return;
    }
    if (o->json) {
      std::printf("%s\n", nlohmann::json({{"ledger_seq", *seq}}).dump(2).c_str());
    } else {
      std::printf("notice recorded (ledger entry %llu)\n", static_cast<unsigned long long>(*seq));
    }
  });
}

}  // namespace

void RegisterNoticesCommand(CLI::App& app) {
  CLI::App* notices = app.add_subcommand(
      "notices", "Art. 14 notices owed to people whose data came from third parties");
  notices->require_subcommand(1);
  AddNoticesDue(notices);
  AddNoticesSent(notices);
}

void RegisterRecordsCommand(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "records",
      "Art. 30 records of processing, built from the ledger: sources and what they were\n"
      "collected for, categories of data, recipients of exports, legal bases, rights actions.\n"
      "Example: daylight records --json");
  AddDbOption(cmd);
  cmd->add_flag("--json", *json, "Print the result as JSON");
  cmd->callback([json] {
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto r = (*store)->RecordsOfProcessing();
    if (!r.ok()) return Fail(r.status());
    auto policy = (*store)->LoadPolicy();
    if (!policy.ok()) return Fail(policy.status());
    if (*json) {
      std::printf("%s\n", RecordsJson(*r, *policy, DbPath()).dump(2).c_str());
      return;
    }
    std::printf("Records of processing (Art. 30), from %llu ledger entries of %s\n\n",
                static_cast<unsigned long long>(r->ledger_entries), DbPath().c_str());
    std::printf(
        "Sources (categories of data subjects: self = the person, first_party = the\n"
        "organisation's records, third_party = other people's address books)\n");
    for (const auto& s : r->sources) {
      std::printf("  %-14s %-12s for %-44s %4llu batches %8llu records  %s .. %s\n",
                  s.source.c_str(), s.supplier.c_str(), s.collected_for.c_str(),
                  static_cast<unsigned long long>(s.batches),
                  static_cast<unsigned long long>(s.records), FormatTime(s.first_us).c_str(),
                  FormatTime(s.last_us).c_str());
    }
    std::printf("\nCategories of personal data\n  identifier claims:");
    for (const auto& [t, n] : r->identifier_types) {
      std::printf(" %s %llu", t.c_str(), static_cast<unsigned long long>(n));
    }
    std::printf("\n  traits: ");
    if (r->traits.empty()) std::printf("(listed once an audience has been evaluated)");
    for (size_t i = 0; i < r->traits.size(); ++i) {
      std::printf("%s%s", i ? ", " : "", r->traits[i].c_str());
    }
    std::printf("\n\nRecipients (audience exports)\n");
    if (r->recipients.empty()) std::printf("  none\n");
    for (const auto& x : r->recipients) {
      std::printf("  %-32s for %-44s %s, %llu exports, last %s\n", x.recipient.c_str(),
                  x.purpose.c_str(), x.format.c_str(), static_cast<unsigned long long>(x.exports),
                  FormatTime(x.last_us).c_str());
    }
    std::printf("\nLegal bases (policy file %s)\n", PolicyFilePathFor(DbPath()).c_str());
    for (const PolicyEntry& e : policy->entries()) {
      std::printf("  %-44s %s\n", e.purpose.c_str(), std::string(LegalBasisName(e.basis)).c_str());
    }
    std::printf("\nConsent records: %llu; audiences defined: %llu\nRights actions:",
                static_cast<unsigned long long>(r->consents),
                static_cast<unsigned long long>(r->audiences));
    if (r->rights_actions.empty()) std::printf(" none");
    for (const auto& [k, n] : r->rights_actions) {
      std::printf(" %s %llu", k.c_str(), static_cast<unsigned long long>(n));
    }
    std::printf(
        "\nRetention: kept until erased; no automatic retention period.\n"
        "Security: sealed records (XChaCha20-Poly1305, per-subject and per-contact keys), "
        "keyed blind index, hash-chained ledger.\n");
  });
}

}  // namespace dl::cli
