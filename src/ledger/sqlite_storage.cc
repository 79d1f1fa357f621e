// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "ledger/sqlite_storage.h"

#include <algorithm>
#include <cstring>
#include <map>

#include <sqlite3.h>
#include <sys/stat.h>

namespace dl {
namespace {

constexpr int kSchemaVersion = 3;

// Added in schema version 2 (audiences); run on version-1 stores when they are opened.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE derived(name TEXT PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE audiences(name TEXT PRIMARY KEY, purpose TEXT NOT NULL, filter TEXT NOT NULL,
  seq INTEGER NOT NULL, time INTEGER NOT NULL, actor TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE exports(seq INTEGER PRIMARY KEY, audience TEXT NOT NULL, time INTEGER NOT NULL,
  recipient TEXT NOT NULL, purpose TEXT NOT NULL, format TEXT NOT NULL,
  identifiers INTEGER NOT NULL);
CREATE INDEX exports_by_audience ON exports(audience, seq);
CREATE TABLE suppressions(bidx BLOB PRIMARY KEY, seq INTEGER NOT NULL, time INTEGER NOT NULL)
  WITHOUT ROWID;
CREATE TABLE notices(bidx BLOB PRIMARY KEY, seq INTEGER NOT NULL, time INTEGER NOT NULL)
  WITHOUT ROWID;
CREATE TABLE restrictions(bidx BLOB NOT NULL, seq INTEGER NOT NULL, restricted INTEGER NOT NULL,
  time INTEGER NOT NULL, PRIMARY KEY(bidx, seq)) WITHOUT ROWID;
)sql";

// Added in schema version 3 (collected events); run on older stores when they are opened.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE events(owner BLOB NOT NULL, time INTEGER NOT NULL, seq INTEGER NOT NULL,
  off INTEGER NOT NULL, len INTEGER NOT NULL, type INTEGER NOT NULL, key_id INTEGER NOT NULL,
  PRIMARY KEY(owner, time, seq, off)) WITHOUT ROWID;
CREATE TABLE event_ids(mid BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE event_owners(owner BLOB PRIMARY KEY, key_id INTEGER NOT NULL,
  created INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE event_links(owner BLOB NOT NULL, anon BLOB NOT NULL, seq INTEGER NOT NULL,
  time INTEGER NOT NULL, PRIMARY KEY(owner, anon)) WITHOUT ROWID;
CREATE INDEX event_links_by_anon ON event_links(anon);
CREATE INDEX claims_by_rid ON claims(rid);
)sql";

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;
CREATE TABLE ledger(seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, kind TEXT NOT NULL,
  actor TEXT NOT NULL, body BLOB NOT NULL, prev BLOB NOT NULL, hash BLOB NOT NULL);
CREATE TABLE keys(id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, wrapped BLOB,
  created INTEGER NOT NULL, destroyed INTEGER);
CREATE TABLE batches(id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, time INTEGER NOT NULL,
  source TEXT NOT NULL, supplier INTEGER NOT NULL, purpose TEXT NOT NULL, uploader TEXT,
  file TEXT, digest TEXT, key_id INTEGER, status TEXT NOT NULL, records INTEGER, claims INTEGER,
  duplicates INTEGER, skipped INTEGER, objections INTEGER);
CREATE TABLE records(rid INTEGER PRIMARY KEY, seq INTEGER NOT NULL, off INTEGER NOT NULL,
  len INTEGER NOT NULL, batch INTEGER NOT NULL, line INTEGER NOT NULL,
  supplier INTEGER NOT NULL, key_id INTEGER NOT NULL);
CREATE TABLE fingerprints(fp BLOB PRIMARY KEY, rid INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE claims(bidx BLOB NOT NULL, rid INTEGER NOT NULL, type INTEGER NOT NULL,
  supplier INTEGER NOT NULL, PRIMARY KEY(bidx, rid)) WITHOUT ROWID;
CREATE TABLE identifiers(bidx BLOB PRIMARY KEY, type INTEGER NOT NULL, key_id INTEGER NOT NULL,
  blocked INTEGER NOT NULL, first_time INTEGER NOT NULL, subject INTEGER NOT NULL DEFAULT 0,
  shared INTEGER NOT NULL DEFAULT 0, claiming INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE INDEX identifiers_by_subject ON identifiers(subject) WHERE subject <> 0;
CREATE TABLE consents(bidx BLOB NOT NULL, purpose TEXT NOT NULL, state INTEGER NOT NULL,
  time INTEGER NOT NULL, expires INTEGER NOT NULL, source TEXT NOT NULL, seq INTEGER NOT NULL,
  evidence BLOB, PRIMARY KEY(bidx, seq, purpose)) WITHOUT ROWID;
CREATE TABLE objections(bidx BLOB NOT NULL, purpose TEXT NOT NULL, seq INTEGER NOT NULL,
  time INTEGER NOT NULL, source TEXT NOT NULL, PRIMARY KEY(bidx, purpose, seq)) WITHOUT ROWID;
)sql";

// A prepared statement that resets itself after each use.
class Stmt {
 public:
  Stmt() = default;
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Status Prepare(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr) != SQLITE_OK) {
      return IOError(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
    }
    return Status::Ok();
  }
  sqlite3_stmt* get() { return s_; }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void Bind(int i, std::string_view v) {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void BindText(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  int Step() { return sqlite3_step(s_); }
  void Reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  int64_t Int(int col) { return sqlite3_column_int64(s_, col); }
  std::string_view Blob(int col) {
    const void* p = sqlite3_column_blob(s_, col);
    int n = sqlite3_column_bytes(s_, col);
    return p ? std::string_view(static_cast<const char*>(p), static_cast<size_t>(n))
             : std::string_view();
  }
  std::string Text(int col) {
    const unsigned char* p = sqlite3_column_text(s_, col);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
};

class SqliteStorage final : public Storage {
 public:
  explicit SqliteStorage(sqlite3* db) : db_(db) {}
  ~SqliteStorage() override {
    stmts_.clear();
    sqlite3_close(db_);
  }

  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "unknown";
      sqlite3_free(err);
      return IOError("sqlite: " + m);
    }
    return Status::Ok();
  }

  Status Error(const char* what) { return IOError(std::string(what) + ": " + sqlite3_errmsg(db_)); }

  StatusOr<Stmt*> S(const char* sql) {
    auto it = stmts_.find(sql);
    if (it != stmts_.end()) return it->second.get();
    auto st = std::make_unique<Stmt>();
    RETURN_IF_ERROR(st->Prepare(db_, sql));
    Stmt* raw = st.get();
    stmts_.emplace(sql, std::move(st));
    return raw;
  }

  // Runs a statement that returns no rows.
  Status Done(Stmt* s, const char* what) {
    int rc = s->Step();
    s->Reset();
    if (rc != SQLITE_DONE) return Error(what);
    return Status::Ok();
  }

  Status Begin() override {
    Status s = Exec("BEGIN IMMEDIATE");
    if (!s.ok() && sqlite3_errcode(db_) == SQLITE_BUSY) {
      // Writers are serialised: an import holds the write lock for its whole batch.
      return FailedPrecondition(
          "the store is busy: another import or command is writing (waited 10 s); "
          "try again when it has finished");
    }
    return s;
  }
  Status Commit() override { return Exec("COMMIT"); }
  Status Rollback() override { return Exec("ROLLBACK"); }
  Status SetDurableCommit(bool durable) override {
    // WAL with synchronous=NORMAL: a commit is atomic and ordered but not fsynced; the next
    // FULL commit's fsync of the WAL covers it.
    return Exec(durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  }

  static void ReadEntry(Stmt* s, LedgerEntry* e) {
    e->seq = static_cast<uint64_t>(s->Int(0));
    e->time_us = s->Int(1);
    e->kind = s->Text(2);
    e->actor = s->Text(3);
    e->body = std::string(s->Blob(4));
    auto prev = s->Blob(5), hash = s->Blob(6);
    e->prev = {};
    e->hash = {};
    std::memcpy(e->prev.data(), prev.data(), std::min(prev.size(), e->prev.size()));
    std::memcpy(e->hash.data(), hash.data(), std::min(hash.size(), e->hash.size()));
  }

  StatusOr<LedgerEntry> LastEntry() override {
    ASSIGN_OR_RETURN(
        Stmt * s,
        S("SELECT seq,time,kind,actor,'',prev,hash FROM ledger ORDER BY seq DESC LIMIT 1"));
    LedgerEntry e;
    int rc = s->Step();
    if (rc == SQLITE_ROW) ReadEntry(s, &e);
    s->Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("read ledger head");
    return e;
  }

  Status AppendEntry(const LedgerEntry& e) override {
    ASSIGN_OR_RETURN(
        Stmt * s,
        S("INSERT INTO ledger(seq,time,kind,actor,body,prev,hash) VALUES(?,?,?,?,?,?,?)"));
    s->Bind(1, static_cast<int64_t>(e.seq));
    s->Bind(2, e.time_us);
    s->BindText(3, e.kind);
    s->BindText(4, e.actor);
    s->Bind(5, e.body);
    s->Bind(6, std::string_view(reinterpret_cast<const char*>(e.prev.data()), e.prev.size()));
    s->Bind(7, std::string_view(reinterpret_cast<const char*>(e.hash.data()), e.hash.size()));
    return Done(s, "append ledger entry");
  }

  Status ScanEntries(const std::function<Status(const LedgerEntry&)>& fn) override {
    // Rows in physical rowid order; a tampered seq shows up as a gap or a hash mismatch.
    Stmt s;
    RETURN_IF_ERROR(
        s.Prepare(db_, "SELECT seq,time,kind,actor,body,prev,hash FROM ledger ORDER BY seq"));
    LedgerEntry e;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      ReadEntry(&s, &e);
      RETURN_IF_ERROR(fn(e));
    }
    if (rc != SQLITE_DONE) return Error("scan ledger");
    return Status::Ok();
  }

  StatusOr<std::string> ReadBodySlice(uint64_t seq, uint32_t off, uint32_t len) override {
    sqlite3_blob* blob = nullptr;
    if (sqlite3_blob_open(db_, "main", "ledger", "body", static_cast<int64_t>(seq), 0, &blob) !=
        SQLITE_OK) {
      sqlite3_blob_close(blob);
      return NotFound("ledger entry " + std::to_string(seq) + " not found");
    }
    std::string out(len, '\0');
    int rc = sqlite3_blob_read(blob, out.data(), static_cast<int>(len), static_cast<int>(off));
    sqlite3_blob_close(blob);
    if (rc != SQLITE_OK)
      return Corruption("ledger entry " + std::to_string(seq) + ": record range out of bounds");
    return out;
  }

  Status ReadBodySlices(uint64_t seq, const std::vector<std::pair<uint32_t, uint32_t>>& ranges,
                        std::vector<std::string>* out) override {
    out->resize(ranges.size());
    if (ranges.empty()) return Status::Ok();
    sqlite3_blob* blob = nullptr;
    if (sqlite3_blob_open(db_, "main", "ledger", "body", static_cast<int64_t>(seq), 0, &blob) !=
        SQLITE_OK) {
      sqlite3_blob_close(blob);
      return NotFound("ledger entry " + std::to_string(seq) + " not found");
    }
    for (size_t i = 0; i < ranges.size(); ++i) {
      const auto [off, len] = ranges[i];
      (*out)[i].resize(len);
      if (sqlite3_blob_read(blob, (*out)[i].data(), static_cast<int>(len), static_cast<int>(off)) !=
          SQLITE_OK) {
        sqlite3_blob_close(blob);
        return Corruption("ledger entry " + std::to_string(seq) + ": range out of bounds");
      }
    }
    sqlite3_blob_close(blob);
    return Status::Ok();
  }

  StatusOr<std::string> ReadBody(uint64_t seq) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT body FROM ledger WHERE seq=?"));
    s->Bind(1, static_cast<int64_t>(seq));
    if (s->Step() != SQLITE_ROW) {
      s->Reset();
      return NotFound("ledger entry " + std::to_string(seq) + " not found");
    }
    std::string out(s->Blob(0));
    s->Reset();
    return out;
  }

  StatusOr<std::vector<uint64_t>> EntriesOfKindAfter(std::string_view kind,
                                                     uint64_t after) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT seq FROM ledger WHERE seq>? AND kind=? ORDER BY seq"));
    s->Bind(1, static_cast<int64_t>(after));
    s->BindText(2, kind);
    std::vector<uint64_t> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) out.push_back(static_cast<uint64_t>(s->Int(0)));
    s->Reset();
    if (rc != SQLITE_DONE) return Error("read ledger entries");
    return out;
  }

  StatusOr<uint64_t> EntryCount() override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT count(*) FROM ledger"));
    s->Step();
    uint64_t n = static_cast<uint64_t>(s->Int(0));
    s->Reset();
    return n;
  }

  StatusOr<std::optional<std::string>> GetMeta(std::string_view key) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT v FROM meta WHERE k=?"));
    s->BindText(1, key);
    std::optional<std::string> out;
    if (s->Step() == SQLITE_ROW) out = std::string(s->Blob(0));
    s->Reset();
    return out;
  }

  Status SetMeta(std::string_view key, std::string_view value) override {
    ASSIGN_OR_RETURN(Stmt * s, S("INSERT OR REPLACE INTO meta(k,v) VALUES(?,?)"));
    s->BindText(1, key);
    s->Bind(2, value);
    return Done(s, "write setting");
  }

  StatusOr<uint64_t> PutKey(int kind, std::string_view wrapped, int64_t time_us) override {
    ASSIGN_OR_RETURN(Stmt * s, S("INSERT INTO keys(kind,wrapped,created) VALUES(?,?,?)"));
    s->Bind(1, kind);
    s->Bind(2, wrapped);
    s->Bind(3, time_us);
    RETURN_IF_ERROR(Done(s, "store data key"));
    return static_cast<uint64_t>(sqlite3_last_insert_rowid(db_));
  }

  Status DestroyKey(uint64_t id, int64_t time_us) override {
    ASSIGN_OR_RETURN(Stmt * s, S("UPDATE keys SET wrapped=NULL, destroyed=? WHERE id=?"));
    s->Bind(1, time_us);
    s->Bind(2, static_cast<int64_t>(id));
    return Done(s, "destroy key");
  }

  StatusOr<std::string> GetKey(uint64_t id) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT wrapped FROM keys WHERE id=? AND destroyed IS NULL"));
    s->Bind(1, static_cast<int64_t>(id));
    std::optional<std::string> out;
    if (s->Step() == SQLITE_ROW) out = std::string(s->Blob(0));
    s->Reset();
    if (!out)
      return NotFound("data key " + std::to_string(id) + " does not exist or was destroyed");
    return *out;
  }

  void BindBatch(Stmt* s, const BatchRow& b) {
    s->Bind(1, static_cast<int64_t>(b.seq));
    s->Bind(2, b.time_us);
    s->BindText(3, b.source);
    s->Bind(4, static_cast<int64_t>(b.supplier));
    s->BindText(5, b.purpose);
    s->BindText(6, b.uploader);
    s->BindText(7, b.file);
    s->BindText(8, b.digest);
    s->Bind(9, static_cast<int64_t>(b.key_id));
    s->BindText(10, b.status);
    s->Bind(11, static_cast<int64_t>(b.records));
    s->Bind(12, static_cast<int64_t>(b.claims));
    s->Bind(13, static_cast<int64_t>(b.duplicates));
    s->Bind(14, static_cast<int64_t>(b.skipped));
    s->Bind(15, static_cast<int64_t>(b.objections));
  }

  StatusOr<uint64_t> InsertBatch(const BatchRow& b) override {
    ASSIGN_OR_RETURN(
        Stmt * s,
        S("INSERT INTO "
          "batches(seq,time,source,supplier,purpose,uploader,file,digest,key_id,status,records,"
          "claims,duplicates,skipped,objections) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    BindBatch(s, b);
    RETURN_IF_ERROR(Done(s, "insert batch"));
    return static_cast<uint64_t>(sqlite3_last_insert_rowid(db_));
  }

  Status UpdateBatch(const BatchRow& b) override {
    ASSIGN_OR_RETURN(
        Stmt * s, S("UPDATE batches SET "
                    "seq=?,time=?,source=?,supplier=?,purpose=?,uploader=?,file=?,digest=?,key_id=?"
                    ",status=?,records=?,claims=?,duplicates=?,skipped=?,objections=? WHERE id=?"));
    BindBatch(s, b);
    s->Bind(16, static_cast<int64_t>(b.id));
    return Done(s, "update batch");
  }

  StatusOr<BatchRow> GetBatch(uint64_t id) override {
    ASSIGN_OR_RETURN(Stmt * s,
                     S("SELECT "
                       "id,seq,time,source,supplier,purpose,uploader,file,digest,key_id,status,"
                       "records,claims,duplicates,skipped,objections FROM batches WHERE id=?"));
    s->Bind(1, static_cast<int64_t>(id));
    if (s->Step() != SQLITE_ROW) {
      s->Reset();
      return NotFound("batch " + std::to_string(id) + " not found");
    }
    BatchRow b;
    b.id = static_cast<uint64_t>(s->Int(0));
    b.seq = static_cast<uint64_t>(s->Int(1));
    b.time_us = s->Int(2);
    b.source = s->Text(3);
    b.supplier = static_cast<Supplier>(s->Int(4));
    b.purpose = s->Text(5);
    b.uploader = s->Text(6);
    b.file = s->Text(7);
    b.digest = s->Text(8);
    b.key_id = static_cast<uint64_t>(s->Int(9));
    b.status = s->Text(10);
    b.records = static_cast<uint64_t>(s->Int(11));
    b.claims = static_cast<uint64_t>(s->Int(12));
    b.duplicates = static_cast<uint64_t>(s->Int(13));
    b.skipped = static_cast<uint64_t>(s->Int(14));
    b.objections = static_cast<uint64_t>(s->Int(15));
    s->Reset();
    return b;
  }

  StatusOr<bool> HasFingerprint(std::string_view fp) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT 1 FROM fingerprints WHERE fp=?"));
    s->Bind(1, fp);
    bool found = s->Step() == SQLITE_ROW;
    s->Reset();
    return found;
  }

  Status InsertFingerprint(std::string_view fp, uint64_t rid) override {
    ASSIGN_OR_RETURN(Stmt * s, S("INSERT INTO fingerprints(fp,rid) VALUES(?,?)"));
    s->Bind(1, fp);
    s->Bind(2, static_cast<int64_t>(rid));
    return Done(s, "insert fingerprint");
  }

  StatusOr<uint64_t> InsertRecord(const RecordRow& r) override {
    ASSIGN_OR_RETURN(
        Stmt * s,
        S("INSERT INTO records(seq,off,len,batch,line,supplier,key_id) VALUES(?,?,?,?,?,?,?)"));
    s->Bind(1, static_cast<int64_t>(r.seq));
    s->Bind(2, r.off);
    s->Bind(3, r.len);
    s->Bind(4, static_cast<int64_t>(r.batch));
    s->Bind(5, static_cast<int64_t>(r.line));
    s->Bind(6, static_cast<int64_t>(r.supplier));
    s->Bind(7, static_cast<int64_t>(r.key_id));
    RETURN_IF_ERROR(Done(s, "insert record"));
    return static_cast<uint64_t>(sqlite3_last_insert_rowid(db_));
  }

  Status InsertClaim(std::string_view bidx, uint64_t rid, uint8_t type, Supplier sup) override {
    ASSIGN_OR_RETURN(Stmt * s,
                     S("INSERT OR IGNORE INTO claims(bidx,rid,type,supplier) VALUES(?,?,?,?)"));
    s->Bind(1, bidx);
    s->Bind(2, static_cast<int64_t>(rid));
    s->Bind(3, type);
    s->Bind(4, static_cast<int64_t>(sup));
    return Done(s, "insert claim");
  }

  static IdentifierRow ReadIdentifier(Stmt* s) {
    IdentifierRow r;
    r.bidx = std::string(s->Blob(0));
    r.type = static_cast<uint8_t>(s->Int(1));
    r.key_id = static_cast<uint64_t>(s->Int(2));
    r.blocked = s->Int(3) != 0;
    r.first_time_us = s->Int(4);
    r.subject = static_cast<uint64_t>(s->Int(5));
    r.shared = s->Int(6) != 0;
    r.claiming = static_cast<uint32_t>(s->Int(7));
    return r;
  }

  StatusOr<std::optional<IdentifierRow>> GetIdentifier(std::string_view bidx) override {
    ASSIGN_OR_RETURN(Stmt * s,
                     S("SELECT bidx,type,key_id,blocked,first_time,subject,shared,claiming FROM "
                       "identifiers WHERE bidx=?"));
    s->Bind(1, bidx);
    std::optional<IdentifierRow> out;
    if (s->Step() == SQLITE_ROW) out = ReadIdentifier(s);
    s->Reset();
    return out;
  }

  Status UpsertIdentifier(const IdentifierRow& r) override {
    ASSIGN_OR_RETURN(
        Stmt * s,
        S("INSERT INTO identifiers(bidx,type,key_id,blocked,first_time,subject,shared,claiming) "
          "VALUES(?,?,?,?,?,?,?,?) "
          "ON CONFLICT(bidx) DO UPDATE SET key_id=excluded.key_id WHERE key_id=0"));
    s->Bind(1, r.bidx);
    s->Bind(2, r.type);
    s->Bind(3, static_cast<int64_t>(r.key_id));
    s->Bind(4, r.blocked ? 1 : 0);
    s->Bind(5, r.first_time_us);
    s->Bind(6, static_cast<int64_t>(r.subject));
    s->Bind(7, r.shared ? 1 : 0);
    s->Bind(8, r.claiming);
    return Done(s, "upsert identifier");
  }

  static RecordRow ReadRecord(Stmt* s) {
    RecordRow r;
    r.rid = static_cast<uint64_t>(s->Int(0));
    r.seq = static_cast<uint64_t>(s->Int(1));
    r.off = static_cast<uint32_t>(s->Int(2));
    r.len = static_cast<uint32_t>(s->Int(3));
    r.batch = static_cast<uint64_t>(s->Int(4));
    r.line = static_cast<uint64_t>(s->Int(5));
    r.supplier = static_cast<Supplier>(s->Int(6));
    r.key_id = static_cast<uint64_t>(s->Int(7));
    return r;
  }

  StatusOr<std::vector<RecordRow>> RecordsClaiming(std::string_view bidx) override {
    ASSIGN_OR_RETURN(Stmt * s,
                     S("SELECT r.rid,r.seq,r.off,r.len,r.batch,r.line,r.supplier,r.key_id FROM "
                       "claims c JOIN records r ON r.rid=c.rid WHERE c.bidx=? ORDER BY r.rid"));
    s->Bind(1, bidx);
    std::vector<RecordRow> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) out.push_back(ReadRecord(s));
    s->Reset();
    if (rc != SQLITE_DONE) return Error("read claims");
    return out;
  }

  StatusOr<RecordRow> GetRecord(uint64_t rid) override {
    ASSIGN_OR_RETURN(
        Stmt * s, S("SELECT rid,seq,off,len,batch,line,supplier,key_id FROM records WHERE rid=?"));
    s->Bind(1, static_cast<int64_t>(rid));
    if (s->Step() != SQLITE_ROW) {
      s->Reset();
      return NotFound("record " + std::to_string(rid) + " not found");
    }
    RecordRow r = ReadRecord(s);
    s->Reset();
    return r;
  }

  StatusOr<std::vector<IdentifierRow>> IdentifiersOfSubject(uint64_t subject) override {
    ASSIGN_OR_RETURN(
        Stmt * s,
        S("SELECT bidx,type,key_id,blocked,first_time,subject,shared,claiming FROM "
          "identifiers WHERE subject=? AND subject<>0"));  // <>0: use the partial index
    s->Bind(1, static_cast<int64_t>(subject));
    std::vector<IdentifierRow> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) out.push_back(ReadIdentifier(s));
    s->Reset();
    if (rc != SQLITE_DONE) return Error("read subject");
    return out;
  }

  Status InsertObjection(const ObjectionRow& o) override {
    ASSIGN_OR_RETURN(
        Stmt * s,
        S("INSERT OR IGNORE INTO objections(bidx,purpose,seq,time,source) VALUES(?,?,?,?,?)"));
    s->Bind(1, o.bidx);
    s->BindText(2, o.purpose);
    s->Bind(3, static_cast<int64_t>(o.seq));
    s->Bind(4, o.time_us);
    s->BindText(5, o.source);
    return Done(s, "insert objection");
  }

  StatusOr<std::vector<ObjectionRow>> ObjectionsFor(std::string_view bidx) override {
    ASSIGN_OR_RETURN(
        Stmt * s,
        S("SELECT bidx,purpose,seq,time,source FROM objections WHERE bidx=? ORDER BY seq"));
    s->Bind(1, bidx);
    std::vector<ObjectionRow> out;
    while (s->Step() == SQLITE_ROW) {
      out.push_back({std::string(s->Blob(0)), s->Text(1), static_cast<uint64_t>(s->Int(2)),
                     s->Int(3), s->Text(4)});
    }
    s->Reset();
    return out;
  }

  Status InsertConsent(const ConsentRow& c) override {
    ASSIGN_OR_RETURN(Stmt * s, S("INSERT INTO consents(bidx,purpose,state,time,expires,source,seq,"
                                 "evidence) VALUES(?,?,?,?,?,?,?,?)"));
    s->Bind(1, c.bidx);
    s->BindText(2, c.purpose);
    s->Bind(3, c.state);
    s->Bind(4, c.time_us);
    s->Bind(5, c.expires_us);
    s->BindText(6, c.source);
    s->Bind(7, static_cast<int64_t>(c.seq));
    s->Bind(8, c.evidence);
    return Done(s, "insert consent");
  }

  StatusOr<std::vector<ConsentRow>> ConsentsFor(std::string_view bidx) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT bidx,purpose,state,time,expires,source,seq,evidence FROM "
                                 "consents WHERE bidx=? ORDER BY seq"));
    s->Bind(1, bidx);
    std::vector<ConsentRow> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) {
      out.push_back({std::string(s->Blob(0)), s->Text(1), static_cast<uint8_t>(s->Int(2)),
                     s->Int(3), s->Int(4), s->Text(5), static_cast<uint64_t>(s->Int(6)),
                     std::string(s->Blob(7))});
    }
    s->Reset();
    if (rc != SQLITE_DONE) return Error("read consents");
    return out;
  }

  Status ScanResolutionClaims(const std::function<void(const ResolutionClaim&)>& fn) override {
    Stmt s;
    RETURN_IF_ERROR(s.Prepare(
        db_,
        "SELECT c.bidx,c.rid,c.type,i.bidx IS NOT NULL,i.blocked,i.subject,i.shared,i.claiming "
        "FROM claims c LEFT JOIN identifiers i ON i.bidx=c.bidx "
        "WHERE c.supplier IN (1,2) ORDER BY c.bidx"));
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      fn(ResolutionClaim{s.Blob(0), static_cast<uint64_t>(s.Int(1)), static_cast<uint8_t>(s.Int(2)),
                         s.Int(3) != 0, s.Int(4) != 0, static_cast<uint64_t>(s.Int(5)),
                         s.Int(6) != 0, static_cast<uint32_t>(s.Int(7))});
    }
    if (rc != SQLITE_DONE) return Error("scan claims");
    return Status::Ok();
  }

  Status UpdateSubjects(const std::vector<IdentifierRow>& rows) override {
    ASSIGN_OR_RETURN(Stmt * upd,
                     S("UPDATE identifiers SET subject=?,shared=?,claiming=? WHERE bidx=?"));
    for (const IdentifierRow& r : rows) {
      upd->Bind(1, static_cast<int64_t>(r.subject));
      upd->Bind(2, r.shared ? 1 : 0);
      upd->Bind(3, r.claiming);
      upd->Bind(4, r.bidx);
      RETURN_IF_ERROR(Done(upd, "update identifier"));
    }
    return Status::Ok();
  }

  Status ScanSubjectClaims(const std::function<Status(const SubjectClaimRow&)>& fn) override {
    Stmt s;
    RETURN_IF_ERROR(s.Prepare(
        db_,
        "SELECT i.subject,i.bidx,i.type,i.blocked,i.shared,i.claiming,"
        "r.rid,r.seq,r.off,r.len,r.batch,r.line,r.supplier,r.key_id "
        "FROM identifiers i JOIN claims c ON c.bidx=i.bidx JOIN records r ON r.rid=c.rid "
        // identifiers_by_subject yields (subject, bidx) order and claims' key (bidx, rid) the
        // rids in order: no sort. (Adding r.rid to ORDER BY makes SQLite sort everything.)
        "WHERE i.subject<>0 ORDER BY i.subject,i.bidx"));
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      SubjectClaimRow row;
      row.subject = static_cast<uint64_t>(s.Int(0));
      row.bidx = s.Blob(1);
      row.type = static_cast<uint8_t>(s.Int(2));
      row.blocked = s.Int(3) != 0;
      row.shared = s.Int(4) != 0;
      row.claiming = static_cast<uint32_t>(s.Int(5));
      RecordRow& r = row.record;
      r.rid = static_cast<uint64_t>(s.Int(6));
      r.seq = static_cast<uint64_t>(s.Int(7));
      r.off = static_cast<uint32_t>(s.Int(8));
      r.len = static_cast<uint32_t>(s.Int(9));
      r.batch = static_cast<uint64_t>(s.Int(10));
      r.line = static_cast<uint64_t>(s.Int(11));
      r.supplier = static_cast<Supplier>(s.Int(12));
      r.key_id = static_cast<uint64_t>(s.Int(13));
      RETURN_IF_ERROR(fn(row));
    }
    if (rc != SQLITE_DONE) return Error("scan subject claims");
    return Status::Ok();
  }

  Status InsertRestriction(const RestrictionRow& r) override {
    ASSIGN_OR_RETURN(Stmt * s, S("INSERT INTO restrictions(bidx,seq,restricted,time) "
                                 "VALUES(?,?,?,?)"));
    s->Bind(1, r.bidx);
    s->Bind(2, static_cast<int64_t>(r.seq));
    s->Bind(3, r.restricted ? 1 : 0);
    s->Bind(4, r.time_us);
    return Done(s, "insert restriction");
  }

  StatusOr<std::vector<RestrictionRow>> RestrictionsFor(std::string_view bidx) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT bidx,restricted,seq,time FROM restrictions WHERE bidx=? "
                                 "ORDER BY seq"));
    s->Bind(1, bidx);
    std::vector<RestrictionRow> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) {
      out.push_back(
          {std::string(s->Blob(0)), s->Int(1) != 0, static_cast<uint64_t>(s->Int(2)), s->Int(3)});
    }
    s->Reset();
    if (rc != SQLITE_DONE) return Error("read restrictions");
    return out;
  }

  Status ScanSubjectRestrictions(
      const std::function<Status(uint64_t, const RestrictionRow&)>& fn) override {
    Stmt s;
    RETURN_IF_ERROR(s.Prepare(db_,
                              "SELECT i.subject,r.bidx,r.restricted,r.seq,r.time FROM "
                              "restrictions r JOIN identifiers i ON i.bidx=r.bidx "
                              "WHERE i.subject<>0 ORDER BY r.seq"));
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      RestrictionRow r{std::string(s.Blob(1)), s.Int(2) != 0, static_cast<uint64_t>(s.Int(3)),
                       s.Int(4)};
      RETURN_IF_ERROR(fn(static_cast<uint64_t>(s.Int(0)), r));
    }
    if (rc != SQLITE_DONE) return Error("scan restrictions");
    return Status::Ok();
  }

  Status ScanSubjectConsents(
      const std::function<Status(uint64_t, const ConsentRow&)>& fn) override {
    Stmt s;
    RETURN_IF_ERROR(s.Prepare(db_,
                              "SELECT i.subject,c.bidx,c.purpose,c.state,c.time,c.expires,"
                              "c.source,c.seq FROM consents c JOIN identifiers i ON "
                              "i.bidx=c.bidx WHERE i.subject<>0 ORDER BY c.seq"));
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      ConsentRow c{std::string(s.Blob(1)),
                   s.Text(2),
                   static_cast<uint8_t>(s.Int(3)),
                   s.Int(4),
                   s.Int(5),
                   s.Text(6),
                   static_cast<uint64_t>(s.Int(7)),
                   {}};
      RETURN_IF_ERROR(fn(static_cast<uint64_t>(s.Int(0)), c));
    }
    if (rc != SQLITE_DONE) return Error("scan consents");
    return Status::Ok();
  }

  Status ScanSubjectObjections(
      const std::function<Status(uint64_t, const ObjectionRow&)>& fn) override {
    Stmt s;
    RETURN_IF_ERROR(s.Prepare(db_,
                              "SELECT i.subject,o.bidx,o.purpose,o.seq,o.time,o.source FROM "
                              "objections o JOIN identifiers i ON i.bidx=o.bidx "
                              "WHERE i.subject<>0 ORDER BY o.seq"));
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      ObjectionRow o{std::string(s.Blob(1)), s.Text(2), static_cast<uint64_t>(s.Int(3)), s.Int(4),
                     s.Text(5)};
      RETURN_IF_ERROR(fn(static_cast<uint64_t>(s.Int(0)), o));
    }
    if (rc != SQLITE_DONE) return Error("scan objections");
    return Status::Ok();
  }

  StatusOr<std::optional<std::string>> GetDerived(std::string_view name) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT v FROM derived WHERE name=?"));
    s->BindText(1, name);
    std::optional<std::string> out;
    int rc = s->Step();
    if (rc == SQLITE_ROW) out = std::string(s->Blob(0));
    s->Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("read derived");
    return out;
  }

  Status PutDerived(std::string_view name, std::string_view value) override {
    ASSIGN_OR_RETURN(Stmt * s, S("INSERT OR REPLACE INTO derived(name,v) VALUES(?,?)"));
    s->BindText(1, name);
    s->Bind(2, value);
    return Done(s, "write derived");
  }

  Status DeleteDerived(std::string_view prefix) override {
    ASSIGN_OR_RETURN(Stmt * s, S("DELETE FROM derived WHERE substr(name,1,?)=?"));
    s->Bind(1, static_cast<int64_t>(prefix.size()));
    s->BindText(2, prefix);
    return Done(s, "delete derived");
  }

  Status PutAudience(const AudienceRow& a) override {
    ASSIGN_OR_RETURN(Stmt * s, S("INSERT OR REPLACE INTO audiences(name,purpose,filter,seq,time,"
                                 "actor) VALUES(?,?,?,?,?,?)"));
    s->BindText(1, a.name);
    s->BindText(2, a.purpose);
    s->BindText(3, a.filter);
    s->Bind(4, static_cast<int64_t>(a.seq));
    s->Bind(5, a.time_us);
    s->BindText(6, a.actor);
    return Done(s, "write audience");
  }

  static AudienceRow ReadAudience(Stmt* s) {
    return {s->Text(0), s->Text(1), s->Text(2), static_cast<uint64_t>(s->Int(3)),
            s->Int(4),  s->Text(5)};
  }

  StatusOr<std::optional<AudienceRow>> GetAudience(std::string_view name) override {
    ASSIGN_OR_RETURN(Stmt * s,
                     S("SELECT name,purpose,filter,seq,time,actor FROM audiences WHERE name=?"));
    s->BindText(1, name);
    std::optional<AudienceRow> out;
    int rc = s->Step();
    if (rc == SQLITE_ROW) out = ReadAudience(s);
    s->Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("read audience");
    return out;
  }

  StatusOr<std::vector<AudienceRow>> ListAudiences() override {
    ASSIGN_OR_RETURN(Stmt * s,
                     S("SELECT name,purpose,filter,seq,time,actor FROM audiences ORDER BY name"));
    std::vector<AudienceRow> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) out.push_back(ReadAudience(s));
    s->Reset();
    if (rc != SQLITE_DONE) return Error("list audiences");
    return out;
  }

  Status InsertExport(const ExportRow& e) override {
    ASSIGN_OR_RETURN(Stmt * s, S("INSERT INTO exports(seq,audience,time,recipient,purpose,format,"
                                 "identifiers) VALUES(?,?,?,?,?,?,?)"));
    s->Bind(1, static_cast<int64_t>(e.seq));
    s->BindText(2, e.audience);
    s->Bind(3, e.time_us);
    s->BindText(4, e.recipient);
    s->BindText(5, e.purpose);
    s->BindText(6, e.format);
    s->Bind(7, static_cast<int64_t>(e.identifiers));
    return Done(s, "write export");
  }

  StatusOr<std::vector<ExportRow>> ReadExports(Stmt* s) {
    std::vector<ExportRow> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) {
      out.push_back({static_cast<uint64_t>(s->Int(0)), s->Text(1), s->Int(2), s->Text(3),
                     s->Text(4), s->Text(5), static_cast<uint64_t>(s->Int(6))});
    }
    s->Reset();
    if (rc != SQLITE_DONE) return Error("read exports");
    return out;
  }

  StatusOr<std::vector<ExportRow>> ExportsOf(std::string_view audience) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT seq,audience,time,recipient,purpose,format,identifiers "
                                 "FROM exports WHERE audience=? ORDER BY seq"));
    s->BindText(1, audience);
    return ReadExports(s);
  }

  StatusOr<std::vector<ExportRow>> ListExports() override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT seq,audience,time,recipient,purpose,format,identifiers "
                                 "FROM exports ORDER BY seq"));
    return ReadExports(s);
  }

  StatusOr<std::vector<BatchRow>> ListBatches() override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT id FROM batches WHERE supplier=3 ORDER BY id"));
    std::vector<uint64_t> ids;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) ids.push_back(static_cast<uint64_t>(s->Int(0)));
    s->Reset();
    if (rc != SQLITE_DONE) return Error("list batches");
    std::vector<BatchRow> out;
    for (uint64_t id : ids) {
      ASSIGN_OR_RETURN(BatchRow b, GetBatch(id));
      out.push_back(std::move(b));
    }
    return out;
  }

  StatusOr<std::vector<uint64_t>> RecordsClaimingAny(
      const std::vector<std::string>& bidxs) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT rid FROM claims WHERE bidx=?"));
    std::vector<uint64_t> out;
    for (const std::string& b : bidxs) {
      s->Bind(1, b);
      int rc;
      while ((rc = s->Step()) == SQLITE_ROW) out.push_back(static_cast<uint64_t>(s->Int(0)));
      s->Reset();
      if (rc != SQLITE_DONE) return Error("read claims");
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  StatusOr<std::vector<uint64_t>> RecordsOfBatch(uint64_t batch) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT rid FROM records WHERE batch=? ORDER BY rid"));
    s->Bind(1, static_cast<int64_t>(batch));
    std::vector<uint64_t> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) out.push_back(static_cast<uint64_t>(s->Int(0)));
    s->Reset();
    if (rc != SQLITE_DONE) return Error("read batch records");
    return out;
  }

  StatusOr<std::vector<std::string>> DeleteRecords(const std::vector<uint64_t>& rids,
                                                   int64_t time_us) override {
    // A temporary table of the rids lets each delete run as one statement.
    RETURN_IF_ERROR(
        Exec("CREATE TEMP TABLE IF NOT EXISTS doomed(rid INTEGER PRIMARY KEY);"
             "DELETE FROM doomed;"));
    ASSIGN_OR_RETURN(Stmt * ins, S("INSERT OR IGNORE INTO doomed(rid) VALUES(?)"));
    for (uint64_t rid : rids) {
      ins->Bind(1, static_cast<int64_t>(rid));
      RETURN_IF_ERROR(Done(ins, "mark record"));
    }
    std::vector<std::string> bidxs;
    {
      Stmt q;
      RETURN_IF_ERROR(q.Prepare(db_,
                                "SELECT DISTINCT bidx FROM claims WHERE rid IN "
                                "(SELECT rid FROM doomed)"));
      int rc;
      while ((rc = q.Step()) == SQLITE_ROW) bidxs.emplace_back(q.Blob(0));
      if (rc != SQLITE_DONE) return Error("read doomed claims");
    }
    Stmt keys;
    RETURN_IF_ERROR(keys.Prepare(db_,
                                 "UPDATE keys SET wrapped=NULL, destroyed=? WHERE id IN "
                                 "(SELECT key_id FROM records WHERE rid IN "
                                 "(SELECT rid FROM doomed))"));
    keys.Bind(1, time_us);
    if (keys.Step() != SQLITE_DONE) return Error("destroy record keys");
    RETURN_IF_ERROR(
        Exec("DELETE FROM claims WHERE rid IN (SELECT rid FROM doomed);"
             "DELETE FROM fingerprints WHERE rid IN (SELECT rid FROM doomed);"
             "DELETE FROM records WHERE rid IN (SELECT rid FROM doomed);"
             "DELETE FROM doomed;"));
    return bidxs;
  }

  StatusOr<bool> DeleteIdentifierIfUnclaimed(std::string_view bidx) override {
    ASSIGN_OR_RETURN(Stmt * s, S("DELETE FROM identifiers WHERE bidx=?1 AND NOT EXISTS "
                                 "(SELECT 1 FROM claims WHERE bidx=?1)"));
    s->Bind(1, bidx);
    RETURN_IF_ERROR(Done(s, "delete identifier"));
    return sqlite3_changes(db_) > 0;
  }

  Status DeleteIdentifier(std::string_view bidx) override {
    for (const char* sql :
         {"DELETE FROM identifiers WHERE bidx=?", "DELETE FROM consents WHERE bidx=?",
          "DELETE FROM objections WHERE bidx=?", "DELETE FROM restrictions WHERE bidx=?"}) {
      ASSIGN_OR_RETURN(Stmt * s, S(sql));
      s->Bind(1, bidx);
      RETURN_IF_ERROR(Done(s, "delete identifier data"));
    }
    return Status::Ok();
  }

  Status InsertSuppression(std::string_view bidx, uint64_t seq, int64_t time_us) override {
    ASSIGN_OR_RETURN(Stmt * s,
                     S("INSERT OR IGNORE INTO suppressions(bidx,seq,time) VALUES(?,?,?)"));
    s->Bind(1, bidx);
    s->Bind(2, static_cast<int64_t>(seq));
    s->Bind(3, time_us);
    return Done(s, "insert suppression");
  }

  // Every value of a one-column query of blobs, through a statement of its own (a long scan
  // must not hold a cached statement another call may need meanwhile).
  Status ScanBlobs(const char* sql, const char* what,
                   const std::function<void(std::string_view)>& fn) {
    Stmt s;
    RETURN_IF_ERROR(s.Prepare(db_, sql));
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) fn(s.Blob(0));
    if (rc != SQLITE_DONE) return Error(what);
    return Status::Ok();
  }

  Status ScanSuppressions(const std::function<void(std::string_view)>& fn) override {
    return ScanBlobs("SELECT bidx FROM suppressions ORDER BY bidx", "scan suppressions", fn);
  }

  Status ScanEventIds(const std::function<void(std::string_view)>& fn) override {
    return ScanBlobs("SELECT mid FROM event_ids", "scan event ids", fn);
  }

  Status CheckpointPassive() override {
    if (sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr) !=
        SQLITE_OK) {
      return Error("checkpoint");
    }
    return Status::Ok();
  }

  Status SetAutoCheckpointPages(int pages) override {
    const std::string sql = "PRAGMA wal_autocheckpoint=" + std::to_string(pages);
    return Exec(sql.c_str());
  }

  Status SetCacheKib(int64_t kib) override {
    const std::string sql = "PRAGMA cache_size=" + std::to_string(-kib);
    return Exec(sql.c_str());
  }

  Status Checkpoint() override {
    int log = 0, done = 0;
    if (sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log, &done) !=
        SQLITE_OK) {
      return Error("checkpoint");
    }
    return Status::Ok();
  }

  Status ScanThirdPartyClaims(
      const std::function<Status(std::string_view, const RecordRow&, int64_t)>& fn) override {
    Stmt s;
    RETURN_IF_ERROR(s.Prepare(db_,
                              "SELECT c.bidx,r.rid,r.seq,r.off,r.len,r.batch,r.line,r.supplier,"
                              "r.key_id,b.time FROM claims c JOIN records r ON r.rid=c.rid "
                              "JOIN batches b ON b.id=r.batch WHERE c.supplier=3 ORDER BY c.bidx"));
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      RecordRow r;
      r.rid = static_cast<uint64_t>(s.Int(1));
      r.seq = static_cast<uint64_t>(s.Int(2));
      r.off = static_cast<uint32_t>(s.Int(3));
      r.len = static_cast<uint32_t>(s.Int(4));
      r.batch = static_cast<uint64_t>(s.Int(5));
      r.line = static_cast<uint64_t>(s.Int(6));
      r.supplier = static_cast<Supplier>(s.Int(7));
      r.key_id = static_cast<uint64_t>(s.Int(8));
      RETURN_IF_ERROR(fn(s.Blob(0), r, s.Int(9)));
    }
    if (rc != SQLITE_DONE) return Error("scan third-party claims");
    return Status::Ok();
  }

  Status InsertNotice(std::string_view bidx, uint64_t seq, int64_t time_us) override {
    ASSIGN_OR_RETURN(Stmt * s, S("INSERT OR REPLACE INTO notices(bidx,seq,time) VALUES(?,?,?)"));
    s->Bind(1, bidx);
    s->Bind(2, static_cast<int64_t>(seq));
    s->Bind(3, time_us);
    return Done(s, "insert notice");
  }

  StatusOr<bool> NoticeSent(std::string_view bidx) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT 1 FROM notices WHERE bidx=?"));
    s->Bind(1, bidx);
    int rc = s->Step();
    s->Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("read notices");
    return rc == SQLITE_ROW;
  }

  StatusOr<bool> InsertEventId(std::string_view mid) override {
    ASSIGN_OR_RETURN(Stmt * s, S("INSERT OR IGNORE INTO event_ids(mid) VALUES(?)"));
    s->Bind(1, mid);
    RETURN_IF_ERROR(Done(s, "insert event id"));
    return sqlite3_changes(db_) > 0;
  }

  StatusOr<bool> HasEventId(std::string_view mid) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT 1 FROM event_ids WHERE mid=?"));
    s->Bind(1, mid);
    int rc = s->Step();
    s->Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("read event ids");
    return rc == SQLITE_ROW;
  }

  Status InsertEvent(const EventRow& e) override {
    // Clustered by owner: a person's events are one range of the table, read in one scan.
    ASSIGN_OR_RETURN(Stmt * s, S("INSERT OR IGNORE INTO events(owner,time,type,seq,off,len,key_id) "
                                 "VALUES(?,?,?,?,?,?,?)"));
    s->Bind(1, e.owner);
    s->Bind(2, e.time_us);
    s->Bind(3, static_cast<int64_t>(e.type));
    s->Bind(4, static_cast<int64_t>(e.seq));
    s->Bind(5, static_cast<int64_t>(e.off));
    s->Bind(6, static_cast<int64_t>(e.len));
    s->Bind(7, static_cast<int64_t>(e.key_id));
    return Done(s, "insert event");
  }

  StatusOr<std::optional<uint64_t>> EventKeyOf(std::string_view owner) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT key_id FROM event_owners WHERE owner=?"));
    s->Bind(1, owner);
    std::optional<uint64_t> out;
    int rc = s->Step();
    if (rc == SQLITE_ROW) out = static_cast<uint64_t>(s->Int(0));
    s->Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("read event owner");
    return out;
  }

  Status PutEventOwner(std::string_view owner, uint64_t key_id, int64_t time_us) override {
    ASSIGN_OR_RETURN(Stmt * s, S("INSERT INTO event_owners(owner,key_id,created) VALUES(?,?,?)"));
    s->Bind(1, owner);
    s->Bind(2, static_cast<int64_t>(key_id));
    s->Bind(3, time_us);
    return Done(s, "insert event owner");
  }

  Status InsertEventLink(std::string_view anonymous, std::string_view owner, uint64_t seq,
                         int64_t time_us) override {
    ASSIGN_OR_RETURN(Stmt * s, S("INSERT OR IGNORE INTO event_links(owner,anon,seq,time) "
                                 "VALUES(?,?,?,?)"));
    s->Bind(1, owner);
    s->Bind(2, anonymous);
    s->Bind(3, static_cast<int64_t>(seq));
    s->Bind(4, time_us);
    return Done(s, "insert event link");
  }

  StatusOr<std::vector<std::string>> LinkedAnonymousOwners(
      const std::vector<std::string>& owners) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT anon FROM event_links WHERE owner=?"));
    std::vector<std::string> out;
    for (const std::string& o : owners) {
      s->Bind(1, o);
      int rc;
      while ((rc = s->Step()) == SQLITE_ROW) out.emplace_back(s->Blob(0));
      s->Reset();
      if (rc != SQLITE_DONE) return Error("read event links");
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  StatusOr<std::vector<std::string>> OwnersLinkedFrom(std::string_view anonymous) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT owner FROM event_links WHERE anon=? ORDER BY seq"));
    s->Bind(1, anonymous);
    std::vector<std::string> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) out.emplace_back(s->Blob(0));
    s->Reset();
    if (rc != SQLITE_DONE) return Error("read event links");
    return out;
  }

  StatusOr<std::vector<EventRow>> EventsOfOwners(const std::vector<std::string>& owners,
                                                 size_t limit) override {
    ASSIGN_OR_RETURN(Stmt * s,
                     S("SELECT owner,time,type,seq,off,len,key_id FROM events WHERE owner=? "
                       "ORDER BY time DESC, seq DESC, off DESC LIMIT ?"));
    std::vector<EventRow> out;
    for (const std::string& o : owners) {
      s->Bind(1, o);
      s->Bind(2, limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));
      int rc;
      while ((rc = s->Step()) == SQLITE_ROW) {
        EventRow e;
        e.owner = std::string(s->Blob(0));
        e.time_us = s->Int(1);
        e.type = static_cast<uint8_t>(s->Int(2));
        e.seq = static_cast<uint64_t>(s->Int(3));
        e.off = static_cast<uint32_t>(s->Int(4));
        e.len = static_cast<uint32_t>(s->Int(5));
        e.key_id = static_cast<uint64_t>(s->Int(6));
        out.push_back(std::move(e));
      }
      s->Reset();
      if (rc != SQLITE_DONE) return Error("read events");
    }
    // Owners' lists are each newest first; merged the same way.
    std::sort(out.begin(), out.end(), [](const EventRow& a, const EventRow& b) {
      if (a.time_us != b.time_us) return a.time_us > b.time_us;
      return a.seq != b.seq ? a.seq > b.seq : a.off > b.off;
    });
    if (limit != 0 && out.size() > limit) out.resize(limit);
    return out;
  }

  StatusOr<uint64_t> DeleteEventsOfOwners(const std::vector<std::string>& owners,
                                          int64_t time_us) override {
    uint64_t deleted = 0;
    ASSIGN_OR_RETURN(Stmt * keys, S("UPDATE keys SET wrapped=NULL, destroyed=? WHERE id IN "
                                    "(SELECT key_id FROM event_owners WHERE owner=? UNION "
                                    "SELECT DISTINCT key_id FROM events WHERE owner=?)"));
    ASSIGN_OR_RETURN(Stmt * events, S("DELETE FROM events WHERE owner=?"));
    ASSIGN_OR_RETURN(Stmt * owner_row, S("DELETE FROM event_owners WHERE owner=?"));
    ASSIGN_OR_RETURN(Stmt * links, S("DELETE FROM event_links WHERE owner=?1 OR anon=?1"));
    for (const std::string& o : owners) {
      keys->Bind(1, time_us);
      keys->Bind(2, o);
      keys->Bind(3, o);
      RETURN_IF_ERROR(Done(keys, "destroy event keys"));
      events->Bind(1, o);
      RETURN_IF_ERROR(Done(events, "delete events"));
      deleted += static_cast<uint64_t>(sqlite3_changes(db_));
      owner_row->Bind(1, o);
      RETURN_IF_ERROR(Done(owner_row, "delete event owner"));
      links->Bind(1, o);
      RETURN_IF_ERROR(Done(links, "delete event links"));
    }
    return deleted;
  }

  StatusOr<bool> IsSuppressed(std::string_view bidx) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT 1 FROM suppressions WHERE bidx=?"));
    s->Bind(1, bidx);
    int rc = s->Step();
    s->Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("read suppressions");
    return rc == SQLITE_ROW;
  }

  StatusOr<std::vector<std::pair<std::string, uint8_t>>> ClaimsOfRecord(uint64_t rid) override {
    ASSIGN_OR_RETURN(Stmt * s, S("SELECT bidx,type FROM claims WHERE rid=? ORDER BY bidx"));
    s->Bind(1, static_cast<int64_t>(rid));
    std::vector<std::pair<std::string, uint8_t>> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) {
      out.emplace_back(std::string(s->Blob(0)), static_cast<uint8_t>(s->Int(1)));
    }
    s->Reset();
    if (rc != SQLITE_DONE) return Error("read record claims");
    return out;
  }

  StatusOr<StoreStats> Stats() override {
    Stmt s;
    RETURN_IF_ERROR(
        s.Prepare(db_,
                  "SELECT (SELECT count(DISTINCT subject) FROM identifiers WHERE subject<>0),"
                  " (SELECT count(*) FROM identifiers),"
                  " (SELECT count(*) FROM identifiers i WHERE NOT EXISTS"
                  "   (SELECT 1 FROM claims c WHERE c.bidx=i.bidx AND c.supplier<>3)),"
                  " (SELECT count(*) FROM identifiers WHERE shared<>0),"
                  " (SELECT count(*) FROM identifiers WHERE blocked<>0),"
                  " (SELECT count(*) FROM records), (SELECT count(*) FROM batches),"
                  " (SELECT count(*) FROM ledger)"));
    if (s.Step() != SQLITE_ROW) return Error("stats");
    StoreStats st;
    uint64_t* f[] = {&st.subjects,
                     &st.identifiers,
                     &st.shadow_identifiers,
                     &st.shared_identifiers,
                     &st.blocked_identifiers,
                     &st.records,
                     &st.batches,
                     &st.ledger_entries};
    for (int i = 0; i < 8; ++i) *f[i] = static_cast<uint64_t>(s.Int(i));
    return st;
  }

 private:
  sqlite3* db_;
  std::map<const char*, std::unique_ptr<Stmt>> stmts_;
};

}  // namespace

std::string_view SupplierName(Supplier s) {
  switch (s) {
    case Supplier::kSelf:
      return "self";
    case Supplier::kFirstParty:
      return "first_party";
    case Supplier::kThirdParty:
      return "third_party";
    case Supplier::kDevice:
      return "device";
  }
  return "unknown";
}

std::optional<Supplier> ParseSupplier(std::string_view name) {
  if (name == "self") return Supplier::kSelf;
  if (name == "first_party") return Supplier::kFirstParty;
  if (name == "third_party") return Supplier::kThirdParty;
  if (name == "device") return Supplier::kDevice;
  return std::nullopt;
}

StatusOr<std::unique_ptr<Storage>> OpenSqliteStorage(const std::string& path, bool create) {
  struct stat st {};
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && !create) {
    return NotFound("no Daylight store at " + path +
                    " (run `daylight init`, or pass --db / set DAYLIGHT_DB)");
  }
  if (exists && create) return AlreadyExists("a file already exists at " + path);
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string m = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return IOError("cannot open " + path + ": " + m);
  }
  auto storage = std::make_unique<SqliteStorage>(db);
  sqlite3_busy_timeout(db, 10000);
  RETURN_IF_ERROR(storage->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;"
      "PRAGMA foreign_keys=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;"));
  if (create) {
    RETURN_IF_ERROR(storage->Exec("BEGIN"));
    RETURN_IF_ERROR(storage->Exec(kSchema));
    RETURN_IF_ERROR(storage->Exec(kSchemaV2));
    RETURN_IF_ERROR(storage->Exec(kSchemaV3));
    RETURN_IF_ERROR(storage->SetMeta("schema_version", std::to_string(kSchemaVersion)));
    RETURN_IF_ERROR(storage->Exec("COMMIT"));
  } else {
    auto v = storage->GetMeta("schema_version");
    if (!v.ok()) return FailedPrecondition(path + " is not a Daylight store");
    if (v->has_value() && (**v == "1" || **v == "2")) {
      // Versions 2 and 3 only add tables and indexes: upgrade in place, atomically.
      const bool from_v1 = **v == "1";
      RETURN_IF_ERROR(storage->Exec("BEGIN IMMEDIATE"));
      Status up = from_v1 ? storage->Exec(kSchemaV2) : Status::Ok();
      if (up.ok()) up = storage->Exec(kSchemaV3);
      if (up.ok()) up = storage->SetMeta("schema_version", std::to_string(kSchemaVersion));
      if (!up.ok()) {
        (void)storage->Exec("ROLLBACK");
        return up;
      }
      RETURN_IF_ERROR(storage->Exec("COMMIT"));
      v = storage->GetMeta("schema_version");
      if (!v.ok()) return v.status();
    }
    if (!v->has_value() || **v != std::to_string(kSchemaVersion)) {
      return FailedPrecondition(path + ": unsupported store schema version");
    }
  }
  return std::unique_ptr<Storage>(std::move(storage));
}

}  // namespace dl
