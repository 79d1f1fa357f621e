// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// `daylight demo`: the README's first command runs this. It generates a realistic data set,
// creates a store, imports every file the generator's MANIFEST lists (with the same flags a
// user would type) and the web shop's consent signals, and shows what the store now knows: a
// subject joined from several sources, a shadow identifier held only from address books, the
// gate's answer for both, and an audience for Meta with its guarded size and export.
#include <sodium.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <sys/stat.h>

#include "daylight/generate.h"
#include "daylight/record_reader.h"
#include "daylight/store.h"

#include "cli/audience_printer.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/decision_printer.h"
#include "cli/subject_printer.h"
#include "ingest/segment_event.h"
#include "server/server.h"
#include "store/credentials.h"
#include "util/progress.h"
#include "util/time_util.h"

namespace dl::cli {
namespace {

// Parses one "daylight import FILE --flag value ..." line of MANIFEST.txt.
StatusOr<ImportOptions> ParseManifestLine(const std::string& line, const std::string& data_dir) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  if (words.size() < 3 || words[0] != "daylight" || words[1] != "import") {
    return InvalidArgument("MANIFEST: not an import line");
  }
  ImportOptions o;
  o.path = data_dir + "/" + words[2];
  for (size_t i = 3; i + 1 < words.size(); i += 2) {
    const std::string& k = words[i];
    const std::string& v = words[i + 1];
    if (k == "--source")
      o.source = v;
    else if (k == "--supplier") {
      auto s = ParseSupplier(v);
      if (!s) return InvalidArgument("MANIFEST: unknown supplier " + v);
      o.supplier = *s;
    } else if (k == "--collected-for")
      o.collected_for = v;
    else if (k == "--region")
      o.region = v;
    else if (k == "--preset")
      o.reader.preset = v;
    else if (k == "--uploader")
      o.uploader = v;
    else if (k == "--map") {
      RETURN_IF_ERROR(AddColumnMapping(v, &o.reader).WithContext("MANIFEST: --map " + v));
    } else
      return InvalidArgument("MANIFEST: unknown flag " + k);
  }
  return o;
}

// Replays events.jsonl (one Segment event per line) as the server's collection would receive
// it: /v1/batch bodies of 100 events, the same parser, the same Store::CollectEvents.
StatusOr<CollectReport> ReplayEvents(Store* store, const std::string& path,
                                     const std::string& actor) {
  std::ifstream in(path);
  if (!in) return NotFound(path + ": cannot open");
  ingest::SegmentParser parser;
  CollectOptions options;
  options.source = "web";
  options.collected_for = "essential.service";
  options.actor = actor;
  CollectReport total;
  std::string body;
  size_t in_batch = 0;
  uint64_t line_no = 0;
  auto flush = [&]() -> Status {
    if (in_batch == 0) return Status::Ok();
    body += "]}";
    ingest::SegmentParseResult parsed;
    ingest::SegmentRequestInfo info;
    info.received_us = NowMicros();
    Status s = parser.Parse(body, info, &parsed);
    if (!s.ok()) {
      return s.WithContext(path + ": the batch ending at line " + std::to_string(line_no));
    }
    ASSIGN_OR_RETURN(CollectReport r, store->CollectEvents(parsed.events, options));
    total.accepted += r.accepted;
    total.duplicates += r.duplicates;
    total.claims += r.claims;
    total.suppressed += r.suppressed;
    total.consents += r.consents;
    total.rejected += r.rejected;
    body.clear();
    in_batch = 0;
    return Status::Ok();
  };
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.empty()) continue;
    body += in_batch == 0 ? "{\"batch\":[" : ",";
    body += line;
    if (++in_batch == 100) RETURN_IF_ERROR(flush());
  }
  RETURN_IF_ERROR(flush());
  // The server indexes between commits; a one-off replay leaves the store complete at rest.
  RETURN_IF_ERROR(store->CatchUpEvents());
  return total;
}

// `demo --serve`: a write key for the web shop and a console user with a random password, both
// printed once (they are the operator's secrets, like `keys create` prints), then the server.
Status ServeDemo(const std::string& db, const std::string& listen) {
  std::string key_secret;
  std::string password;
  {
    ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(db));
    CredentialStore credentials(&store->storage());
    NewKey key;
    key.kind = KeyKind::kWrite;
    key.name = "web";
    ASSIGN_OR_RETURN(CreatedKey created, credentials.CreateKey(key, Actor()));
    key_secret = created.secret;
    static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
    for (int i = 0; i < 16; ++i) password.push_back(kAlphabet[randombytes_uniform(32)]);
    RETURN_IF_ERROR(credentials.AddUser("demo", password, /*admin=*/true, Actor()).status());
  }
  server::ServerOptions options;
  options.listen = listen;
  options.db_path = db;
  options.on_listening = [&](const std::string& url) {
    std::printf(
        "\n== daylight serve --listen %s --db %s (Ctrl-C stops it)\n"
        "   console         %s/console   user demo, password %s (shown once)\n"
        "   privacy portal  %s/privacy   codes go to the outbox under Rights in the console\n"
        "   API             %s/openapi.json describes /api/v1 (create a key: daylight keys "
        "create api)\n"
        "   collection      %s/v1/batch  write key %s (shown once), e.g.\n"
        "     curl -u %s: %s/v1/track -H 'Content-Type: application/json' \\\n"
        "          -d '{\"userId\":\"web-1\",\"event\":\"Demo Viewed\"}'\n",
        listen.c_str(), db.c_str(), url.c_str(), password.c_str(), url.c_str(), url.c_str(),
        url.c_str(), key_secret.c_str(), key_secret.c_str(), url.c_str());
    std::fflush(stdout);
  };
  return server::RunServer(options);
}

// Walks a file's records and returns the first identifier for which `pick` says yes.
std::optional<std::pair<Identifier, SubjectView>> FindExample(
    Store* store, const ImportOptions& o, IdType type,
    const std::function<bool(const SubjectView&, const Identifier&)>& pick) {
  auto reader = OpenRecordReader(o.path, o.reader);
  if (!reader.ok()) return std::nullopt;
  SourceRecord rec;
  int tried = 0;
  while (tried < 5000) {
    auto more = (*reader)->Next(&rec);
    if (!more.ok()) continue;
    if (!*more) break;
    for (const Field& f : rec.fields) {
      if (f.name != IdTypeName(type)) continue;
      auto id = NormalizeIdentifier(type, f.value, o.region);
      if (!id.ok()) continue;
      ++tried;
      auto view = store->ShowSubject(*id);
      if (view.ok() && pick(*view, *id)) return std::make_pair(*id, *view);
    }
  }
  return std::nullopt;
}

}  // namespace

void RegisterDemoCommand(CLI::App& app) {
  struct Opts {
    std::string dir = "demo";
    uint64_t people = 2000;
    uint64_t seed = 42;
    bool force = false;
    std::string serve;  // HOST:PORT: start the server on the demo store afterwards
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Generate a realistic data set (CRM and Dynamics exports, web sign-ups, address books full\n"
      "of shadow contacts, the web shop's consent signals), import it into a fresh store in DIR,\n"
      "show a subject joined from several sources and a shadow identifier, and build an\n"
      "audience for Meta with its guarded size and export (DIR/exports). Afterwards explore it\n"
      "with\n"
      "  daylight subject show ... --db DIR/daylight.db\n"
      "  daylight audience show lapsed-de --db DIR/daylight.db\n"
      "With --serve 127.0.0.1:8080 it then creates a write key for the web shop and a console\n"
      "user `demo` (both printed once) and runs `daylight serve` on the demo store until Ctrl-C:\n"
      "the console at /console, the privacy portal at /privacy (its one-time codes land in the\n"
      "console's outbox), the API described at /openapi.json.");
  cmd->add_option("--dir", o->dir, "Folder for the data set and the store")->default_val("demo");
  cmd->add_option("--people", o->people, "People to generate")->default_val(2000);
  cmd->add_option("--seed", o->seed, "Random seed")->default_val(42);
  cmd->add_flag("--force", o->force, "Replace a demo store left in DIR by an earlier run");
  cmd->add_option("--serve", o->serve,
                  "HOST:PORT: afterwards serve the demo store there (console, portal, API, "
                  "collection) until Ctrl-C");
  cmd->callback([o] {
    namespace fs = std::filesystem;
    std::string db = o->dir + "/daylight.db";
    std::string data = o->dir + "/data";
    std::error_code ec;
    if (fs::exists(db)) {
      if (!o->force)
        return Fail(
            AlreadyExists(db + " exists; pass --force to replace the demo store, or --dir"));
      for (const char* suffix : {"", "-wal", "-shm", ".key"}) fs::remove(db + suffix, ec);
      fs::remove_all(data, ec);
      fs::remove_all(o->dir + "/exports", ec);
    }
    fs::create_directories(o->dir, ec);
    GenerateOptions g;
    g.out_dir = data;
    g.people = o->people;
    g.seed = o->seed;
    std::printf("== generating %llu people (seed %llu) into %s\n",
                static_cast<unsigned long long>(o->people),
                static_cast<unsigned long long>(o->seed), data.c_str());
    auto gen = GenerateDataset(g);
    if (!gen.ok()) return Fail(gen.status());
    auto store = Store::Init(db, InitOptions{}, Actor());
    if (!store.ok()) return Fail(store.status());
    std::printf("== created store %s (key file %s, mode 0600)\n", db.c_str(),
                KeyFilePathFor(db).c_str());

    std::ifstream manifest(data + "/MANIFEST.txt");
    if (!manifest) return Fail(NotFound(data + "/MANIFEST.txt not written by the generator"));
    std::vector<ImportOptions> imports;
    std::string signals;  // the file of `daylight consent import FILE`, imported last
    for (std::string line; std::getline(manifest, line);) {
      constexpr std::string_view kConsentImport = "daylight consent import ";
      if (line.rfind(kConsentImport, 0) == 0) {
        std::istringstream words(line.substr(kConsentImport.size()));
        words >> signals;
        continue;
      }
      size_t at = line.find("daylight import ");
      if (at == std::string::npos) continue;
      auto opts = ParseManifestLine(line.substr(at), data);
      if (!opts.ok()) return Fail(opts.status());
      opts->max_errors = 1000;  // the generator plants malformed rows on purpose
      opts->actor = Actor();
      imports.push_back(std::move(*opts));
    }
    std::printf("== daylight import FILE ... for each file, as %s/MANIFEST.txt lists them%s\n",
                data.c_str(), signals.empty() ? "" : ", then daylight consent import signals.csv");
    uint64_t books = 0, book_records = 0, skipped = 0;
    for (const ImportOptions& io : imports) {
      std::string name = io.path.substr(data.size() + 1);
      ProgressBar bar("importing " + name, "records");
      auto r = (*store)->Import(io, [&](double f, uint64_t n) { bar.Update(f, n); });
      bar.Finish();
      if (!r.ok()) return Fail(r.status());
      skipped += r->skipped;
      if (io.supplier == Supplier::kThirdParty) {
        ++books;
        book_records += r->records_stored;
        continue;
      }
      std::printf(
          "   %-16s %-12s %-32s %6llu records, %5llu claims, %3llu skipped (malformed), %4llu "
          "objections\n",
          name.c_str(), std::string(SupplierName(io.supplier)).c_str(), io.collected_for.c_str(),
          static_cast<unsigned long long>(r->records_stored),
          static_cast<unsigned long long>(r->claims), static_cast<unsigned long long>(r->skipped),
          static_cast<unsigned long long>(r->objections));
    }
    std::printf(
        "   %llu address books      third_party  functional.contact_discovery     %6llu contacts\n",
        static_cast<unsigned long long>(books), static_cast<unsigned long long>(book_records));
    if (!signals.empty()) {
      // Consent signals attach to identifiers the imports above created.
      auto r = (*store)->ImportConsentSignals(data + "/" + signals, "", 0, Actor());
      if (!r.ok()) return Fail(r.status());
      std::printf(
          "   %-16s %-12s %-32s %6llu signals: %llu consents granted, %llu denied, %llu "
          "objections; %llu not recorded (identifier not in the store)\n",
          signals.c_str(), "consent", "TCF, consent mode, GPC",
          static_cast<unsigned long long>(r->rows), static_cast<unsigned long long>(r->granted),
          static_cast<unsigned long long>(r->denied),
          static_cast<unsigned long long>(r->objections),
          static_cast<unsigned long long>(r->unknown) + r->shadow);
    }
    if (std::filesystem::exists(data + "/events.jsonl")) {
      auto r = ReplayEvents(store->get(), data + "/events.jsonl", Actor());
      if (!r.ok()) return Fail(r.status());
      std::printf(
          "   %-16s %-12s %-32s %6llu events (page, identify, track) from the web shop, as "
          "/v1/batch receives them; %llu identifiers claimed by sign-up identify calls, %llu "
          "traits rejected\n",
          "events.jsonl", "self", "essential.service", static_cast<unsigned long long>(r->accepted),
          static_cast<unsigned long long>(r->claims), static_cast<unsigned long long>(r->rejected));
    }
    auto stats = (*store)->storage().Stats();
    if (!stats.ok()) return Fail(stats.status());
    std::printf(
        "\n== the store now holds\n   %llu subjects, %llu identifiers, of which %llu shadow "
        "(third-party only, "
        "quarantined), %llu shared, %llu blocked placeholders; %llu ledger entries\n",
        static_cast<unsigned long long>(stats->subjects),
        static_cast<unsigned long long>(stats->identifiers),
        static_cast<unsigned long long>(stats->shadow_identifiers),
        static_cast<unsigned long long>(stats->shared_identifiers),
        static_cast<unsigned long long>(stats->blocked_identifiers),
        static_cast<unsigned long long>(stats->ledger_entries));

    std::vector<Identifier> examples;
    const std::string ads = "marketing.advertising.third_party.targeted";
    // A subject joined from several sources: the sign-up whose subject has the most records.
    for (const ImportOptions& io : imports) {
      if (io.supplier != Supplier::kSelf) continue;
      // One person (a single first name), seen in a sign-up and in the organisation's records,
      // whom the gate does not yet allow for ads (no consent signal granted it): the demo shows
      // the decision change when they opt in.
      Store* st = store->get();
      auto ex = FindExample(st, io, IdType::kEmail,
                            [st, &ads](const SubjectView& v, const Identifier& id) {
                              if (v.subject_id.empty() || v.joined_by.size() < 2) return false;
                              auto d = st->Explain(id, ads, NowMicros());
                              if (!d.ok() || d->allow) return false;
                              std::set<std::string> names;
                              bool first_party = false;
                              for (const TraitView& t : v.traits) {
                                if (t.name == "first_name") names.insert(t.value);
                              }
                              for (const LinkView& l : v.joined_by)
                                first_party |= l.supplier == Supplier::kFirstParty;
                              return names.size() == 1 && first_party;
                            });
      if (ex) {
        std::printf(
            "\n== a person known from several sources: daylight subject show %s --db %s\n%s",
            ex->first.ToString().c_str(), db.c_str(), SubjectText(ex->second, ex->first).c_str());
        examples.push_back(ex->first);
      }
      break;
    }
    for (const ImportOptions& io : imports) {
      if (io.supplier != Supplier::kThirdParty) continue;
      auto ex = FindExample(
          store->get(), io, IdType::kPhone, [](const SubjectView& v, const Identifier&) {
            return v.shadow && !v.identifiers.empty() && v.identifiers[0].third_party_uploads >= 2;
          });
      if (ex) {
        std::printf(
            "\n== a shadow contact, held only from other people's address books: daylight subject "
            "show %s --db %s\n%s",
            ex->first.ToString().c_str(), db.c_str(), SubjectText(ex->second, ex->first).c_str());
        examples.push_back(ex->first);
        break;
      }
    }
    // The one gate: may these identifiers go into a Meta/Google custom audience?
    auto explain = [&](const Identifier& id) -> Status {
      auto d = (*store)->Explain(id, ads, NowMicros());
      if (!d.ok()) return d.status();
      std::printf("\n== the gate: daylight explain %s --purpose %s --db %s\n%s",
                  id.ToString().c_str(), ads.c_str(), db.c_str(),
                  DecisionText(*d, id, "   ").c_str());
      return Status::Ok();
    };
    for (const Identifier& id : examples) {
      if (Status s = explain(id); !s.ok()) return Fail(s);
    }
    if (examples.size() == 2) {
      // The person opts in to ads; the shadow contact cannot, whatever happens.
      auto seq = (*store)->RecordConsent(examples[0], ads, ConsentState::kGranted,
                                         "demo: ads opt-in on the profile page", 0, "web", Actor());
      if (!seq.ok()) return Fail(seq.status());
      std::printf(
          "\n== daylight consent grant %s --purpose %s --evidence \"demo: ads opt-in on "
          "the profile page\"\n   recorded (ledger entry %llu)\n",
          examples[0].ToString().c_str(), ads.c_str(), static_cast<unsigned long long>(*seq));
      if (Status s = explain(examples[0]); !s.ok()) return Fail(s);
    }
    // An audience: German customers whose last order is more than 90 days old, for Meta. Its
    // members are the subjects matching the filter AND allowed by the gate for the purpose;
    // every count shown is guarded, and an audience under the minimum is neither shown nor
    // exported.
    const std::string audience = "lapsed-de";
    const std::string where = "country = \"DE\" and last_order < now - 90d";
    std::printf("\n== daylight audience create %s --purpose %s --where '%s' --db %s\n",
                audience.c_str(), ads.c_str(), where.c_str(), db.c_str());
    auto def = (*store)->CreateAudience(audience, ads, where, /*replace=*/false, Actor());
    if (!def.ok()) return Fail(def.status());
    ProgressBar eval_bar("evaluating " + audience, "%");
    auto view = (*store)->ShowAudience(
        audience, [&](double f) { eval_bar.Update(f, static_cast<uint64_t>(f * 100)); });
    eval_bar.Finish();
    if (!view.ok()) return Fail(view.status());
    std::printf("   created %s", AudienceText(*view, "   ").substr(3).c_str());

    const std::string out = o->dir + "/exports/" + audience + ".meta.csv";
    const std::string recipient = "Meta Ads account 123";
    fs::create_directories(o->dir + "/exports", ec);
    std::printf(
        "\n== daylight audience export %s --format meta --recipient \"%s\" --out %s --db %s\n",
        audience.c_str(), recipient.c_str(), out.c_str(), db.c_str());
    AudienceExportRequest request;
    request.audience = audience;
    request.platform = Platform::kMeta;
    request.recipient = recipient;
    request.out_path = out;
    request.actor = Actor();
    ProgressBar export_bar("exporting " + audience, "%");
    auto exported = (*store)->ExportAudience(
        request, [&](double f) { export_bar.Update(f, static_cast<uint64_t>(f * 100)); });
    export_bar.Finish();
    if (exported.ok()) {
      std::printf("   wrote %s: %s rows for %s members (ledger entry #%llu)\n", out.c_str(),
                  Grouped(exported->rows).c_str(),
                  DescribeGuarded(exported->members, (*store)->guardrails()).c_str(),
                  static_cast<unsigned long long>(exported->seq));
      for (const auto& [reason, n] : exported->skipped) {
        std::printf("     left out: %s: %s\n", reason.c_str(), Grouped(n).c_str());
      }
      std::printf(
          "   The file holds only identifiers the gate allows for the audience's purpose,\n"
          "   normalised and SHA-256 hashed as Meta requires; the ledger records the recipient,\n"
          "   purpose, time and members of the export.\n");
    } else if (exported.status().code() == StatusCode::kPermissionDenied) {
      // Too small to export: the same rule that withheld its size.
      std::printf("   refused: %s\n", exported.status().message().c_str());
      if (o->people < 2000) {
        std::printf(
            "   (%llu people are too few for this audience; the default --people 2000 gives one "
            "large enough to show and export)\n",
            static_cast<unsigned long long>(o->people));
      }
    } else {
      return Fail(exported.status());
    }

    auto verify = (*store)->VerifyLedger();
    if (!verify.ok()) return Fail(verify.status());
    std::printf("\n== daylight ledger verify --db %s\n   %s: %llu entries\n", db.c_str(),
                verify->ok ? "ledger ok" : "ledger BROKEN",
                static_cast<unsigned long long>(verify->entries));
    if (skipped > 0) {
      std::printf(
          "\n(%llu malformed rows were planted by the generator and skipped with --max-errors; "
          "`daylight import` reports each with file, line, field and reason)\n",
          static_cast<unsigned long long>(skipped));
    }
    if (!o->serve.empty()) {
      store->reset();  // the server opens its own connections
      Status served = ServeDemo(db, o->serve);
      if (!served.ok()) return Fail(served);
    }
  });
}

}  // namespace dl::cli
