// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// `daylight rights access` (Art. 15) and `rights export` (Art. 20). The reports are built and
// rendered by include/daylight/rights_report.h; this file parses flags, writes files (mode 0600,
// atomically) and maps errors to exit codes: 2 bad identifier or usage, 3 identifier not known,
// 1 anything else. Messages on stderr never carry the identifier or any other personal data.
#include <cstdio>
#include <memory>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "daylight/rights_report.h"
#include "daylight/store.h"

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "util/atomic_file.h"
#include "util/time_util.h"

namespace dl::cli {
namespace {

struct ReportOpts {
  std::string id, region, out;
  std::string lang = "en";  // the HTML page's language: "en" or "de"
  bool json = false, html = false;
};

// Parses the identifier and opens the store; nullptr (exit code set) on failure.
std::unique_ptr<Store> OpenFor(const ReportOpts& o, Identifier* id) {
  auto parsed = ParseIdentifier(o.id, o.region);
  if (!parsed.ok()) {
    Fail(parsed.status().WithContext("identifier"));
    return nullptr;
  }
  *id = *parsed;
  auto store = Store::Open(DbPath());
  if (!store.ok()) {
    Fail(store.status());
    return nullptr;
  }
  return std::move(*store);
}

// A failed build: "not known" is an answer (exit 3, docs/cli.md), the rest are errors.
void FailBuild(const Status& s) {
  Fail(s);
  if (s.code() == StatusCode::kNotFound) ExitCode() = 3;
}

void RunAccess(const ReportOpts& o) {
  Identifier id;
  std::unique_ptr<Store> store = OpenFor(o, &id);
  if (store == nullptr) return;
  auto report = BuildAccessReport(*store, id, NowMicros());
  if (!report.ok()) return FailBuild(report.status());
  // The disclosure is a rights action: on record before anything is shown or written.
  auto seq = store->RecordDisclosure(id, "rights.access",
                                     o.json ? "json" : (o.html ? "html" : "text"), Actor());
  if (!seq.ok()) return FailBuild(seq.status());
  if (o.json) {
    std::fputs(AccessReportJson(*report).c_str(), stdout);
    return;
  }
  if (o.html) {
    const ReportLanguage lang = o.lang == "de" ? ReportLanguage::kGerman : ReportLanguage::kEnglish;
    Status s = WriteFileAtomically(o.out, AccessReportHtml(*report, lang), "report file");
    if (!s.ok()) return Fail(s);
    std::printf("access report written to %s (HTML, mode 0600)\n", o.out.c_str());
    return;
  }
  std::fputs(AccessReportText(*report).c_str(), stdout);
}

void RunExport(const ReportOpts& o) {
  Identifier id;
  std::unique_ptr<Store> store = OpenFor(o, &id);
  if (store == nullptr) return;
  auto data = BuildPortabilityExport(*store, id, NowMicros());
  if (!data.ok()) return FailBuild(data.status());
  auto seq = store->RecordDisclosure(id, "rights.export", "json", Actor());
  if (!seq.ok()) return FailBuild(seq.status());
  Status s = WriteFileAtomically(o.out, PortabilityJson(*data), "export file");
  if (!s.ok()) return Fail(s);
  if (o.json) {
    nlohmann::json out = {{"file", o.out},
                          {"format", "daylight-portability"},
                          {"version", kPortabilityVersion},
                          {"identifiers", data->identifiers.size()},
                          {"traits", data->traits.size()},
                          {"consents", data->consents.size()},
                          {"events", 0}};
    std::printf("%s\n", out.dump(2).c_str());
    return;
  }
  std::printf(
      "portability export written to %s (daylight-portability v%d, mode 0600): %zu "
      "identifier(s), %zu trait(s), %zu consent decision(s), 0 events\n",
      o.out.c_str(), kPortabilityVersion, data->identifiers.size(), data->traits.size(),
      data->consents.size());
  if (data->identifiers.empty() && data->traits.empty()) {
    std::printf("the person supplied nothing themselves: the export holds no identifiers\n");
  }
}

CLI::App* AddReportCommand(CLI::App* rights, const char* name, const char* help,
                           const std::shared_ptr<ReportOpts>& o) {
  CLI::App* cmd = rights->add_subcommand(name, help);
  AddDbOption(cmd);
  cmd->add_option("identifier", o->id, "type:value, e.g. email:ann@example.com")->required();
  cmd->add_option("--region", o->region, "Default region for a national phone number");
  return cmd;
}

}  // namespace

void AddRightsReportCommands(CLI::App* rights) {
  auto acc = std::make_shared<ReportOpts>();
  CLI::App* access = AddReportCommand(
      rights, "access",
      "Art. 15: everything held about the person an identifier belongs to — every identifier\n"
      "and detail with where it came from (identifiers known only from other people's uploads:\n"
      "how many uploads and since when, never who uploaded them or their labels), what the gate\n"
      "allows it to be used for and on which legal basis, consents with their evidence, every\n"
      "export with recipient and time, objections, restriction and retention (docs/rights.md).\n"
      "Text on stdout by default; --json for the documented JSON; --html --out FILE for a\n"
      "self-contained page to hand to the person (written 0600), in English or, with --lang de,\n"
      "in German (the text and the JSON are English only).\n\n"
      "Examples:\n"
      "  daylight rights access email:ann@example.com\n"
      "  daylight rights access email:ann@example.com --json\n"
      "  daylight rights access email:ann@example.com --html --out report.html\n"
      "  daylight rights access email:ann@example.com --html --lang de --out bericht.html",
      acc);
  CLI::Option* json = access->add_flag("--json", acc->json, "Print the report as JSON");
  CLI::Option* html =
      access->add_flag("--html", acc->html, "Write the report as an HTML page (needs --out)");
  CLI::Option* out = access->add_option("--out", acc->out, "Where --html writes the page");
  CLI::Option* lang =
      access
          ->add_option(
              "--lang", acc->lang,
              "Language of the --html page: en (default) or de; needs --html. Identifiers,\n"
              "sources, evidence, purpose descriptions and the gate's reasons stay as held")
          ->check(CLI::IsMember({"en", "de"}));
  json->excludes(html);
  html->needs(out);
  out->needs(html);
  lang->needs(html);
  access->callback([acc] { RunAccess(*acc); });

  auto exp = std::make_shared<ReportOpts>();
  CLI::App* exportc = AddReportCommand(
      rights, "export",
      "Art. 20: what the person supplied themselves, as documented JSON (docs/rights.md):\n"
      "identifiers and details from their own submissions (supplier self; not the\n"
      "organisation's records, not other people's uploads), their consent decisions, and their\n"
      "events (none are stored yet). The file is written 0600, atomically.\n\n"
      "Example:\n"
      "  daylight rights export email:ann@example.com --out ann.json",
      exp);
  exportc->add_option("--out", exp->out, "The JSON file to write")->required();
  exportc->add_flag("--json", exp->json, "Print the summary as JSON");
  exportc->callback([exp] { RunExport(*exp); });
}

}  // namespace dl::cli
