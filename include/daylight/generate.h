// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Seeded synthetic data (`daylight generate`): realistic people for DE, FR, GB and US, as the
// files an organisation would import. Same seed and options, same bytes. Used by the demo, the
// tests and the benchmarks; nothing here is real personal data.
#ifndef DAYLIGHT_GENERATE_H_
#define DAYLIGHT_GENERATE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "daylight/status.h"

namespace dl {

struct GenerateOptions {
  std::string out_dir;     // created if missing
  uint64_t people = 1000;  // distinct synthetic people
  uint64_t seed = 42;
  uint32_t address_books = 0;  // 0: people / 20 (min 3)
  // "demo": the whole data set (see below). "bench-csv": one file `bench.csv` with header
  // first_name,last_name,email,phone,country and `people` rows, for the import benchmark.
  std::string profile = "demo";
};

// The demo profile writes, under out_dir:
//   crm.csv            Salesforce Contact export (FirstName, LastName, Email, Phone, MobilePhone,
//                      MailingCountry, HasOptedOutOfEmail, DoNotCall, Last_Order_Date__c,
//                      Number_Of_Orders__c); ~70% of people, some
//                      with typos, national-format numbers, shared family/office numbers and
//                      placeholders (test@test.com, 0000000000).
//   dynamics.csv       Dynamics/CDM Contact export (firstName, lastName, EMailAddress1,
//                      telephone1, mobilePhone, doNotEMail, doNotPhone), ';'-separated, ~15%.
//   signups.jsonl      web sign-ups (email, phone, first_name, last_name, country, signup_at).
//   books/book-uN.vcf  address books uploaded by app users: vCard 3.0 and 4.0, folded lines,
//                      several TEL/EMAIL per card, labels like "Mom"; most contacts are
//                      people who never gave the organisation anything (shadow contacts).
//   signals.csv        consent signals (IAB TCF v2.3 strings, Google consent mode, GPC) of
//                      shop-account holders, for `daylight consent import`.
//   MANIFEST.txt       what each file is and the import command for it.
struct GenerateReport {
  std::vector<std::string> files;  // paths written
  uint64_t rows = 0;               // records written across files
};

// `progress` (may be empty) is called with a fraction 0..1 now and then.
StatusOr<GenerateReport> GenerateDataset(const GenerateOptions& options,
                                         const std::function<void(double)>& progress = {});

}  // namespace dl

#endif  // DAYLIGHT_GENERATE_H_
