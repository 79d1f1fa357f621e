// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include <cstdio>

#include <nlohmann/json.hpp>

#include "daylight/record_reader.h"
#include "daylight/store.h"

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "store/json_views.h"
#include "util/progress.h"

namespace dl::cli {

void RegisterImportCommand(CLI::App& app) {
  struct Opts {
    ImportOptions import;
    std::string supplier, format;
    std::vector<std::string> maps;
    std::string delimiter;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Import a file (CSV, JSON Lines or vCard) as claims. Every identifier in it is recorded "
      "with\n"
      "who supplied it (--supplier), where it came from (--source) and what for "
      "(--collected-for).\n"
      "The file is imported whole or not at all; importing the same file again adds nothing.\n\n"
      "Examples:\n"
      "  daylight import crm.csv --source salesforce --supplier first_party \\\n"
      "      --collected-for essential.service --region DE --preset salesforce\n"
      "  daylight import signups.jsonl --source web --supplier self \\\n"
      "      --collected-for marketing.communications.email\n"
      "  daylight import book-u42.vcf --source app --supplier third_party --uploader u42 \\\n"
      "      --collected-for functional.contact_discovery --region DE");
  AddDbOption(cmd);
  cmd->add_option("file", o->import.path, "File to import (.csv .tsv .jsonl .ndjson .vcf)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--source", o->import.source,
                  "Where the data came from: salesforce, web, app, ...")
      ->required();
  cmd->add_option(
         "--supplier", o->supplier,
         "Who supplied the identifiers: self (the person), first_party (your own records of "
         "the relationship), third_party (anyone else: address books, bought lists)")
      ->required()
      ->check(CLI::IsMember({"self", "first_party", "third_party"}));
  cmd->add_option("--collected-for", o->import.collected_for,
                  "Purpose the data was collected for (fideslang key, e.g. essential.service, "
                  "marketing.communications.email, functional.contact_discovery)")
      ->required();
  cmd->add_option("--region", o->import.region,
                  "Default region (ISO 3166, e.g. DE) for phone numbers written without a country "
                  "code; a country column overrides it per row");
  cmd->add_option(
      "--uploader", o->import.uploader,
      "Id of the user whose address book this is (third_party only); stored as a blind index");
  cmd->add_option("--preset", o->import.reader.preset,
                  "Column names of a known export: salesforce, dynamics")
      ->check(CLI::IsMember({"salesforce", "dynamics"}));
  cmd->add_option("--map", o->maps,
                  "Map a source column to a field: --map 'E-Mail Adresse=email' (repeatable)");
  cmd->add_option("--format", o->format,
                  "Input format when the extension does not say: csv, jsonl, vcard")
      ->check(CLI::IsMember({"csv", "jsonl", "vcard"}));
  cmd->add_option("--delimiter", o->delimiter, "CSV separator (default: detect ',' or ';')");
  cmd->add_option(
         "--max-errors", o->import.max_errors,
         "Malformed rows to skip before aborting (default 0: abort on the first; an aborted "
         "import stores nothing)")
      ->default_val(0);
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->callback([o] {
    o->import.supplier = *ParseSupplier(o->supplier);
    o->import.actor = Actor();
    for (const std::string& m : o->maps) {
      Status s = AddColumnMapping(m, &o->import.reader);
      if (!s.ok()) return Fail(s.WithContext("--map '" + m + "'"));
    }
    // --format is one of csv, jsonl, vcard (checked by the option itself).
    if (auto format = SourceFormatNamed(o->format)) o->import.reader.format = *format;
    if (!o->delimiter.empty()) {
      auto delimiter = ParseDelimiter(o->delimiter);
      if (!delimiter.ok()) return Fail(delimiter.status().WithContext("--delimiter"));
      o->import.reader.delimiter = *delimiter;
    }
    auto store = Store::Open(DbPath());
    if (!store.ok()) return Fail(store.status());
    std::string name = o->import.path.substr(o->import.path.find_last_of('/') + 1);
    ProgressBar bar("importing " + name, "records");
    auto report = (*store)->Import(o->import, [&](double f, uint64_t n) { bar.Update(f, n); });
    bar.Finish();
    if (!report.ok()) return Fail(report.status());
    const ImportReport& r = *report;
    if (o->json) {
      std::printf("%s\n", ImportReportJson(r).dump(2).c_str());
      return;
    }
    for (const RowError& e : r.errors) {
      std::fprintf(stderr, "skipped %s:%llu: %s%s\n", o->import.path.c_str(),
                   static_cast<unsigned long long>(e.line),
                   e.field.empty() ? "" : ("field '" + e.field + "': ").c_str(), e.reason.c_str());
    }
    std::printf(
        "imported %s as batch %llu: %llu records stored, %llu duplicates, %llu skipped; "
        "%llu claims, %llu objections; %llu subjects in the store (%.2f s, %.0f records/s)\n",
        name.c_str(), static_cast<unsigned long long>(r.batch),
        static_cast<unsigned long long>(r.records_stored),
        static_cast<unsigned long long>(r.duplicates), static_cast<unsigned long long>(r.skipped),
        static_cast<unsigned long long>(r.claims), static_cast<unsigned long long>(r.objections),
        static_cast<unsigned long long>(r.subjects), r.seconds,
        r.seconds > 0 ? static_cast<double>(r.records_read) / r.seconds : 0.0);
    if (r.suppressed > 0) {
      std::printf(
          "%llu identifiers suppressed: erased earlier at the person's request (Art. 17), "
          "not stored\n",
          static_cast<unsigned long long>(r.suppressed));
    }
  });
}

}  // namespace dl::cli
