// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// `daylight uploads list|delete`: address books uploaded by app users (third-party batches),
// so that an uploader can withdraw one.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "daylight/store.h"

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "store/json_views.h"
#include "util/time_util.h"

namespace dl::cli {

void RegisterUploadsCommand(CLI::App& app) {
  CLI::App* uploads =
      app.add_subcommand("uploads", "Address books uploaded by app users (third-party data)");
  uploads->require_subcommand(1);

  struct ListOpts {
    std::string uploader;
    bool json = false;
  };
  auto lo = std::make_shared<ListOpts>();
  CLI::App* list = uploads->add_subcommand(
      "list",
      "List the uploads: batch id, time, source, uploader (as a blind index: the store never\n"
      "keeps the id) and contacts. --uploader ID keeps one uploader's.\n"
      "Example: daylight uploads list --uploader u42");
  AddDbOption(list);
  list->add_option("--uploader", lo->uploader, "Only this uploader's uploads (the app's user id)");
  list->add_flag("--json", lo->json, "Print the result as JSON");
  list->callback([lo] {
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto list = (*store)->ListUploads(lo->uploader);
    if (!list.ok()) return Fail(list.status());
    if (lo->json) {
      nlohmann::json out = nlohmann::json::array();
      for (const UploadView& u : *list) out.push_back(UploadJson(u));
      std::printf("%s\n", out.dump(2).c_str());
      return;
    }
    if (list->empty()) std::printf("no uploads\n");
    for (const UploadView& u : *list) {
      std::printf("%6llu  %s  %-10s uploader %s…  %5llu contacts%s\n",
                  static_cast<unsigned long long>(u.batch), FormatTime(u.time_us).c_str(),
                  u.source.c_str(), u.uploader.substr(0, 12).c_str(),
                  static_cast<unsigned long long>(u.records), u.deleted ? "  (deleted)" : "");
    }
  });

  struct DeleteOpts {
    uint64_t batch = 0;
    bool json = false;
  };
  auto d = std::make_shared<DeleteOpts>();
  CLI::App* del = uploads->add_subcommand(
      "delete",
      "An uploader withdraws an address book: every claim it made goes, its contact cards'\n"
      "keys are destroyed, and a number or address no other upload or source holds disappears\n"
      "from the store. Recorded in the ledger. Example: daylight uploads delete 17");
  AddDbOption(del);
  del->add_option("upload", d->batch, "Upload (batch) id from `uploads list`")->required();
  del->add_flag("--json", d->json, "Print the result as JSON");
  del->callback([d] {
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    auto r = (*store)->DeleteUpload(d->batch, Actor());
    if (!r.ok()) return Fail(r.status());
    if (d->json) {
      std::printf("%s\n", UploadDeletionJson(d->batch, *r).dump(2).c_str());
      return;
    }
    std::printf(
        "deleted upload %llu (ledger entry %llu): %llu contacts; %llu identifiers held by "
        "no other upload or source are gone\n",
        static_cast<unsigned long long>(d->batch), static_cast<unsigned long long>(r->seq),
        static_cast<unsigned long long>(r->records),
        static_cast<unsigned long long>(r->identifiers_removed));
  });
}

}  // namespace dl::cli
