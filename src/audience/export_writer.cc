// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Customer-list CSV writers for Meta and Google (docs/exports.md).
//
// A million members should take well under two seconds (docs/exports.md "Speed"), so: members
// come in parts that worker threads turn into blocks of lines, while the calling thread writes
// the blocks in part order as they come (the file is the same whatever the number of threads);
// values that repeat across members (names, country, ...) are normalised and hashed once per
// thread; and the common path allocates nothing per member.

#include <algorithm>
#include <array>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "daylight/audience_export.h"

#include "util/atomic_file.h"

namespace dl {
namespace {

constexpr size_t kFieldCount = static_cast<size_t>(HashField::kGender) + 1;
// Members per part when they come as a vector: small enough that a few thousand members
// already make several parts.
constexpr size_t kVectorPart = 1024;
// Parts each worker may build ahead of the one being written: keeps the threads busy while
// bounding memory (a part of 65 536 members is about 20 MB of lines).
constexpr size_t kPartsAheadPerThread = 2;
// Lines go from the threads building them to the one writing the file in blocks of about this
// size.
constexpr size_t kBlockBytes = size_t{1} << 20;

size_t Index(HashField f) { return static_cast<size_t>(f); }

// Only Google's plaintext zip could ever need quotes (RFC 4180); hashes never do.
void AppendCsvCell(std::string_view v, std::string* out) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string FieldReason(HashField f, Platform p) {
  return std::string(HashFieldName(f)) + ": rejected by the " + std::string(PlatformName(p)) +
         " rule";
}

// What the rows of one part wrote and skipped; the parts' tallies are added up at the end.
struct Tally {
  uint64_t rows = 0;
  std::array<uint64_t, kFieldCount> identifiers{};
  std::map<std::string, uint64_t> skipped;

  void Add(const Tally& t) {
    rows += t.rows;
    for (size_t f = 0; f < kFieldCount; ++f) identifiers[f] += t.identifiers[f];
    for (const auto& [reason, n] : t.skipped) skipped[reason] += n;
  }
};

// Lets the maps below be searched by string_view, without making a string per lookup.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Cells of single-valued fields by raw value (and region, for rules that depend on it). These
// values repeat across members — first names, countries, cities — and normalising and hashing
// one costs about a microsecond, finding it here a few dozen nanoseconds. Bounded: once full,
// further values are computed each time, so a column of distinct values costs only the lookups.
class CellCache {
 public:
  struct Cell {
    bool ok = false;   // false: the platform's rule rejects the value
    std::string text;  // the hex hash, or Google's plaintext country or zip
  };

  const Cell* Find(std::string_view key) const {
    auto it = cells_.find(key);
    return it == cells_.end() ? nullptr : &it->second;
  }
  void Put(std::string_view key, const Cell& cell) {
    if (cells_.size() < kMaxCells) cells_.emplace(key, cell);
  }

 private:
  static constexpr size_t kMaxCells = 16384;
  std::unordered_map<std::string, Cell, StringHash, std::equal_to<>> cells_;
};

// A member's country, as the region of their phone, state and zip and as the country cell.
struct CountryCell {
  bool known = false;  // a country NormalizeCountry recognises
  std::string region;  // ISO alpha-2, upper case
  bool cell_ok = false;
  std::string cell;  // Meta: the hash; Google: the region in plaintext
};

// Appends members' lines to a part's block. Each thread has its own, with its own caches.
class RowBuilder {
 public:
  explicit RowBuilder(const ExportOptions& options)
      : options_(options), meta_(options.platform == Platform::kMeta) {
    for (size_t f = 0; f < kFieldCount; ++f) {
      rejected_[f] = FieldReason(static_cast<HashField>(f), options.platform);
    }
  }

  // Appends the member's line to *lines and counts its identifiers in *tally; returns false,
  // with nothing appended and the skip counted, when the row has no usable identifier.
  bool Append(const ExportMemberView& m, std::string* lines, Tally* tally) {
    tally_ = tally;
    row_ids_.fill(0);
    const size_t start = lines->size();
    // The member's region: their country if it is one, else the export's default.
    const CountryCell* country = Country(m.country);
    const std::string_view region = country != nullptr ? std::string_view(country->region)
                                                       : std::string_view(options_.default_region);

    const size_t emails = Multi(m.emails, HashField::kEmail, "", options_.max_emails, lines);
    const size_t phones = Multi(m.phones, HashField::kPhone, region, options_.max_phones, lines);
    bool usable = emails + phones > 0;
    if (meta_) {
      usable = AppendMetaFields(m, region, country, lines) || usable;
    } else {
      usable = AppendGoogleAddress(m, region, country, lines) || usable;
    }
    // Every cell was followed by a comma; the last one's becomes the line end.
    lines->back() = '\r';
    lines->push_back('\n');

    if (!usable) {
      lines->resize(start);
      Skip("row: no usable identifier");
      return false;
    }
    for (size_t f = 0; f < kFieldCount; ++f) tally->identifiers[f] += row_ids_[f];
    return true;
  }

 private:
  using Hex = std::array<char, kSha256HexSize>;

  void Skip(const std::string& reason) { ++tally_->skipped[reason]; }

  // A hash (or nothing): never needs quotes.
  static void AppendCell(std::string_view text, std::string* lines) {
    lines->append(text);
    lines->push_back(',');
  }
  // Google's plaintext country and zip.
  static void AppendPlainCell(std::string_view text, std::string* lines) {
    AppendCsvCell(text, lines);
    lines->push_back(',');
  }

  // fn, ln, ct, st, zip, country, dob, gen; true when both names are usable.
  bool AppendMetaFields(const ExportMemberView& m, std::string_view region,
                        const CountryCell* country, std::string* lines) {
    const bool fn = HashedCell(HashField::kFirstName, m.first_name, "", lines);
    const bool ln = HashedCell(HashField::kLastName, m.last_name, "", lines);
    HashedCell(HashField::kCity, m.city, "", lines);
    HashedCell(HashField::kState, m.state, region, lines);
    HashedCell(HashField::kZip, m.zip, region, lines);
    const bool has_country = CountryCellUsable(country);
    AppendCell(has_country ? std::string_view(country->cell) : std::string_view(), lines);
    HashedCell(HashField::kDob, m.dob, "", lines);
    HashedCell(HashField::kGender, m.gender, "", lines);
    return fn && ln;
  }

  // Google matches an address only on all four of first name, last name, country and zip; a
  // partial address is not written (its unhashed country and zip would be of no use). Google
  // takes no other field. True when the address is written.
  bool AppendGoogleAddress(const ExportMemberView& m, std::string_view region,
                           const CountryCell* country, std::string* lines) {
    const bool has_fn = Field(HashField::kFirstName, m.first_name, "", false, &first_name_);
    const bool has_ln = Field(HashField::kLastName, m.last_name, "", false, &last_name_);
    const bool has_country = CountryCellUsable(country);
    const bool has_zip = Field(HashField::kZip, m.zip, region, true, &zip_);
    const bool complete = has_fn && has_ln && has_country && has_zip;
    if (complete) {
      AppendCell(first_name_, lines);
      AppendCell(last_name_, lines);
      AppendPlainCell(country->cell, lines);
      AppendPlainCell(zip_, lines);
    } else {
      for (HashField f :
           {HashField::kFirstName, HashField::kLastName, HashField::kCountry, HashField::kZip}) {
        row_ids_[Index(f)] = 0;
      }
      if (has_fn || has_ln || has_country || has_zip) {
        Skip("address: incomplete (google needs first name, last name, country and zip)");
      }
      lines->append(4, ',');
    }
    for (auto [f, v] :
         {std::pair{HashField::kCity, m.city}, std::pair{HashField::kState, m.state},
          std::pair{HashField::kDob, m.dob}, std::pair{HashField::kGender, m.gender}}) {
      if (!v.empty()) Skip("google does not take field " + std::string(HashFieldName(f)));
    }
    return complete;
  }

  // The member's country, from the cache or normalised once; nullptr when none is given.
  // Counts the skip when it is not a country (the member then has the export's region).
  const CountryCell* Country(std::string_view value) {
    if (value.empty()) return nullptr;
    const CountryCell* c = nullptr;
    if (auto it = countries_.find(value); it != countries_.end()) {
      c = &it->second;
    } else if (countries_.size() < kMaxCountries) {
      c = &countries_.emplace(std::string(value), NewCountry(value)).first->second;
    } else {
      uncached_country_ = NewCountry(value);
      c = &uncached_country_;
    }
    if (!c->known) {
      Skip(rejected_[Index(HashField::kCountry)]);
      return nullptr;
    }
    return c;
  }

  // Whether the member's country has a cell; counts it, or the rule's rejection.
  bool CountryCellUsable(const CountryCell* country) {
    if (country == nullptr) return false;
    if (!country->cell_ok) {
      Skip(rejected_[Index(HashField::kCountry)]);
      return false;
    }
    ++row_ids_[Index(HashField::kCountry)];
    return true;
  }

  CountryCell NewCountry(std::string_view value) const {
    CountryCell c;
    StatusOr<std::string> region =
        NormalizeForPlatform(Platform::kGoogle, HashField::kCountry, value);
    if (!region.ok()) return c;
    c.known = true;
    c.region = std::move(region).value();
    StatusOr<std::string> cell =
        meta_ ? HashForPlatform(options_.platform, HashField::kCountry, value)
              : NormalizeForPlatform(options_.platform, HashField::kCountry, value);
    c.cell_ok = cell.ok();
    if (cell.ok()) c.cell = std::move(cell).value();
    return c;
  }

  // Appends the hashed cell of a single-valued field (empty when there is no usable value).
  bool HashedCell(HashField f, std::string_view value, std::string_view region,
                  std::string* lines) {
    const bool ok = Field(f, value, region, false, &cell_);
    AppendCell(ok ? std::string_view(cell_) : std::string_view(), lines);
    return ok;
  }

  // The cell of a single-valued field into *cell: hashed, or only normalised when `plain`
  // (Google's zip). False when empty or rejected (the rejection counted).
  bool Field(HashField f, std::string_view value, std::string_view region, bool plain,
             std::string* cell) {
    if (value.empty()) return false;
    std::string_view key = value;
    if (f == HashField::kState || f == HashField::kZip) {  // rules that depend on the region
      key_.assign(region).push_back('\0');
      key = key_.append(value);
    }
    CellCache& cache = caches_[Index(f)];
    const CellCache::Cell* cached = cache.Find(key);
    if (cached == nullptr) {
      Compute(f, value, region, plain, &computed_);
      cache.Put(key, computed_);
      cached = &computed_;
    }
    if (!cached->ok) {
      Skip(rejected_[Index(f)]);
      return false;
    }
    cell->assign(cached->text);
    ++row_ids_[Index(f)];
    return true;
  }

  // NormalizeForPlatform, hashed unless `plain`: HashForPlatform, with Sha256HexTo instead of
  // Sha256Hex, which matters for columns of distinct values (last names). Google's country and
  // zip, which HashForPlatform refuses to hash, come here only as `plain`.
  void Compute(HashField f, std::string_view value, std::string_view region, bool plain,
               CellCache::Cell* cell) const {
    StatusOr<std::string> normalized = NormalizeForPlatform(options_.platform, f, value, region);
    cell->ok = normalized.ok();
    if (!normalized.ok()) {
      cell->text.clear();
    } else if (plain) {
      cell->text = std::move(normalized).value();
    } else {
      cell->text.resize(kSha256HexSize);
      Sha256HexTo(*normalized, cell->text.data());
    }
  }

  // E-mails or phones: hashed, de-duplicated after normalisation (two spellings of one address
  // are one identifier), at most `max` written, always `max` cells. Returns the number written.
  size_t Multi(std::span<const std::string_view> values, HashField f, std::string_view region,
               size_t max, std::string* lines) {
    seen_.clear();
    size_t written = 0;
    for (std::string_view v : values) {
      if (v.empty()) continue;
      Hex hex;
      if (!Hash(f, v, region, &hex)) {
        Skip(rejected_[Index(f)]);
        continue;
      }
      if (std::find(seen_.begin(), seen_.end(), hex) != seen_.end()) continue;
      seen_.push_back(hex);
      if (written == max) {
        Skip(std::string(HashFieldName(f)) + ": more than " + std::to_string(max) + " per member");
        continue;
      }
      lines->append(hex.data(), hex.size());
      lines->push_back(',');
      ++written;
    }
    lines->append(max - written, ',');
    row_ids_[Index(f)] += written;
    return written;
  }

  // An e-mail's or phone's hash. Values Daylight normalised itself only need the platform's
  // form; anything else is parsed by the platform's rule (libphonenumber alone costs ~20 µs).
  bool Hash(HashField f, std::string_view value, std::string_view region, Hex* hex) {
    if (options_.identifiers_normalized) {
      if (f == HashField::kPhone) {
        PlatformPhoneFormTo(options_.platform, value, &form_);
      } else {
        PlatformEmailFormTo(options_.platform, value, &form_);
      }
      Sha256HexTo(form_, hex->data());
      return true;
    }
    StatusOr<std::string> h = HashForPlatform(options_.platform, f, value, region);
    if (!h.ok()) return false;
    std::copy_n(h->data(), hex->size(), hex->data());
    return true;
  }

  // There are some 250 countries, but any text can come as one: the map is bounded.
  static constexpr size_t kMaxCountries = 4096;

  const ExportOptions& options_;
  const bool meta_;
  std::array<std::string, kFieldCount> rejected_;  // "<field>: rejected by the <platform> rule"
  Tally* tally_ = nullptr;
  std::array<uint64_t, kFieldCount> row_ids_{};  // this row's identifiers, counted if written
  std::unordered_map<std::string, CountryCell, StringHash, std::equal_to<>> countries_;
  CountryCell uncached_country_;  // when countries_ is full
  std::array<CellCache, kFieldCount> caches_;
  // Scratch space reused from value to value.
  std::vector<Hex> seen_;
  std::string form_, key_, cell_, first_name_, last_name_, zip_;
  CellCache::Cell computed_;
};

// Builds the parts on worker threads and writes them, in part order, on the calling thread. A
// part's lines go to the writer in blocks as they are built, so that writing (the longest of
// the jobs) starts with the first rows, not once a whole part is built.
class PartPipeline {
 public:
  PartPipeline(const ExportMemberSource& source, const ExportOptions& options)
      : source_(source), options_(options), parts_(source.parts) {}

  // Every part's lines written to `file`; the parts' tallies added up.
  StatusOr<Tally> Run(unsigned threads, AtomicFile* file) {
    ahead_ = kPartsAheadPerThread * threads;
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) workers.emplace_back([this] { Work(); });
    Tally total;
    Status status = WriteInOrder(file, &total);
    if (!status.ok()) Fail(status);
    for (std::thread& w : workers) w.join();
    RETURN_IF_ERROR(failed_);
    return total;
  }

 private:
  struct Part {
    std::vector<std::string> blocks;  // built and not yet taken by the writer
    bool done = false;                // the last block is in `blocks` (or taken)
    Tally tally;                      // once done
  };

  void Work() {
    RowBuilder builder(options_);
    while (const std::optional<size_t> p = Claim()) {
      Tally tally;
      std::string block = SpareBlock();
      Status status = source_.read(*p, [&](const ExportMemberView& m) {
        if (builder.Append(m, &block, &tally)) ++tally.rows;
        if (block.size() >= kBlockBytes) {
          Publish(*p, std::move(block), nullptr);
          block = SpareBlock();
        }
      });
      if (!status.ok()) {
        Fail(status);
        return;
      }
      Publish(*p, std::move(block), &tally);
    }
  }

  // The next part to build; nothing when all are taken or the export failed. Waits while the
  // writer is too far behind.
  std::optional<size_t> Claim() {
    std::unique_lock lock(mu_);
    cv_.wait(lock,
             [&] { return !failed_.ok() || next_ >= parts_.size() || next_ < written_ + ahead_; });
    if (!failed_.ok() || next_ >= parts_.size()) return std::nullopt;
    return next_++;
  }

  // An empty block, one already written if there is one: a new one takes a page fault every
  // 4 KB as it fills.
  std::string SpareBlock() {
    std::lock_guard lock(mu_);
    if (spare_.empty()) {
      std::string block;
      block.reserve(kBlockBytes + kBlockBytes / 16);
      return block;
    }
    std::string block = std::move(spare_.back());
    spare_.pop_back();
    return block;
  }

  // Hands a block of part p to the writer; with the part's tally when it is the last.
  void Publish(size_t p, std::string block, const Tally* last) {
    std::lock_guard lock(mu_);
    if (!block.empty()) parts_[p].blocks.push_back(std::move(block));
    if (last != nullptr) {
      parts_[p].tally = *last;
      parts_[p].done = true;
    }
    cv_.notify_all();
  }

  Status WriteInOrder(AtomicFile* file, Tally* total) {
    std::vector<std::string> blocks;
    for (size_t p = 0; p < parts_.size(); ++p) {
      for (bool done = false; !done;) {
        {
          std::unique_lock lock(mu_);
          cv_.wait(lock,
                   [&] { return !failed_.ok() || parts_[p].done || !parts_[p].blocks.empty(); });
          if (!failed_.ok()) return failed_;
          blocks.swap(parts_[p].blocks);
          done = parts_[p].done;
          if (done) total->Add(parts_[p].tally);
        }
        for (const std::string& block : blocks) RETURN_IF_ERROR(file->Write(block));
        std::lock_guard lock(mu_);
        for (std::string& block : blocks) {
          block.clear();
          spare_.push_back(std::move(block));
        }
        blocks.clear();
      }
      std::lock_guard lock(mu_);
      ++written_;
      cv_.notify_all();
    }
    return Status::Ok();
  }

  void Fail(const Status& status) {
    std::lock_guard lock(mu_);
    if (failed_.ok()) failed_ = status;
    cv_.notify_all();
  }

  const ExportMemberSource& source_;
  const ExportOptions& options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Part> parts_;
  std::vector<std::string> spare_;  // written blocks, emptied, for reuse
  size_t next_ = 0;                 // the first part no worker has taken
  size_t written_ = 0;              // parts written to the file
  size_t ahead_ = 0;
  Status failed_;  // the first error of any thread
};

Status ValidateExportOptions(const ExportOptions& options) {
  if (options.platform != Platform::kMeta && options.platform != Platform::kGoogle) {
    return InvalidArgument("no customer-list file format for platform " +
                           std::string(PlatformName(options.platform)));
  }
  if (options.max_emails + options.max_phones == 0) {
    return InvalidArgument("export needs at least one e-mail or phone column");
  }
  if (options.max_emails > 10 || options.max_phones > 10) {
    return InvalidArgument("at most 10 e-mail and 10 phone columns");
  }
  return Status::Ok();
}

ExportCounts ToCounts(uint64_t members, const Tally& tally) {
  ExportCounts counts;
  counts.members = members;
  counts.rows = tally.rows;
  for (size_t f = 0; f < kFieldCount; ++f) {
    if (tally.identifiers[f] > 0) {
      counts.identifiers[std::string(HashFieldName(static_cast<HashField>(f)))] =
          tally.identifiers[f];
    }
  }
  counts.skipped = tally.skipped;
  return counts;
}

}  // namespace

StatusOr<std::string> CustomerListHeader(const ExportOptions& options) {
  RETURN_IF_ERROR(ValidateExportOptions(options));
  const bool meta = options.platform == Platform::kMeta;
  std::vector<std::string_view> cols;
  for (size_t i = 0; i < options.max_emails; ++i) cols.emplace_back(meta ? "email" : "Email");
  for (size_t i = 0; i < options.max_phones; ++i) cols.emplace_back(meta ? "phone" : "Phone");
  if (meta) {
    for (const char* c : {"fn", "ln", "ct", "st", "zip", "country", "dob", "gen"}) {
      cols.emplace_back(c);
    }
  } else {
    for (const char* c : {"First Name", "Last Name", "Country", "Zip"}) cols.emplace_back(c);
  }
  std::string line;
  for (std::string_view c : cols) {
    if (!line.empty()) line.push_back(',');
    AppendCsvCell(c, &line);
  }
  return line;
}

StatusOr<ExportCounts> WriteCustomerList(const ExportMemberSource& source, const std::string& path,
                                         const ExportOptions& options,
                                         std::string_view definition_key,
                                         const GuardrailOptions& guard, std::string_view secret) {
  ASSIGN_OR_RETURN(std::string header, CustomerListHeader(options));
  if (path.empty()) return InvalidArgument("export path is empty");
  RETURN_IF_ERROR(CheckExportable(source.members, definition_key, guard, secret));

  AtomicFile file("export file");
  RETURN_IF_ERROR(file.Create(std::filesystem::path(path)));
  RETURN_IF_ERROR(file.Write(header + "\r\n"));
  const unsigned threads = options.threads != 0
                               ? options.threads
                               : std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
  PartPipeline pipeline(source, options);
  ASSIGN_OR_RETURN(Tally tally, pipeline.Run(threads, &file));

  // The file itself reveals its row count to whoever holds it: the guard applies to it too.
  RETURN_IF_ERROR(CheckExportable(tally.rows, definition_key, guard, secret)
                      .WithContext("after skipping unusable rows"));
  ExportCounts counts = ToCounts(source.members, tally);
  counts.blake2b = file.Digest();
  if (options.on_content) options.on_content(counts);
  RETURN_IF_ERROR(file.Commit());
  return counts;
}

StatusOr<ExportCounts> WriteCustomerList(const std::vector<ExportMember>& members,
                                         const std::string& path, const ExportOptions& options,
                                         std::string_view definition_key,
                                         const GuardrailOptions& guard, std::string_view secret) {
  ExportMemberSource source;
  source.members = members.size();
  source.parts = (members.size() + kVectorPart - 1) / kVectorPart;
  source.read = [&members](size_t part,
                           const std::function<void(const ExportMemberView&)>& emit) -> Status {
    std::vector<std::string_view> emails, phones;
    const size_t end = std::min(members.size(), (part + 1) * kVectorPart);
    for (size_t i = part * kVectorPart; i < end; ++i) {
      const ExportMember& m = members[i];
      emails.assign(m.emails.begin(), m.emails.end());
      phones.assign(m.phones.begin(), m.phones.end());
      emit({emails, phones, m.first_name, m.last_name, m.country, m.zip, m.city, m.state, m.dob,
            m.gender});
    }
    return Status::Ok();
  };
  return WriteCustomerList(source, path, options, definition_key, guard, secret);
}

}  // namespace dl
