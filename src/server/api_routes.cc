// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// /api/v1: the CLI's operations over HTTP, with the CLI's JSON shapes (src/store/json_views.h).
// Each endpoint is a function run on the work executor's thread with the store; the wrapper in
// RegisterApiRoutes authenticates, checks the scope and CSRF, and turns a Status into a JSON
// error. Request bodies and identifiers never reach a log line or an error message.
#include "server/api_routes.h"

#include <charconv>
#include <exception>
#include <filesystem>
#include <memory>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "daylight/record_reader.h"
#include "daylight/rights_report.h"
#include "daylight/store.h"
#include "daylight/verification.h"

#include "server/auth.h"
#include "server/rate_limiter.h"
#include "server/rights_requests.h"
#include "server/routes.h"
#include "store/credentials.h"
#include "store/json_views.h"
#include "util/secret.h"
#include "util/time_util.h"

namespace dl::embedded {
extern const std::string_view kOpenApiJson;  // generated from web/openapi.json
}  // namespace dl::embedded

namespace dl::server {
namespace {

using json = nlohmann::json;

// What a store job needs of the request: copied, since the job outlives the I/O handler.
struct ApiCall {
  Request request;
  Principal principal;
  std::vector<std::string> segments;  // decoded path segments: "api", "v1", ...
  std::string db_path;
  const OutboxDelivery* outbox = nullptr;  // the demo's code outbox (ctx.outbox), if any
};

using Endpoint = Response (*)(Store&, const ApiCall&);

// ---------------------------------------------------------------------------------------------
// Helpers

// Serialises without throwing: invalid UTF-8 in stored text is replaced, not fatal.
Response JsonResponse(int status, const json& j) {
  return Response::Json(status, j.dump(-1, ' ', false, json::error_handler_t::replace));
}

Response FromStatus(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
      return Response::Error(400, "invalid_argument", s.message());
    case StatusCode::kNotFound:
      return Response::Error(404, "not_found", s.message());
    case StatusCode::kAlreadyExists:
      return Response::Error(409, "already_exists", s.message());
    case StatusCode::kFailedPrecondition:
      return Response::Error(409, "failed_precondition", s.message());
    case StatusCode::kPermissionDenied:
      return Response::Error(403, "permission_denied", s.message());
    default:
      return Response::Error(500, "internal", s.message());
  }
}

StatusOr<json> BodyObject(const Request& r) {
  if (r.body.empty()) return json::object();
  json j = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgument("the request body is not valid JSON");
  if (!j.is_object()) return InvalidArgument("the request body must be a JSON object");
  return j;
}

// A string field; "" when absent. InvalidArgument when present with another type.
StatusOr<std::string> Field(const json& body, const char* name, bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) return InvalidArgument(std::string("field '") + name + "' is required");
    return std::string();
  }
  if (!it->is_string())
    return InvalidArgument(std::string("field '") + name + "' must be a string");
  if (required && it->get_ref<const std::string&>().empty()) {
    return InvalidArgument(std::string("field '") + name + "' must not be empty");
  }
  return it->get<std::string>();
}

StatusOr<bool> BoolField(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return false;
  if (!it->is_boolean())
    return InvalidArgument(std::string("field '") + name + "' must be true or false");
  return it->get<bool>();
}

StatusOr<Identifier> ParseId(const std::string& text, const std::string& region) {
  auto id = ParseIdentifier(text, region);
  if (!id.ok()) return id.status().WithContext("identifier");
  return id;
}

// The identifier and region in a JSON body.
StatusOr<Identifier> BodyIdentifier(const json& body) {
  ASSIGN_OR_RETURN(std::string text, Field(body, "identifier", true));
  ASSIGN_OR_RETURN(std::string region, Field(body, "region", false));
  return ParseId(text, region);
}

std::string QueryOr(const Request& r, std::string_view name, const std::string& fallback = "") {
  auto v = r.Query(name);
  return v.has_value() ? *v : fallback;
}

bool QueryFlag(const Request& r, std::string_view name) {
  std::string v = QueryOr(r, name);
  return v == "true" || v == "1" || v == "yes";
}

// The last path segment after `prefix_segments` (e.g. the name in /api/v1/audiences/{name}),
// or nullopt when the path has a different shape.
std::optional<std::string> Tail(const ApiCall& c, size_t index, size_t expected_size) {
  if (c.segments.size() != expected_size || c.segments[index].empty()) return std::nullopt;
  return c.segments[index];
}

// Each of `items` through `to_json`, as a JSON array.
template <typename T, typename Fn>
json ArrayOf(const std::vector<T>& items, Fn to_json) {
  json out = json::array();
  for (const T& item : items) out.push_back(to_json(item));
  return out;
}

// All of `text` as a decimal number (no sign, no space); nullopt otherwise.
std::optional<uint64_t> DecimalNumber(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Response NoSuchPath() { return Response::Error(404, "not_found", "no such API path"); }

// A read of personal data is on record before the answer leaves: when the entry cannot be
// written, nothing is shown.
Response ReadNotRecorded(const Status& s) {
  return Response::Error(
      503, "read_not_recorded",
      "the read could not be recorded in the ledger, so nothing is shown: " + s.message());
}

// ---------------------------------------------------------------------------------------------
// Endpoints

Response Status_(Store& store, const ApiCall& c) {
  auto s = store.storage().Stats();
  if (!s.ok()) return FromStatus(s.status());
  return JsonResponse(200, StatsJson(*s, c.db_path));
}

Response Subject(Store& store, const ApiCall& c) {
  auto text = Tail(c, 3, 4);
  if (!text) return NoSuchPath();
  auto id = ParseId(*text, QueryOr(c.request, "region"));
  if (!id.ok()) return FromStatus(id.status());
  auto view = store.ShowSubject(*id);
  if (!view.ok()) return FromStatus(view.status());
  if (!view->known) return Response::Error(404, "not_found", "identifier not known to this store");
  auto seq = store.RecordRead(*id, "subject.show", c.principal.Actor());
  if (!seq.ok()) return ReadNotRecorded(seq.status());
  return JsonResponse(200, SubjectJson(*view, *id));
}

Response Explain(Store& store, const ApiCall& c) {
  auto text = c.request.Query("identifier");
  auto purpose = c.request.Query("purpose");
  if (!text || text->empty())
    return FromStatus(InvalidArgument("query parameter 'identifier' is required"));
  if (!purpose || purpose->empty())
    return FromStatus(InvalidArgument("query parameter 'purpose' is required"));
  auto id = ParseId(*text, QueryOr(c.request, "region"));
  if (!id.ok()) return FromStatus(id.status());
  int64_t at = NowMicros();
  if (auto at_text = c.request.Query("at"); at_text && !at_text->empty()) {
    auto t = ParseTime(*at_text);
    if (!t) return FromStatus(InvalidArgument("'at': expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"));
    at = *t;
  }
  auto facts = store.FactsFor(*id);
  if (!facts.ok()) return FromStatus(facts.status());
  auto d = store.Explain(*id, *purpose, at);
  if (!d.ok()) return FromStatus(d.status());
  if (facts->known) {  // what the store holds about the person shows in the reasons
    auto seq = store.RecordRead(*id, "explain", c.principal.Actor());
    if (!seq.ok()) return ReadNotRecorded(seq.status());
  }
  return JsonResponse(200, DecisionJson(*d, *id, at));
}

Response Consent(Store& store, const ApiCall& c) {
  auto run = [&]() -> StatusOr<json> {
    ASSIGN_OR_RETURN(json body, BodyObject(c.request));
    ASSIGN_OR_RETURN(Identifier id, BodyIdentifier(body));
    ASSIGN_OR_RETURN(std::string purpose, Field(body, "purpose", true));
    ASSIGN_OR_RETURN(std::string state_text, Field(body, "state", false));
    ASSIGN_OR_RETURN(std::string evidence, Field(body, "evidence", false));
    ASSIGN_OR_RETURN(std::string expires_text, Field(body, "expires", false));
    ASSIGN_OR_RETURN(std::string source, Field(body, "source", false));
    ConsentState state = ConsentState::kGranted;
    if (state_text == "withdrawn") {
      state = ConsentState::kWithdrawn;
    } else if (!state_text.empty() && state_text != "granted") {
      return InvalidArgument("field 'state' must be granted or withdrawn");
    }
    if (state == ConsentState::kGranted && evidence.empty()) {
      return InvalidArgument("field 'evidence' is required for a grant (where it was captured)");
    }
    int64_t expires = 0;
    if (!expires_text.empty()) {
      auto t = ParseTime(expires_text);
      if (!t) return InvalidArgument("field 'expires': expected YYYY-MM-DD");
      expires = *t;
    }
    ASSIGN_OR_RETURN(uint64_t seq,
                     store.RecordConsent(id, purpose, state, evidence, expires,
                                         source.empty() ? "api" : source, c.principal.Actor()));
    return ConsentRecordedJson(seq, purpose, state);
  };
  auto out = run();
  if (!out.ok()) return FromStatus(out.status());
  return JsonResponse(201, *out);
}

Response AudienceList(Store& store, const ApiCall&) {
  auto list = store.ListAudiences();
  if (!list.ok()) return FromStatus(list.status());
  return JsonResponse(200, ArrayOf(*list, DefinitionJson));
}

Response AudienceShow(Store& store, const ApiCall& c) {
  auto name = Tail(c, 3, 4);
  if (!name) return NoSuchPath();
  auto view = store.ShowAudience(*name);
  if (!view.ok()) return FromStatus(view.status());
  return JsonResponse(200, AudienceJson(*view));
}

Response AudienceCreate(Store& store, const ApiCall& c) {
  auto run = [&]() -> StatusOr<json> {
    ASSIGN_OR_RETURN(json body, BodyObject(c.request));
    ASSIGN_OR_RETURN(std::string name, Field(body, "name", true));
    ASSIGN_OR_RETURN(std::string purpose, Field(body, "purpose", true));
    ASSIGN_OR_RETURN(std::string where, Field(body, "where", true));
    ASSIGN_OR_RETURN(bool replace, BoolField(body, "replace"));
    ASSIGN_OR_RETURN(auto def,
                     store.CreateAudience(name, purpose, where, replace, c.principal.Actor()));
    ASSIGN_OR_RETURN(AudienceView view, store.ShowAudience(def.name));
    return AudienceJson(view);
  };
  auto out = run();
  if (!out.ok()) return FromStatus(out.status());
  return JsonResponse(201, *out);
}

// Exports are written beside the database, in "exports/" (mode 0700; files 0600): the caller
// names the platform and the recipient, never a path on the server.
StatusOr<std::string> ExportPath(const std::string& db_path, const std::string& audience,
                                 std::string_view platform) {
  std::filesystem::path dir = std::filesystem::absolute(db_path).parent_path() / "exports";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return IOError("cannot create the exports directory " + dir.string());
  ::chmod(dir.c_str(), 0700);
  std::string stamp = FormatTime(NowMicros());  // 2026-11-02T10:00:00Z
  std::erase_if(stamp, [](char ch) { return ch == '-' || ch == ':'; });
  SecretBytes r = SecretBytes::Random(3);
  return (dir / (audience + "-" + std::string(platform) + "-" + stamp + "-" +
                 ToHex(r.data(), r.size()) + ".csv"))
      .string();
}

Response AudienceExport(Store& store, const ApiCall& c) {
  if (c.segments.size() != 5 || c.segments[4] != "export") return NoSuchPath();
  auto run = [&]() -> StatusOr<json> {
    ASSIGN_OR_RETURN(json body, BodyObject(c.request));
    ASSIGN_OR_RETURN(std::string platform, Field(body, "platform", true));
    AudienceExportRequest req;
    req.audience = c.segments[3];
    if (platform == "meta") {
      req.platform = Platform::kMeta;
    } else if (platform == "google") {
      req.platform = Platform::kGoogle;
    } else {
      return InvalidArgument("field 'platform' must be meta or google");
    }
    ASSIGN_OR_RETURN(req.recipient, Field(body, "recipient", true));
    ASSIGN_OR_RETURN(req.default_region, Field(body, "region", false));
    // The audience must exist before a file name is made from its name.
    ASSIGN_OR_RETURN(auto list, store.ListAudiences());
    bool found = false;
    for (const AudienceDefinition& d : list) found = found || d.name == req.audience;
    if (!found) return NotFound("no audience " + req.audience);
    ASSIGN_OR_RETURN(req.out_path, ExportPath(c.db_path, req.audience, platform));
    req.actor = c.principal.Actor();
    ASSIGN_OR_RETURN(AudienceExportReport r, store.ExportAudience(req));
    return AudienceExportJson(r);
  };
  auto out = run();
  if (!out.ok()) return FromStatus(out.status());
  return JsonResponse(201, *out);
}

Response Rights(Store& store, const ApiCall& c) {
  auto action = Tail(c, 3, 4);
  static const std::set<std::string, std::less<>> kActions = {"access",   "export",     "object",
                                                              "restrict", "unrestrict", "erase"};
  if (!action || kActions.count(*action) == 0) return NoSuchPath();
  const std::string actor = c.principal.Actor();
  auto body = BodyObject(c.request);
  if (!body.ok()) return FromStatus(body.status());
  if (*action == "erase" && body->contains("identifiers")) {
    const json& list = (*body)["identifiers"];
    if (!list.is_array() || list.empty()) {
      return FromStatus(InvalidArgument("field 'identifiers' must be a non-empty array"));
    }
    auto region = Field(*body, "region", false);
    if (!region.ok()) return FromStatus(region.status());
    std::vector<Identifier> ids;
    for (size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_string()) {
        return FromStatus(
            InvalidArgument("identifiers[" + std::to_string(i) + "] is not a string"));
      }
      auto id = ParseIdentifier(list[i].get<std::string>(), *region);
      if (!id.ok()) {
        return FromStatus(
            id.status().WithContext("identifiers[" + std::to_string(i) + "]; nothing was erased"));
      }
      ids.push_back(*id);
    }
    auto r = store.EraseMany(ids, actor);
    if (!r.ok()) return FromStatus(r.status());
    return JsonResponse(200, ErasureJson(*r));
  }
  auto id = BodyIdentifier(*body);
  if (!id.ok()) return FromStatus(id.status());
  if (*action == "access") {
    // `rights access [--html [--lang de]]`: the JSON report, or the page to hand to the person.
    auto format = Field(*body, "format", false);
    auto lang = Field(*body, "lang", false);
    if (!format.ok()) return FromStatus(format.status());
    if (!lang.ok()) return FromStatus(lang.status());
    const bool html = *format == "html";
    if (!html && !format->empty() && *format != "json") {
      return FromStatus(InvalidArgument("field 'format' must be json or html"));
    }
    if (!lang->empty() && (!html || (*lang != "en" && *lang != "de"))) {
      return FromStatus(InvalidArgument("field 'lang' (en or de) applies to format html only"));
    }
    auto report = BuildAccessReport(store, *id, NowMicros());
    if (!report.ok()) return FromStatus(report.status());
    auto seq = store.RecordDisclosure(*id, "rights.access", html ? "html" : "json", actor);
    if (!seq.ok()) return ReadNotRecorded(seq.status());
    if (!html) return Response::Json(200, AccessReportJson(*report));
    // Self-contained: inline styles only, nothing loaded, nothing run.
    return Response::Html(200, AccessReportHtml(*report, *lang == "de" ? ReportLanguage::kGerman
                                                                       : ReportLanguage::kEnglish))
        .With("Content-Security-Policy", std::string(kAccessReportCsp));
  }
  if (*action == "export") {
    auto data = BuildPortabilityExport(store, *id, NowMicros());
    if (!data.ok()) return FromStatus(data.status());
    auto seq = store.RecordDisclosure(*id, "rights.export", "json", actor);
    if (!seq.ok()) return ReadNotRecorded(seq.status());
    return Response::Json(200, PortabilityJson(*data));
  }
  if (*action == "erase") {
    auto r = store.Erase(*id, actor);
    if (!r.ok()) return FromStatus(r.status());
    return JsonResponse(200, ErasureJson(*r));
  }
  std::string purpose;
  StatusOr<uint64_t> seq = Internal("unreachable");
  std::string what;
  if (*action == "object") {
    auto p = Field(*body, "purpose", true);
    if (!p.ok()) return FromStatus(p.status());
    purpose = *p;
    what = "objection";
    seq = store.Object(*id, purpose, actor);
  } else if (*action == "restrict") {
    what = "restriction";
    seq = store.Restrict(*id, true, actor);
  } else if (*action == "unrestrict") {
    what = "lifting of the restriction of";
    seq = store.Restrict(*id, false, actor);
  } else {
    return NoSuchPath();
  }
  if (!seq.ok()) return FromStatus(seq.status());
  return JsonResponse(200, RightsActionJson(*id, what, *seq, purpose));
}

Response UploadList(Store& store, const ApiCall& c) {
  auto list = store.ListUploads(QueryOr(c.request, "uploader"));
  if (!list.ok()) return FromStatus(list.status());
  return JsonResponse(200, ArrayOf(*list, UploadJson));
}

Response UploadDelete(Store& store, const ApiCall& c) {
  auto text = Tail(c, 3, 4);
  if (!text) return NoSuchPath();
  const std::optional<uint64_t> batch = DecimalNumber(*text);
  if (!batch || *batch == 0) {
    return FromStatus(
        InvalidArgument("upload id must be a positive number (see GET /api/v1/uploads)"));
  }
  auto r = store.DeleteUpload(*batch, c.principal.Actor());
  if (!r.ok()) return FromStatus(r.status());
  return JsonResponse(200, UploadDeletionJson(*batch, *r));
}

Response NoticesDue(Store& store, const ApiCall& c) {
  auto due = store.NoticesDue(NowMicros(), QueryFlag(c.request, "all"));
  if (!due.ok()) return FromStatus(due.status());
  std::vector<Identifier> ids;
  json out = json::array();
  for (const NoticeView& n : *due) {
    ids.push_back(n.id);
    out.push_back(NoticeJson(n));
  }
  auto seq = store.RecordReads(ids, "notices.due", c.principal.Actor());
  if (!seq.ok()) return ReadNotRecorded(seq.status());
  return JsonResponse(200, out);
}

Response NoticeSent(Store& store, const ApiCall& c) {
  auto run = [&]() -> StatusOr<json> {
    ASSIGN_OR_RETURN(json body, BodyObject(c.request));
    ASSIGN_OR_RETURN(Identifier id, BodyIdentifier(body));
    ASSIGN_OR_RETURN(std::string channel, Field(body, "channel", true));
    ASSIGN_OR_RETURN(uint64_t seq, store.RecordNoticeSent(id, channel, c.principal.Actor()));
    return json{{"ledger_seq", seq}};
  };
  auto out = run();
  if (!out.ok()) return FromStatus(out.status());
  return JsonResponse(201, *out);
}

Response Records(Store& store, const ApiCall& c) {
  auto r = store.RecordsOfProcessing();
  if (!r.ok()) return FromStatus(r.status());
  auto policy = store.LoadPolicy();
  if (!policy.ok()) return FromStatus(policy.status());
  return JsonResponse(200, RecordsJson(*r, *policy, c.db_path));
}

Response LedgerVerify(Store& store, const ApiCall&) {
  auto r = store.VerifyLedger();
  if (!r.ok()) return FromStatus(r.status());
  return JsonResponse(200, VerifyJson(*r));
}

Response Purposes(Store&, const ApiCall&) { return JsonResponse(200, PurposesJson()); }

Response PolicyShow(Store& store, const ApiCall&) {
  auto policy = store.LoadPolicy();
  if (!policy.ok()) return FromStatus(policy.status());
  return JsonResponse(200, PolicyJson(*policy));
}

Response KeyList(Store& store, const ApiCall&) {
  CredentialStore creds(&store.storage());
  auto set = creds.Load();
  if (!set.ok()) return FromStatus(set.status());
  return JsonResponse(200, ArrayOf(set->keys, KeyJson));
}

Response KeyCreate(Store& store, const ApiCall& c) {
  auto run = [&]() -> StatusOr<json> {
    ASSIGN_OR_RETURN(json body, BodyObject(c.request));
    ASSIGN_OR_RETURN(std::string kind, Field(body, "kind", true));
    NewKey request;
    if (kind == "write") {
      request.kind = KeyKind::kWrite;
    } else if (kind == "api") {
      request.kind = KeyKind::kApi;
    } else {
      return InvalidArgument("field 'kind' must be write or api");
    }
    ASSIGN_OR_RETURN(request.name, Field(body, "name", true));
    ASSIGN_OR_RETURN(request.source, Field(body, "source", false));
    ASSIGN_OR_RETURN(request.collected_for, Field(body, "collected_for", false));
    if (auto it = body.find("scopes"); it != body.end() && !it->is_null()) {
      if (!it->is_array()) return InvalidArgument("field 'scopes' must be an array of strings");
      for (const json& s : *it) {
        if (!s.is_string()) return InvalidArgument("field 'scopes' must be an array of strings");
        request.scopes.push_back(s.get<std::string>());
      }
    }
    CredentialStore creds(&store.storage());
    ASSIGN_OR_RETURN(CreatedKey created, creds.CreateKey(request, c.principal.Actor()));
    json out = KeyJson(created.record);
    out["key"] = created.secret;  // the only time it is shown
    out["ledger_seq"] = created.seq;
    return out;
  };
  auto out = run();
  if (!out.ok()) return FromStatus(out.status());
  return JsonResponse(201, *out);
}

Response KeyRevoke(Store& store, const ApiCall& c) {
  auto id = Tail(c, 3, 4);
  if (!id) return NoSuchPath();
  CredentialStore creds(&store.storage());
  auto seq = creds.RevokeKey(*id, c.principal.Actor());
  if (!seq.ok()) return FromStatus(seq.status());
  return JsonResponse(200, json{{"id", *id}, {"ledger_seq", *seq}});
}

// Uploads (imports, consent signals): the body is the file itself, the options are query
// parameters, so that `curl --data-binary @crm.csv` sends a file unchanged.

// An upload's name: its extension picks the format, and it names the input in errors and in
// the import's batch. A plain file name, never a path on the server.
StatusOr<std::string> UploadName(const Request& r, const std::string& fallback) {
  std::string name = QueryOr(r, "name", fallback);
  if (name.empty() || name.size() > 255 || name == "." || name == "..") {
    return InvalidArgument("query parameter 'name': a file name of 1 to 255 characters");
  }
  for (unsigned char ch : name) {
    if (ch < 0x20 || ch == 0x7f || ch == '/' || ch == '\\') {
      return InvalidArgument(
          "query parameter 'name': a file name, without '/' or control "
          "characters");
    }
  }
  return name;
}

// A non-negative number; `fallback` when the parameter is absent or empty.
StatusOr<uint64_t> UnsignedQuery(const Request& r, std::string_view name, uint64_t fallback = 0) {
  std::string text = QueryOr(r, name);
  if (text.empty()) return fallback;
  const std::optional<uint64_t> value = DecimalNumber(text);
  if (!value) {
    return InvalidArgument("query parameter '" + std::string(name) +
                           "' must be a non-negative number");
  }
  return *value;
}

bool HasExtension(std::string_view name, std::initializer_list<std::string_view> extensions) {
  for (std::string_view ext : extensions) {
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) return true;
  }
  return false;
}

// The format: ?format=, else the name's extension, else the Content-Type.
StatusOr<SourceFormat> UploadFormat(const Request& r, std::string_view name) {
  if (std::string format = QueryOr(r, "format"); !format.empty()) {
    if (auto named = SourceFormatNamed(format)) return *named;
    return InvalidArgument("query parameter 'format' must be csv, jsonl or vcard");
  }
  if (HasExtension(name, {".csv", ".tsv", ".jsonl", ".ndjson", ".vcf"})) return SourceFormat::kAuto;
  std::string type = r.Header("content-type");
  type = type.substr(0, type.find(';'));
  if (type == "text/csv" || type == "text/tab-separated-values") return SourceFormat::kCsv;
  if (type == "application/x-ndjson" || type == "application/jsonl" ||
      type == "application/x-jsonlines") {
    return SourceFormat::kJsonLines;
  }
  if (type == "text/vcard" || type == "text/x-vcard") return SourceFormat::kVCard;
  return InvalidArgument(
      "cannot tell the file's format: give ?format=csv|jsonl|vcard, a ?name= with its extension "
      "(.csv .tsv .jsonl .ndjson .vcf) or a Content-Type (text/csv, application/x-ndjson, "
      "text/vcard)");
}

// `daylight import` of the request body: the CLI's options as query parameters.
StatusOr<ImportOptions> ImportOptionsOf(const ApiCall& c) {
  const Request& r = c.request;
  ImportOptions o;
  ASSIGN_OR_RETURN(o.path, UploadName(r, "upload"));
  auto required = [&](std::string_view name) -> StatusOr<std::string> {
    std::string v = QueryOr(r, name);
    if (v.empty()) {
      return InvalidArgument("query parameter '" + std::string(name) + "' is required");
    }
    return v;
  };
  ASSIGN_OR_RETURN(o.source, required("source"));
  ASSIGN_OR_RETURN(std::string supplier, required("supplier"));
  auto parsed = ParseSupplier(supplier);
  if (!parsed.has_value() || *parsed == Supplier::kDevice) {
    return InvalidArgument("query parameter 'supplier' must be self, first_party or third_party");
  }
  o.supplier = *parsed;
  ASSIGN_OR_RETURN(o.collected_for, required("collected_for"));
  o.region = QueryOr(r, "region");
  o.uploader = QueryOr(r, "uploader");
  o.reader.preset = QueryOr(r, "preset");
  for (const std::string& m : r.QueryAll("map")) {
    RETURN_IF_ERROR(AddColumnMapping(m, &o.reader).WithContext("query parameter 'map'"));
  }
  ASSIGN_OR_RETURN(o.reader.format, UploadFormat(r, o.path));
  if (std::string delimiter = QueryOr(r, "delimiter"); !delimiter.empty()) {
    auto parsed = ParseDelimiter(delimiter);
    if (!parsed.ok()) return parsed.status().WithContext("query parameter 'delimiter'");
    o.reader.delimiter = *parsed;
  }
  ASSIGN_OR_RETURN(o.max_errors, UnsignedQuery(r, "max_errors"));
  o.actor = c.principal.Actor();
  return o;
}

Status RequireBody(const Request& r) {
  if (r.body.empty()) {
    return InvalidArgument(
        "the request body is empty: send the file itself (curl --data-binary @FILE)");
  }
  return Status::Ok();
}

Response Import(Store& store, const ApiCall& c) {
  auto run = [&]() -> StatusOr<json> {
    ASSIGN_OR_RETURN(ImportOptions options, ImportOptionsOf(c));
    RETURN_IF_ERROR(RequireBody(c.request));
    ASSIGN_OR_RETURN(ImportReport report, store.ImportContent(options, c.request.body));
    return ImportReportJson(report);
  };
  auto out = run();
  if (!out.ok()) return FromStatus(out.status());
  return JsonResponse(201, *out);
}

Response ConsentSignals(Store& store, const ApiCall& c) {
  auto run = [&]() -> StatusOr<json> {
    ASSIGN_OR_RETURN(std::string name, UploadName(c.request, "signals.csv"));
    ASSIGN_OR_RETURN(uint64_t max_errors, UnsignedQuery(c.request, "max_errors"));
    RETURN_IF_ERROR(RequireBody(c.request));
    ASSIGN_OR_RETURN(
        SignalImportReport report,
        store.ImportConsentSignalsContent(c.request.body, name, QueryOr(c.request, "region"),
                                          max_errors, c.principal.Actor()));
    return SignalImportJson(report);
  };
  auto out = run();
  if (!out.ok()) return FromStatus(out.status());
  return JsonResponse(200, *out);
}

// The officer's queue of requests made through the privacy portal (`rights requests`).
Response RightsRequests(Store& store, const ApiCall& c) {
  auto list = store.ListRightsRequests(QueryFlag(c.request, "all"));
  if (!list.ok()) return FromStatus(list.status());
  std::set<std::string> shown;  // pending requests carry the verified identifier
  for (const RightsRequestView& v : *list) {
    if (!v.identifier.empty()) shown.insert(v.identifier);
  }
  if (Status read = RecordShown(store, shown, "rights.requests", c.principal.Actor()); !read.ok()) {
    return ReadNotRecorded(read);
  }
  return JsonResponse(200, ArrayOf(*list, RightsRequestJson));
}

// POST /api/v1/rights/requests/{id}/done | reject {"note": "..."}.
Response RightsRequestResolve(Store& store, const ApiCall& c) {
  if (c.segments.size() != 6 || (c.segments[5] != "done" && c.segments[5] != "reject")) {
    return NoSuchPath();
  }
  auto run = [&]() -> StatusOr<json> {
    const std::optional<uint64_t> id = DecimalNumber(c.segments[4]);
    if (!id || *id == 0) {
      return InvalidArgument(
          "request id must be a positive number (see GET /api/v1/rights/requests)");
    }
    ASSIGN_OR_RETURN(json body, BodyObject(c.request));
    const bool execute = c.segments[5] == "done";
    ASSIGN_OR_RETURN(std::string note, Field(body, "note", !execute));
    ASSIGN_OR_RETURN(RightsRequestView done,
                     store.ResolveRightsRequest(*id, execute, note, c.principal.Actor()));
    return RightsRequestJson(done);
  };
  auto out = run();
  if (!out.ok()) return FromStatus(out.status());
  return JsonResponse(200, *out);
}

// The demo's outbox of one-time codes (the console shows it too): for administrators, and for
// scripts and tests that play the person. The recipients are identifiers: a read on record.
Response Outbox(Store& store, const ApiCall& c) {
  if (c.outbox == nullptr) {
    return Response::Error(404, "no_outbox", "codes are delivered by another channel");
  }
  auto limit = UnsignedQuery(c.request, "limit", 50);
  if (!limit.ok() || *limit == 0 || *limit > 1000) {
    return FromStatus(InvalidArgument("query parameter 'limit' must be 1..1000"));
  }
  json messages = json::array();
  std::set<std::string> recipients;
  for (const OutboxMessage& m : c.outbox->Messages(*limit)) {
    messages.push_back({{"id", m.id},
                        {"time", FormatTime(m.time_us)},
                        {"channel", m.channel},
                        {"to", m.to},
                        {"language", m.language},
                        {"text", m.text}});
    recipients.insert(m.to);
  }
  if (Status read = RecordShown(store, recipients, "outbox", c.principal.Actor()); !read.ok()) {
    return ReadNotRecorded(read);
  }
  return JsonResponse(200, json{{"messages", messages}}).With("Cache-Control", "no-store");
}

Response UserList(Store& store, const ApiCall&) {
  CredentialStore creds(&store.storage());
  auto set = creds.Load();
  if (!set.ok()) return FromStatus(set.status());
  return JsonResponse(200, ArrayOf(set->users, UserJson));
}

// The password travels in the body (use TLS beyond loopback); it is hashed with Argon2id and
// never logged, stored or echoed.
Response UserAdd(Store& store, const ApiCall& c) {
  auto run = [&]() -> StatusOr<json> {
    ASSIGN_OR_RETURN(json body, BodyObject(c.request));
    ASSIGN_OR_RETURN(std::string name, Field(body, "name", true));
    ASSIGN_OR_RETURN(std::string password, Field(body, "password", true));
    ASSIGN_OR_RETURN(bool admin, BoolField(body, "admin"));
    CredentialStore creds(&store.storage());
    ASSIGN_OR_RETURN(uint64_t seq, creds.AddUser(name, password, admin, c.principal.Actor()));
    return json{{"name", name}, {"admin", admin}, {"ledger_seq", seq}};
  };
  auto out = run();
  if (!out.ok()) return FromStatus(out.status());
  return JsonResponse(201, *out);
}

Response UserRemove(Store& store, const ApiCall& c) {
  auto name = Tail(c, 3, 4);
  if (!name) return NoSuchPath();
  CredentialStore creds(&store.storage());
  auto seq = creds.RemoveUser(*name, c.principal.Actor());
  if (!seq.ok()) return FromStatus(seq.status());
  return JsonResponse(200, json{{"name", *name}, {"ledger_seq", *seq}});
}

struct EndpointSpec {
  ApiRouteInfo info;
  Endpoint fn;
};

const std::vector<EndpointSpec>& Endpoints() {
  static const std::vector<EndpointSpec> kEndpoints = {
      {{"GET", "/api/v1/status", "/api/v1/status", "read"}, Status_},
      {{"GET", "/api/v1/purposes", "/api/v1/purposes", "read"}, Purposes},
      {{"GET", "/api/v1/policy", "/api/v1/policy", "read"}, PolicyShow},
      {{"GET", "/api/v1/subjects/*", "/api/v1/subjects/{identifier}", "read"}, Subject},
      {{"GET", "/api/v1/explain", "/api/v1/explain", "read"}, Explain},
      {{"GET", "/api/v1/ledger/verify", "/api/v1/ledger/verify", "read"}, LedgerVerify},
      {{"POST", "/api/v1/consents", "/api/v1/consents", "write"}, Consent},
      {{"POST", "/api/v1/consents/signals", "/api/v1/consents/signals", "write"}, ConsentSignals},
      {{"POST", "/api/v1/imports", "/api/v1/imports", "write"}, Import},
      {{"GET", "/api/v1/audiences", "/api/v1/audiences", "audiences"}, AudienceList},
      {{"POST", "/api/v1/audiences", "/api/v1/audiences", "audiences"}, AudienceCreate},
      {{"GET", "/api/v1/audiences/*", "/api/v1/audiences/{name}", "audiences"}, AudienceShow},
      {{"POST", "/api/v1/audiences/*", "/api/v1/audiences/{name}/export", "audiences"},
       AudienceExport},
      {{"POST", "/api/v1/rights/*", "/api/v1/rights/{action}", "rights"}, Rights},
      {{"GET", "/api/v1/rights/requests", "/api/v1/rights/requests", "rights"}, RightsRequests},
      {{"POST", "/api/v1/rights/requests/*", "/api/v1/rights/requests/{id}/{action}", "rights"},
       RightsRequestResolve},
      {{"GET", "/api/v1/uploads", "/api/v1/uploads", "rights"}, UploadList},
      {{"DELETE", "/api/v1/uploads/*", "/api/v1/uploads/{id}", "rights"}, UploadDelete},
      {{"GET", "/api/v1/notices", "/api/v1/notices", "rights"}, NoticesDue},
      {{"POST", "/api/v1/notices/sent", "/api/v1/notices/sent", "rights"}, NoticeSent},
      {{"GET", "/api/v1/records", "/api/v1/records", "rights"}, Records},
      {{"GET", "/api/v1/keys", "/api/v1/keys", "admin"}, KeyList},
      {{"POST", "/api/v1/keys", "/api/v1/keys", "admin"}, KeyCreate},
      {{"DELETE", "/api/v1/keys/*", "/api/v1/keys/{id}", "admin"}, KeyRevoke},
      {{"GET", "/api/v1/outbox", "/api/v1/outbox", "admin"}, Outbox},
      {{"GET", "/api/v1/users", "/api/v1/users", "admin"}, UserList},
      {{"POST", "/api/v1/users", "/api/v1/users", "admin"}, UserAdd},
      {{"DELETE", "/api/v1/users/*", "/api/v1/users/{name}", "admin"}, UserRemove},
  };
  return kEndpoints;
}

// Uploads (POST /api/v1/imports, /api/v1/consents/signals) may exceed the server's 1 MiB body
// limit up to this, for a caller that holds the scope; larger files: split them, or use the CLI.
constexpr size_t kUploadBodyLimit = size_t{32} << 20;

constexpr double kApiRequestsPerSecond = 100;
constexpr double kApiBurst = 200;

// The router's matching rule (src/server/router.cc): exact, or a prefix ending in "/*".
bool PatternMatches(std::string_view pattern, std::string_view path) {
  if (pattern.size() < 2 || pattern.substr(pattern.size() - 2) != "/*") return pattern == path;
  std::string_view base = pattern.substr(0, pattern.size() - 2);
  return path.substr(0, base.size()) == base &&
         (path.size() == base.size() || path[base.size()] == '/');
}

Response Unauthorized() {
  return Response::Error(401, "unauthorized",
                         "an API key (Authorization: Bearer dla_...) or a console session is "
                         "required")
      .With("WWW-Authenticate", "Bearer realm=\"daylight\"");
}

}  // namespace

const std::vector<ApiRouteInfo>& ApiRouteTable() {
  static const std::vector<ApiRouteInfo> kTable = [] {
    std::vector<ApiRouteInfo> t;
    for (const EndpointSpec& e : Endpoints()) t.push_back(e.info);
    return t;
  }();
  return kTable;
}

std::string_view OpenApiDocument() { return embedded::kOpenApiJson; }

void RegisterApiRoutes(Router& router, ServerContext& ctx) {
  ServerContext* c = &ctx;
  // Per key (or console user): generous for scripts and the console, a stop for runaway loops
  // and a stolen key. Every API request does store work, so the limit is far below
  // collection's.
  auto limiter = std::make_shared<RateLimiter>(RateLimit{kApiRequestsPerSecond, kApiBurst});
  for (const EndpointSpec& spec : Endpoints()) {
    const ApiRouteInfo info = spec.info;
    const Endpoint fn = spec.fn;
    router.Add(std::string(info.method), std::string(info.pattern),
               [c, info, fn, limiter](const Request& r, const Responder& respond) {
                 if (c->auth == nullptr) return respond(Unauthorized());
                 std::optional<Principal> p = c->auth->Caller(r);
                 if (!p.has_value()) return respond(Unauthorized());
                 if (!p->Has(info.scope)) {
                   return respond(Response::Error(
                       403, "forbidden",
                       "this credential lacks the '" + std::string(info.scope) + "' scope"));
                 }
                 if (r.method != "GET" && !c->auth->CsrfOk(r, *p)) {
                   return respond(
                       Response::Error(403, "csrf", "missing or wrong CSRF token (X-CSRF-Token)"));
                 }
                 if (uint32_t wait = limiter->Acquire(p->Actor()); wait > 0) {
                   return respond(Response::Error(429, "rate_limited",
                                                  "too many requests for this key; retry later")
                                      .With("Retry-After", std::to_string(wait)));
                 }
                 if (c->work == nullptr) {
                   return respond(Response::Error(503, "unavailable", "no store executor"));
                 }
                 auto call =
                     std::make_shared<ApiCall>(ApiCall{r, *p, r.Segments(), c->db_path, c->outbox});
                 c->work->Post([call, fn, respond](Store& store) {
                   Response out;
                   try {
                     out = fn(store, *call);
                   } catch (const std::exception&) {
                     // A bug, not the caller's fault; the message may hold data, so drop it.
                     out = Response::Error(500, "internal", "internal error");
                   }
                   respond(std::move(out));
                 });
               });
  }
  for (const char* path : {"/api/v1/imports", "/api/v1/consents/signals"}) {
    router.AllowLargeBody("POST", path, kUploadBodyLimit, [c](const Request& head) {
      if (c->auth == nullptr) return false;
      std::optional<Principal> p = c->auth->Caller(head);
      return p.has_value() && p->Has("write");
    });
  }
  // Every other /api request: 401 without credentials, like the endpoints themselves; with
  // them, 405 for a known path asked with another method and 404 for an unknown path.
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    router.Add(method, "/api/*", [c](const Request& r, const Responder& respond) {
      if (c->auth == nullptr || !c->auth->Caller(r).has_value()) return respond(Unauthorized());
      std::string allow;
      for (const ApiRouteInfo& info : ApiRouteTable()) {
        if (PatternMatches(info.pattern, r.path) && allow.find(info.method) == std::string::npos) {
          allow += (allow.empty() ? "" : ", ") + std::string(info.method);
        }
      }
      if (allow.empty()) return respond(NoSuchPath());
      respond(Response::Error(405, "method_not_allowed",
                              "method " + r.method + " is not allowed here; allowed: " + allow)
                  .With("Allow", allow));
    });
  }
  router.AddSync("GET", "/openapi.json", [](const Request&) {
    return Response::Json(200, std::string(OpenApiDocument()));
  });
}

}  // namespace dl::server
