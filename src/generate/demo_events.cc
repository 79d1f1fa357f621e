// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// events.jsonl: the web shop's Segment events, as analytics.js would have sent them to
// `daylight serve` (one event object per line, each naming its type, as in a /v1/batch body).
// Every signed-up visitor first browses anonymously (page calls with an anonymousId), signs up
// (an identify with their userId, e-mail and name, which links the anonymous id to the user),
// then views products and sometimes orders (track calls). Deterministic per seed.
#include <cstdio>
#include <string>

#include "generate/demo_data.h"
#include "generate/random.h"
#include "generate/text_writers.h"

namespace dl::generate {
namespace {

constexpr const char* kPages[] = {"/", "/sale", "/shoes", "/jackets", "/about"};
constexpr const char* kProducts[] = {"P-1001", "P-1002", "P-2001", "P-2002", "P-3001", "P-3002"};

std::string Hex(uint64_t v, int digits) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return std::string(buf + 16 - digits);
}

// A version-4-shaped UUID, as analytics.js makes anonymous ids.
std::string AnonymousId(Rng& rng) {
  const uint64_t a = rng.Next(), b = rng.Next();
  return Hex(a >> 32, 8) + "-" + Hex((a >> 16) & 0xffff, 4) + "-4" + Hex(a & 0xfff, 3) + "-" +
         Hex(0x8000 | (b >> 48 & 0x3fff), 4) + "-" + Hex(b & 0xffffffffffffULL, 12);
}

void Begin(std::string& out, const char* type, uint64_t* n, int64_t at) {
  out.append("{\"type\":\"");
  out.append(type);
  out.append("\",\"messageId\":\"demo-");
  out.append(std::to_string((*n)++));
  out.append("\",\"timestamp\":\"");
  out.append(IsoTimestamp(at));
  out.append("\"");
}

}  // namespace

uint64_t AppendDemoEvents(std::string& out, const DemoData& data, uint64_t seed) {
  Rng rng(seed, 0x6576656e7473);  // "events"
  uint64_t n = 0;
  for (const SignupRow& s : data.signups) {
    const std::string anon = AnonymousId(rng);
    const std::string user = "web-" + std::to_string(s.person);
    // Browsing before the sign-up, anonymously.
    const int visits = static_cast<int>(rng.Range(1, 4));
    for (int i = visits; i > 0; --i) {
      const int64_t at = s.signup_time - static_cast<int64_t>(rng.Range(60, 10 * 86400)) * i / visits;
      const char* page = kPages[rng.Uniform(std::size(kPages))];
      Begin(out, "page", &n, at);
      out.append(",\"anonymousId\":\"" + anon + "\",\"name\":\"");
      out.append(page);
      out.append("\",\"properties\":{\"path\":\"");
      out.append(page);
      out.append("\"},\"context\":{\"library\":{\"name\":\"analytics.js\",\"version\":\"5.2.0\"}}}\n");
    }
    // The sign-up: the person gives their e-mail and name themselves.
    Begin(out, "identify", &n, s.signup_time);
    out.append(",\"anonymousId\":\"" + anon + "\",\"userId\":\"" + user + "\",\"traits\":{\"email\":");
    AppendJsonString(out, s.email.text);
    out.append(",\"firstName\":");
    AppendJsonString(out, s.first_name);
    out.append(",\"lastName\":");
    AppendJsonString(out, s.last_name);
    out.append("}}\n");
    // Shopping after it.
    int64_t at = s.signup_time;
    const int views = static_cast<int>(rng.Range(0, 5));
    for (int i = 0; i < views; ++i) {
      at += static_cast<int64_t>(rng.Range(300, 20 * 86400));
      if (at >= kDataSetDate) break;
      const char* product = kProducts[rng.Uniform(std::size(kProducts))];
      Begin(out, "track", &n, at);
      out.append(",\"userId\":\"" + user + "\",\"event\":\"Product Viewed\",\"properties\":{");
      out.append("\"product_id\":\"");
      out.append(product);
      out.append("\",\"currency\":\"EUR\",\"price\":" + std::to_string(rng.Range(19, 249)) + "}}\n");
      if (rng.Chance(0.3)) {
        at += static_cast<int64_t>(rng.Range(60, 3600));
        if (at >= kDataSetDate) break;
        Begin(out, "track", &n, at);
        out.append(",\"userId\":\"" + user + "\",\"event\":\"Order Completed\",\"properties\":{");
        out.append("\"order_id\":\"O-" + Hex(rng.Next(), 8) + "\",\"currency\":\"EUR\",\"total\":" +
                   std::to_string(rng.Range(19, 499)) + "}}\n");
      }
    }
  }
  return n;
}

}  // namespace dl::generate
