// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "ingest/segment_event.h"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dl::ingest {
namespace {

// 2026-03-01T10:00:10Z
constexpr int64_t kReceived = 1772359210LL * 1000000;

SegmentRequestInfo Single(EventType t) {
  SegmentRequestInfo info;
  info.endpoint_type = t;
  info.received_us = kReceived;
  return info;
}

SegmentRequestInfo Batch() {
  SegmentRequestInfo info;
  info.received_us = kReceived;
  return info;
}

struct Parsed {
  Status status;
  SegmentParseResult result;
};

Parsed Parse(const std::string& body, const SegmentRequestInfo& info) {
  SegmentParser parser;
  Parsed p;
  p.status = parser.Parse(body, info, &p.result);
  return p;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs F(std::initializer_list<std::pair<const char*, const char*>> l) {
  Pairs out;
  for (const auto& [n, v] : l) out.emplace_back(n, v);
  return out;
}

Pairs Traits(const CollectedEvent& e) {
  Pairs out;
  for (const Field& f : e.traits) out.emplace_back(f.name, f.value);
  return out;
}

TEST(SegmentEvent, IdentifyMapsTraitsToCanonicalNames) {
  Parsed p = Parse(R"({"userId":"u1","messageId":"m-1","traits":{
      "email":"ann@example.com","firstName":"Ann","last_name":"Lee","phone":"+4915112345678",
      "address":{"city":"Berlin","postalCode":"10115","state":"BE","country":"DE","street":"X 1"},
      "birthday":"1990-01-02","gender":"f","plan":"pro","logins":3,"vip":true,"none":null,
      "tags":["a","b"],"empty":"","company":{"name":"ACME","size":{"n":5}}},
      "context":{"traits":{"email":"other@example.com"}}})",
                   Single(EventType::kIdentify));
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  ASSERT_EQ(p.result.events.size(), 1u);
  const CollectedEvent& e = p.result.events[0];
  EXPECT_EQ(e.type, EventType::kIdentify);
  EXPECT_EQ(e.user_id, "u1");
  EXPECT_EQ(e.anonymous_id, "");
  EXPECT_EQ(e.message_id, "m-1");
  EXPECT_EQ(e.time_us, kReceived);
  EXPECT_EQ(e.received_us, kReceived);
  EXPECT_EQ(Traits(e), F({{"email", "ann@example.com"},
                         {"first_name", "Ann"},
                         {"last_name", "Lee"},
                         {"phone", "+4915112345678"},
                         {"city", "Berlin"},
                         {"zip", "10115"},
                         {"state", "BE"},
                         {"country", "DE"},
                         {"address.street", "X 1"},
                         {"dob", "1990-01-02"},
                         {"gender", "f"},
                         {"plan", "pro"},
                         {"logins", "3"},
                         {"vip", "true"},
                         {"tags", R"(["a","b"])"},
                         {"company.name", "ACME"},
                         {"company.size.n", "5"}}));
  EXPECT_TRUE(e.consent_signals.empty());
  EXPECT_EQ(e.json.find('\n'), std::string::npos);
  EXPECT_EQ(e.json.substr(0, 30), R"({"userId":"u1","messageId":"m-)");
}

TEST(SegmentEvent, TraitsOnlyFromIdentify) {
  Parsed p = Parse(R"({"anonymousId":"a1","event":"Bought","traits":{"email":"a@b.c"}})",
                   Single(EventType::kTrack));
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_TRUE(p.result.events[0].traits.empty());
  EXPECT_EQ(p.result.events[0].name, "Bought");
  EXPECT_EQ(p.result.events[0].anonymous_id, "a1");
}

TEST(SegmentEvent, NumericIdsAreStringified) {
  Parsed p = Parse(R"({"userId":12345,"anonymousId":7.5,"groupId":99})", Single(EventType::kGroup));
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_EQ(p.result.events[0].user_id, "12345");
  EXPECT_EQ(p.result.events[0].anonymous_id, "7.5");
  EXPECT_EQ(p.result.events[0].group_id, "99");
}

TEST(SegmentEvent, PageScreenAliasFields) {
  Parsed page = Parse(R"({"userId":"u","name":"Home"})", Single(EventType::kPage));
  ASSERT_TRUE(page.status.ok());
  EXPECT_EQ(page.result.events[0].name, "Home");
  Parsed screen = Parse(R"({"userId":"u"})", Single(EventType::kScreen));
  ASSERT_TRUE(screen.status.ok());
  EXPECT_EQ(screen.result.events[0].type, EventType::kScreen);
  Parsed alias = Parse(R"({"userId":"u","previousId":"anon-1"})", Single(EventType::kAlias));
  ASSERT_TRUE(alias.status.ok());
  EXPECT_EQ(alias.result.events[0].previous_id, "anon-1");
}

TEST(SegmentEvent, GeneratesMessageIdWhenAbsent) {
  std::set<std::string> seen;
  for (const char* body : {R"({"userId":"u","event":"x"})",
                           R"({"userId":"u","event":"x","messageId":null})",
                           R"({"userId":"u","event":"x","messageId":""})"}) {
    Parsed p = Parse(body, Single(EventType::kTrack));
    ASSERT_TRUE(p.status.ok());
    const std::string& id = p.result.events[0].message_id;
    ASSERT_EQ(id.size(), 3u + 32u);
    EXPECT_EQ(id.substr(0, 3), "dl-");
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef", 3), std::string::npos);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 3u);
}

struct ErrorCase {
  const char* name;
  std::optional<EventType> endpoint;  // nullopt: batch
  std::string body;
  std::string message;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

class SegmentErrorTest : public ::testing::TestWithParam<ErrorCase> {};

// Every refusal is InvalidArgument naming the field (and the batch index), never the value.
TEST_P(SegmentErrorTest, RefusesWithReason) {
  const ErrorCase& c = GetParam();
  SegmentRequestInfo info = c.endpoint ? Single(*c.endpoint) : Batch();
  Parsed p = Parse(c.body, info);
  ASSERT_FALSE(p.status.ok());
  EXPECT_EQ(p.status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status.message(), c.message);
  EXPECT_FALSE(p.result.too_large);
  EXPECT_TRUE(p.result.events.empty());
  EXPECT_EQ(p.status.message().find("SECRET"), std::string::npos);
}

constexpr auto kTrack = EventType::kTrack;
INSTANTIATE_TEST_SUITE_P(
    Segment, SegmentErrorTest,
    ::testing::Values(
        ErrorCase{"no_ids", kTrack, R"({"event":"x"})", "userId or anonymousId is required"},
        ErrorCase{"empty_ids", kTrack, R"({"userId":"","anonymousId":null,"event":"x"})",
                  "userId or anonymousId is required"},
        ErrorCase{"bool_user_id", kTrack, R"({"userId":true,"event":"SECRET"})",
                  "field 'userId' must be a string or a number"},
        ErrorCase{"object_anonymous_id", kTrack, R"({"anonymousId":{"a":"SECRET"},"event":"x"})",
                  "field 'anonymousId' must be a string or a number"},
        ErrorCase{"track_without_event", kTrack, R"({"userId":"SECRET"})",
                  "field 'event' is required for track"},
        ErrorCase{"track_empty_event", kTrack, R"({"userId":"SECRET","event":""})",
                  "field 'event' is required for track"},
        ErrorCase{"track_numeric_event", kTrack, R"({"userId":"SECRET","event":5})",
                  "field 'event' must be a string"},
        ErrorCase{"alias_without_previous", EventType::kAlias, R"({"userId":"SECRET"})",
                  "field 'previousId' is required for alias"},
        ErrorCase{"alias_without_user", EventType::kAlias,
                  R"({"anonymousId":"SECRET","previousId":"p"})",
                  "field 'userId' is required for alias"},
        ErrorCase{"group_without_group_id", EventType::kGroup, R"({"userId":"SECRET"})",
                  "field 'groupId' is required for group"},
        ErrorCase{"malformed", kTrack, R"({"userId":"SECRET",)",
                  "malformed JSON: The JSON document has an improper structure: missing or "
                  "superfluous commas, braces, missing keys, etc."},
        ErrorCase{"not_object", kTrack, R"(["SECRET"])", "expected a JSON object"},
        ErrorCase{"bad_utf8", kTrack, "{\"userId\":\"SECRET\xff\",\"event\":\"x\"}",
                  "malformed JSON: The input is not valid UTF-8"},
        ErrorCase{"bad_timestamp", kTrack,
                  R"({"userId":"u","event":"x","timestamp":"SECRET"})",
                  "field 'timestamp' is not an ISO 8601 date-time"},
        ErrorCase{"bad_date", kTrack,
                  R"({"userId":"u","event":"x","timestamp":"2026-02-30T00:00:00Z"})",
                  "field 'timestamp' is not an ISO 8601 date-time"},
        ErrorCase{"numeric_timestamp", kTrack,
                  R"({"userId":"u","event":"x","timestamp":1772359210000})",
                  "field 'timestamp' must be a string"},
        ErrorCase{"bad_sent_at", kTrack,
                  R"({"userId":"u","event":"x","sentAt":"2026-03-01T25:00:00Z"})",
                  "field 'sentAt' is not an ISO 8601 date-time"},
        ErrorCase{"context_not_object", kTrack, R"({"userId":"u","event":"x","context":"SECRET"})",
                  "field 'context' must be an object"},
        ErrorCase{"properties_not_object", kTrack,
                  R"({"userId":"u","event":"x","properties":[1]})",
                  "field 'properties' must be an object"},
        ErrorCase{"traits_not_object", EventType::kIdentify, R"({"userId":"u","traits":"SECRET"})",
                  "field 'traits' must be an object"},
        ErrorCase{"numeric_message_id", kTrack, R"({"userId":"u","event":"x","messageId":1})",
                  "field 'messageId' must be a string"},
        ErrorCase{"duplicate_key", kTrack, R"({"userId":"u","event":"x","userId":"SECRET"})",
                  "field 'userId' appears more than once"},
        ErrorCase{"consent_not_object", kTrack,
                  R"({"userId":"u","event":"x","context":{"consent":"SECRET"}})",
                  "field 'context.consent' must be an object"},
        ErrorCase{"category_not_bool", kTrack,
                  R"({"userId":"u","event":"x","context":{"consent":{"categoryPreferences":{"Advertising":"SECRET"}}}})",
                  "field 'context.consent.categoryPreferences' must map categories to true or "
                  "false"},
        ErrorCase{"gpc_not_bool", kTrack, R"({"userId":"u","event":"x","context":{"gpc":"1"}})",
                  "field 'context.gpc' must be true or false"},
        ErrorCase{"tc_string_not_string", kTrack,
                  R"({"userId":"u","event":"x","context":{"consent":{"tcString":1}}})",
                  "field 'context.consent.tcString' must be a string"},
        ErrorCase{"write_key_not_string", kTrack, R"({"userId":"u","event":"x","writeKey":1})",
                  "field 'writeKey' must be a string"},
        ErrorCase{"batch_missing", std::nullopt, R"({"events":[]})", "field 'batch' is required"},
        ErrorCase{"batch_not_array", std::nullopt, R"({"batch":{"userId":"SECRET"}})",
                  "field 'batch' must be an array"},
        ErrorCase{"batch_item_not_object", std::nullopt,
                  R"({"batch":[{"type":"track","userId":"u","event":"x"},"SECRET"]})",
                  "batch[1]: expected an object"},
        ErrorCase{"batch_without_type", std::nullopt, R"({"batch":[{"userId":"SECRET"}]})",
                  "batch[0]: field 'type' is required"},
        ErrorCase{"batch_unknown_type", std::nullopt,
                  R"({"batch":[{"type":"SECRET","userId":"u"}]})",
                  "batch[0]: field 'type' must be one of identify, track, page, screen, group, "
                  "alias"},
        ErrorCase{"batch_index_in_message", std::nullopt,
                  R"({"batch":[{"type":"track","userId":"u","event":"x"},
                               {"type":"identify","userId":"u"},
                               {"type":"page","userId":"u"},
                               {"type":"track","event":"SECRET"}]})",
                  "batch[3]: userId or anonymousId is required"},
        ErrorCase{"batch_bad_sent_at", std::nullopt, R"({"batch":[],"sentAt":"SECRET"})",
                  "field 'sentAt' is not an ISO 8601 date-time"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SegmentEvent, SizeLimitsAreTooLarge) {
  std::string big(33 * 1024, 'a');
  Parsed single = Parse(R"({"userId":"u","event":"x","properties":{"p":")" + big + R"("}})",
                        Single(EventType::kTrack));
  ASSERT_FALSE(single.status.ok());
  EXPECT_TRUE(single.result.too_large);
  EXPECT_EQ(single.status.message(), "event exceeds the 32 KB limit");

  // A batch under 500 KB with one event over 32 KB.
  Parsed one = Parse(R"({"batch":[{"type":"track","userId":"u","event":"x"},
                                  {"type":"track","userId":"u","event":"x","properties":{"p":")" +
                         big + R"("}}]})",
                     Batch());
  ASSERT_FALSE(one.status.ok());
  EXPECT_TRUE(one.result.too_large);
  EXPECT_EQ(one.status.message(), "batch[1]: event exceeds the 32 KB limit");

  std::string batch = R"({"batch":[)";
  for (int i = 0; i < 20; ++i) {
    if (i) batch += ",";
    batch += R"({"type":"track","userId":"u","event":"x","properties":{"p":")" +
             std::string(30 * 1024, 'b') + R"("}})";
  }
  batch += "]}";
  Parsed whole = Parse(batch, Batch());
  ASSERT_FALSE(whole.status.ok());
  EXPECT_TRUE(whole.result.too_large);
  EXPECT_EQ(whole.status.message(), "batch request exceeds the 500 KB limit");
}

TEST(SegmentEvent, ClockSkewIsCorrectedWithSentAt) {
  // The client says it sent at 10:00:05 and the server received at 10:00:10: the client's clock
  // is 5 s slow, so its timestamp moves 5 s later.
  Parsed p = Parse(R"({"userId":"u","event":"x","timestamp":"2026-03-01T10:00:00.250Z",
                       "sentAt":"2026-03-01T10:00:05Z"})",
                   Single(EventType::kTrack));
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_EQ(p.result.events[0].time_us, kReceived - 5000000 + 250000);

  // Without sentAt the timestamp is taken as is; offsets are applied.
  p = Parse(R"({"userId":"u","event":"x","timestamp":"2026-03-01T11:00:00+01:00"})",
            Single(EventType::kTrack));
  ASSERT_TRUE(p.status.ok());
  EXPECT_EQ(p.result.events[0].time_us, kReceived - 10000000);
  p = Parse(R"({"userId":"u","event":"x","originalTimestamp":"2026-03-01T09:30:00-0030"})",
            Single(EventType::kTrack));
  ASSERT_TRUE(p.status.ok());
  EXPECT_EQ(p.result.events[0].time_us, kReceived - 10000000);
  p = Parse(R"({"userId":"u","event":"x","timestamp":"2026-03-01"})", Single(EventType::kTrack));
  ASSERT_TRUE(p.status.ok());
  EXPECT_EQ(p.result.events[0].time_us, kReceived - 36010000000LL);

  // The batch's sentAt applies to its events; an event's own sentAt wins.
  p = Parse(R"({"sentAt":"2026-03-01T10:00:00Z","batch":[
      {"type":"track","userId":"u","event":"x","timestamp":"2026-03-01T09:59:00Z"},
      {"type":"track","userId":"u","event":"x","timestamp":"2026-03-01T09:59:00Z",
       "sentAt":"2026-03-01T10:00:10Z"},
      {"type":"track","userId":"u","event":"x"}]})",
            Batch());
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_EQ(p.result.events[0].time_us, kReceived - 60000000);
  EXPECT_EQ(p.result.events[1].time_us, kReceived - 70000000);
  EXPECT_EQ(p.result.events[2].time_us, kReceived);
}

TEST(SegmentEvent, BatchTypesAndDefaults) {
  Parsed p = Parse(R"({"writeKey":"wk","context":{"library":{"name":"x"},"gpc":true},
      "integrations":{"All":false},
      "batch":[{"type":"identify","userId":"u1","traits":{"email":"a@b.c"}},
               {"type":"track","anonymousId":"a1","event":"E","context":{"ip":"1.2.3.4"}},
               {"type":"alias","userId":"u1","previousId":"a1"}]})",
                   Batch());
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  ASSERT_EQ(p.result.events.size(), 3u);
  EXPECT_EQ(p.result.write_key, "wk");
  EXPECT_EQ(p.result.events[0].type, EventType::kIdentify);
  EXPECT_EQ(p.result.events[1].type, EventType::kTrack);
  EXPECT_EQ(p.result.events[2].type, EventType::kAlias);
  EXPECT_EQ(Traits(p.result.events[0]), F({{"email", "a@b.c"}}));
  // The batch's context and integrations are applied to every event's JSON.
  EXPECT_EQ(p.result.events[1].json,
            R"({"type":"track","anonymousId":"a1","event":"E","context":{"ip":"1.2.3.4",)"
            R"("library":{"name":"x"},"gpc":true},"integrations":{"All":false}})");
  for (const CollectedEvent& e : p.result.events) {
    EXPECT_EQ(e.consent_signals, std::vector<std::string>{"gpc=1"});
    EXPECT_EQ(e.json.find("wk"), std::string::npos);
  }
}

TEST(SegmentEvent, WriteKeyFromBodyIsReadAndNotStored) {
  Parsed p = Parse(R"({"userId":"u","event":"x","writeKey":"dlw_abc"})",
                   Single(EventType::kTrack));
  ASSERT_TRUE(p.status.ok());
  EXPECT_EQ(p.result.write_key, "dlw_abc");
  EXPECT_EQ(p.result.events[0].json, R"({"userId":"u","event":"x"})");

  // On the events of a batch (analytics.js's standard dispatcher), and still known when the
  // request is refused, so the server can answer 401 before 400.
  p = Parse(R"({"batch":[{"type":"track","writeKey":"dlw_def"}]})", Batch());
  ASSERT_FALSE(p.status.ok());
  EXPECT_EQ(p.result.write_key, "dlw_def");
}

TEST(SegmentEvent, ConsentSignals) {
  auto signals = [](const std::string& context, bool header = false) {
    SegmentRequestInfo info = Single(EventType::kTrack);
    info.gpc_header = header;
    Parsed p = Parse(R"({"userId":"u","event":"x","context":)" + context + "}", info);
    EXPECT_TRUE(p.status.ok()) << p.status.ToString();
    return p.status.ok() ? p.result.events[0].consent_signals : std::vector<std::string>{};
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(signals(R"({"consent":{"tcString":"CQAbc.IAAA"}})"), V{"CQAbc.IAAA"});
  EXPECT_EQ(signals(R"({"tcf":{"tcString":"CQAbc.IAAA"}})"), V{"CQAbc.IAAA"});
  EXPECT_EQ(signals(R"({"tcf":{"tcString":"CQAbc.IAAA"},"consent":{"tcString":"CQAbc.IAAA"}})"),
            V{"CQAbc.IAAA"});
  EXPECT_EQ(signals(R"({"consent":{"googleConsentMode":{"ad_user_data":"granted",
                                    "ad_personalization":"denied"}}})"),
            V{R"({"ad_user_data":"granted","ad_personalization":"denied"})"});
  EXPECT_EQ(signals(R"({"consent":{"googleConsentMode":"ad_user_data=granted"}})"),
            V{"ad_user_data=granted"});
  EXPECT_EQ(signals(R"({"consent":{"categoryPreferences":{"Advertising":true,"Analytics":false}}})"),
            V{"ad_user_data=granted;ad_personalization=granted"});
  EXPECT_EQ(signals(R"({"consent":{"categoryPreferences":{"advertising":false}}})"),
            V{"ad_user_data=denied;ad_personalization=denied"});
  EXPECT_EQ(signals(R"({"consent":{"categoryPreferences":{"Targeting":true,"advertising":false}}})"),
            V{"ad_user_data=denied;ad_personalization=denied"});
  EXPECT_EQ(signals(R"({"consent":{"categoryPreferences":{"Analytics":true,"Functional":true}}})"),
            V{});
  EXPECT_EQ(signals(R"({"gpc":true})"), V{"gpc=1"});
  EXPECT_EQ(signals(R"({"gpc":false})"), V{});
  EXPECT_EQ(signals(R"({})", true), V{"gpc=1"});
  EXPECT_EQ(signals(R"({"gpc":true})", true), V{"gpc=1"});
}

TEST(SegmentEvent, CanonicalTraitNames) {
  EXPECT_EQ(CanonicalTraitName("firstName"), "first_name");
  EXPECT_EQ(CanonicalTraitName("address.postalCode"), "zip");
  EXPECT_EQ(CanonicalTraitName("birthday"), "dob");
  EXPECT_EQ(CanonicalTraitName("address.street"), "address.street");
  EXPECT_EQ(CanonicalTraitName("Email"), "Email");
}

TEST(SegmentEvent, EventTypeNames) {
  for (EventType t : {EventType::kIdentify, EventType::kTrack, EventType::kPage,
                      EventType::kScreen, EventType::kGroup, EventType::kAlias}) {
    EXPECT_EQ(EventTypeFromName(EventTypeName(t)), t);
  }
  EXPECT_EQ(EventTypeFromName("Track"), std::nullopt);
}

TEST(SegmentEvent, ParserIsReusable) {
  SegmentParser parser;
  SegmentParseResult r;
  ASSERT_FALSE(parser.Parse("{", Single(EventType::kTrack), &r).ok());
  ASSERT_TRUE(parser.Parse(R"({"userId":"u","event":"x"})", Single(EventType::kTrack), &r).ok());
  EXPECT_EQ(r.events.size(), 1u);
  ASSERT_TRUE(parser.Parse(R"({"batch":[]})", Batch(), &r).ok());
  EXPECT_TRUE(r.events.empty());
}

}  // namespace
}  // namespace dl::ingest
