// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Consent signals from the web, normalised onto Daylight's purposes (docs/consent-signals.md):
//  * IAB TCF v2.2/v2.3 TC strings (tcf.h);
//  * Google consent mode v2 (ad_user_data, ad_personalization);
//  * Global Privacy Control (Sec-GPC: 1): an objection to sale, sharing and third-party targeted
//    advertising.
// and the reader of `daylight consent import signals.csv` (identifier,signal,time).
//
// Contract:
//  * Parsers are pure functions. Errors are InvalidArgument with a reason and, where useful, a
//    0-based character position; they never quote the input.
//  * A ConsentSignal's lists hold known purpose keys (purpose.h), sorted, without duplicates, and
//    no key is both granted and denied. Only leaf keys are granted (a parent would cover more than
//    the signal says).
//  * ParseSignal detects the kind by the rules in docs/consent-signals.md; input that fits none or
//    mixes two kinds is an error, never a guess.
#ifndef DAYLIGHT_CONSENT_SIGNAL_H_
#define DAYLIGHT_CONSENT_SIGNAL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/status.h"
#include "daylight/tcf.h"

namespace dl {

enum class SignalKind { kTcf, kGoogleConsentMode, kGpc };
// "tcf", "google_consent_mode", "gpc".
std::string_view SignalKindName(SignalKind kind);

struct ConsentSignal {
  SignalKind kind = SignalKind::kTcf;
  std::vector<std::string> granted_purposes;  // consent given for these (leaf keys)
  std::vector<std::string> denied_purposes;   // consent refused or not given for these
  std::vector<std::string> objections;        // Art. 21 objections / opt-outs (GPC)

  bool operator==(const ConsentSignal&) const = default;
};

// Google consent mode v2. Accepted:
//   key=value pairs separated by ';', ',' or '&' ("ad_user_data=granted;ad_personalization=denied")
//   a flat JSON object of strings ({"ad_user_data":"granted","ad_personalization":"denied"})
// Keys: ad_user_data, ad_personalization (mapped); ad_storage, analytics_storage,
// functionality_storage, personalization_storage, security_storage (accepted, not mapped).
// Values: granted | denied, case-insensitive. Unknown or repeated keys are errors.
// Mapping: both ad_user_data and ad_personalization granted -> granted
// marketing.advertising.third_party.targeted; either denied -> denied; otherwise nothing.
StatusOr<ConsentSignal> ParseGoogleConsentMode(std::string_view text);

// Global Privacy Control. Accepted (case-insensitive, surrounding spaces ignored):
//   "Sec-GPC: 1", "Sec-GPC=1", "gpc=1", "gpc: 1", "1", "true"  -> objections to
//       marketing.advertising.third_party.targeted and third_party_sharing
//   the same with 0 / false                                     -> a GPC signal with no objection
// GPC never grants or denies consent.
StatusOr<ConsentSignal> ParseGpc(std::string_view text);

// A TC string: DecodeTcString, then CheckTcfPolicy(options) (a string invalid under the TCF
// Policies carries no consent), then FidesPurposesGranted. Every Daylight purpose in
// TcfPurposeRules() that is not granted is denied: a CMP's TC string is the person's complete
// answer, so an unset bit withdraws an earlier grant.
StatusOr<ConsentSignal> ParseTcSignal(std::string_view text, const TcfPolicyOptions& options = {});

// Detects the kind (docs/consent-signals.md) and parses with the parser above. Surrounding ASCII
// whitespace is ignored.
StatusOr<ConsentSignal> ParseSignal(std::string_view text);

// ---------------------------------------------------------------------------------------------
// signals.csv: RFC 4180, header exactly `identifier,signal,time`, one signal per row.

struct SignalRow {
  uint64_t line = 0;       // 1-based line where the row starts
  std::string identifier;  // raw text as in the file (normalised later by the importer)
  ConsentSignal signal;
  int64_t time_us = 0;  // microseconds since the Unix epoch, UTC
};

// Strict ISO 8601 UTC time: YYYY-MM-DDTHH:MM:SS[.f{1,6}](Z|+00:00), years 1970-9999, a real
// calendar date, seconds 00-59. Returns microseconds since the epoch.
StatusOr<int64_t> ParseUtcTime(std::string_view text);

class ConsentSignalsReader {
 public:
  // Checks the header. InvalidArgument "<name>:1: ..." if it is not `identifier,signal,time`.
  static StatusOr<std::unique_ptr<ConsentSignalsReader>> Open(std::string buffer, std::string name);
  // IOError if the file cannot be read; otherwise as Open with the path as the name.
  static StatusOr<std::unique_ptr<ConsentSignalsReader>> OpenFile(const std::string& path);

  // Reads the next row. true: *out holds it; false: end of input. InvalidArgument
  // "<name>:<line>: field '<field>': <reason>" (or without the field for the row's structure)
  // means that row was skipped and the reader stays usable; messages never quote the identifier.
  // An unterminated quote consumes the rest of the input.
  StatusOr<bool> Next(SignalRow* out);

 private:
  ConsentSignalsReader(std::string buffer, std::string name)
      : buffer_(std::move(buffer)), name_(std::move(name)) {}
  // Splits the next record into fields; false at end of input.
  StatusOr<bool> NextRecord(std::vector<std::string>* fields, uint64_t* line);

  std::string buffer_;
  std::string name_;
  size_t pos_ = 0;
  uint64_t line_ = 1;
};

// Reads every row; fails on the first error.
StatusOr<std::vector<SignalRow>> ReadConsentSignals(std::string buffer, std::string name);

}  // namespace dl

#endif  // DAYLIGHT_CONSENT_SIGNAL_H_
