// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// simdjson's DOM parser validates the whole body (syntax and UTF-8) before anything is read, so
// a malformed request is refused as a whole; the On-Demand API would leave unread parts
// unchecked. Only the error-code API is used; Parse() catches allocation failure at this edge.
//
// Each event object is walked once, key by key, so a repeated key (which a plain lookup would
// silently resolve to one of its values, while the stored JSON keeps both) is an error.
#include "ingest/segment_event.h"

#include <simdjson.h>

#include <array>
#include <cstring>
#include <exception>
#include <utility>

#include "ingest/json_number.h"
#include "util/civil_time.h"
#include "util/secret.h"
#include "util/time_util.h"

namespace dl {

std::string_view EventTypeName(EventType t) {
  switch (t) {
    case EventType::kIdentify:
      return "identify";
    case EventType::kTrack:
      return "track";
    case EventType::kPage:
      return "page";
    case EventType::kScreen:
      return "screen";
    case EventType::kGroup:
      return "group";
    case EventType::kAlias:
      return "alias";
  }
  return "unknown";
}

namespace ingest {
namespace {

namespace dom = simdjson::dom;

// Longest messageId kept (Segment's libraries send UUIDs or "<library>-<uuid>").
constexpr size_t kMaxMessageIdBytes = 512;
// Nesting below this depth inside traits is kept as JSON text rather than flattened.
constexpr int kMaxTraitDepth = 8;

std::string KiB(size_t bytes) { return std::to_string(bytes / 1024) + " KB"; }

bool IsNumber(const dom::element& e) {
  const auto t = e.type();
  return t == dom::element_type::INT64 || t == dom::element_type::UINT64 ||
         t == dom::element_type::DOUBLE;
}

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      out->append("\\u00");
      out->push_back(kHex[u >> 4]);
      out->push_back(kHex[u & 15]);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

// ---------------------------------------------------------------------------------------------
// ISO 8601 date-times as Segment's libraries write them (JavaScript's Date#toISOString and the
// like): YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS[.fraction]] followed by Z, ±HH:MM, ±HHMM or ±HH
// (no zone: UTC). Years 1970-9999, a real calendar date.

std::optional<int64_t> ParseIsoTime(std::string_view s) {
  int year, month, day;
  if (!ReadDigits(s, 0, 4, &year) || s.size() < 10 || s[4] != '-' || !ReadDigits(s, 5, 2, &month) ||
      s[7] != '-' || !ReadDigits(s, 8, 2, &day)) {
    return std::nullopt;
  }
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  int64_t micros = DaysFromCivil(year, month, day) * kMicrosPerDay;
  if (s.size() == 10) return micros;
  if (s[10] != 'T' && s[10] != 't') return std::nullopt;
  int hour, minute, second = 0;
  if (!ReadDigits(s, 11, 2, &hour) || s.size() < 16 || s[13] != ':' ||
      !ReadDigits(s, 14, 2, &minute)) {
    return std::nullopt;
  }
  size_t pos = 16;
  int64_t fraction_us = 0;
  if (pos < s.size() && s[pos] == ':') {
    if (!ReadDigits(s, pos + 1, 2, &second)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      size_t digits = 0;
      int64_t scale = 100000;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (digits < 6) fraction_us += (s[pos] - '0') * scale;
        scale /= 10;
        ++digits;
        ++pos;
      }
      if (digits == 0 || digits > 9) return std::nullopt;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  int64_t offset_s = 0;
  if (pos < s.size()) {
    const char sign = s[pos];
    const bool utc = (sign == 'Z' || sign == 'z') && pos + 1 == s.size();
    if (!utc && sign != '+' && sign != '-') return std::nullopt;
    if (!utc) {
      int oh, om = 0;
      if (!ReadDigits(s, pos + 1, 2, &oh)) return std::nullopt;
      size_t rest = pos + 3;
      if (rest < s.size()) {
        if (s[rest] == ':') ++rest;
        if (!ReadDigits(s, rest, 2, &om) || rest + 2 != s.size()) return std::nullopt;
      }
      if (oh > 23 || om > 59) return std::nullopt;
      offset_s = (int64_t{oh} * 3600 + int64_t{om} * 60) * (sign == '-' ? -1 : 1);
    }
  }
  micros += ((hour * 3600LL + minute * 60LL + second) - offset_s) * 1000000LL + fraction_us;
  return micros;
}

// ---------------------------------------------------------------------------------------------

struct Canonical {
  std::string_view path, name;
};
// Segment's reserved identify traits (segment.com/docs/connections/spec/identify/#traits) that
// have a Daylight canonical field. Both Segment's camelCase and the snake_case spelling that
// some libraries send are accepted.
constexpr Canonical kCanonicalTraits[] = {
    {"email", "email"},
    {"phone", "phone"},
    {"firstName", "first_name"},
    {"first_name", "first_name"},
    {"lastName", "last_name"},
    {"last_name", "last_name"},
    {"address.city", "city"},
    {"address.state", "state"},
    {"address.postalCode", "zip"},
    {"address.postal_code", "zip"},
    {"address.country", "country"},
    {"birthday", "dob"},
    {"gender", "gender"},
};

// Where the Segment event's fields are, read in one pass over the object.
struct EventFields {
  std::optional<dom::element> type, user_id, anonymous_id, message_id, timestamp,
      original_timestamp, sent_at, context, integrations, traits, properties, event, name, group_id,
      previous_id, write_key;
};

// Which field of EventFields a key fills, or nullptr for keys kept only in the JSON.
std::optional<dom::element>* FieldFor(EventFields& f, std::string_view key) {
  switch (key.size()) {
    case 4:
      if (key == "type") return &f.type;
      if (key == "name") return &f.name;
      break;
    case 5:
      if (key == "event") return &f.event;
      break;
    case 6:
      if (key == "userId") return &f.user_id;
      if (key == "sentAt") return &f.sent_at;
      if (key == "traits") return &f.traits;
      break;
    case 7:
      if (key == "context") return &f.context;
      if (key == "groupId") return &f.group_id;
      break;
    case 8:
      if (key == "writeKey") return &f.write_key;
      break;
    case 9:
      if (key == "messageId") return &f.message_id;
      if (key == "timestamp") return &f.timestamp;
      break;
    case 10:
      if (key == "previousId") return &f.previous_id;
      if (key == "properties") return &f.properties;
      break;
    case 11:
      if (key == "anonymousId") return &f.anonymous_id;
      break;
    case 12:
      if (key == "integrations") return &f.integrations;
      break;
    case 17:
      if (key == "originalTimestamp") return &f.original_timestamp;
      break;
    default:
      break;
  }
  return nullptr;
}

bool Present(const std::optional<dom::element>& e) { return e.has_value() && !e->is_null(); }

// The top-level batch fields that apply to every event.
struct BatchDefaults {
  std::optional<dom::object> context;
  std::optional<dom::object> integrations;
  std::optional<int64_t> sent_at_us;
};

}  // namespace

std::optional<EventType> EventTypeFromName(std::string_view name) {
  if (name == "identify") return EventType::kIdentify;
  if (name == "track") return EventType::kTrack;
  if (name == "page") return EventType::kPage;
  if (name == "screen") return EventType::kScreen;
  if (name == "group") return EventType::kGroup;
  if (name == "alias") return EventType::kAlias;
  return std::nullopt;
}

std::string_view CanonicalTraitName(std::string_view path) {
  for (const Canonical& c : kCanonicalTraits) {
    if (c.path == path) return c.name;
  }
  return path;
}

std::string GenerateMessageId() {
  SecretBytes random = SecretBytes::Random(16);
  return "dl-" + ToHex(random.data(), random.size());
}

struct SegmentParser::Impl {
  dom::parser parser;
  std::string scratch;  // reused buffer for flattened trait paths

  Status Parse(std::string_view body, const SegmentRequestInfo& info, SegmentParseResult* out);
  Status ParseEvent(const dom::object& object, std::string_view prefix, EventType type,
                    const BatchDefaults& defaults, const SegmentRequestInfo& info,
                    CollectedEvent* ev);
  Status ReadConsent(const dom::object* event_context, const BatchDefaults& defaults,
                     std::string_view prefix, const SegmentRequestInfo& info, CollectedEvent* ev);
  void FlattenTraits(const dom::element& value, std::string& path, int depth,
                     std::vector<Field>* out);
};

namespace {

Status Invalid(std::string_view prefix, std::string_view what) {
  return InvalidArgument(std::string(prefix) + std::string(what));
}

// userId, anonymousId, groupId, previousId: strings, or numbers (stringified) as Segment's
// libraries allow. Empty strings count as absent.
Status ReadId(const std::optional<dom::element>& e, std::string_view prefix, std::string_view field,
              std::string* out) {
  out->clear();
  if (!Present(e)) return Status::Ok();
  std::string_view s;
  if (e->get_string().get(s) == simdjson::SUCCESS) {
    out->assign(s);
    return Status::Ok();
  }
  if (IsNumber(*e)) {
    AppendJsonNumber(*e, out);
    return Status::Ok();
  }
  return Invalid(prefix, "field '" + std::string(field) + "' must be a string or a number");
}

Status ReadOptionalString(const std::optional<dom::element>& e, std::string_view prefix,
                          std::string_view field, std::string_view* out) {
  *out = {};
  if (!Present(e)) return Status::Ok();
  if (e->get_string().get(*out) != simdjson::SUCCESS) {
    return Invalid(prefix, "field '" + std::string(field) + "' must be a string");
  }
  return Status::Ok();
}

Status ReadOptionalObject(const std::optional<dom::element>& e, std::string_view prefix,
                          std::string_view field, std::optional<dom::object>* out) {
  out->reset();
  if (!Present(e)) return Status::Ok();
  dom::object o;
  if (e->get_object().get(o) != simdjson::SUCCESS) {
    return Invalid(prefix, "field '" + std::string(field) + "' must be an object");
  }
  *out = o;
  return Status::Ok();
}

Status ReadTime(const std::optional<dom::element>& e, std::string_view prefix,
                std::string_view field, std::optional<int64_t>* out) {
  out->reset();
  std::string_view s;
  RETURN_IF_ERROR(ReadOptionalString(e, prefix, field, &s));
  if (!Present(e)) return Status::Ok();
  *out = ParseIsoTime(s);
  if (!*out) {
    return Invalid(prefix, "field '" + std::string(field) + "' is not an ISO 8601 date-time");
  }
  return Status::Ok();
}

// Looks `key` up in the event's context first, then in the batch's.
std::optional<dom::element> ContextValue(const dom::object* event_context,
                                         const BatchDefaults& defaults, std::string_view key) {
  dom::element e;
  if (event_context && (*event_context)[key].get(e) == simdjson::SUCCESS && !e.is_null()) {
    return e;
  }
  if (defaults.context && (*defaults.context)[key].get(e) == simdjson::SUCCESS && !e.is_null()) {
    return e;
  }
  return std::nullopt;
}

// Segment Consent Management category names (compared lower-cased, with ' ', '_' and '-'
// dropped) that map onto a Daylight purpose; docs/collection.md has the table. Advertising
// consent is consent to send the person's data to ad platforms to personalise ads — the two
// parameters of Google consent mode — so it is recorded in that signal's syntax.
bool IsAdvertisingCategory(std::string_view name) {
  std::string n;
  for (char c : name) {
    if (c == ' ' || c == '_' || c == '-') continue;
    n.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return n == "advertising" || n == "targeting" || n == "targetedadvertising";
}

// Writes the event as minified JSON without its writeKey (a credential, not part of the event)
// and with the batch's context and integrations applied: keys the event lacks are taken from
// the batch (one level deep), as Segment applies them.
void WriteEventJson(const dom::object& object, const BatchDefaults& defaults, std::string* out) {
  out->clear();
  out->push_back('{');
  bool first = true;
  bool saw_context = false, saw_integrations = false;
  auto key = [&](std::string_view k) {
    if (!first) out->push_back(',');
    first = false;
    AppendJsonString(k, out);
    out->push_back(':');
  };
  auto merged = [&](const dom::object& mine, const dom::object& batch) {
    out->push_back('{');
    bool f = true;
    for (dom::key_value_pair kv : mine) {
      if (!f) out->push_back(',');
      f = false;
      AppendJsonString(kv.key, out);
      out->push_back(':');
      out->append(simdjson::to_string(kv.value));
    }
    for (dom::key_value_pair kv : batch) {
      dom::element ignored;
      if (mine[kv.key].get(ignored) == simdjson::SUCCESS) continue;
      if (!f) out->push_back(',');
      f = false;
      AppendJsonString(kv.key, out);
      out->push_back(':');
      out->append(simdjson::to_string(kv.value));
    }
    out->push_back('}');
  };
  for (dom::key_value_pair kv : object) {
    if (kv.key == "writeKey") continue;
    dom::object mine;
    if (kv.key == "context" && defaults.context) {
      saw_context = true;
      key(kv.key);
      if (kv.value.get_object().get(mine) == simdjson::SUCCESS) {
        merged(mine, *defaults.context);
      } else {
        out->append(simdjson::to_string(*defaults.context));
      }
      continue;
    }
    if (kv.key == "integrations" && defaults.integrations) {
      saw_integrations = true;
      key(kv.key);
      if (kv.value.get_object().get(mine) == simdjson::SUCCESS) {
        merged(mine, *defaults.integrations);
      } else {
        out->append(simdjson::to_string(*defaults.integrations));
      }
      continue;
    }
    key(kv.key);
    out->append(simdjson::to_string(kv.value));
  }
  if (defaults.context && !saw_context) {
    key("context");
    out->append(simdjson::to_string(*defaults.context));
  }
  if (defaults.integrations && !saw_integrations) {
    key("integrations");
    out->append(simdjson::to_string(*defaults.integrations));
  }
  out->push_back('}');
}

}  // namespace

void SegmentParser::Impl::FlattenTraits(const dom::element& value, std::string& path, int depth,
                                        std::vector<Field>* out) {
  dom::object object;
  if (depth < kMaxTraitDepth && value.get_object().get(object) == simdjson::SUCCESS) {
    const size_t base = path.size();
    for (dom::key_value_pair kv : object) {
      if (base > 0) path.push_back('.');
      path.append(kv.key);
      FlattenTraits(kv.value, path, depth + 1, out);
      path.resize(base);
    }
    return;
  }
  if (path.empty()) return;
  std::string text;
  std::string_view s;
  bool b = false;
  switch (value.type()) {
    case dom::element_type::NULL_VALUE:
      return;
    case dom::element_type::STRING:
      if (value.get_string().get(s) != simdjson::SUCCESS || s.empty()) return;
      text.assign(s);
      break;
    case dom::element_type::BOOL:
      if (value.get_bool().get(b) != simdjson::SUCCESS) return;
      text = b ? "true" : "false";
      break;
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
    case dom::element_type::DOUBLE:
      AppendJsonNumber(value, &text);
      break;
    case dom::element_type::ARRAY:
    case dom::element_type::OBJECT:
      text = simdjson::to_string(value);
      break;
  }
  out->push_back(Field{std::string(CanonicalTraitName(path)), std::move(text)});
}

Status SegmentParser::Impl::ReadConsent(const dom::object* event_context,
                                        const BatchDefaults& defaults, std::string_view prefix,
                                        const SegmentRequestInfo& info, CollectedEvent* ev) {
  std::optional<dom::object> consent;
  RETURN_IF_ERROR(ReadOptionalObject(ContextValue(event_context, defaults, "consent"), prefix,
                                     "context.consent", &consent));
  auto add = [&](std::string signal) {
    for (const std::string& s : ev->consent_signals) {
      if (s == signal) return;
    }
    ev->consent_signals.push_back(std::move(signal));
  };
  std::string_view tc;
  if (consent) {
    dom::element e;
    if ((*consent)["tcString"].get(e) == simdjson::SUCCESS) {
      RETURN_IF_ERROR(ReadOptionalString(e, prefix, "context.consent.tcString", &tc));
      if (!tc.empty()) add(std::string(tc));
    }
  }
  std::optional<dom::object> tcf;
  RETURN_IF_ERROR(ReadOptionalObject(ContextValue(event_context, defaults, "tcf"), prefix,
                                     "context.tcf", &tcf));
  if (tcf) {
    dom::element e;
    if ((*tcf)["tcString"].get(e) == simdjson::SUCCESS) {
      RETURN_IF_ERROR(ReadOptionalString(e, prefix, "context.tcf.tcString", &tc));
      if (!tc.empty()) add(std::string(tc));
    }
  }
  if (consent) {
    dom::element e;
    if ((*consent)["googleConsentMode"].get(e) == simdjson::SUCCESS && !e.is_null()) {
      std::string_view s;
      dom::object o;
      if (e.get_string().get(s) == simdjson::SUCCESS) {
        if (!s.empty()) add(std::string(s));
      } else if (e.get_object().get(o) == simdjson::SUCCESS) {
        if (o.size() > 0) add(simdjson::to_string(e));
      } else {
        return Invalid(prefix,
                       "field 'context.consent.googleConsentMode' must be an object or a string");
      }
    }
    if ((*consent)["categoryPreferences"].get(e) == simdjson::SUCCESS && !e.is_null()) {
      dom::object categories;
      if (e.get_object().get(categories) != simdjson::SUCCESS) {
        return Invalid(prefix, "field 'context.consent.categoryPreferences' must be an object");
      }
      std::optional<bool> advertising;
      for (dom::key_value_pair kv : categories) {
        bool granted = false;
        if (kv.value.get_bool().get(granted) != simdjson::SUCCESS) {
          return Invalid(prefix,
                         "field 'context.consent.categoryPreferences' must map categories to "
                         "true or false");
        }
        if (IsAdvertisingCategory(kv.key)) {
          // Two spellings of the category that disagree: a refusal wins.
          advertising = advertising.value_or(true) && granted;
        }
      }
      if (advertising) {
        add(*advertising ? "ad_user_data=granted;ad_personalization=granted"
                         : "ad_user_data=denied;ad_personalization=denied");
      }
    }
  }
  bool gpc = info.gpc_header;
  if (auto e = ContextValue(event_context, defaults, "gpc")) {
    bool b = false;
    if (e->get_bool().get(b) != simdjson::SUCCESS) {
      return Invalid(prefix, "field 'context.gpc' must be true or false");
    }
    gpc = gpc || b;
  }
  if (gpc) add("gpc=1");
  return Status::Ok();
}

Status SegmentParser::Impl::ParseEvent(const dom::object& object, std::string_view prefix,
                                       EventType type, const BatchDefaults& defaults,
                                       const SegmentRequestInfo& info, CollectedEvent* ev) {
  EventFields f;
  for (dom::key_value_pair kv : object) {
    std::optional<dom::element>* slot = FieldFor(f, kv.key);
    if (slot == nullptr) continue;
    if (slot->has_value()) {
      return Invalid(prefix, "field '" + std::string(kv.key) + "' appears more than once");
    }
    *slot = kv.value;
  }
  ev->type = type;
  RETURN_IF_ERROR(ReadId(f.user_id, prefix, "userId", &ev->user_id));
  RETURN_IF_ERROR(ReadId(f.anonymous_id, prefix, "anonymousId", &ev->anonymous_id));
  if (ev->user_id.empty() && ev->anonymous_id.empty()) {
    return Invalid(prefix, "userId or anonymousId is required");
  }

  std::string_view s;
  RETURN_IF_ERROR(ReadOptionalString(f.message_id, prefix, "messageId", &s));
  if (s.size() > kMaxMessageIdBytes) {
    return Invalid(prefix, "field 'messageId' is longer than " +
                               std::to_string(kMaxMessageIdBytes) + " bytes");
  }
  ev->message_id = s.empty() ? GenerateMessageId() : std::string(s);

  std::optional<dom::object> context, ignored;
  RETURN_IF_ERROR(ReadOptionalObject(f.context, prefix, "context", &context));
  RETURN_IF_ERROR(ReadOptionalObject(f.integrations, prefix, "integrations", &ignored));
  RETURN_IF_ERROR(ReadOptionalObject(f.properties, prefix, "properties", &ignored));
  std::optional<dom::object> traits;
  RETURN_IF_ERROR(ReadOptionalObject(f.traits, prefix, "traits", &traits));

  ev->name.clear();
  ev->group_id.clear();
  ev->previous_id.clear();
  switch (type) {
    case EventType::kTrack:
      RETURN_IF_ERROR(ReadOptionalString(f.event, prefix, "event", &s));
      if (s.empty()) return Invalid(prefix, "field 'event' is required for track");
      ev->name.assign(s);
      break;
    case EventType::kPage:
    case EventType::kScreen:
      RETURN_IF_ERROR(ReadOptionalString(f.name, prefix, "name", &s));
      ev->name.assign(s);
      break;
    case EventType::kGroup:
      RETURN_IF_ERROR(ReadId(f.group_id, prefix, "groupId", &ev->group_id));
      if (ev->group_id.empty()) return Invalid(prefix, "field 'groupId' is required for group");
      break;
    case EventType::kAlias:
      RETURN_IF_ERROR(ReadId(f.previous_id, prefix, "previousId", &ev->previous_id));
      if (ev->previous_id.empty()) {
        return Invalid(prefix, "field 'previousId' is required for alias");
      }
      if (ev->user_id.empty()) return Invalid(prefix, "field 'userId' is required for alias");
      break;
    case EventType::kIdentify:
      break;
  }

  // Clock skew (docs/collection.md): the client's timestamp is moved by the difference between
  // the server's and the client's clock at sending, as Segment computes `timestamp`.
  std::optional<int64_t> timestamp, original, sent_at;
  RETURN_IF_ERROR(ReadTime(f.timestamp, prefix, "timestamp", &timestamp));
  RETURN_IF_ERROR(ReadTime(f.original_timestamp, prefix, "originalTimestamp", &original));
  RETURN_IF_ERROR(ReadTime(f.sent_at, prefix, "sentAt", &sent_at));
  if (!sent_at) sent_at = defaults.sent_at_us;
  ev->received_us = info.received_us;
  const std::optional<int64_t> client_time = timestamp ? timestamp : original;
  if (client_time) {
    ev->time_us = *client_time + (sent_at ? info.received_us - *sent_at : 0);
    if (ev->time_us < 0) ev->time_us = 0;
  } else {
    ev->time_us = info.received_us;
  }

  ev->traits.clear();
  if (type == EventType::kIdentify && traits) {
    scratch.clear();
    FlattenTraits(*f.traits, scratch, 0, &ev->traits);
  }

  ev->consent_signals.clear();
  RETURN_IF_ERROR(ReadConsent(context ? &*context : nullptr, defaults, prefix, info, ev));
  if (!defaults.context && !defaults.integrations && !f.write_key) {
    ev->json = simdjson::to_string(object);
  } else {
    WriteEventJson(object, defaults, &ev->json);
  }
  return Status::Ok();
}

Status SegmentParser::Impl::Parse(std::string_view body, const SegmentRequestInfo& info,
                                  SegmentParseResult* out) {
  out->events.clear();
  out->write_key.clear();
  out->too_large = false;
  const bool batch = !info.endpoint_type.has_value();
  const size_t limit = batch ? info.max_batch_bytes : info.max_event_bytes;
  if (body.size() > limit) {
    out->too_large = true;
    return InvalidArgument(batch ? "batch request exceeds the " + KiB(limit) + " limit"
                                 : "event exceeds the " + KiB(limit) + " limit");
  }
  dom::element root;
  if (auto error = parser.parse(body.data(), body.size()).get(root)) {
    return InvalidArgument(std::string("malformed JSON: ") + simdjson::error_message(error));
  }
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return InvalidArgument("expected a JSON object");
  }
  auto read_write_key = [&](const dom::object& o, std::string_view prefix) -> Status {
    dom::element e;
    if (!out->write_key.empty() || o["writeKey"].get(e) != simdjson::SUCCESS) {
      return Status::Ok();
    }
    std::string_view key;
    RETURN_IF_ERROR(ReadOptionalString(e, prefix, "writeKey", &key));
    out->write_key.assign(key);
    return Status::Ok();
  };
  RETURN_IF_ERROR(read_write_key(object, ""));

  BatchDefaults defaults;
  if (!batch) {
    out->events.resize(1);
    Status st = ParseEvent(object, "", *info.endpoint_type, defaults, info, &out->events[0]);
    if (!st.ok()) out->events.clear();
    return st;
  }

  dom::element e;
  dom::array items;
  if (object["batch"].get(e) != simdjson::SUCCESS || e.is_null()) {
    return InvalidArgument("field 'batch' is required");
  }
  if (e.get_array().get(items) != simdjson::SUCCESS) {
    return InvalidArgument("field 'batch' must be an array");
  }
  auto top = [&](std::string_view key) -> std::optional<dom::element> {
    dom::element v;
    if (object[key].get(v) != simdjson::SUCCESS) return std::nullopt;
    return v;
  };
  RETURN_IF_ERROR(ReadOptionalObject(top("context"), "", "context", &defaults.context));
  RETURN_IF_ERROR(
      ReadOptionalObject(top("integrations"), "", "integrations", &defaults.integrations));
  RETURN_IF_ERROR(ReadTime(top("sentAt"), "", "sentAt", &defaults.sent_at_us));
  if (defaults.context && defaults.context->size() == 0) defaults.context.reset();
  if (defaults.integrations && defaults.integrations->size() == 0) defaults.integrations.reset();

  // The writeKey may ride on the events instead (analytics.js's batching dispatcher puts it at
  // the top, its standard one on each event); read it before validating so the caller can
  // answer 401 rather than 400 to a request without a valid key.
  for (dom::element item : items) {
    dom::object o;
    if (item.get_object().get(o) == simdjson::SUCCESS) {
      RETURN_IF_ERROR(read_write_key(o, ""));
      if (!out->write_key.empty()) break;
    }
  }

  out->events.resize(items.size());
  size_t i = 0;
  std::string prefix;
  for (dom::element item : items) {
    prefix = "batch[" + std::to_string(i) + "]: ";
    dom::object o;
    if (item.get_object().get(o) != simdjson::SUCCESS) {
      out->events.clear();
      return InvalidArgument(prefix + "expected an object");
    }
    std::string_view type_name;
    dom::element t;
    if (o["type"].get(t) != simdjson::SUCCESS || t.is_null()) {
      out->events.clear();
      return InvalidArgument(prefix + "field 'type' is required");
    }
    std::optional<EventType> type;
    if (t.get_string().get(type_name) == simdjson::SUCCESS) type = EventTypeFromName(type_name);
    if (!type) {
      out->events.clear();
      return InvalidArgument(prefix +
                             "field 'type' must be one of identify, track, page, screen, group, "
                             "alias");
    }
    Status st = ParseEvent(o, prefix, *type, defaults, info, &out->events[i]);
    if (st.ok() && out->events[i].json.size() > info.max_event_bytes) {
      out->too_large = true;
      st = InvalidArgument(prefix + "event exceeds the " + KiB(info.max_event_bytes) + " limit");
    }
    if (!st.ok()) {
      out->events.clear();
      return st;
    }
    ++i;
  }
  return Status::Ok();
}

SegmentParser::SegmentParser() : impl_(std::make_unique<Impl>()) {}
SegmentParser::~SegmentParser() = default;

Status SegmentParser::Parse(std::string_view body, const SegmentRequestInfo& info,
                            SegmentParseResult* out) {
  try {
    SegmentRequestInfo copy = info;
    if (copy.received_us == 0) copy.received_us = NowMicros();
    return impl_->Parse(body, copy, out);
  } catch (const std::exception& e) {
    out->events.clear();
    return Internal(std::string("Segment event parser: ") + e.what());
  }
}

}  // namespace ingest
}  // namespace dl
