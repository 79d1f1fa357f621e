// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Parsers for consent signals (include/daylight/consent_signal.h, docs/consent-signals.md).
#include "daylight/consent_signal.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <set>

#include <nlohmann/json.hpp>

#include "daylight/tcf.h"

namespace dl {

namespace {

constexpr std::string_view kThirdPartyTargeted = "marketing.advertising.third_party.targeted";
constexpr std::string_view kThirdPartySharing = "third_party_sharing";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void SortUnique(std::vector<std::string>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// --- Google consent mode --------------------------------------------------------------------

constexpr std::array<std::string_view, 7> kConsentModeKeys = {
    "ad_user_data",          "ad_personalization",      "ad_storage",       "analytics_storage",
    "functionality_storage", "personalization_storage", "security_storage",
};

enum class ModeValue { kUnset, kGranted, kDenied };

struct ConsentModeState {
  std::array<ModeValue, kConsentModeKeys.size()> values{};

  // Records one key/value; `where` describes the position for messages.
  Status Set(std::string_view key, std::string_view value, const std::string& where) {
    const std::string k = Lower(key);
    if (k == "gpc" || k == "sec-gpc") {
      return InvalidArgument(where +
                             ": GPC mixed with Google consent mode is ambiguous; give one signal "
                             "per row");
    }
    const auto it = std::find(kConsentModeKeys.begin(), kConsentModeKeys.end(), k);
    if (it == kConsentModeKeys.end()) {
      return InvalidArgument(where +
                             ": unknown consent mode key (ad_user_data, ad_personalization, "
                             "ad_storage, analytics_storage, functionality_storage, "
                             "personalization_storage, security_storage)");
    }
    ModeValue& slot = values[static_cast<size_t>(it - kConsentModeKeys.begin())];
    if (slot != ModeValue::kUnset) return InvalidArgument(where + ": " + k + " given twice");
    const std::string v = Lower(value);
    if (v == "granted") {
      slot = ModeValue::kGranted;
    } else if (v == "denied") {
      slot = ModeValue::kDenied;
    } else {
      return InvalidArgument(where + ": value of " + k + " must be granted or denied");
    }
    return Status::Ok();
  }

  StatusOr<ConsentSignal> ToSignal() const {
    if (std::all_of(values.begin(), values.end(),
                    [](ModeValue v) { return v == ModeValue::kUnset; })) {
      return InvalidArgument("Google consent mode signal has no keys");
    }
    ConsentSignal signal;
    signal.kind = SignalKind::kGoogleConsentMode;
    const ModeValue user_data = values[0];
    const ModeValue personalization = values[1];
    if (user_data == ModeValue::kDenied || personalization == ModeValue::kDenied) {
      signal.denied_purposes.emplace_back(kThirdPartyTargeted);
    } else if (user_data == ModeValue::kGranted && personalization == ModeValue::kGranted) {
      signal.granted_purposes.emplace_back(kThirdPartyTargeted);
    }
    return signal;
  }
};

std::string_view Unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

StatusOr<ConsentSignal> ParseConsentModeJson(std::string_view text) {
  ConsentModeState state;
  Status error;
  int depth_violations = 0;
  // The callback sees keys at depth 1 in order, so repeated keys are caught (the parsed object
  // would silently keep the last).
  std::vector<std::string> keys;
  const nlohmann::json::parser_callback_t callback =
      [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        if (event == nlohmann::json::parse_event_t::key && depth == 1 && parsed.is_string()) {
          keys.push_back(parsed.get<std::string>());
        }
        if (depth > 1) ++depth_violations;
        return depth <= 1;
      };
  const nlohmann::json json = nlohmann::json::parse(text.begin(), text.end(), callback,
                                                    /*allow_exceptions=*/false);
  if (json.is_discarded()) return InvalidArgument("Google consent mode: not valid JSON");
  if (!json.is_object()) return InvalidArgument("Google consent mode: JSON must be an object");
  if (depth_violations > 0) {
    return InvalidArgument(
        "Google consent mode: JSON values must be the strings granted or denied");
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string where = "Google consent mode: key " + std::to_string(i + 1);
    const auto it = json.find(keys[i]);
    if (it == json.end() || !it->is_string()) {
      // A key seen by the callback but absent or not a string in the object.
      if (it != json.end()) {
        return InvalidArgument(where + ": value must be the string granted or denied");
      }
      return InvalidArgument(where + ": malformed");
    }
    RETURN_IF_ERROR(state.Set(keys[i], it->get_ref<const std::string&>(), where));
  }
  return state.ToSignal();
}

StatusOr<ConsentSignal> ParseConsentModePairs(std::string_view text) {
  ConsentModeState state;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(";,&", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view pair = Trim(text.substr(start, end - start));
    const std::string where = "Google consent mode: character " + std::to_string(start);
    if (!pair.empty()) {
      const size_t eq = pair.find_first_of("=:");
      if (eq == std::string_view::npos) return InvalidArgument(where + ": expected key=value");
      RETURN_IF_ERROR(
          state.Set(Unquote(Trim(pair.substr(0, eq))), Unquote(Trim(pair.substr(eq + 1))), where));
    }
    start = end + 1;
  }
  return state.ToSignal();
}

bool IsBase64UrlOrDot(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

}  // namespace

std::string_view SignalKindName(SignalKind kind) {
  switch (kind) {
    case SignalKind::kTcf:
      return "tcf";
    case SignalKind::kGoogleConsentMode:
      return "google_consent_mode";
    case SignalKind::kGpc:
      return "gpc";
  }
  return "unknown";
}

StatusOr<ConsentSignal> ParseGoogleConsentMode(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return InvalidArgument("Google consent mode: empty signal");
  if (text.front() == '{') return ParseConsentModeJson(text);
  return ParseConsentModePairs(text);
}

StatusOr<ConsentSignal> ParseGpc(std::string_view text) {
  std::string s = Lower(Trim(text));
  std::string_view value = s;
  for (std::string_view prefix : {std::string_view("sec-gpc"), std::string_view("gpc")}) {
    if (value.substr(0, prefix.size()) == prefix) {
      std::string_view rest = Trim(value.substr(prefix.size()));
      if (rest.empty() || (rest.front() != ':' && rest.front() != '=')) {
        return InvalidArgument("GPC: expected ':' or '=' after the header name");
      }
      value = Trim(rest.substr(1));
      break;
    }
  }
  ConsentSignal signal;
  signal.kind = SignalKind::kGpc;
  if (value == "1" || value == "true") {
    signal.objections = {std::string(kThirdPartyTargeted), std::string(kThirdPartySharing)};
    SortUnique(&signal.objections);
    return signal;
  }
  if (value == "0" || value == "false") return signal;
  if (value.find_first_of(";,&=") != std::string_view::npos) {
    return InvalidArgument("GPC: one value only; mixing GPC with other signals is ambiguous");
  }
  return InvalidArgument("GPC: value must be 1, 0, true or false");
}

StatusOr<ConsentSignal> ParseTcSignal(std::string_view text, const TcfPolicyOptions& options) {
  StatusOr<TcString> tc = DecodeTcString(Trim(text));
  if (!tc.ok()) return tc.status().WithContext("TC string");
  RETURN_IF_ERROR(CheckTcfPolicy(*tc, options).WithContext("TC string"));
  ConsentSignal signal;
  signal.kind = SignalKind::kTcf;
  signal.granted_purposes = FidesPurposesGranted(*tc);
  for (const TcfPurposeRule& rule : TcfPurposeRules()) {
    if (std::find(signal.granted_purposes.begin(), signal.granted_purposes.end(), rule.fides_key) ==
        signal.granted_purposes.end()) {
      signal.denied_purposes.emplace_back(rule.fides_key);
    }
  }
  SortUnique(&signal.granted_purposes);
  SortUnique(&signal.denied_purposes);
  return signal;
}

StatusOr<ConsentSignal> ParseSignal(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return InvalidArgument("empty signal");
  if (text.front() == '{') return ParseGoogleConsentMode(text);
  if (const size_t sep = text.find_first_of("=:"); sep != std::string_view::npos) {
    const std::string key = Lower(Unquote(Trim(text.substr(0, sep))));
    if (key == "gpc" || key == "sec-gpc") return ParseGpc(text);
    return ParseGoogleConsentMode(text);
  }
  const std::string lower = Lower(text);
  if (lower == "1" || lower == "0" || lower == "true" || lower == "false") return ParseGpc(text);
  if (std::all_of(text.begin(), text.end(), IsBase64UrlOrDot)) return ParseTcSignal(text);
  return InvalidArgument(
      "not a recognised signal (a TC string, Google consent mode key=value pairs or JSON, or GPC "
      "1/0)");
}

}  // namespace dl
