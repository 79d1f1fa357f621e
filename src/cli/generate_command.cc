// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// `daylight generate`: seeded synthetic data (include/daylight/generate.h, docs/generate.md).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "daylight/generate.h"

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "util/progress.h"

namespace dl::cli {
namespace {

// Below this many people a run takes well under a second; a progress bar would only flicker.
constexpr uint64_t kProgressThreshold = 100'000;

}  // namespace

void RegisterGenerateCommand(CLI::App& app) {
  struct Opts {
    GenerateOptions gen;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  o->gen.out_dir = "demo-data";
  o->gen.people = 2000;
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Write a seeded synthetic data set: realistic people from DE, FR, GB and US as the files\n"
      "an organisation would import. Nothing in it is real personal data; the same seed and\n"
      "options give the same bytes.\n"
      "  --profile demo (default): crm.csv (Salesforce), dynamics.csv (';'-separated),\n"
      "    signups.jsonl, books/book-uN.vcf (address books full of shadow contacts),\n"
      "    signals.csv (TCF, Google consent mode and GPC signals) and MANIFEST.txt with the\n"
      "    `daylight import` / `consent import` command for each file. About 1% of rows\n"
      "    carry deliberate typos, 0.5% placeholders such as test@test.com.\n"
      "  --profile bench-csv: one bench.csv (first_name,last_name,email,phone,country) with\n"
      "    --people distinct rows, for import benchmarks.\n"
      "Examples:\n"
      "  daylight generate --out demo-data --people 2000 --seed 42\n"
      "  daylight generate --profile bench-csv --people 1000000 --out /tmp/bench");
  cmd->add_option("--out", o->gen.out_dir, "Output directory, created if missing")
      ->default_val("demo-data");
  cmd->add_option("--people", o->gen.people,
                  "Distinct synthetic people (customers; bench-csv: rows)")
      ->default_val(2000)
      ->check(CLI::Range(uint64_t{1}, uint64_t{1'000'000'000}));
  cmd->add_option("--seed", o->gen.seed, "Random seed")->default_val(42);
  cmd->add_option("--books", o->gen.address_books,
                  "Address books to write (demo profile); 0 means people/20, at least 3")
      ->default_val(0)
      ->check(CLI::Range(uint32_t{0}, uint32_t{100'000}));
  cmd->add_option("--profile", o->gen.profile, "demo or bench-csv")
      ->default_val("demo")
      ->check(CLI::IsMember({"demo", "bench-csv"}));
  cmd->add_flag("--json", o->json, "Print the summary as JSON");
  cmd->callback([o] {
    const GenerateOptions& g = o->gen;
    std::unique_ptr<ProgressBar> bar;
    std::function<void(double)> progress;
    if (g.people >= kProgressThreshold) {
      // ProgressBar draws only when stderr is a terminal, so pipes and logs stay clean.
      bar = std::make_unique<ProgressBar>("generating " + g.profile, "people");
      progress = [&bar, &g](double fraction) {
        bar->Update(fraction, static_cast<uint64_t>(fraction * static_cast<double>(g.people)));
      };
    }
    auto report = GenerateDataset(g, progress);
    if (bar) bar->Finish();
    if (!report.ok()) return Fail(report.status());
    if (o->json) {
      nlohmann::json out = {{"out", g.out_dir},       {"profile", g.profile},
                            {"people", g.people},     {"seed", g.seed},
                            {"files", report->files}, {"file_count", report->files.size()},
                            {"rows", report->rows}};
      std::printf("%s\n", out.dump(2).c_str());
      return;
    }
    std::printf("wrote %zu file%s, %llu rows (profile %s, %llu people, seed %llu) to %s\n",
                report->files.size(), report->files.size() == 1 ? "" : "s",
                static_cast<unsigned long long>(report->rows), g.profile.c_str(),
                static_cast<unsigned long long>(g.people), static_cast<unsigned long long>(g.seed),
                g.out_dir.c_str());
    if (g.profile == "demo") {
      std::printf("import commands: %s/MANIFEST.txt (or run `daylight demo`)\n", g.out_dir.c_str());
    }
  });
}

}  // namespace dl::cli
