// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Customer-list CSV writers for Meta and Google (docs/exports.md).

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <future>
#include <thread>
#include <utility>
#include <vector>

#include <sys/stat.h>

#include "daylight/audience_export.h"

#include "util/secret.h"

namespace dl {
namespace {

// One CSV cell per column, in header order; empty = no value.
using Row = std::vector<std::string>;

std::string CsvCell(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string JoinRow(const Row& row) {
  std::string line;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) line.push_back(',');
    line += CsvCell(row[i]);
  }
  line += "\r\n";
  return line;
}

std::string FieldReason(HashField f, Platform p) {
  return std::string(HashFieldName(f)) + ": rejected by the " + std::string(PlatformName(p)) +
         " rule";
}

// Builds the cells of one member's row; returns false (and counts the skip) when the row has
// no usable identifier. Counts go to a per-row tally first and are merged only if written.
class RowBuilder {
 public:
  RowBuilder(const ExportOptions& options, ExportCounts* counts)
      : options_(options), counts_(counts) {}

  bool Build(const ExportMember& m, Row* row) {
    ids_.clear();
    const bool meta = options_.platform == Platform::kMeta;
    const size_t columns = options_.max_emails + options_.max_phones + (meta ? 8 : 4);
    row->assign(columns, std::string());

    // The member's region: their country if it is one, else the export's default.
    std::string region = options_.default_region;
    std::string country_text;
    if (!m.country.empty()) {
      StatusOr<std::string> c =
          NormalizeForPlatform(Platform::kGoogle, HashField::kCountry, m.country);
      if (c.ok()) {
        region = *c;
        country_text = m.country;
      } else {
        Skip(FieldReason(HashField::kCountry, options_.platform));
      }
    }

    size_t col = 0;
    const size_t emails = Multi(m.emails, HashField::kEmail, "", options_.max_emails, row, col);
    col += options_.max_emails;
    const size_t phones = Multi(m.phones, HashField::kPhone, region, options_.max_phones, row, col);
    col += options_.max_phones;

    bool usable = emails + phones > 0;
    if (meta) {
      const bool fn = Hashed(HashField::kFirstName, m.first_name, "", &(*row)[col++]);
      const bool ln = Hashed(HashField::kLastName, m.last_name, "", &(*row)[col++]);
      Hashed(HashField::kCity, m.city, "", &(*row)[col++]);
      Hashed(HashField::kState, m.state, region, &(*row)[col++]);
      Hashed(HashField::kZip, m.zip, region, &(*row)[col++]);
      Hashed(HashField::kCountry, country_text, "", &(*row)[col++]);
      Hashed(HashField::kDob, m.dob, "", &(*row)[col++]);
      Hashed(HashField::kGender, m.gender, "", &(*row)[col++]);
      usable = usable || (fn && ln);
    } else {
      // Google matches an address only on all four of first name, last name, country and zip;
      // a partial address is not written (its unhashed country and zip would be of no use).
      std::string fn, ln, country, zip;
      const bool has_fn = Hashed(HashField::kFirstName, m.first_name, "", &fn);
      const bool has_ln = Hashed(HashField::kLastName, m.last_name, "", &ln);
      const bool has_country = Plain(HashField::kCountry, country_text, "", &country);
      const bool has_zip = Plain(HashField::kZip, m.zip, region, &zip);
      if (has_fn && has_ln && has_country && has_zip) {
        (*row)[col] = std::move(fn);
        (*row)[col + 1] = std::move(ln);
        (*row)[col + 2] = std::move(country);
        (*row)[col + 3] = std::move(zip);
        usable = true;
      } else {
        for (HashField f :
             {HashField::kFirstName, HashField::kLastName, HashField::kCountry, HashField::kZip}) {
          ids_.erase(std::string(HashFieldName(f)));
        }
        if (has_fn || has_ln || has_country || has_zip) {
          Skip("address: incomplete (google needs first name, last name, country and zip)");
        }
      }
      for (auto [f, v] :
           {std::pair{HashField::kCity, &m.city}, std::pair{HashField::kState, &m.state},
            std::pair{HashField::kDob, &m.dob}, std::pair{HashField::kGender, &m.gender}}) {
        if (!v->empty()) Skip("google does not take field " + std::string(HashFieldName(f)));
      }
    }

    if (!usable) {
      Skip("row: no usable identifier");
      return false;
    }
    for (const auto& [name, n] : ids_) counts_->identifiers[name] += n;
    return true;
  }

 private:
  void Skip(const std::string& reason) { ++counts_->skipped[reason]; }

  // Hashes `value` into *cell; false (and a counted skip) if the platform rejects it.
  bool Hashed(HashField f, std::string_view value, std::string_view region, std::string* cell) {
    if (value.empty()) return false;
    StatusOr<std::string> h = HashForPlatform(options_.platform, f, value, region);
    if (!h.ok()) {
      Skip(FieldReason(f, options_.platform));
      return false;
    }
    *cell = std::move(h).value();
    ++ids_[std::string(HashFieldName(f))];
    return true;
  }

  // Google's Country and Zip: normalised, not hashed.
  bool Plain(HashField f, std::string_view value, std::string_view region, std::string* cell) {
    if (value.empty()) return false;
    StatusOr<std::string> v = NormalizeForPlatform(options_.platform, f, value, region);
    if (!v.ok()) {
      Skip(FieldReason(f, options_.platform));
      return false;
    }
    *cell = std::move(v).value();
    ++ids_[std::string(HashFieldName(f))];
    return true;
  }

  // E-mails or phones: hashed, de-duplicated after normalisation (two spellings of one address
  // are one identifier), at most `max` written into columns [col, col + max).
  size_t Multi(const std::vector<std::string>& values, HashField f, std::string_view region,
               size_t max, Row* row, size_t col) {
    std::set<std::string> seen;
    size_t written = 0;
    for (const std::string& v : values) {
      if (v.empty()) continue;
      StatusOr<std::string> h = std::string();
      if (options_.identifiers_normalized) {
        h = Sha256Hex(f == HashField::kPhone ? PlatformPhoneForm(options_.platform, v)
                                             : PlatformEmailForm(options_.platform, v));
      } else {
        h = HashForPlatform(options_.platform, f, v, region);
      }
      if (!h.ok()) {
        Skip(FieldReason(f, options_.platform));
        continue;
      }
      if (!seen.insert(*h).second) continue;
      if (written == max) {
        Skip(std::string(HashFieldName(f)) + ": more than " + std::to_string(max) + " per member");
        continue;
      }
      (*row)[col + written] = std::move(h).value();
      ++written;
    }
    if (written > 0) ids_[std::string(HashFieldName(f))] += written;
    return written;
  }

  const ExportOptions& options_;
  ExportCounts* counts_;
  std::map<std::string, uint64_t> ids_;
};

// A temporary file beside the target, mode 0600, removed unless committed.
class TempFile {
 public:
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }

  Status Create(const std::filesystem::path& target) {
    std::filesystem::path dir = target.parent_path();
    if (dir.empty()) dir = ".";
    std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    fd_ = ::mkstemp(tmpl.data());  // creates with mode 0600
    if (fd_ < 0)
      return IOError("cannot create export file in " + dir.string() + ": " + std::strerror(errno));
    path_ = tmpl;
    if (::fchmod(fd_, S_IRUSR | S_IWUSR) != 0) {
      return IOError("cannot set export file mode: " + std::string(std::strerror(errno)));
    }
    return Status::Ok();
  }

  Status Write(std::string_view data) {
    crypto_generichash_update(&digest_, reinterpret_cast<const unsigned char*>(data.data()),
                              data.size());
    while (!data.empty()) {
      ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return IOError("cannot write export file: " + std::string(std::strerror(errno)));
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  // fsync, close and rename onto `target`.
  Status Commit(const std::filesystem::path& target) {
    if (::fsync(fd_) != 0) {
      return IOError("cannot sync export file: " + std::string(std::strerror(errno)));
    }
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
      return IOError("cannot close export file: " + std::string(std::strerror(errno)));
    }
    if (::rename(path_.c_str(), target.c_str()) != 0) {
      return IOError("cannot rename export file into place: " + std::string(std::strerror(errno)));
    }
    path_.clear();
    // Best effort: make the rename durable.
    std::filesystem::path dir = target.parent_path();
    if (dir.empty()) dir = ".";
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      (void)::fsync(dfd);
      ::close(dfd);
    }
    return Status::Ok();
  }

  // Lowercase hex BLAKE2b-256 of everything written (libsodium's generic hash: about twice
  // as fast as SHA-256 here, which matters for files of hundreds of megabytes).
  std::string Digest() {
    unsigned char out[32];
    crypto_generichash_final(&digest_, out, sizeof out);
    return ToHex(out, sizeof out);
  }

 private:
  int fd_ = -1;
  std::string path_;
  crypto_generichash_state digest_ = DigestStart();

  static crypto_generichash_state DigestStart() {
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, 32);
    return st;
  }
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

}  // namespace

StatusOr<std::string> CustomerListHeader(const ExportOptions& options) {
  RETURN_IF_ERROR(ValidateExportOptions(options));
  const bool meta = options.platform == Platform::kMeta;
  std::vector<std::string> cols;
  for (size_t i = 0; i < options.max_emails; ++i) cols.emplace_back(meta ? "email" : "Email");
  for (size_t i = 0; i < options.max_phones; ++i) cols.emplace_back(meta ? "phone" : "Phone");
  if (meta) {
    for (const char* c : {"fn", "ln", "ct", "st", "zip", "country", "dob", "gen"}) {
      cols.emplace_back(c);
    }
  } else {
    for (const char* c : {"First Name", "Last Name", "Country", "Zip"}) cols.emplace_back(c);
  }
  std::string line = JoinRow(cols);
  line.resize(line.size() - 2);  // without "\r\n"
  return line;
}

StatusOr<ExportCounts> WriteCustomerList(const std::vector<ExportMember>& members,
                                         const std::string& path, const ExportOptions& options,
                                         std::string_view definition_key,
                                         const GuardrailOptions& guard, std::string_view secret) {
  ASSIGN_OR_RETURN(std::string header, CustomerListHeader(options));
  if (path.empty()) return InvalidArgument("export path is empty");
  RETURN_IF_ERROR(CheckExportable(members.size(), definition_key, guard, secret));

  const std::filesystem::path target(path);
  TempFile tmp;
  RETURN_IF_ERROR(tmp.Create(target));

  ExportCounts counts;
  counts.members = members.size();
  RETURN_IF_ERROR(tmp.Write(header + "\r\n"));
  // Rows are built in blocks, each split between the threads; the halves are written in order,
  // so the file is the same whatever the number of threads. Hashing dominates, and members are
  // independent of each other.
  const unsigned threads = options.threads != 0
                               ? options.threads
                               : std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
  constexpr size_t kBlock = 16384;
  struct Part {
    ExportCounts counts;
    std::string lines;
    uint64_t rows = 0;
  };
  std::vector<Part> parts(threads);
  std::string pending;  // the previous block's lines while they are written
  std::future<Status> writing;
  auto build = [&](Part* part, size_t begin, size_t end) {
    RowBuilder builder(options, &part->counts);
    Row row;
    for (size_t i = begin; i < end; ++i) {
      if (!builder.Build(members[i], &row)) continue;
      ++part->rows;
      part->lines += JoinRow(row);
    }
  };
  for (size_t block = 0; block < members.size(); block += kBlock) {
    const size_t end = std::min(members.size(), block + kBlock);
    const size_t per = (end - block + threads - 1) / threads;
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t) {
      const size_t b = std::min(end, block + t * per), e = std::min(end, b + per);
      if (b < e) workers.emplace_back(build, &parts[t], b, e);
    }
    build(&parts[0], block, std::min(end, block + per));
    for (std::thread& w : workers) w.join();
    std::string lines;
    for (Part& p : parts) {
      lines += p.lines;
      p.lines.clear();
    }
    // Writing (and digesting) this block overlaps with building the next one.
    if (writing.valid()) RETURN_IF_ERROR(writing.get());
    pending = std::move(lines);
    writing = std::async(std::launch::async, [&tmp, &pending] { return tmp.Write(pending); });
  }
  if (writing.valid()) RETURN_IF_ERROR(writing.get());
  for (const Part& p : parts) {
    counts.rows += p.rows;
    for (const auto& [k, n] : p.counts.identifiers) counts.identifiers[k] += n;
    for (const auto& [k, n] : p.counts.skipped) counts.skipped[k] += n;
  }

  // The file itself reveals its row count to whoever holds it: the guard applies to it too.
  RETURN_IF_ERROR(CheckExportable(counts.rows, definition_key, guard, secret)
                      .WithContext("after skipping unusable rows"));
  counts.blake2b = tmp.Digest();
  RETURN_IF_ERROR(tmp.Commit(target));
  return counts;
}

}  // namespace dl
