// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Collected events in the store: deduplication, identify claims, sealing, anonymous links,
// consent on events, erasure, and the rights reports that show them.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "daylight/rights_report.h"
#include "daylight/store.h"

#include "util/test_dir.h"

namespace dl {
namespace {

class EventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("events");
    db_ = (dir_ / "t.db").string();
    auto s = Store::Init(db_, InitOptions{}, "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    options_.source = "web";
    options_.collected_for = "essential.service";
    options_.region = "DE";
    options_.actor = "key:1";
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static CollectedEvent Track(const std::string& mid, const std::string& user,
                              const std::string& anon, const std::string& name,
                              const std::string& prop, int64_t time_us) {
    CollectedEvent e;
    e.type = EventType::kTrack;
    e.message_id = mid;
    e.user_id = user;
    e.anonymous_id = anon;
    e.name = name;
    e.time_us = time_us;
    e.received_us = time_us + 1;
    nlohmann::json j = {
        {"type", "track"}, {"event", name}, {"messageId", mid}, {"properties", {{"plan", prop}}}};
    if (!user.empty()) j["userId"] = user;
    if (!anon.empty()) j["anonymousId"] = anon;
    e.json = j.dump();
    return e;
  }
  static CollectedEvent Identify(const std::string& mid, const std::string& user,
                                 const std::string& anon, std::vector<Field> traits,
                                 int64_t time_us) {
    CollectedEvent e;
    e.type = EventType::kIdentify;
    e.message_id = mid;
    e.user_id = user;
    e.anonymous_id = anon;
    e.time_us = time_us;
    e.traits = std::move(traits);
    nlohmann::json j = {{"type", "identify"}, {"messageId", mid}};
    if (!user.empty()) j["userId"] = user;
    for (const Field& f : e.traits) j["traits"][f.name] = f.value;
    e.json = j.dump();
    return e;
  }
  CollectReport Collect(const std::vector<CollectedEvent>& events) {
    auto r = store_->CollectEvents(events, options_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : CollectReport{};
  }
  static Identifier Id(const std::string& text) {
    auto id = ParseIdentifier(text, "DE");
    EXPECT_TRUE(id.ok()) << text;
    return *id;
  }
  std::vector<EventView> EventsOf(const std::string& text) {
    auto v = store_->EventsOf(Id(text));
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : std::vector<EventView>{};
  }
  // The raw bytes of the database, its WAL and shm: what an attacker with the files reads.
  std::string RawFiles() {
    std::string all;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::ifstream in(db_ + suffix, std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
  }

  std::filesystem::path dir_;
  std::string db_;
  std::unique_ptr<Store> store_;
  CollectOptions options_;
};

TEST_F(EventsTest, DuplicatesAreCountedNotStoredWithinAndAcrossCalls) {
  CollectReport a = Collect({Track("m1", "u1", "", "Signed Up", "pro", 1000),
                             Track("m1", "u1", "", "Signed Up", "pro", 1000),
                             Track("m2", "u1", "", "Upgraded", "pro", 2000)});
  EXPECT_EQ(a.accepted, 2u);
  EXPECT_EQ(a.duplicates, 1u);
  CollectReport b = Collect({Track("m2", "u1", "", "Upgraded", "pro", 2000),
                             Track("m3", "u1", "", "Upgraded", "pro", 3000)});
  EXPECT_EQ(b.accepted, 1u);
  EXPECT_EQ(b.duplicates, 1u);
  EXPECT_EQ(EventsOf("external:web:u1").size(), 3u);
  // The same messageId from another source is another event.
  options_.source = "app";
  EXPECT_EQ(Collect({Track("m1", "u1", "", "Signed Up", "pro", 1000)}).accepted, 1u);
}

TEST_F(EventsTest, TrackCallsDoNotCreateSubjects) {
  Collect({Track("m1", "u1", "", "Viewed", "free", 1000)});
  auto v = store_->ShowSubject(Id("external:web:u1"));
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->known) << "a track call claims nothing";
  EXPECT_EQ(EventsOf("external:web:u1").size(), 1u) << "but the events are the userId's";
}

TEST_F(EventsTest, IdentifyCreatesASelfClaimThatSubjectShowSees) {
  CollectReport r = Collect(
      {Identify("m1", "u1", "", {{"email", "Ann@Example.com"}, {"first_name", "Ann"}}, 1000)});
  EXPECT_EQ(r.accepted, 1u);
  EXPECT_EQ(r.claims, 2u);
  auto by_email = store_->ShowSubject(Id("email:ann@example.com"));
  auto by_user = store_->ShowSubject(Id("external:web:u1"));
  ASSERT_TRUE(by_email.ok() && by_user.ok());
  ASSERT_FALSE(by_email->subject_id.empty());
  EXPECT_EQ(by_email->subject_id, by_user->subject_id) << "the e-mail is joined to the user id";
  ASSERT_EQ(by_email->identifiers.size(), 2u);
  ASSERT_FALSE(by_email->identifiers[0].claims.empty());
  EXPECT_EQ(by_email->identifiers[0].claims[0].supplier, Supplier::kSelf);
  EXPECT_EQ(by_email->identifiers[0].claims[0].source, "web");
  EXPECT_EQ(by_email->identifiers[0].claims[0].purpose, "essential.service");
  ASSERT_EQ(by_email->traits.size(), 1u);
  EXPECT_EQ(by_email->traits[0].value, "Ann");
}

TEST_F(EventsTest, IdentifyJoinsAnExistingSubjectIncrementally) {
  const std::string path = (dir_ / "crm.csv").string();
  std::ofstream(path) << "email,phone\nann@example.com,0171 1234567\nbob@example.com,\n";
  ImportOptions o;
  o.path = path;
  o.source = "crm";
  o.supplier = Supplier::kFirstParty;
  o.collected_for = "essential.service";
  o.region = "DE";
  o.actor = "test";
  auto imported = store_->Import(o);
  ASSERT_TRUE(imported.ok());
  ASSERT_EQ(imported->subjects, 2u);
  const std::string before = store_->ShowSubject(Id("phone:+491711234567"))->subject_id;
  Collect({Identify("m1", "u1", "", {{"email", "ann@example.com"}}, 1000)});
  auto v = store_->ShowSubject(Id("external:web:u1"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->subject_id, before) << "the older anchor keeps the subject id";
  EXPECT_EQ(v->identifiers.size(), 3u);
  auto count = store_->storage().GetMeta("subject_count");
  ASSERT_TRUE(count.ok() && count->has_value());
  EXPECT_EQ(**count, "2") << "no new subject: the user joined Ann's";
  // A second identify that names Bob's e-mail merges the two subjects.
  Collect({Identify("m2", "u1", "", {{"email", "bob@example.com"}}, 2000)});
  EXPECT_EQ(store_->ShowSubject(Id("email:bob@example.com"))->subject_id, before);
  EXPECT_EQ(**store_->storage().GetMeta("subject_count"), "1");
}

TEST_F(EventsTest, InvalidTraitsAreRejectedNotFatal) {
  CollectReport r = Collect({Identify(
      "m1", "u1", "", {{"email", "not-an-email"}, {"phone", "0171 1234567"}, {"vin", "x"}}, 1000)});
  EXPECT_EQ(r.accepted, 1u);
  EXPECT_EQ(r.rejected, 2u) << "the bad e-mail and the vin trait";
  EXPECT_EQ(r.claims, 2u) << "user id and phone";
  EXPECT_EQ(store_->ShowSubject(Id("phone:+491711234567"))->subject_id,
            store_->ShowSubject(Id("external:web:u1"))->subject_id);
}

TEST_F(EventsTest, EventsAreSealed) {
  Collect({Track("m1", "u1", "", "Checkout", "PLAN-VALUE-8817", 1000),
           Identify("m2", "u2", "anon-42", {{"email", "carol@example.com"}}, 2000)});
  ASSERT_TRUE(store_->storage().Checkpoint().ok());
  std::string raw = RawFiles();
  EXPECT_EQ(raw.find("PLAN-VALUE-8817"), std::string::npos);
  EXPECT_EQ(raw.find("Checkout"), std::string::npos);
  EXPECT_EQ(raw.find("carol@example.com"), std::string::npos);
  EXPECT_EQ(raw.find("anon-42"), std::string::npos);
  auto events = EventsOf("external:web:u1");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].json.find("PLAN-VALUE-8817"), std::string::npos) << "readable with the key";
  EXPECT_EQ(events[0].name, "Checkout");
  EXPECT_EQ(events[0].message_id, "m1");
  EXPECT_EQ(events[0].source, "web");
  auto verify = store_->VerifyLedger();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok);
}

TEST_F(EventsTest, EventsOfIncludesLinkedAnonymousEventsNewestFirst) {
  Collect({Track("m1", "", "anon-1", "Viewed Pricing", "free", 1000)});
  Collect({Track("m2", "", "anon-2", "Someone else", "free", 1500)});
  Collect({Identify("m3", "u1", "anon-1", {{"email", "ann@example.com"}}, 2000),
           Track("m4", "u1", "anon-1", "Signed Up", "pro", 3000)});
  auto events = EventsOf("email:ann@example.com");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].message_id, "m4");
  EXPECT_EQ(events[1].message_id, "m3");
  EXPECT_EQ(events[2].message_id, "m1") << "the anonymous visit before sign-up is theirs";
  // alias links a previous id the same way.
  CollectedEvent alias;
  alias.type = EventType::kAlias;
  alias.message_id = "m5";
  alias.user_id = "u1";
  alias.previous_id = "anon-2";
  alias.time_us = 4000;
  alias.json = "{}";
  Collect({alias});
  EXPECT_EQ(EventsOf("external:web:u1").size(), 5u);
  EXPECT_EQ(store_->EventsOf(Id("email:ann@example.com"), 2)->size(), 2u) << "limit";
}

TEST_F(EventsTest, ConsentOnEventsFeedsTheGate) {
  Collect({Identify("m1", "u1", "", {{"email", "ann@example.com"}}, 1000)});
  CollectedEvent t = Track("m2", "u1", "", "Viewed", "free", 2000);
  t.consent_signals = {"gpc=1", "ad_user_data=granted;ad_personalization=granted", "not a signal"};
  CollectReport r = Collect({t});
  EXPECT_EQ(r.invalid_signals, 1u);
  EXPECT_EQ(r.consents, 3u) << "two GPC objections and one grant";
  auto facts = store_->FactsFor(Id("email:ann@example.com"));
  ASSERT_TRUE(facts.ok());
  EXPECT_NE(std::find(facts->objections.begin(), facts->objections.end(), "third_party_sharing"),
            facts->objections.end())
      << "the GPC objection on the user id counts for the whole subject";
  bool granted = false;
  for (const auto& c : facts->consents) {
    granted |= c.purpose == "marketing.advertising.third_party.targeted" &&
               c.state == ConsentState::kGranted;
  }
  EXPECT_TRUE(granted);
  // Repeating the same signal records nothing new.
  CollectedEvent again = Track("m3", "u1", "", "Viewed", "free", 3000);
  again.consent_signals = {"gpc=1"};
  EXPECT_EQ(Collect({again}).consents, 0u);
  // An anonymous visitor's consent cannot be recorded (nobody to attach it to); GPC can.
  CollectedEvent anon = Track("m4", "", "anon-9", "Viewed", "free", 3000);
  anon.consent_signals = {"gpc=1", "ad_user_data=granted;ad_personalization=granted"};
  CollectReport ra = Collect({anon});
  EXPECT_EQ(ra.consents, 2u);
  EXPECT_EQ(ra.consents_not_recorded, 1u);
}

TEST_F(EventsTest, SuppressedEmailInIdentifyIsCountedNotStored) {
  Collect({Identify("m1", "u1", "", {{"email", "erased@example.com"}}, 1000)});
  ASSERT_TRUE(store_->Erase(Id("email:erased@example.com"), "test").ok());
  CollectReport r = Collect({Identify("m2", "u2", "", {{"email", "erased@example.com"}}, 2000)});
  EXPECT_EQ(r.suppressed, 1u);
  EXPECT_EQ(r.claims, 1u) << "only the new user id";
  auto v = store_->ShowSubject(Id("email:erased@example.com"));
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->known);
  // The erased user's own later events are not stored either.
  CollectReport t = Collect({Track("m3", "u1", "", "Came back", "free", 3000)});
  EXPECT_EQ(t.accepted, 0u);
  EXPECT_EQ(t.suppressed, 1u);
}

TEST_F(EventsTest, ErasureShredsEventsAndLeavesNoPlaintext) {
  Collect({Track("m1", "", "anon-7", "Viewed", "ANON-PROP-5531", 500)});
  Collect({Identify("m2", "u1", "anon-7",
                    {{"email", "dora@example.com"}, {"first_name", "Dorabella"}}, 1000),
           Track("m3", "u1", "anon-7", "Bought", "PROP-VALUE-7731", 2000)});
  Collect({Track("m4", "u9", "", "Other person", "KEEP-4411", 2500)});
  ASSERT_EQ(EventsOf("email:dora@example.com").size(), 3u);
  auto erased = store_->Erase(Id("email:dora@example.com"), "test");
  ASSERT_TRUE(erased.ok()) << erased.status().ToString();
  EXPECT_EQ(erased->events, 3u);
  EXPECT_TRUE(EventsOf("external:web:u1").empty());
  EXPECT_EQ(EventsOf("external:web:u9").size(), 1u) << "nobody else's events go";
  std::string raw = RawFiles();
  for (const char* value :
       {"PROP-VALUE-7731", "ANON-PROP-5531", "dora@example.com", "Dorabella", "anon-7", "Bought"}) {
    EXPECT_EQ(raw.find(value), std::string::npos) << value;
  }
  auto verify = store_->VerifyLedger();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok);
  // Their anonymous id is suppressed too.
  EXPECT_EQ(Collect({Track("m5", "", "anon-7", "Again", "x", 3000)}).suppressed, 1u);
}

TEST_F(EventsTest, AnEventOnlyUserCanBeErased) {
  Collect({Track("m1", "u5", "", "Viewed", "x", 500)});
  auto report = BuildAccessReport(*store_, Id("external:web:u5"), 1000);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->events.count, 1u) << "an event-only user id is held: it has a report";
  EXPECT_TRUE(store_->RecordDisclosure(Id("external:web:u5"), "rights.access", "json", "t").ok());
  auto erased = store_->Erase(Id("external:web:u5"), "test");
  ASSERT_TRUE(erased.ok()) << erased.status().ToString();
  EXPECT_EQ(erased->events, 1u);
  EXPECT_TRUE(EventsOf("external:web:u5").empty());
  EXPECT_EQ(BuildAccessReport(*store_, Id("external:web:u5"), 1000).status().code(),
            StatusCode::kNotFound);
}

TEST_F(EventsTest, AccessReportAndPortabilityContainTheEvents) {
  Collect({Identify("m1", "u1", "", {{"email", "ann@example.com"}}, 1000000),
           Track("m2", "u1", "", "Signed Up", "pro", 2000000),
           Track("m3", "u1", "", "Signed Up", "pro", 3000000),
           Track("m4", "u1", "", "Upgraded", "team", 4000000)});
  auto report = BuildAccessReport(*store_, Id("email:ann@example.com"), 5000000);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  auto j = nlohmann::json::parse(AccessReportJson(*report));
  EXPECT_EQ(j["events"]["count"], 4);
  EXPECT_EQ(j["events"]["first"], "1970-01-01T00:00:01Z");
  EXPECT_EQ(j["events"]["last"], "1970-01-01T00:00:04Z");
  bool signed_up = false;
  for (const auto& c : j["events"]["by_name"]) {
    if (c["type"] == "track" && c["name"] == "Signed Up") {
      signed_up = true;
      EXPECT_EQ(c["count"], 2);
    }
  }
  EXPECT_TRUE(signed_up);
  ASSERT_EQ(j["events"]["recent"].size(), 4u);
  EXPECT_EQ(j["events"]["recent"][0]["message_id"], "m4");
  EXPECT_EQ(j["events"]["recent"][0]["event"]["properties"]["plan"], "team");
  EXPECT_NE(AccessReportHtml(*report).find("Upgraded"), std::string::npos);
  EXPECT_NE(AccessReportText(*report).find("Signed Up"), std::string::npos);

  auto portable = BuildPortabilityExport(*store_, Id("external:web:u1"), 5000000);
  ASSERT_TRUE(portable.ok()) << portable.status().ToString();
  auto p = nlohmann::json::parse(PortabilityJson(*portable));
  ASSERT_EQ(p["events"].size(), 4u);
  EXPECT_EQ(p["events"][3]["type"], "identify");
  EXPECT_EQ(p["events"][0]["event"]["properties"]["plan"], "team");
}

TEST_F(EventsTest, AVersion2StoreIsUpgradedInPlace) {
  Collect({Identify("m1", "u1", "", {{"email", "ann@example.com"}}, 1000)});
  store_.reset();
  // Make it a version-2 store: what schema 3 added is not there.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TABLE events; DROP TABLE event_ids; DROP TABLE event_owners;"
                         "DROP TABLE event_links; DROP INDEX claims_by_rid;"
                         "UPDATE meta SET v='2' WHERE k='schema_version';",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto opened = Store::Open(db_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(*opened);
  auto version = store_->storage().GetMeta("schema_version");
  ASSERT_TRUE(version.ok() && version->has_value());
  EXPECT_EQ(**version, "3");
  EXPECT_EQ(Collect({Track("m2", "u1", "", "Viewed", "x", 2000)}).accepted, 1u);
  // The dropped tables are projections: the identify call in the ledger is indexed again.
  EXPECT_EQ(EventsOf("email:ann@example.com").size(), 2u);
  EXPECT_FALSE(store_->ShowSubject(Id("email:ann@example.com"))->subject_id.empty());
}

// The events/event_ids tables are filled after the commit, in cycles (store/event_index.h).
// What users rely on must hold whether an event waits or is indexed.

// Rows of the events table for everybody: what an attacker with the file sees of events.
static int64_t EventRows(const std::string& db) {
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(raw, "SELECT count(*) FROM events", -1, &st, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
  const int64_t n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(raw);
  return n;
}

TEST_F(EventsTest, WaitingEventsAreIndexedInCyclesAndDeduplicatedMeanwhile) {
  Collect({Track("m1", "u1", "", "A", "x", 1000), Track("m2", "u2", "", "B", "x", 2000),
           Track("m3", "u1", "", "C", "x", 3000)});
  EXPECT_EQ(store_->EventIndexBacklog(), 3u) << "committed, not yet in the tables";
  EXPECT_EQ(EventRows(db_), 0);
  EXPECT_EQ(Collect({Track("m2", "u2", "", "B", "x", 2000)}).duplicates, 1u)
      << "a waiting event's messageId is a duplicate";
  // No cycle below start_at; then slices of 2 until the cycle is done.
  auto left = store_->IndexEventsStep(2, 100);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, 3u);
  left = store_->IndexEventsStep(2, 1);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, 1u);
  EXPECT_EQ(EventRows(db_), 2);
  EXPECT_EQ(Collect({Track("m1", "u1", "", "A", "x", 1000), Track("m3", "u1", "", "C", "x", 3000)})
                .duplicates,
            2u)
      << "indexed and still-in-cycle messageIds alike";
  left = store_->IndexEventsStep(2, 1);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, 0u);
  EXPECT_EQ(EventRows(db_), 3);
  EXPECT_EQ(EventsOf("external:web:u1").size(), 2u);
  EXPECT_EQ(Collect({Track("m3", "u1", "", "C", "x", 3000)}).duplicates, 1u);
}

TEST_F(EventsTest, AStoreThatStoppedBeforeIndexingLosesNothing) {
  Collect({Track("m1", "u1", "", "A", "x", 1000), Track("m2", "u1", "", "B", "x", 2000)});
  ASSERT_EQ(EventRows(db_), 0);
  store_.reset();  // as after a crash: the events are only in the ledger
  auto reopened = Store::Open(db_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  store_ = std::move(*reopened);
  EXPECT_EQ(Collect({Track("m2", "u1", "", "B", "x", 2000)}).duplicates, 1u)
      << "deduplication covers what was waiting";
  EXPECT_EQ(EventsOf("external:web:u1").size(), 2u);
  EXPECT_EQ(EventRows(db_), 2);
  auto verify = store_->VerifyLedger();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok);
}

TEST_F(EventsTest, TwoStoresSeeEachOthersWaitingEvents) {
  auto other = Store::Open(db_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  Collect({Track("m1", "u1", "", "A", "x", 1000)});
  // The other Store (another process, the API) reads: it indexes what waits first.
  auto seen = (*other)->EventsOf(Id("external:web:u1"));
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(seen->size(), 1u);
  // It collects: a messageId this Store committed is a duplicate there, and the other way round.
  auto dup = (*other)->CollectEvents(
      {Track("m1", "u1", "", "A", "x", 1000), Track("m2", "u1", "", "B", "x", 2000)}, options_);
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ(dup->duplicates, 1u);
  EXPECT_EQ(Collect({Track("m2", "u1", "", "B", "x", 2000)}).duplicates, 1u);
  // This Store's cycle takes the other's entry too; afterwards both are in the tables once.
  while (store_->EventIndexBacklog() > 0) ASSERT_TRUE(store_->IndexEventsStep(1, 1).ok());
  EXPECT_EQ(EventRows(db_), 2);
  EXPECT_EQ(EventsOf("external:web:u1").size(), 2u);
}

TEST_F(EventsTest, AnErasureDuringACycleIsNotUndoneByIt) {
  Collect({Track("m1", "u1", "", "A", "x", 1000), Track("m2", "u2", "", "B", "x", 2000),
           Track("m3", "u1", "", "C", "KEEP-OUT-9182", 3000)});
  auto left = store_->IndexEventsStep(1, 1);  // a cycle of 3 begins: one row written
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(*left, 2u);
  // Another Store erases u1 meanwhile.
  auto other = Store::Open(db_);
  ASSERT_TRUE(other.ok());
  auto erased = (*other)->Erase(Id("external:web:u1"), "test");
  ASSERT_TRUE(erased.ok()) << erased.status().ToString();
  EXPECT_EQ(erased->events, 2u);
  while (store_->EventIndexBacklog() > 0) ASSERT_TRUE(store_->IndexEventsStep(1, 1).ok());
  EXPECT_EQ(EventRows(db_), 1) << "only u2's event: the cycle put none of u1's back";
  EXPECT_TRUE(EventsOf("external:web:u1").empty());
  EXPECT_EQ(EventsOf("external:web:u2").size(), 1u);
}

TEST_F(EventsTest, AnErasureBeforeTheNextCycleIsNotUndoneByIt) {
  Collect({Track("m1", "u2", "", "A", "x", 1000), Track("m2", "u2", "", "B", "x", 2000)});
  auto left = store_->IndexEventsStep(1, 1);  // cycle A: u2's two events, one written
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(*left, 1u);
  Collect({Track("m3", "u1", "", "C", "x", 3000)});  // waits for cycle B
  auto other = Store::Open(db_);
  ASSERT_TRUE(other.ok());
  auto erased = (*other)->Erase(Id("external:web:u1"), "test");  // indexes m3, deletes it
  ASSERT_TRUE(erased.ok()) << erased.status().ToString();
  EXPECT_EQ(erased->events, 1u);
  // Cycle A ends after the erasure; cycle B, with u1's event, must not write it back.
  while (store_->EventIndexBacklog() > 0) ASSERT_TRUE(store_->IndexEventsStep(1, 1).ok());
  EXPECT_EQ(EventRows(db_), 2) << "u2's two events, none of u1's";
  EXPECT_TRUE(EventsOf("external:web:u1").empty());
}

TEST_F(EventsTest, ABadSourceIsRefusedWhole) {
  options_.source = "Web Site";
  auto r = store_->CollectEvents({Track("m1", "u1", "", "x", "y", 1)}, options_);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dl
