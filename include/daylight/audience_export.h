// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Activation exports: customer-list CSV files for Meta Custom Audiences and Google Customer
// Match (docs/exports.md). Every value is normalised and hashed with the identity layer's
// platform profile (HashForPlatform); the only plaintext written is Google's Country and Zip,
// which Google requires unhashed. The file appears only complete: it is written to a temporary
// file (mode 0600) in the target directory and renamed into place on success; on any error no
// file is left behind. An audience whose guarded size would be withheld is not exported
// (CheckExportable in daylight/guardrails.h), checked both on the members given and on the rows
// actually written.
//
// Callers pass only members the gate allowed for the export's purpose; this layer does not
// re-check eligibility. Messages never contain member data.
#ifndef DAYLIGHT_AUDIENCE_EXPORT_H_
#define DAYLIGHT_AUDIENCE_EXPORT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/guardrails.h"
#include "daylight/hash_profiles.h"
#include "daylight/status.h"

namespace dl {

// One member's plaintext data, as raw source text or Daylight's normalised form. Empty strings
// mean "unknown". `country` is also the region for the member's phone, state and zip rules.
struct ExportMember {
  std::vector<std::string> emails;
  std::vector<std::string> phones;
  std::string first_name;
  std::string last_name;
  std::string country;
  std::string zip;
  std::string city;
  std::string state;
  std::string dob;
  std::string gender;
};

// The same data as views, valid only during the call that passes them: lets a caller hand over
// a million members without a string per value (ExportMemberSource).
struct ExportMemberView {
  std::span<const std::string_view> emails;
  std::span<const std::string_view> phones;
  std::string_view first_name;
  std::string_view last_name;
  std::string_view country;
  std::string_view zip;
  std::string_view city;
  std::string_view state;
  std::string_view dob;
  std::string_view gender;
};

// Members in `parts` consecutive runs (e.g. one per chunk of the audience snapshot), so that
// reading them can run on several threads: the file holds part 0's rows, then part 1's, and so
// on, whatever the number of threads. read(part, emit) calls emit for each member of the part in
// order. The writer calls it once per part, concurrently for different parts; an error from it
// ends the export with no file.
struct ExportMemberSource {
  uint64_t members = 0;  // over all parts: the guard applies to it before anything is written
  size_t parts = 0;
  std::function<Status(size_t part, const std::function<void(const ExportMemberView&)>& emit)> read;
};

struct ExportCounts;

struct ExportOptions {
  Platform platform = Platform::kMeta;  // kMeta or kGoogle; kPair has no file format
  // ISO alpha-2 region for phone numbers of members without a (valid) country.
  std::string default_region;
  // E-mail and phone columns in the file (Meta accepts up to three of each). Values beyond
  // these are skipped and counted ("email: more than N per member").
  size_t max_emails = 3;
  size_t max_phones = 3;
  // E-mails and phones are Daylight's own normalised forms, validated at import (members read
  // from the store): they are put in the platform's form directly (PlatformEmailForm,
  // PlatformPhoneForm) instead of being parsed again — libphonenumber alone costs ~20 µs per
  // number.
  bool identifiers_normalized = false;
  // Threads that build rows, besides the one writing the file (the file is the same whatever
  // the number). 0: up to 2.
  unsigned threads = 0;
  // Called once the file's content is final (every row written, the guard passed, counts and
  // digest known) and before it is synced and renamed into place, on the thread writing it: a
  // caller can prepare its record of the export meanwhile. The export can still fail after.
  std::function<void(const ExportCounts&)> on_content;
};

// What an export wrote. Exact numbers: they belong in the ledger entry for the export; anything
// shown to an operator goes through Guard() first.
struct ExportCounts {
  uint64_t members = 0;  // members given
  uint64_t rows = 0;     // data rows written (members with at least one usable identifier)
  // HashFieldName ("email", "phone", "first_name", ...) -> values written.
  std::map<std::string, uint64_t> identifiers;
  // Reason -> number of values (or rows) left out, e.g. "google does not take field city",
  // "phone: not a valid number", "row: no usable identifier".
  std::map<std::string, uint64_t> skipped;
  std::string blake2b;  // lowercase hex BLAKE2b-256 of the file written
};

// The header line (without line end) of the platform's customer-list file for these options:
//   Meta:   email,email,email,phone,phone,phone,fn,ln,ct,st,zip,country,dob,gen
//   Google: Email,Email,Email,Phone,Phone,Phone,First Name,Last Name,Country,Zip
// InvalidArgument for kPair or zero e-mail and phone columns.
StatusOr<std::string> CustomerListHeader(const ExportOptions& options);

// Writes `members` to `path` as the platform's customer-list CSV (UTF-8, CRLF line ends, header
// first). `definition_key`, `guard` and `secret` are the audience's guardrail inputs (see
// Guard()). PermissionDenied when the audience is too small (before anything is written, or when
// too few rows were usable); IOError when the directory cannot be written. An existing file at
// `path` is replaced atomically.
StatusOr<ExportCounts> WriteCustomerList(const std::vector<ExportMember>& members,
                                         const std::string& path, const ExportOptions& options,
                                         std::string_view definition_key,
                                         const GuardrailOptions& guard, std::string_view secret);

// The same for members streamed from `source`; the vector form above reads its members as
// parts of 1024.
StatusOr<ExportCounts> WriteCustomerList(const ExportMemberSource& source, const std::string& path,
                                         const ExportOptions& options,
                                         std::string_view definition_key,
                                         const GuardrailOptions& guard, std::string_view secret);

}  // namespace dl

#endif  // DAYLIGHT_AUDIENCE_EXPORT_H_
