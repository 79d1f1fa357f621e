// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The store end to end through its public API: import, resolution, subject view, atomicity.
#include "daylight/store.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "store/record_codec.h"
#include "util/test_dir.h"

namespace dl {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTestDir("store");
    auto s = Store::Init((dir_ / "t.db").string(), InitOptions{}, "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::string p = (dir_ / name).string();
    std::ofstream(p) << content;
    return p;
  }
  StatusOr<ImportReport> Import(const std::string& path, Supplier s, const std::string& source,
                                const std::string& uploader = "", uint64_t max_errors = 0) {
    ImportOptions o;
    o.path = path;
    o.supplier = s;
    o.source = source;
    o.collected_for =
        s == Supplier::kThirdParty ? "functional.contact_discovery" : "essential.service";
    o.region = "DE";
    o.uploader = uploader;
    o.max_errors = max_errors;
    o.actor = "test";
    return store_->Import(o);
  }
  SubjectView Show(const std::string& text) {
    auto id = ParseIdentifier(text, "DE");
    EXPECT_TRUE(id.ok()) << text;
    auto v = store_->ShowSubject(*id);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return *v;
  }
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, RecordsSharingAnIdentifierFormOneSubject) {
  auto crm = Write("crm.csv", "email,phone,first_name\nann@example.com,0171 1234567,Ann\n");
  auto web = Write("web.jsonl",
                   "{\"email\":\"ANN@example.com \",\"phone\":\"+49 171 1234567\"}\n"
                   "{\"email\":\"ann.work@example.com\",\"phone\":\"0049 171 1234567\"}\n");
  ASSERT_TRUE(Import(crm, Supplier::kFirstParty, "crm").ok());
  ASSERT_TRUE(Import(web, Supplier::kSelf, "web").ok());
  SubjectView a = Show("email:ann@example.com");
  SubjectView b = Show("email:ann.work@example.com");
  ASSERT_FALSE(a.subject_id.empty());
  EXPECT_EQ(a.subject_id, b.subject_id);
  EXPECT_EQ(a.identifiers.size(), 3u);
  EXPECT_EQ(a.joined_by.size(), 3u) << "every record that joined the subject is listed";
}

TEST_F(StoreTest, SubjectIdIsStableAsTheSubjectGrows) {
  ASSERT_TRUE(
      Import(Write("a.csv", "email\nann@example.com\n"), Supplier::kFirstParty, "crm").ok());
  std::string before = Show("email:ann@example.com").subject_id;
  ASSERT_TRUE(Import(Write("b.csv", "email,phone\nann@example.com,+4917112345678\n"),
                     Supplier::kSelf, "web")
                  .ok());
  EXPECT_EQ(Show("email:ann@example.com").subject_id, before);
  EXPECT_EQ(Show("phone:+4917112345678").subject_id, before);
}

TEST_F(StoreTest, ThirdPartyClaimsNeverCreateExtendOrLabelASubject) {
  ASSERT_TRUE(
      Import(Write("crm.csv", "email\nann@example.com\n"), Supplier::kFirstParty, "crm").ok());
  // An address book links Ann's e-mail to a number, under the label "Mom".
  auto book = Write("book.vcf",
                    "BEGIN:VCARD\nVERSION:3.0\nFN:Mom\nN:Mom;;;;\nEMAIL:ann@example.com\n"
                    "TEL:+4915228817386\nEND:VCARD\n");
  ASSERT_TRUE(Import(book, Supplier::kThirdParty, "app", "u42").ok());
  SubjectView ann = Show("email:ann@example.com");
  ASSERT_EQ(ann.identifiers.size(), 1u) << "the uploader's number must not extend Ann";
  EXPECT_EQ(ann.identifiers[0].third_party_uploads, 1u);
  for (const TraitView& t : ann.traits) EXPECT_NE(t.value, "Mom");
  SubjectView shadow = Show("phone:+4915228817386");
  EXPECT_TRUE(shadow.known);
  EXPECT_TRUE(shadow.shadow);
  EXPECT_TRUE(shadow.subject_id.empty());
  EXPECT_TRUE(shadow.traits.empty());
}

TEST_F(StoreTest, ShadowIdentifierCountsDistinctUploads) {
  std::string card = "BEGIN:VCARD\nVERSION:3.0\nFN:X\nTEL:+4915228817386\nEND:VCARD\n";
  for (int u = 0; u < 3; ++u) {
    auto p = Write("b" + std::to_string(u) + ".vcf", card + card);  // twice in one book
    ASSERT_TRUE(Import(p, Supplier::kThirdParty, "app", "u" + std::to_string(u)).ok());
  }
  SubjectView v = Show("phone:+4915228817386");
  ASSERT_EQ(v.identifiers.size(), 1u);
  EXPECT_EQ(v.identifiers[0].third_party_uploads, 3u);
  EXPECT_TRUE(v.identifiers[0].claims.empty());
}

TEST_F(StoreTest, SameFileTwiceAddsNothing) {
  auto p = Write("crm.csv", "email,first_name\nann@example.com,Ann\nbob@example.com,Bob\n");
  auto first = Import(p, Supplier::kFirstParty, "crm");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->records_stored, 2u);
  auto second = Import(p, Supplier::kFirstParty, "crm");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->records_stored, 0u);
  EXPECT_EQ(second->duplicates, 2u);
  EXPECT_EQ(Show("email:ann@example.com").identifiers[0].claims.size(), 1u);
}

// An upload (the REST API) is the same import as the file: a file already imported adds nothing
// when uploaded, and the upload's name picks the format and names it in errors.
TEST_F(StoreTest, ContentImportIsTheSameImportAsTheFile) {
  const std::string csv = "email,first_name\nann@example.com,Ann\nbob@example.com,Bob\n";
  ASSERT_TRUE(Import(Write("crm.csv", csv), Supplier::kFirstParty, "crm").ok());
  ImportOptions o;
  o.path = "crm-upload.csv";
  o.supplier = Supplier::kFirstParty;
  o.source = "crm";
  o.collected_for = "essential.service";
  o.actor = "test";
  auto again = store_->ImportContent(o, csv);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->records_stored, 0u);
  EXPECT_EQ(again->duplicates, 2u);
  EXPECT_FALSE(std::filesystem::exists("crm-upload.csv")) << "nothing written beside the store";
  auto bad = store_->ImportContent(o, "email\nnot-an-email\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("crm-upload.csv:2"), std::string::npos)
      << bad.status().message();
  o.path = "contacts.jsonl";
  auto jsonl = store_->ImportContent(o, "{\"email\":\"cid@example.com\"}\n");
  ASSERT_TRUE(jsonl.ok()) << jsonl.status().ToString();
  EXPECT_EQ(jsonl->records_stored, 1u);
  EXPECT_TRUE(Show("email:cid@example.com").known);
}

TEST_F(StoreTest, AbortedImportLeavesNothing) {
  auto p = Write("bad.csv", "email\nok@example.com\nbroken\n");
  auto r = Import(p, Supplier::kFirstParty, "crm");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("bad.csv:3: field 'email'"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(r.status().message().find("broken"), std::string::npos)
      << "the value must not be echoed";
  EXPECT_FALSE(Show("email:ok@example.com").known);
  auto stats = store_->storage().Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->records, 0u);
  EXPECT_EQ(stats->ledger_entries, 1u);  // store.init only
  auto v = store_->VerifyLedger();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok);
}

TEST_F(StoreTest, MaxErrorsSkipsAndReports) {
  auto p = Write("bad.csv", "email\nok@example.com\nbroken\nalso broken\n");
  EXPECT_FALSE(Import(p, Supplier::kFirstParty, "crm", "", 1).ok()) << "2 errors > --max-errors 1";
  auto r = Import(p, Supplier::kFirstParty, "crm", "", 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->skipped, 2u);
  ASSERT_EQ(r->errors.size(), 2u);
  EXPECT_EQ(r->errors[0].line, 3u);
  EXPECT_EQ(r->errors[0].field, "email");
  EXPECT_TRUE(Show("email:ok@example.com").known);
}

TEST_F(StoreTest, CountryColumnOverridesTheDefaultRegion) {
  auto p = Write("fr.csv", "phone,country\n06 12 34 56 78,France\n");
  ASSERT_TRUE(Import(p, Supplier::kFirstParty, "crm").ok());
  EXPECT_TRUE(Show("phone:+33612345678").known);
}

TEST_F(StoreTest, OptOutColumnsBecomeObjections) {
  auto p = Write("sf.csv", "Email,HasOptedOutOfEmail,DoNotCall\nann@example.com,true,false\n");
  ImportOptions o;
  o.path = p;
  o.supplier = Supplier::kFirstParty;
  o.source = "salesforce";
  o.collected_for = "essential.service";
  o.reader.preset = "salesforce";
  auto r = store_->Import(o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->objections, 1u);
  auto v = Show("email:ann@example.com");
  ASSERT_EQ(v.identifiers.size(), 1u);
  EXPECT_EQ(v.identifiers[0].objections,
            std::vector<std::string>{"marketing.communications.email"});
}

TEST_F(StoreTest, OptionsAreValidatedBeforeAnythingIsWritten) {
  auto p = Write("a.csv", "email\nann@example.com\n");
  ImportOptions o;
  o.path = p;
  o.source = "crm";
  o.collected_for = "marketing.spam";
  EXPECT_EQ(store_->Import(o).status().code(), StatusCode::kInvalidArgument);
  o.collected_for = "essential.service";
  o.supplier = Supplier::kThirdParty;
  EXPECT_EQ(store_->Import(o).status().code(), StatusCode::kInvalidArgument) << "uploader required";
  o.supplier = Supplier::kFirstParty;
  o.uploader = "u1";
  EXPECT_EQ(store_->Import(o).status().code(), StatusCode::kInvalidArgument)
      << "uploader forbidden";
  auto stats = store_->storage().Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->batches, 0u);
}

TEST(RecordCodecTest, RoundTripsAndRejectsTruncation) {
  RecordPlain r;
  r.identifiers = {{IdType::kEmail, "ann@example.com"}, {IdType::kPhone, "+4917112345678"}};
  r.traits = {{"first_name", "Ann"}, {"note", std::string(300, 'x')}};
  std::string bytes;
  EncodeRecord(r, &bytes);
  auto back = DecodeRecord(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->identifiers, r.identifiers);
  EXPECT_EQ(back->traits, r.traits);
  EXPECT_EQ(DecodeRecord(bytes.substr(0, bytes.size() - 1)).status().code(),
            StatusCode::kCorruption);
}

}  // namespace
}  // namespace dl
