// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// signals.csv: the consent signals the organisation's web shop logged for logged-in visitors
// in the year before the data set's date (docs/generate.md, docs/consent-signals.md). EU and UK
// visitors answer a TCF consent banner (a TC string per answer); the Google tag records consent
// mode for some of them and for US visitors; some browsers send Global Privacy Control.
#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "generate/demo_data.h"
#include "generate/random.h"
#include "generate/tcf_encoder.h"
#include "generate/text_writers.h"

namespace dl::generate {
namespace {

// Rates from the generator's contract (docs/generate.md).
constexpr double kLoggedShare = 0.90;       // shop-account holders with a logged signal
constexpr double kPhoneLoginShare = 0.10;   // logged in to the app with their mobile number
constexpr double kChangedMindShare = 0.10;  // a second, later answer (TCF and consent mode)
constexpr int64_t kLogFrom = kSignalLogFrom;

// Kind of signal by the visitor's country: TCF, Google consent mode, GPC. The TCF banner is
// shown in the EU and the UK only.
constexpr uint32_t kKindWeightsEurope[] = {72, 24, 4};
constexpr uint32_t kKindWeightsUs[] = {0, 88, 12};

// TCF answers: accept all, reject all, measurement only (second layer).
enum TcfAnswer : size_t { kAcceptAll, kRejectAll, kMeasurementOnly };
constexpr uint32_t kTcfAnswerWeights[] = {78, 10, 12};

// Consent mode: both ad parameters granted, both denied, data granted but no personalisation.
enum ModeAnswer : size_t { kModeGranted, kModeDenied, kModeNoPersonalisation };
constexpr uint32_t kModeAnswerWeights[] = {75, 18, 7};

// The shop's CMP setup. The CMP id is invented (the decoder does not check the CMP list); the
// vendors are GVL ids of a typical ad stack (755 is Google Advertising Products).
constexpr uint16_t kCmpId = 300;
constexpr uint16_t kCmpVersion = 4;
const std::vector<uint16_t>& DisclosedVendors() {
  static const std::vector<uint16_t> kVendors = {10, 21, 32, 50, 52, 76, 91, 755, 793};
  return kVendors;
}
const std::vector<uint16_t>& LegitimateInterestVendors() {
  static const std::vector<uint16_t> kVendors = {10, 32, 52, 76};
  return kVendors;
}

std::string ConsentLanguage(Country c) {
  switch (c) {
    case Country::kDE:
      return "DE";
    case Country::kFR:
      return "FR";
    default:
      return "EN";
  }
}

// The TC string a CMP writes for the answer, created on the day of `time`.
SignalRow TcfSignal(Country country, int64_t time, Rng& rng) {
  const TcfAnswer answer = static_cast<TcfAnswer>(rng.Weighted(kTcfAnswerWeights));
  TcfChoice c;
  c.created_deciseconds = time / 86400 * 86400 * 10;  // CMPs keep the day only
  c.last_updated_deciseconds = c.created_deciseconds;
  c.cmp_id = kCmpId;
  c.cmp_version = kCmpVersion;
  c.consent_screen = answer == kMeasurementOnly ? 2 : 1;
  c.consent_language = ConsentLanguage(country);
  // The Global Vendor List is published weekly.
  c.vendor_list_version = static_cast<uint16_t>(60 + (time - kLogFrom) / (7 * 86400));
  c.tcf_policy_version = 5;
  c.publisher_cc = "DE";
  c.disclosed_vendors = DisclosedVendors();
  // Legitimate interest (purposes 2, 7-11) is not a consent: a "reject all" leaves it.
  c.purposes_li_transparency = TcfPurposeMask({2, 7, 8, 9, 10, 11});
  c.vendor_legitimate_interests = LegitimateInterestVendors();
  switch (answer) {
    case kAcceptAll:
      c.purposes_consent = TcfPurposeMask({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
      c.vendor_consents = DisclosedVendors();
      break;
    case kRejectAll:
      break;
    case kMeasurementOnly:
      c.purposes_consent = TcfPurposeMask({1, 7, 8, 9, 10});
      c.vendor_consents = DisclosedVendors();
      break;
  }
  SignalRow row;
  row.kind = SignalKind::kTcf;
  row.signal = EncodeTcString(c);
  row.tcf_purposes = c.purposes_consent;
  // Purposes 3 and 4 map to third-party targeted advertising (docs/tcf.md).
  row.ads = answer == kAcceptAll ? AdsSignal::kGranted : AdsSignal::kDenied;
  return row;
}

// Consent mode as a tag manager or CMP exports it: key=value pairs or the gtag JSON object.
SignalRow ConsentModeSignal(Rng& rng) {
  const ModeAnswer answer = static_cast<ModeAnswer>(rng.Weighted(kModeAnswerWeights));
  const char* storage = answer == kModeDenied ? "denied" : "granted";
  const char* user_data = answer == kModeDenied ? "denied" : "granted";
  const char* personalization = answer == kModeGranted ? "granted" : "denied";
  const std::array<std::pair<const char*, const char*>, 4> keys = {{
      {"ad_storage", storage},
      {"analytics_storage", storage},
      {"ad_user_data", user_data},
      {"ad_personalization", personalization},
  }};
  SignalRow row;
  row.kind = SignalKind::kGoogleConsentMode;
  const uint64_t form = rng.Uniform(10);
  if (form < 3) {  // {"ad_storage":"granted",...}
    row.signal = "{";
    for (const auto& [k, v] : keys) {
      if (row.signal.size() > 1) row.signal += ",";
      row.signal += std::string("\"") + k + "\":\"" + v + "\"";
    }
    row.signal += "}";
  } else {  // ad_storage=granted;... or only the two parameters about the use of data
    const size_t from = form < 5 ? 2 : 0;
    for (size_t i = from; i < keys.size(); ++i) {
      if (i > from) row.signal += ";";
      row.signal += std::string(keys[i].first) + "=" + keys[i].second;
    }
  }
  row.ads = answer == kModeGranted ? AdsSignal::kGranted : AdsSignal::kDenied;
  return row;
}

SignalRow DrawSignal(Country country, int64_t time, Rng& rng) {
  const size_t kind =
      country == Country::kUS ? rng.Weighted(kKindWeightsUs) : rng.Weighted(kKindWeightsEurope);
  SignalRow row;
  if (kind == 0) {
    row = TcfSignal(country, time, rng);
  } else if (kind == 1) {
    row = ConsentModeSignal(rng);
  } else {
    row.kind = SignalKind::kGpc;
    row.signal = "Sec-GPC: 1";
    row.ads = AdsSignal::kObjection;
  }
  row.time = time;
  return row;
}

}  // namespace

std::vector<SignalRow> BuildConsentSignals(const DemoData& data, Rng& rng) {
  // Sign-up time per customer: a visitor's signals come after their account exists.
  std::unordered_map<uint32_t, int64_t> signed_up;
  for (const SignupRow& s : data.signups) signed_up.emplace(s.person, s.signup_time);
  std::vector<SignalRow> rows;
  for (uint32_t i = 0; i < data.customers; ++i) {
    const Person& p = data.people[i];
    const auto signup = signed_up.find(i);
    // A shop account: from signing up, or created at the first order.
    if (signup == signed_up.end() && p.orders == 0) continue;
    if (!rng.Chance(kLoggedShare)) continue;
    const std::string identifier =
        rng.Chance(kPhoneLoginShare) ? "phone:" + p.mobile : "email:" + p.email;
    const int64_t from =
        std::max(kLogFrom, signup == signed_up.end() ? kLogFrom : signup->second + 60);
    if (from >= kDataSetDate) continue;  // signed up in the last minute: nothing logged yet
    const int64_t time = from + static_cast<int64_t>(rng.Uniform(kDataSetDate - from));
    SignalRow first = DrawSignal(p.country, time, rng);
    first.person = i;
    first.identifier = identifier;
    const bool again =
        first.kind != SignalKind::kGpc && time + 1 < kDataSetDate && rng.Chance(kChangedMindShare);
    rows.push_back(std::move(first));
    if (again) {
      // The visitor opened the banner again later: same browser, so the same kind of signal.
      const int64_t later = time + 1 + static_cast<int64_t>(rng.Uniform(kDataSetDate - time - 1));
      SignalRow second = rows.back().kind == SignalKind::kTcf ? TcfSignal(p.country, later, rng)
                                                              : ConsentModeSignal(rng);
      second.time = later;
      second.person = i;
      second.identifier = identifier;
      rows.push_back(std::move(second));
    }
  }
  // A log is in time order.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const SignalRow& a, const SignalRow& b) { return a.time < b.time; });
  return rows;
}

std::string SignalsHeader() { return "identifier,signal,time"; }

void AppendSignal(std::string& out, const SignalRow& row) {
  AppendCsvField(out, row.identifier, ',');
  out.push_back(',');
  AppendCsvField(out, row.signal, ',');
  out.push_back(',');
  out.append(IsoTimestamp(row.time));
  out.push_back('\n');
}

}  // namespace dl::generate
