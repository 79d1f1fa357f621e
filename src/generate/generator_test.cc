// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "daylight/generate.h"

#include "generate/bench_csv.h"
#include "generate/demo_data.h"
#include "generate/names.h"
#include "generate/phones.h"

namespace dl {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(fs::temp_directory_path() /
              ("daylight_generate_test_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string str() const { return path_.string(); }
  fs::path path() const { return path_; }

 private:
  fs::path path_;
};

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Minimal RFC 4180 parser for checking the writer: quoted fields, doubled quotes, CRLF or LF.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text, char delimiter) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field.push_back(c);
    }
  }
  return rows;
}

GenerateOptions Options(const std::string& dir, uint64_t people, uint64_t seed = 42) {
  GenerateOptions o;
  o.out_dir = dir;
  o.people = people;
  o.seed = seed;
  return o;
}

TEST(GenerateTest, DemoWritesTheContractedFiles) {
  TempDir dir("demo_files");
  auto report = GenerateDataset(Options(dir.str(), 300));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // crm, dynamics, signups, 15 books (300 / 20), signals, events, MANIFEST.
  EXPECT_EQ(report->files.size(), 3u + 15u + 1u + 1u + 1u);
  for (const std::string& f : report->files) EXPECT_TRUE(fs::exists(f)) << f;
  EXPECT_GT(report->rows, 300u);

  const std::string crm = ReadFile(dir.path() / "crm.csv");
  EXPECT_EQ(crm.substr(0, crm.find("\r\n")),
            "FirstName,LastName,Email,Phone,MobilePhone,MailingCountry,HasOptedOutOfEmail,"
            "DoNotCall,Last_Order_Date__c,Number_Of_Orders__c");
  const std::string dyn = ReadFile(dir.path() / "dynamics.csv");
  EXPECT_EQ(dyn.substr(0, dyn.find("\r\n")),
            "firstName;lastName;EMailAddress1;telephone1;mobilePhone;doNotEMail;doNotPhone");

  std::istringstream signups(ReadFile(dir.path() / "signups.jsonl"));
  std::string line;
  int lines = 0;
  std::string previous_time;
  while (std::getline(signups, line)) {
    auto j = nlohmann::json::parse(line);
    for (const char* key : {"email", "first_name", "last_name", "country", "signup_at"}) {
      EXPECT_TRUE(j.contains(key) && j[key].is_string()) << key << " in " << line;
    }
    EXPECT_TRUE(j["newsletter"].is_boolean());
    EXPECT_GE(j["signup_at"].get<std::string>(), previous_time);
    previous_time = j["signup_at"].get<std::string>();
    ++lines;
  }
  EXPECT_GT(lines, 50);

  // Segment events: one per line, unique message ids, every sign-up identified with the
  // anonymous id it browsed under, nothing after the data set's date.
  std::istringstream events(ReadFile(dir.path() / "events.jsonl"));
  std::set<std::string> message_ids;
  std::map<std::string, std::string> anonymous_of_user;
  int identifies = 0;
  while (std::getline(events, line)) {
    auto j = nlohmann::json::parse(line);
    const std::string type = j["type"];
    EXPECT_TRUE(message_ids.insert(j["messageId"].get<std::string>()).second);
    EXPECT_LT(j["timestamp"].get<std::string>(), "2025-07-01T00:00:00Z");
    if (type == "identify") {
      ++identifies;
      EXPECT_TRUE(j["traits"]["email"].is_string());
      anonymous_of_user[j["userId"]] = j["anonymousId"];
    } else if (type == "track") {
      EXPECT_TRUE(j["event"].is_string());
      EXPECT_TRUE(anonymous_of_user.count(j["userId"])) << "track before identify";
    } else {
      EXPECT_EQ(type, "page");
      EXPECT_TRUE(j["anonymousId"].is_string());
    }
  }
  EXPECT_EQ(identifies, lines);

  const std::string book = ReadFile(dir.path() / "books" / "book-u1.vcf");
  EXPECT_EQ(book.rfind("BEGIN:VCARD\r\nVERSION:", 0), 0u);

  const std::string manifest = ReadFile(dir.path() / "MANIFEST.txt");
  EXPECT_NE(manifest.find("daylight import crm.csv --source salesforce --supplier first_party "
                          "--collected-for essential.service --region DE --preset salesforce "
                          "--map Last_Order_Date__c=last_order "
                          "--map Number_Of_Orders__c=orders\n"),
            std::string::npos);
  EXPECT_NE(manifest.find("daylight import dynamics.csv --source dynamics --supplier first_party "
                          "--collected-for essential.service --region FR --preset dynamics\n"),
            std::string::npos);
  EXPECT_NE(manifest.find("daylight import signups.jsonl --source web --supplier self "
                          "--collected-for marketing.communications.email\n"),
            std::string::npos);
  size_t book_lines = 0;
  for (size_t at = manifest.find("daylight import books/book-u"); at != std::string::npos;
       at = manifest.find("daylight import books/book-u", at + 1)) {
    ++book_lines;
  }
  EXPECT_EQ(book_lines, 15u);
  EXPECT_NE(manifest.find("daylight import books/book-u1.vcf --source app --supplier third_party "
                          "--uploader u1 --collected-for functional.contact_discovery --region "),
            std::string::npos);
  // Signals come last: they attach to identifiers the imports above created.
  const size_t consent = manifest.find("\ndaylight consent import signals.csv\n");
  EXPECT_NE(consent, std::string::npos);
  EXPECT_GT(consent, manifest.rfind("daylight import "));

  const std::string signals = ReadFile(dir.path() / "signals.csv");
  EXPECT_EQ(signals.rfind("identifier,signal,time\n", 0), 0u);
}

TEST(GenerateTest, SameSeedSameBytesOtherSeedOtherBytes) {
  TempDir a("same_a");
  TempDir b("same_b");
  TempDir c("same_c");
  auto ra = GenerateDataset(Options(a.str(), 400, 9));
  auto rb = GenerateDataset(Options(b.str(), 400, 9));
  auto rc = GenerateDataset(Options(c.str(), 400, 10));
  ASSERT_TRUE(ra.ok() && rb.ok() && rc.ok());
  ASSERT_EQ(ra->files.size(), rb->files.size());
  EXPECT_EQ(ra->rows, rb->rows);
  for (const std::string& f : ra->files) {
    const fs::path rel = fs::relative(f, a.path());
    EXPECT_EQ(ReadFile(f), ReadFile(b.path() / rel)) << rel;
  }
  EXPECT_NE(ReadFile(a.path() / "crm.csv"), ReadFile(c.path() / "crm.csv"));
}

// The bytes on disk say what the model says: parse each file back and compare field by field,
// so quoting, escaping and folding lose nothing.
TEST(GenerateTest, FilesRoundTripToTheModel) {
  TempDir dir("round_trip");
  const GenerateOptions options = Options(dir.str(), 500, 3);
  auto model = generate::BuildDemoData(options, {});
  ASSERT_TRUE(model.ok());
  ASSERT_TRUE(GenerateDataset(options).ok());

  auto crm = ParseCsv(ReadFile(dir.path() / "crm.csv"), ',');
  ASSERT_EQ(crm.size(), model->crm.size() + 1);
  for (size_t i = 0; i < model->crm.size(); ++i) {
    const generate::CrmRow& want = model->crm[i];
    const std::vector<std::string>& got = crm[i + 1];
    ASSERT_EQ(got.size(), 10u) << "crm.csv row " << i + 2;
    EXPECT_EQ(got[0], want.first_name);
    EXPECT_EQ(got[1], want.last_name);
    EXPECT_EQ(got[2], want.email.text);
    EXPECT_EQ(got[3], want.phone.text);
    EXPECT_EQ(got[4], want.mobile.text);
    EXPECT_EQ(got[6], want.opted_out_email ? "true" : "false");
    EXPECT_EQ(got[8], want.last_order);
    EXPECT_EQ(got[9], want.orders);
  }
  auto signals = ParseCsv(ReadFile(dir.path() / "signals.csv"), ',');
  ASSERT_EQ(signals.size(), model->signals.size() + 1);
  EXPECT_EQ(signals[0], (std::vector<std::string>{"identifier", "signal", "time"}));
  for (size_t i = 0; i < model->signals.size(); ++i) {
    const generate::SignalRow& want = model->signals[i];
    ASSERT_EQ(signals[i + 1].size(), 3u) << "signals.csv row " << i + 2;
    EXPECT_EQ(signals[i + 1][0], want.identifier);
    EXPECT_EQ(signals[i + 1][1], want.signal);
    EXPECT_EQ(signals[i + 1][2], generate::IsoTimestamp(want.time));
  }
  auto dyn = ParseCsv(ReadFile(dir.path() / "dynamics.csv"), ';');
  ASSERT_EQ(dyn.size(), model->dynamics.size() + 1);
  for (size_t i = 0; i < model->dynamics.size(); ++i) {
    ASSERT_EQ(dyn[i + 1].size(), 7u);
    EXPECT_EQ(dyn[i + 1][4], model->dynamics[i].mobile.text);
  }

  for (const generate::AddressBook& book : model->books) {
    const std::string raw = ReadFile(dir.path() / "books" / ("book-" + book.uploader + ".vcf"));
    // Every physical line fits in 75 octets and ends in CRLF.
    size_t start = 0;
    while (start < raw.size()) {
      const size_t end = raw.find("\r\n", start);
      ASSERT_NE(end, std::string::npos);
      EXPECT_LE(end - start, 75u);
      start = end + 2;
    }
    std::string unfolded;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw.compare(i, 3, "\r\n ") == 0) {
        i += 2;
        continue;
      }
      unfolded.push_back(raw[i]);
    }
    size_t cards = 0;
    for (size_t at = unfolded.find("BEGIN:VCARD"); at != std::string::npos;
         at = unfolded.find("BEGIN:VCARD", at + 1)) {
      ++cards;
    }
    EXPECT_EQ(cards, book.cards.size());
    for (const generate::Card& card : book.cards) {
      for (const generate::CardTel& tel : card.tels) {
        EXPECT_NE(unfolded.find(":" + tel.value.text + "\r\n"), std::string::npos)
            << tel.value.text;
      }
    }
  }
}

TEST(GenerateTest, BooksMixVersionsFoldLinesAndUseTelUris) {
  TempDir dir("books");
  ASSERT_TRUE(GenerateDataset(Options(dir.str(), 1000)).ok());
  std::string all;
  for (const auto& entry : fs::directory_iterator(dir.path() / "books")) {
    all += ReadFile(entry.path());
  }
  EXPECT_NE(all.find("VERSION:3.0\r\n"), std::string::npos);
  EXPECT_NE(all.find("VERSION:4.0\r\n"), std::string::npos);
  EXPECT_NE(all.find("\r\n "), std::string::npos);  // folded lines
  EXPECT_NE(all.find("TEL;VALUE=uri;TYPE=cell:tel:+"), std::string::npos);
  EXPECT_NE(all.find("TEL;TYPE=CELL:"), std::string::npos);
  EXPECT_NE(all.find("TEL;TYPE=HOME:"), std::string::npos);
}

TEST(GenerateTest, BenchCsvHasDistinctValidPeople) {
  TempDir dir("bench");
  GenerateOptions o = Options(dir.str(), 20000);
  o.profile = "bench-csv";
  auto report = GenerateDataset(o);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->files.size(), 1u);
  EXPECT_EQ(report->rows, 20000u);
  const std::string text = ReadFile(dir.path() / "bench.csv");
  auto rows = ParseCsv(text, ',');
  ASSERT_EQ(rows.size(), 20001u);
  EXPECT_EQ(rows[0],
            (std::vector<std::string>{"first_name", "last_name", "email", "phone", "country"}));
  std::set<std::string> emails;
  std::set<std::string> phones;
  std::map<std::string, std::string> spelling_to_code;
  for (generate::Country c : generate::kAllCountries) {
    for (std::string_view s : generate::CountrySpellings(c)) {
      spelling_to_code[std::string(s)] = std::string(generate::CountryCode(c));
    }
  }
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    ASSERT_EQ(r.size(), 5u) << "row " << i;
    EXPECT_TRUE(emails.insert(r[2]).second) << r[2];
    EXPECT_EQ(std::count(r[2].begin(), r[2].end(), '@'), 1);
    ASSERT_TRUE(spelling_to_code.count(r[4])) << r[4];
    // Normalised, every number is distinct and valid for the row's country.
    std::string digits = "+";
    for (char ch : r[3]) {
      if (ch >= '0' && ch <= '9') digits.push_back(ch);
    }
    EXPECT_TRUE(phones.insert(digits).second) << r[3];
    if (i % 4 == 0) {  // libphonenumber is slow; a quarter of the rows is a large sample
      EXPECT_TRUE(generate::ParsesAs(r[3], spelling_to_code[r[4]], digits)) << r[3];
    }
  }
}

TEST(GenerateTest, BenchCsvIsDeterministic) {
  TempDir a("bench_a");
  TempDir b("bench_b");
  GenerateOptions oa = Options(a.str(), 5000, 5);
  GenerateOptions ob = Options(b.str(), 5000, 5);
  oa.profile = ob.profile = "bench-csv";
  ASSERT_TRUE(GenerateDataset(oa).ok());
  ASSERT_TRUE(GenerateDataset(ob).ok());
  EXPECT_EQ(ReadFile(a.path() / "bench.csv"), ReadFile(b.path() / "bench.csv"));
}

TEST(GenerateTest, RejectsBadOptions) {
  TempDir dir("bad");
  GenerateOptions o = Options(dir.str(), 0);
  EXPECT_EQ(GenerateDataset(o).status().code(), StatusCode::kInvalidArgument);
  o.people = 10;
  o.profile = "nope";
  EXPECT_EQ(GenerateDataset(o).status().code(), StatusCode::kInvalidArgument);
  o.profile = "demo";
  o.out_dir = "";
  EXPECT_EQ(GenerateDataset(o).status().code(), StatusCode::kInvalidArgument);
}

TEST(GenerateTest, UnwritableDirectoryIsAnIOError) {
  TempDir dir("blocked");
  fs::create_directories(dir.path());
  std::ofstream(dir.path() / "file") << "x";
  auto r = GenerateDataset(Options((dir.path() / "file" / "sub").string(), 10));
  EXPECT_EQ(r.status().code(), StatusCode::kIOError) << r.status().ToString();
}

TEST(GenerateTest, ProgressRisesToOne) {
  TempDir dir("progress");
  std::vector<double> seen;
  GenerateOptions o = Options(dir.str(), 200000);
  o.profile = "bench-csv";
  ASSERT_TRUE(GenerateDataset(o, [&seen](double f) { seen.push_back(f); }).ok());
  ASSERT_GE(seen.size(), 3u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), 1.0);
}

}  // namespace
}  // namespace dl
