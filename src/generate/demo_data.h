// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The demo data set in memory: the synthetic people and, for every file, the rows as they will
// be written, each value paired with what it denotes. Building the model first and writing it
// second lets tests check the intent ("this phone is a deliberate typo, that one must parse to
// +4915123456789 with region DE") against the bytes, instead of guessing from the output.
#ifndef DAYLIGHT_GENERATE_DEMO_DATA_H_
#define DAYLIGHT_GENERATE_DEMO_DATA_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "daylight/generate.h"
#include "daylight/status.h"

#include "generate/names.h"

namespace dl::generate {

class Rng;

enum class Quality : uint8_t {
  kValid,        // parses to `canonical` in the file's region
  kTypo,         // malformed on purpose (no '@', too few digits): the import must report it
  kPlaceholder,  // test@test.com, 0000000000: well-formed or not, the blocklist catches it
};

// A value as it appears in a file (before CSV/JSON/vCard escaping) and what it denotes.
struct Written {
  std::string text;
  std::string canonical;  // E.164 or lowercase e-mail; empty for typos and placeholder phones
  Quality quality = Quality::kValid;
};

struct Person {
  Country country = Country::kDE;
  std::string first_name;
  std::string last_name;
  std::string email;         // lowercase ASCII, unique in the data set
  std::string mobile;        // E.164, unique in the data set
  std::string landline;      // E.164 shared by a household or an office; usually empty
  bool office_line = false;  // landline is an office switchboard rather than a home phone
  bool customer = false;     // false: a shadow person, known only from address books
  bool opted_out_email = false;
  bool do_not_call = false;
  // Purchase history (customers only), as of kDataSetDate.
  uint32_t orders = 0;     // 0: never ordered
  std::string last_order;  // YYYY-MM-DD; empty when orders == 0
};

struct CrmRow {
  uint32_t person = 0;
  std::string first_name;
  std::string last_name;
  Written email;
  Written phone;   // Phone: the shared landline, or a mobile filed in the wrong column
  Written mobile;  // MobilePhone
  std::string country;
  bool opted_out_email = false;
  bool do_not_call = false;
  std::string last_order;  // Last_Order_Date__c: YYYY-MM-DD, or empty
  std::string orders;      // Number_Of_Orders__c: an integer, or empty
};

struct DynamicsRow {
  uint32_t person = 0;
  std::string first_name;
  std::string last_name;
  Written email;
  Written telephone1;
  Written mobile;
  bool do_not_email = false;
  bool do_not_phone = false;
};

struct SignupRow {
  uint32_t person = 0;
  Written email;
  Written phone;  // optional on the form: empty text when not given
  std::string first_name;
  std::string last_name;
  std::string country;
  std::string signup_at;    // ISO 8601 UTC
  int64_t signup_time = 0;  // the same instant, seconds since the Unix epoch
  bool newsletter = false;
};

// One row of signals.csv (docs/consent-signals.md): a consent signal logged for a logged-in
// visitor of the organisation's web shop.
enum class SignalKind : uint8_t { kTcf, kGoogleConsentMode, kGpc };

// What a signal means for marketing.advertising.third_party.targeted, the purpose of the demo's
// audience: consent granted, consent denied, or (GPC) an objection.
enum class AdsSignal : uint8_t { kGranted, kDenied, kObjection };

struct SignalRow {
  uint32_t person = 0;
  std::string identifier;  // "email:anna.mueller@web.de" or "phone:+4915123456789"
  std::string signal;      // the cell as written: a TC string, consent mode, or "Sec-GPC: 1"
  int64_t time = 0;        // seconds since the Unix epoch
  SignalKind kind = SignalKind::kTcf;
  AdsSignal ads = AdsSignal::kDenied;
  uint32_t tcf_purposes = 0;  // TCF: the consented purposes (bit p-1 = purpose p); else 0
};

struct CardTel {
  Written value;     // for VALUE=uri the text is the "tel:" URI
  std::string type;  // "cell", "home", "work", "voice"
  bool uri = false;
};

struct CardEmail {
  Written value;
  std::string type;  // "home", "work"
};

struct Card {
  uint32_t person = 0;
  bool shadow = false;         // the person is not a customer
  int version = 3;             // 3 (vCard 3.0) or 4 (vCard 4.0)
  std::string formatted_name;  // FN: the uploader's label ("Mama", "Anna (Arbeit)")
  std::string family_name;     // N components; both empty: no N line (4.0 only)
  std::string given_name;
  std::vector<CardTel> tels;
  std::vector<CardEmail> emails;
  std::string note;
};

struct AddressBook {
  std::string uploader;  // "u1"
  uint32_t uploader_person = 0;
  std::string region;  // the uploader's country: how their local numbers are written
  std::vector<Card> cards;
};

struct DemoData {
  std::vector<Person> people;  // customers first ([0, customers)), then shadow people
  uint32_t customers = 0;
  // The organisation runs Salesforce in Germany and Dynamics in its French subsidiary, so
  // national-format numbers in each export belong to that country.
  std::string crm_region = "DE";
  std::string dynamics_region = "FR";
  std::vector<CrmRow> crm;
  std::vector<DynamicsRow> dynamics;
  std::vector<SignupRow> signups;
  std::vector<AddressBook> books;
  std::vector<SignalRow> signals;  // in time order
};

// The day the data set describes ("today" for its exports and logs): 2025-07-01T00:00:00Z.
// Fixed, so that the output depends on (seed, people, address_books) only; sign-ups, orders
// and consent signals all lie before it.
inline constexpr int64_t kDataSetDate = 1751328000;
// signals.csv covers the year before it, from 2024-07-01T00:00:00Z.
inline constexpr int64_t kSignalLogFrom = 1719792000;

// Seconds since the Unix epoch as ISO 8601 UTC ("2025-03-04T10:22:13Z") and as a date
// ("2025-03-04"). Portable: no time zone, no C library calendar.
std::string IsoTimestamp(int64_t seconds);
std::string IsoDate(int64_t seconds);

// Builds the demo model for options.people customers and the address books. Deterministic in
// (seed, people, address_books). `progress` may be empty.
StatusOr<DemoData> BuildDemoData(const GenerateOptions& options,
                                 const std::function<void(double)>& progress);

// Consent signals for logged-in visitors of the web shop (signals.cc): customers with a shop
// account, i.e. those who signed up or ordered. `data` must hold people, orders and sign-ups.
std::vector<SignalRow> BuildConsentSignals(const DemoData& data, Rng& rng);

// Serialisation of one record each, as the writers emit it (exposed for tests).
std::string CrmHeader();
void AppendCrmRow(std::string& out, const CrmRow& row);
std::string DynamicsHeader();
void AppendDynamicsRow(std::string& out, const DynamicsRow& row);
void AppendSignup(std::string& out, const SignupRow& row);
void AppendCard(std::string& out, const Card& card);
std::string SignalsHeader();
void AppendSignal(std::string& out, const SignalRow& row);

// Writes crm.csv, dynamics.csv, signups.jsonl, books/*.vcf, signals.csv and MANIFEST.txt under
// options.out_dir (which must exist) and fills `report`.
Status WriteDemoFiles(const DemoData& data, const GenerateOptions& options, GenerateReport* report);

// events.jsonl (src/generate/demo_events.cc): the web shop's Segment events for every sign-up,
// one event object per line as in a /v1/batch body. Returns the number of events.
uint64_t AppendDemoEvents(std::string& out, const DemoData& data, uint64_t seed);

}  // namespace dl::generate

#endif  // DAYLIGHT_GENERATE_DEMO_DATA_H_
