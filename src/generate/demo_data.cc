// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "generate/demo_data.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "generate/phones.h"
#include "generate/random.h"

namespace dl::generate {
namespace {

// Independent random streams (see MixSeed): changing how books are drawn must not change
// the customers, and so on.
enum Stream : uint64_t {
  kCustomers = 1,
  kSources = 2,
  kBooks = 3,
  kShadows = 4,
  kOrders = 5,
  kSignals = 6
};

// Rates from the generator's contract (docs/generate.md).
constexpr double kFamilyUnitRate = 0.025;  // a household of 2-5 sharing a home landline
constexpr double kOfficeUnitRate = 0.010;  // colleagues of 2-8 sharing an office number
constexpr double kOptOutEmailRate = 0.10;
constexpr double kDoNotCallRate = 0.05;
constexpr double kTypoRate = 0.01;
constexpr double kPlaceholderRate = 0.005;
constexpr double kShadowShare = 0.60;  // of address-book contacts
constexpr double kSameCountryContact = 0.85;
constexpr double kNoOrdersRate = 0.15;      // customers who never ordered (leads, newsletter)
constexpr double kAnotherOrderRate = 0.55;  // orders: 1 + a geometric count, mean about 2.2
constexpr uint32_t kMaxOrders = 60;
constexpr int64_t kOrderWindowDays = 1095;  // last orders lie in the 3 years before the date

using EmailSet = std::unordered_set<std::string>;
using PhoneSet = std::unordered_set<std::string>;

std::string Digits(Rng& rng, uint64_t lo, uint64_t hi) { return std::to_string(rng.Range(lo, hi)); }

// The first character of a folded name ("" stays "").
std::string Initial(const std::string& folded) { return folded.substr(0, 1); }

std::string MakeEmail(const std::string& first, const std::string& last, Country country,
                      std::string_view company, Rng& rng, EmailSet& used) {
  std::string f = FoldForEmail(first, country);
  std::string l = FoldForEmail(last, country);
  if (f.empty()) f = "info";
  if (l.empty()) l = "mail";
  static constexpr uint32_t kStyleWeights[] = {30, 10, 10, 5, 5, 10, 10, 10, 10};
  std::string local;
  switch (rng.Weighted(kStyleWeights)) {
    case 0:
      local = f + "." + l;
      break;  // anna.mueller
    case 1:
      local = f + l;
      break;  // annamueller
    case 2:
      local = Initial(f) + "." + l;
      break;  // a.mueller
    case 3:
      local = f + "_" + l;
      break;  // anna_mueller
    case 4:
      local = l + "." + f;
      break;  // mueller.anna
    case 5:
      local = f + Digits(rng, 1950, 2006);
      break;  // anna1987
    case 6:
      local = Initial(f) + Initial(l) + Digits(rng, 1, 9999);
      break;  // am1984
    case 7:
      local = f + "." + l + Digits(rng, 1, 99);
      break;  // anna.mueller84
    default:
      local = Initial(f) + l + Digits(rng, 1, 999);
      break;  // amueller7
  }
  const std::string domain =
      company.empty()
          ? std::string(FreeMailDomains(country)[rng.Weighted(FreeMailWeights(country))])
          : std::string(company);
  if (!company.empty() && rng.Chance(0.7)) local = f + "." + l;  // corporate convention
  std::string email = local + "@" + domain;
  // Two Anna Müllers on web.de get different addresses, as the provider would insist.
  for (int attempt = 0; !used.insert(email).second; ++attempt) {
    email = local + (attempt < 20 ? Digits(rng, 1, 999) : Digits(rng, 1000, 999999)) + "@" + domain;
  }
  return email;
}

StatusOr<std::string> UniquePhone(Country country, LineKind kind, Rng& rng, PhoneSet& used) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    ASSIGN_OR_RETURN(std::string phone, RandomPhone(country, kind, rng));
    if (used.insert(phone).second) return phone;
  }
  return Internal("could not draw an unused phone number for " + std::string(CountryCode(country)));
}

struct Uniqueness {
  EmailSet emails;
  PhoneSet phones;
};

// Appends `count` people, in households and offices of the same country.
Status AddPeople(uint64_t count, bool customer, Rng& rng, Uniqueness& uniq,
                 std::vector<Person>& out, const std::function<void(double)>& progress,
                 double progress_from, double progress_to) {
  uint64_t added = 0;
  uint64_t next_report = 4096;
  while (added < count) {
    const Country country = kAllCountries[rng.Weighted(kCountryWeights)];
    const double unit = rng.Unit();
    const bool family = unit < kFamilyUnitRate;
    const bool office = !family && unit < kFamilyUnitRate + kOfficeUnitRate;
    uint64_t size = family ? rng.Range(2, 5) : office ? rng.Range(2, 8) : 1;
    size = std::min(size, count - added);
    std::string shared_last;
    std::string company;
    std::string landline;
    if (family) {
      shared_last = std::string(rng.Pick(LastNames(country)));
      ASSIGN_OR_RETURN(landline, UniquePhone(country, LineKind::kFixed, rng, uniq.phones));
    } else if (office) {
      company = std::string(rng.Pick(CompanyDomains(country)));
      ASSIGN_OR_RETURN(landline, UniquePhone(country, LineKind::kFixed, rng, uniq.phones));
    }
    for (uint64_t k = 0; k < size; ++k) {
      Person p;
      p.country = country;
      p.first_name = std::string(rng.Pick(FirstNames(country)));
      p.last_name = family ? shared_last : std::string(rng.Pick(LastNames(country)));
      p.email = MakeEmail(p.first_name, p.last_name, country, company, rng, uniq.emails);
      ASSIGN_OR_RETURN(p.mobile, UniquePhone(country, LineKind::kMobile, rng, uniq.phones));
      p.landline = landline;
      p.office_line = office;
      p.customer = customer;
      p.opted_out_email = rng.Chance(kOptOutEmailRate);
      p.do_not_call = rng.Chance(kDoNotCallRate);
      out.push_back(std::move(p));
    }
    added += size;
    if (progress && added >= next_report) {
      next_report = added + 4096;
      progress(progress_from + (progress_to - progress_from) * static_cast<double>(added) /
                                   static_cast<double>(count));
    }
  }
  return Status::Ok();
}

// "Anna.Mueller@web.de", "ANNA.MUELLER@WEB.DE": the same address as another system keeps it.
std::string CaseVariant(const std::string& email, Rng& rng) {
  std::string out = email;
  switch (rng.Uniform(4)) {
    case 0: {
      bool start = true;
      for (char& c : out) {
        if (c == '@') break;
        if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        start = (c == '.' || c == '_' || c == '-');
      }
      break;
    }
    case 1:
      for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
      break;
    case 2: {
      const size_t at = out.find('@');
      if (at != std::string::npos && at + 1 < out.size() && out[at + 1] >= 'a' &&
          out[at + 1] <= 'z') {
        out[at + 1] = static_cast<char>(out[at + 1] - 'a' + 'A');
      }
      break;
    }
    default:
      out.push_back(' ');  // a trailing blank pasted in with the address
      break;
  }
  return out;
}

Written EmailAsWritten(const std::string& email, double variant_rate, Rng& rng) {
  Written w;
  w.canonical = email;
  w.text = rng.Chance(variant_rate) ? CaseVariant(email, rng) : email;
  return w;
}

Written PhoneAsWritten(const std::string& e164, Country country, std::string_view region,
                       Rng& rng) {
  Written w;
  if (e164.empty()) return w;
  w.canonical = e164;
  w.text = WritePhone(e164, country, region, rng);
  return w;
}

void MakeEmailTypo(Written& email, Rng& rng) {
  std::string& t = email.text;
  const size_t at = t.find('@');
  const size_t dot = t.rfind('.');
  if (at != std::string::npos && (rng.Chance(0.7) || dot == std::string::npos || dot < at)) {
    t.erase(at, 1);  // "anna.muellerweb.de"
  } else if (dot != std::string::npos) {
    t.erase(dot, 1);  // "anna.mueller@webde"
  }
  email.canonical.clear();
  email.quality = Quality::kTypo;
}

void MakePhoneTypo(Written& phone, std::string_view region, Rng& rng) {
  phone.text = TooShort(phone.text, region, rng);
  phone.canonical.clear();
  phone.quality = Quality::kTypo;
}

// About 1% of rows carry a typo and 0.5% a placeholder, in the e-mail or a phone field.
void ApplyDefects(Written& email, Written& phone, std::string_view region, Rng& rng) {
  const double r = rng.Unit();
  const bool use_email = !email.text.empty() && (phone.text.empty() || rng.Chance(0.5));
  if (r < kTypoRate) {
    if (use_email) {
      MakeEmailTypo(email, rng);
    } else if (!phone.text.empty()) {
      MakePhoneTypo(phone, region, rng);
    }
  } else if (r < kTypoRate + kPlaceholderRate) {
    if (use_email) {
      email = Written{"test@test.com", "test@test.com", Quality::kPlaceholder};
    } else {
      phone = Written{"0000000000", "", Quality::kPlaceholder};
    }
  }
}

std::string CountryAsWritten(Country country, Rng& rng) {
  return std::string(rng.Pick(CountrySpellings(country)));
}

// A nickname in quotes, as sales reps type it: Robert "Bob". Exercises CSV quote escaping.
std::string MaybeNickname(const std::string& first, Rng& rng) {
  static constexpr std::pair<std::string_view, std::string_view> kNicknames[] = {
      {"Robert", "Bob"},      {"William", "Bill"},   {"Elizabeth", "Liz"},
      {"Katharina", "Kathi"}, {"Maximilian", "Max"}, {"Christopher", "Chris"},
      {"Alexandre", "Alex"},  {"Matthew", "Matt"},   {"Stefanie", "Steffi"},
      {"Joseph", "Joe"},      {"Nicolas", "Nico"},   {"Franziska", "Franzi"}};
  for (const auto& [name, nick] : kNicknames) {
    if (first == name && rng.Chance(0.3)) return first + " \"" + std::string(nick) + "\"";
  }
  return first;
}

// "King, Jr.": a comma inside a name field. Exercises CSV quoting.
std::string MaybeSuffix(const std::string& last, Country country, Rng& rng) {
  if (country == Country::kUS && rng.Chance(0.02)) {
    return last + (rng.Chance(0.7) ? ", Jr." : ", III");
  }
  return last;
}

// Purchase history as of kDataSetDate. The last order is (days before the date) 1095·u^1.5 for
// a uniform u: recent orders are more common than old ones, and about a fifth of the buyers
// ordered in the last 90 days. u·sqrt(u) rather than pow(): sqrt is exact in IEEE arithmetic,
// so the day is the same on every platform.
void DrawOrders(Person& p, Rng& rng) {
  if (rng.Chance(kNoOrdersRate)) return;
  p.orders = 1;
  while (p.orders < kMaxOrders && rng.Chance(kAnotherOrderRate)) ++p.orders;
  const double u = rng.Unit();
  const int64_t days_ago = std::min<int64_t>(
      kOrderWindowDays - 1,
      static_cast<int64_t>(static_cast<double>(kOrderWindowDays) * u * std::sqrt(u)));
  p.last_order = IsoDate(kDataSetDate - (days_ago + 1) * 86400);
}

CrmRow MakeCrmRow(const Person& p, uint32_t index, bool elsewhere, std::string_view region,
                  Rng& rng) {
  CrmRow row;
  row.person = index;
  row.first_name = MaybeNickname(p.first_name, rng);
  row.last_name = MaybeSuffix(p.last_name, p.country, rng);
  if (!rng.Chance(0.04)) row.email = EmailAsWritten(p.email, elsewhere ? 0.35 : 0.05, rng);
  if (!p.landline.empty() && rng.Chance(0.8)) {
    row.phone = PhoneAsWritten(p.landline, p.country, region, rng);
  }
  if (row.phone.text.empty() && rng.Chance(0.12)) {
    row.phone = PhoneAsWritten(p.mobile, p.country, region, rng);  // filed under Phone
  } else if (!rng.Chance(0.08)) {
    row.mobile = PhoneAsWritten(p.mobile, p.country, region, rng);
  }
  ApplyDefects(row.email, row.mobile.text.empty() ? row.phone : row.mobile, region, rng);
  if (!rng.Chance(0.03)) row.country = CountryAsWritten(p.country, rng);
  row.opted_out_email = p.opted_out_email;
  row.do_not_call = p.do_not_call;
  // Custom fields filled by the web shop's integration; empty for contacts who never ordered.
  row.last_order = p.last_order;
  if (p.orders > 0) row.orders = std::to_string(p.orders);
  return row;
}

DynamicsRow MakeDynamicsRow(const Person& p, uint32_t index, bool elsewhere,
                            std::string_view region, Rng& rng) {
  DynamicsRow row;
  row.person = index;
  row.first_name = p.first_name;
  row.last_name = p.last_name;
  if (!rng.Chance(0.03)) row.email = EmailAsWritten(p.email, elsewhere ? 0.35 : 0.05, rng);
  if (!p.landline.empty() && rng.Chance(0.8)) {
    row.telephone1 = PhoneAsWritten(p.landline, p.country, region, rng);
  }
  if (!rng.Chance(0.06)) row.mobile = PhoneAsWritten(p.mobile, p.country, region, rng);
  ApplyDefects(row.email, row.mobile.text.empty() ? row.telephone1 : row.mobile, region, rng);
  row.do_not_email = p.opted_out_email;
  row.do_not_phone = p.do_not_call;
  return row;
}

struct CivilDate {
  int64_t year, month, day;
};

// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm): portable, no time zone.
CivilDate CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

SignupRow MakeSignup(const Person& p, uint32_t index, bool elsewhere, Rng& rng) {
  constexpr int64_t kFrom = 1609459200;  // 2021-01-01T00:00:00Z
  constexpr int64_t kTo = kDataSetDate;  // 2025-07-01T00:00:00Z
  SignupRow row;
  row.person = index;
  row.email = EmailAsWritten(p.email, elsewhere ? 0.25 : 0.05, rng);
  // The form asks for a phone number but does not require it.
  if (rng.Chance(0.7)) row.phone = PhoneAsWritten(p.mobile, p.country, "", rng);
  ApplyDefects(row.email, row.phone, "", rng);
  row.first_name = p.first_name;
  row.last_name = p.last_name;
  row.country = CountryAsWritten(p.country, rng);
  row.signup_time = kFrom + static_cast<int64_t>(rng.Uniform(kTo - kFrom));
  row.signup_at = IsoTimestamp(row.signup_time);
  row.newsletter = !p.opted_out_email && rng.Chance(0.6);
  return row;
}

template <typename T>
void Shuffle(std::vector<T>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.Uniform(i)]);
}

struct BookContext {
  const AddressBook* book;
  Country language;  // the uploader's country decides how labels and local numbers look
  bool modern;       // a 4.0-writing app; otherwise mostly 3.0
  std::unordered_set<std::string> used_family_labels;
};

void SetLabel(Card& card, const Person& p, BookContext& ctx, Rng& rng) {
  const Country lang = ctx.language;
  enum Style : size_t {
    kFull,
    kFirst,
    kWork,
    kFirstInitial,
    kLastComma,
    kDoctor,
    kService,
    kFamily,
    kLower
  };
  static constexpr uint32_t kWeights[] = {38, 12, 10, 6, 4, 5, 6, 7, 3};
  size_t style = rng.Weighted(kWeights);
  if (style == kFamily) {
    const std::string label(rng.Pick(FamilyLabels(lang)));
    if (ctx.used_family_labels.insert(label).second) {
      card.formatted_name = label;
      card.given_name = label;
      return;
    }
    style = kFull;  // only one "Mama" per phone
  }
  switch (style) {
    case kFirst:
      card.formatted_name = p.first_name;
      card.given_name = p.first_name;
      break;
    case kWork:
      card.formatted_name = p.first_name + " (" + std::string(rng.Pick(WorkSuffixes(lang))) + ")";
      card.given_name = card.formatted_name;
      break;
    case kFirstInitial: {
      const std::string initial = p.last_name.substr(0, p.last_name[0] & 0x80 ? 2 : 1);
      card.formatted_name = p.first_name + " " + initial + ".";
      card.given_name = p.first_name;
      card.family_name = initial + ".";
      break;
    }
    case kLastComma:
      card.formatted_name = p.last_name + ", " + p.first_name;
      card.given_name = p.first_name;
      card.family_name = p.last_name;
      break;
    case kDoctor:
      card.formatted_name = std::string(DoctorPrefix(lang)) + p.last_name;
      card.family_name = p.last_name;
      break;
    case kService:
      card.formatted_name = std::string(rng.Pick(ServiceLabels(lang)));
      if (rng.Chance(0.5)) card.formatted_name += " " + p.last_name;
      card.given_name = card.formatted_name;
      break;
    case kLower:
      card.formatted_name = FoldForEmail(p.first_name, p.country);
      card.given_name = card.formatted_name;
      break;
    default:
      card.formatted_name = p.first_name + " " + p.last_name;
      card.given_name = p.first_name;
      card.family_name = p.last_name;
      break;
  }
}

CardTel MakeTel(const std::string& e164, const Person& p, std::string type, int version,
                std::string_view region, Rng& rng) {
  CardTel tel;
  tel.type = std::move(type);
  tel.value.canonical = e164;
  if (version == 4 && rng.Chance(0.3)) {
    tel.uri = true;
    tel.value.text = PhoneUri(e164, p.country, rng);
  } else {
    tel.value.text = WritePhone(e164, p.country, region, rng);
    if (rng.Chance(kTypoRate)) MakePhoneTypo(tel.value, region, rng);
  }
  return tel;
}

StatusOr<Card> MakeCard(const std::vector<Person>& people, uint32_t index, BookContext& ctx,
                        Uniqueness& uniq, Rng& rng) {
  const Person& p = people[index];
  const std::string& region = ctx.book->region;
  Card card;
  card.person = index;
  card.shadow = !p.customer;
  card.version = ctx.modern ? (rng.Chance(0.85) ? 4 : 3) : (rng.Chance(0.9) ? 3 : 4);
  SetLabel(card, p, ctx, rng);
  if (card.version == 4 && rng.Chance(0.3)) {
    card.given_name.clear();  // N is optional in 4.0 and many apps leave it out
    card.family_name.clear();
  }
  if (rng.Chance(0.92)) {
    card.tels.push_back(MakeTel(p.mobile, p, "cell", card.version, region, rng));
  }
  if (!p.landline.empty() && rng.Chance(0.6)) {
    card.tels.push_back(
        MakeTel(p.landline, p, p.office_line ? "work" : "home", card.version, region, rng));
  }
  if (rng.Chance(0.07)) {
    // An old number kept in the address book: only this uploader ever knew it.
    ASSIGN_OR_RETURN(std::string old, UniquePhone(p.country, LineKind::kMobile, rng, uniq.phones));
    card.tels.push_back(MakeTel(old, p, "voice", card.version, region, rng));
  }
  if (card.tels.empty() || rng.Chance(0.45)) {
    card.emails.push_back(
        CardEmail{EmailAsWritten(p.email, 0.1, rng), p.office_line ? "work" : "home"});
  }
  if (rng.Chance(0.06)) {
    const std::string other = MakeEmail(p.first_name, p.last_name, p.country, "", rng, uniq.emails);
    card.emails.push_back(CardEmail{EmailAsWritten(other, 0.0, rng), "home"});
  }
  if (rng.Chance(0.08)) card.note = std::string(rng.Pick(LongNotes(ctx.language)));
  return card;
}

}  // namespace

std::string IsoTimestamp(int64_t seconds) {
  const int64_t rem = seconds % 86400;
  const CivilDate d = CivilFromDays(seconds / 86400);
  char buf[96];  // room for any int64 fields, so the compiler can see nothing is cut
  std::snprintf(buf, sizeof(buf), "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                static_cast<long long>(d.year), static_cast<long long>(d.month),
                static_cast<long long>(d.day), static_cast<long long>(rem / 3600),
                static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  return buf;
}

std::string IsoDate(int64_t seconds) { return IsoTimestamp(seconds).substr(0, 10); }

StatusOr<DemoData> BuildDemoData(const GenerateOptions& options,
                                 const std::function<void(double)>& progress) {
  DemoData data;
  Uniqueness uniq;
  Rng customer_rng(options.seed, kCustomers);
  RETURN_IF_ERROR(AddPeople(options.people, /*customer=*/true, customer_rng, uniq, data.people,
                            progress, 0.0, 0.4));
  data.customers = static_cast<uint32_t>(data.people.size());
  Rng order_rng(options.seed, kOrders);
  for (uint32_t i = 0; i < data.customers; ++i) DrawOrders(data.people[i], order_rng);

  // Which systems know each customer. FR customers are mostly in the French subsidiary's
  // Dynamics; everyone is in at least one source.
  Rng source_rng(options.seed, kSources);
  for (uint32_t i = 0; i < data.customers; ++i) {
    const Person& p = data.people[i];
    const bool in_crm = source_rng.Chance(0.70);
    const bool in_dynamics = source_rng.Chance(p.country == Country::kFR ? 0.5 : 0.07);
    const bool in_signups = source_rng.Chance(0.35) || (!in_crm && !in_dynamics);
    const bool several = (in_crm + in_dynamics + in_signups) > 1;
    if (in_crm) data.crm.push_back(MakeCrmRow(p, i, several, data.crm_region, source_rng));
    if (in_dynamics) {
      data.dynamics.push_back(MakeDynamicsRow(p, i, several, data.dynamics_region, source_rng));
    }
    if (in_signups) data.signups.push_back(MakeSignup(p, i, several, source_rng));
  }
  // A sign-up log is chronological.
  std::stable_sort(
      data.signups.begin(), data.signups.end(),
      [](const SignupRow& a, const SignupRow& b) { return a.signup_at < b.signup_at; });
  if (progress) progress(0.5);

  // Address books: plan their sizes first, so the shadow population can be sized to make the
  // same shadow person turn up in several uploads.
  Rng book_rng(options.seed, kBooks);
  const uint64_t book_count = options.address_books != 0
                                  ? options.address_books
                                  : std::max<uint64_t>(3, options.people / 20);
  std::vector<uint64_t> sizes(book_count);
  uint64_t planned_contacts = 0;
  for (uint64_t& s : sizes) {
    s = book_rng.Range(20, 200);
    planned_contacts += s;
  }
  const uint64_t shadow_count = std::max<uint64_t>(
      20, static_cast<uint64_t>(static_cast<double>(planned_contacts) * kShadowShare / 4.0));
  Rng shadow_rng(options.seed, kShadows);
  RETURN_IF_ERROR(AddPeople(shadow_count, /*customer=*/false, shadow_rng, uniq, data.people,
                            progress, 0.5, 0.7));

  std::array<std::vector<uint32_t>, kCountryCount> customers_in;
  std::array<std::vector<uint32_t>, kCountryCount> shadows_in;
  for (uint32_t i = 0; i < data.people.size(); ++i) {
    const size_t c = static_cast<size_t>(data.people[i].country);
    (data.people[i].customer ? customers_in : shadows_in)[c].push_back(i);
  }
  // A few shadow people (a dentist, a plumber, a popular friend) are in many address books.
  std::array<size_t, kCountryCount> popular_count{};
  for (int c = 0; c < kCountryCount; ++c) {
    popular_count[c] = std::max<size_t>(1, shadows_in[c].size() / 20);
  }

  // Uploaders are app users, i.e. customers who signed up; ids u1..uN.
  std::vector<uint32_t> uploaders;
  for (const SignupRow& s : data.signups) uploaders.push_back(s.person);
  std::sort(uploaders.begin(), uploaders.end());
  if (uploaders.empty()) {
    for (uint32_t i = 0; i < data.customers; ++i) uploaders.push_back(i);
  }
  Shuffle(uploaders, book_rng);

  data.books.resize(book_count);
  for (uint64_t b = 0; b < book_count; ++b) {
    AddressBook& book = data.books[b];
    book.uploader = "u" + std::to_string(b + 1);
    book.uploader_person = uploaders[b % uploaders.size()];
    const Person& uploader = data.people[book.uploader_person];
    book.region = std::string(CountryCode(uploader.country));
    BookContext ctx{&book, uploader.country, book_rng.Chance(0.4), {}};
    std::unordered_set<uint32_t> in_book = {book.uploader_person};
    for (uint64_t k = 0; k < sizes[b]; ++k) {
      const bool shadow = book_rng.Chance(kShadowShare);
      size_t c = static_cast<size_t>(book_rng.Chance(kSameCountryContact)
                                         ? uploader.country
                                         : kAllCountries[book_rng.Weighted(kCountryWeights)]);
      auto& pool = shadow ? shadows_in : customers_in;
      for (int tries = 0; tries < kCountryCount && pool[c].empty(); ++tries) {
        c = (c + 1) % kCountryCount;
      }
      const std::vector<uint32_t>& candidates = pool[c];
      if (candidates.empty()) continue;
      const bool popular = shadow && book_rng.Chance(0.3);
      uint32_t chosen = UINT32_MAX;
      for (int tries = 0; tries < 8 && chosen == UINT32_MAX; ++tries) {
        const size_t range = (popular && tries == 0) ? std::min(popular_count[c], candidates.size())
                                                     : candidates.size();
        const uint32_t candidate = candidates[book_rng.Uniform(range)];
        if (in_book.insert(candidate).second) chosen = candidate;
      }
      if (chosen == UINT32_MAX) continue;  // a small data set ran out of fresh contacts
      ASSIGN_OR_RETURN(Card card, MakeCard(data.people, chosen, ctx, uniq, book_rng));
      book.cards.push_back(std::move(card));
    }
    if (progress && (b % 16 == 15 || b + 1 == book_count)) {
      progress(0.7 + 0.2 * static_cast<double>(b + 1) / static_cast<double>(book_count));
    }
  }
  Rng signal_rng(options.seed, kSignals);
  data.signals = BuildConsentSignals(data, signal_rng);
  return data;
}

}  // namespace dl::generate
