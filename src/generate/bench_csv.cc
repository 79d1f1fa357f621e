// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Speed comes from validating numbers once per *stem*, not once per row: libphonenumber's
// IsValidNumber costs 10-30 us, a million calls would take longer than the import being
// measured. A stem is a valid mobile number without its last four digits; libphonenumber's
// validity patterns are prefix-plus-length, so a stem that is valid with several probe
// suffixes is valid with all 10,000 (the tests check a sample of rows against
// libphonenumber). Each row takes a fresh suffix of a stem through a bijection, so numbers
// never repeat.
#include "generate/bench_csv.h"

#include <array>
#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

#include "generate/names.h"
#include "generate/phones.h"
#include "generate/random.h"
#include "generate/text_writers.h"

namespace dl::generate {
namespace {

enum Stream : uint64_t { kRows = 10, kCountries = 11, kStems = 12 };

constexpr size_t kSuffixDigits = 4;
constexpr uint64_t kSuffixSpace = 10000;
// Use at most half of each stem's suffixes, so stems stay plentiful and varied.
constexpr uint64_t kRowsPerStem = kSuffixSpace / 2;
// Multiplier coprime to 10^4: j -> (j * 7919 + offset) mod 10^4 is a bijection.
constexpr uint64_t kSuffixMultiplier = 7919;

struct Stem {
  std::string e164_prefix;          // "+49151234" (E.164 without the last four digits)
  std::string international;        // "+49 151 23450000": last four digits get replaced
  size_t digit_pos[kSuffixDigits];  // positions of the last four digits in `international`
  uint64_t offset;
};

struct CountryTables {
  std::vector<Stem> stems;
  std::vector<std::string> first;  // as written (UTF-8)
  std::vector<std::string> last;
  std::vector<std::string> first_folded;  // e-mail spelling
  std::vector<std::string> last_folded;
};

StatusOr<std::vector<Stem>> MakeStems(Country country, size_t count, Rng& rng) {
  std::vector<Stem> stems;
  std::unordered_set<std::string> seen;
  static constexpr std::string_view kProbes[] = {"0000", "9999", "5050", "1234", "8765"};
  size_t attempts = 0;
  while (stems.size() < count) {
    if (++attempts > count * 50 + 1000) {
      return Internal("could not find enough valid number blocks for " +
                      std::string(CountryCode(country)));
    }
    ASSIGN_OR_RETURN(std::string e164, RandomPhone(country, LineKind::kMobile, rng));
    const std::string prefix = e164.substr(0, e164.size() - kSuffixDigits);
    if (seen.count(prefix) != 0) continue;
    // Ofcom's drama block 07700 900xxx spans stems; RandomPhone only excluded the one number.
    if (country == Country::kGB && prefix.rfind("+44770090", 0) == 0) continue;
    bool all_valid = true;
    for (std::string_view probe : kProbes) {
      const std::string candidate = prefix + std::string(probe);
      if (!IsValidNumberOf(candidate, country)) {
        all_valid = false;
        break;
      }
    }
    if (!all_valid) continue;
    seen.insert(prefix);
    Stem stem;
    stem.e164_prefix = prefix;
    stem.international = FormatInternational(prefix + "0000", country);
    size_t found = 0;
    for (size_t i = stem.international.size(); i > 0 && found < kSuffixDigits; --i) {
      if (stem.international[i - 1] >= '0' && stem.international[i - 1] <= '9') {
        stem.digit_pos[kSuffixDigits - 1 - found] = i - 1;
        ++found;
      }
    }
    if (found != kSuffixDigits) continue;
    stem.offset = rng.Uniform(kSuffixSpace);
    stems.push_back(std::move(stem));
  }
  return stems;
}

// Scrambles the row number into a unique decimal tag: multiplication by a number coprime to
// 10 is a bijection on [0, 10^d), so tags never repeat but do not count up visibly.
class Tagger {
 public:
  explicit Tagger(uint64_t rows) {
    modulus_ = 1000;
    while (modulus_ < rows) modulus_ *= 10;
  }
  uint64_t Tag(uint64_t row) const { return (row % modulus_ * kMultiplier + 7) % modulus_; }

 private:
  // Coprime to 10; small enough that row * kMultiplier cannot overflow for modulus_ <= 10^10
  // (the generator caps bench-csv at 10^9 rows).
  static constexpr uint64_t kMultiplier = 1'234'567'891ULL;
  uint64_t modulus_;
};

void AppendUnsigned(std::string& out, uint64_t v) {
  char buf[24];
  size_t n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) out.push_back(buf[--n]);
}

}  // namespace

Status WriteBenchCsv(const GenerateOptions& options, const std::function<void(double)>& progress,
                     GenerateReport* report) {
  const uint64_t rows = options.people;

  // Pass 1: how many rows each country gets (the same stream is replayed in pass 2), so the
  // stem pools are large enough for every row to get its own number.
  std::array<uint64_t, kCountryCount> per_country{};
  {
    Rng country_rng(options.seed, kCountries);
    for (uint64_t i = 0; i < rows; ++i) ++per_country[country_rng.Weighted(kCountryWeights)];
  }

  std::array<CountryTables, kCountryCount> tables;
  Rng stem_rng(options.seed, kStems);
  for (Country c : kAllCountries) {
    CountryTables& t = tables[static_cast<size_t>(c)];
    const uint64_t n = per_country[static_cast<size_t>(c)];
    ASSIGN_OR_RETURN(t.stems, MakeStems(c, 8 + (n + kRowsPerStem - 1) / kRowsPerStem, stem_rng));
    for (std::string_view name : FirstNames(c)) {
      t.first.emplace_back(name);
      t.first_folded.push_back(FoldForEmail(name, c));
    }
    for (std::string_view name : LastNames(c)) {
      t.last.emplace_back(name);
      t.last_folded.push_back(FoldForEmail(name, c));
    }
  }
  if (progress) progress(0.02);

  const std::string path = (std::filesystem::path(options.out_dir) / "bench.csv").string();
  OutputFile file;
  RETURN_IF_ERROR(file.Open(path));
  std::string& out = file.buffer();
  out.append(kBenchCsvHeader);
  out.push_back('\n');

  Rng rng(options.seed, kRows);
  Rng country_rng(options.seed, kCountries);
  const Tagger tagger(rows);
  std::array<uint64_t, kCountryCount> used{};
  for (uint64_t i = 0; i < rows; ++i) {
    const size_t ci = country_rng.Weighted(kCountryWeights);
    const Country country = kAllCountries[ci];
    const CountryTables& t = tables[ci];
    const size_t fi = rng.Uniform(t.first.size());
    const size_t li = rng.Uniform(t.last.size());

    AppendCsvField(out, t.first[fi], ',');
    out.push_back(',');
    AppendCsvField(out, t.last[li], ',');
    out.push_back(',');

    // E-mail: a letters-only local part plus a unique numeric tag, so no two rows collide.
    const std::string& f = t.first_folded[fi];
    const std::string& l = t.last_folded[li];
    switch (rng.Uniform(6)) {
      case 0:
        out.append(f).append(".").append(l);
        break;
      case 1:
        out.append(f).append(l);
        break;
      case 2:
        out.append(f, 0, 1).append(".").append(l);
        break;
      case 3:
        out.append(f).append("_").append(l);
        break;
      case 4:
        out.append(l).append(".").append(f);
        break;
      default:
        out.append(f, 0, 1).append(l);
        break;
    }
    AppendUnsigned(out, tagger.Tag(i));
    out.push_back('@');
    out.append(FreeMailDomains(country)[rng.Weighted(FreeMailWeights(country))]);
    out.push_back(',');

    // Phone: the k-th row of a country takes stem k mod S and that stem's (k / S)-th suffix.
    const uint64_t k = used[ci]++;
    const Stem& stem = t.stems[k % t.stems.size()];
    const uint64_t suffix = (k / t.stems.size() * kSuffixMultiplier + stem.offset) % kSuffixSpace;
    const char digits[kSuffixDigits] = {
        static_cast<char>('0' + suffix / 1000), static_cast<char>('0' + suffix / 100 % 10),
        static_cast<char>('0' + suffix / 10 % 10), static_cast<char>('0' + suffix % 10)};
    if (rng.Chance(0.6)) {
      out.append(stem.e164_prefix).append(digits, kSuffixDigits);
    } else {
      const size_t start = out.size();
      out.append(stem.international);
      for (size_t d = 0; d < kSuffixDigits; ++d) out[start + stem.digit_pos[d]] = digits[d];
    }
    out.push_back(',');
    out.append(rng.Pick(CountrySpellings(country)));
    out.push_back('\n');

    if ((i & 0xFFF) == 0xFFF) {
      RETURN_IF_ERROR(file.MaybeFlush());
      if (progress && (i & 0xFFFF) == 0xFFFF) {
        progress(0.02 + 0.98 * static_cast<double>(i + 1) / static_cast<double>(rows));
      }
    }
  }
  RETURN_IF_ERROR(file.Close());
  report->files.push_back(path);
  report->rows = rows;
  return Status::Ok();
}

}  // namespace dl::generate
