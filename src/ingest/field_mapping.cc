// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "ingest/field_mapping.h"

#include <algorithm>
#include <utility>

namespace dl {

const std::vector<std::string>& CanonicalFieldNames() {
  static const std::vector<std::string>* const kNames =
      new std::vector<std::string>{"email", "phone", "first_name",  "last_name",    "city",
                                   "state", "zip",   "country",     "dob",          "gender",
                                   "maid",  "vin",   "external_id", "do_not_email", "do_not_call"};
  return *kNames;
}

namespace ingest {
namespace {

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Normalised alias -> canonical field. Canonical names themselves are added by their
// normalised form ("firstname", "donotemail"). The aliases are the spellings common in
// hand-made spreadsheets; anything more exotic is what --map is for.
const std::unordered_map<std::string, std::string>& AliasTable() {
  static const auto* const kTable = [] {
    auto* t = new std::unordered_map<std::string, std::string>;
    for (const std::string& name : CanonicalFieldNames()) (*t)[NormaliseColumnName(name)] = name;
    const std::pair<const char*, const char*> kAliases[] = {
        {"mail", "email"},      {"emailaddress", "email"}, {"phonenumber", "phone"},
        {"mobile", "phone"},    {"telephone", "phone"},    {"postcode", "zip"},
        {"postalcode", "zip"},  {"zipcode", "zip"},        {"birthdate", "dob"},
        {"dateofbirth", "dob"}, {"sex", "gender"},
    };
    for (const auto& [alias, field] : kAliases) (*t)[alias] = field;
    return t;
  }();
  return *kTable;
}

struct PresetEntry {
  const char* source;  // as documented; matched case-insensitively
  const char* field;
  const char* prefix;  // value prefix for external ids
};

// Salesforce Contact export (Data Loader / report export column API names).
constexpr PresetEntry kSalesforce[] = {
    {"FirstName", "first_name", ""},
    {"LastName", "last_name", ""},
    {"Email", "email", ""},
    {"Phone", "phone", ""},
    {"MobilePhone", "phone", ""},
    {"MailingCountry", "country", ""},
    {"MailingCity", "city", ""},
    {"MailingState", "state", ""},
    {"MailingPostalCode", "zip", ""},
    {"Birthdate", "dob", ""},
    {"HasOptedOutOfEmail", "do_not_email", ""},
    {"DoNotCall", "do_not_call", ""},
    {"Id", "external_id", "salesforce:"},
};

// Dynamics 365 / Common Data Model Contact entity attribute names.
constexpr PresetEntry kDynamics[] = {
    {"firstName", "first_name", ""},
    {"lastName", "last_name", ""},
    {"EMailAddress1", "email", ""},
    {"EMailAddress2", "email", ""},
    {"EMailAddress3", "email", ""},
    {"telephone1", "phone", ""},
    {"mobilePhone", "phone", ""},
    {"address1_country", "country", ""},
    {"address1_city", "city", ""},
    {"address1_stateorprovince", "state", ""},
    {"address1_postalcode", "zip", ""},
    {"birthDate", "dob", ""},
    {"doNotEMail", "do_not_email", ""},
    {"doNotPhone", "do_not_call", ""},
    {"contactId", "external_id", "dynamics:"},
};

bool IsValidNamespace(std::string_view ns) {
  if (ns.empty() || ns.size() > 64) return false;
  return std::all_of(ns.begin(), ns.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || IsAsciiDigit(c) || c == '_' || c == '-' || c == '.';
  });
}

// Turns a --map target into a FieldTarget, or explains why it cannot be one. Targets that
// merely look like a canonical field ("Email", "e-mail") are refused rather than silently
// becoming a trait, because the user almost certainly meant the identifier.
StatusOr<FieldTarget> ParseMapTarget(std::string_view source, std::string_view raw_target) {
  std::string_view target = TrimBlanks(raw_target);
  const std::string context = "--map '" + std::string(source) + "': ";
  if (IsCanonicalField(target)) return FieldTarget{std::string(target), ""};
  constexpr std::string_view kExternal = "external_id:";
  if (target.substr(0, kExternal.size()) == kExternal) {
    std::string_view ns = target.substr(kExternal.size());
    if (!IsValidNamespace(ns)) {
      return InvalidArgument(context +
                             "external_id namespace must be 1-64 characters of a-z, 0-9, '_', "
                             "'-', '.'");
    }
    return FieldTarget{"external_id", std::string(ns) + ":"};
  }
  auto alias = AliasTable().find(NormaliseColumnName(target));
  if (alias != AliasTable().end()) {
    return InvalidArgument(context + "target '" + std::string(target) +
                           "' looks like the canonical field '" + alias->second +
                           "'; write it as '" + alias->second + "'");
  }
  if (!IsValidTraitName(target)) {
    return InvalidArgument(context + "target '" + std::string(target) +
                           "' is neither a canonical field nor a valid trait name (1-64 "
                           "letters, digits, '_', '-', '.', starting with a letter or '_')");
  }
  return FieldTarget{std::string(target), ""};
}

}  // namespace

bool IsCanonicalField(std::string_view name) {
  const auto& names = CanonicalFieldNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool IsValidTraitName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  if (!IsAsciiAlpha(name[0]) && name[0] != '_') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '_' || c == '-' || c == '.';
  });
}

std::string NormaliseColumnName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == ' ' || c == '\t' || c == '_' || c == '-') continue;
    out.push_back(AsciiLower(c));
  }
  return out;
}

std::string_view TrimBlanks(std::string_view s) {
  size_t begin = 0;
  size_t end = s.size();
  while (begin < end && (s[begin] == ' ' || s[begin] == '\t')) ++begin;
  while (end > begin && (s[end - 1] == ' ' || s[end - 1] == '\t')) --end;
  return s.substr(begin, end - begin);
}

StatusOr<FieldMapper> FieldMapper::Create(const ReaderOptions& options) {
  FieldMapper mapper;
  if (!options.preset.empty()) {
    const std::string preset = AsciiLower(TrimBlanks(options.preset));
    auto add = [&mapper](const auto& table) {
      for (const PresetEntry& e : table) {
        mapper.preset_map_[AsciiLower(e.source)] = FieldTarget{e.field, e.prefix};
      }
    };
    if (preset == "salesforce") {
      add(kSalesforce);
    } else if (preset == "dynamics") {
      add(kDynamics);
    } else {
      return InvalidArgument("unknown preset '" + options.preset +
                             "' (known: salesforce, dynamics)");
    }
  }
  for (const auto& [raw_source, raw_target] : options.map) {
    std::string_view source = TrimBlanks(raw_source);
    if (source.empty()) return InvalidArgument("--map: empty source column name");
    ASSIGN_OR_RETURN(FieldTarget target, ParseMapTarget(source, raw_target));
    mapper.user_map_[std::string(source)] = std::move(target);
  }
  return mapper;
}

FieldTarget FieldMapper::Resolve(std::string_view source_name) const {
  std::string_view name = TrimBlanks(source_name);
  if (auto it = user_map_.find(std::string(name)); it != user_map_.end()) return it->second;
  if (!preset_map_.empty()) {
    if (auto it = preset_map_.find(AsciiLower(name)); it != preset_map_.end()) return it->second;
  }
  const auto& aliases = AliasTable();
  if (auto it = aliases.find(NormaliseColumnName(name)); it != aliases.end()) {
    return FieldTarget{it->second, ""};
  }
  return FieldTarget{std::string(name), ""};
}

}  // namespace ingest
}  // namespace dl
