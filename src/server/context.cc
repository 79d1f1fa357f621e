// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/context.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <exception>
#include <future>
#include <iterator>

#include <fmt/format.h>

namespace dl::server {

// ---------------------------------------------------------------------------------------------
// StoreExecutor

StatusOr<std::unique_ptr<StoreExecutor>> StoreExecutor::Open(const std::string& db_path,
                                                             std::string name) {
  std::unique_ptr<StoreExecutor> ex(new StoreExecutor());
  ex->name_ = std::move(name);
  // The store is opened on the executor's own thread, so the connection is only ever used by
  // the thread that created it.
  std::promise<Status> opened;
  auto ready = opened.get_future();
  StoreExecutor* raw = ex.get();
  ex->thread_ = std::thread([raw, db_path, &opened] {
    auto store = Store::Open(db_path);
    if (!store.ok()) {
      opened.set_value(store.status());
      return;
    }
    raw->store_ = std::move(*store);
    opened.set_value(Status::Ok());
    raw->Loop();
  });
  Status s = ready.get();
  if (!s.ok()) {
    ex->thread_.join();
    return s.WithContext("executor '" + ex->name_ + "'");
  }
  return ex;
}

StoreExecutor::~StoreExecutor() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void StoreExecutor::Post(std::function<void(Store&)> job) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back(std::move(job));
  }
  cv_.notify_one();
}

size_t StoreExecutor::Pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return jobs_.size();
}

void StoreExecutor::Loop() {
  for (;;) {
    std::function<void(Store&)> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) break;  // stopping, and every queued job has run
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    // A job that throws is a bug in a route module; keep serving the others rather than
    // terminating the process (its Responder, if dropped, closes that one connection).
    try {
      job(*store_);
    } catch (const std::exception& e) {
      Log("error", "executor job threw", {{"executor", name_}, {"what", e.what()}});
    } catch (...) {
      Log("error", "executor job threw", {{"executor", name_}});
    }
  }
  store_.reset();  // closed on the thread that used it
}

// ---------------------------------------------------------------------------------------------
// Metrics

namespace {

// Latency buckets in seconds: 0.5 ms .. 5 s, enough resolution around the 10 ms p99 target.
constexpr double kBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                               0.1,    0.25,  0.5,    1,     2.5,  5};
constexpr size_t kBucketCount = sizeof(kBuckets) / sizeof(kBuckets[0]);

// "name{labels}" (or "name" without labels) in a per-thread buffer: a lookup of an existing
// series allocates nothing.
std::string_view SeriesKey(std::string_view name, std::string_view labels) {
  thread_local std::string key;
  key.assign(name);
  if (!labels.empty()) {
    key.push_back('{');
    key.append(labels);
    key.push_back('}');
  }
  return key;
}

std::string_view NameOf(std::string_view key) { return key.substr(0, key.find('{')); }
std::string_view LabelsOf(std::string_view key) {
  size_t brace = key.find('{');
  if (brace == std::string_view::npos) return {};
  return key.substr(brace + 1, key.size() - brace - 2);
}

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

}  // namespace

void Metrics::Add(std::string_view name, std::string_view labels, double delta) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string_view key = SeriesKey(name, labels);
  auto it = values_.find(key);
  if (it == values_.end()) it = values_.emplace(std::string(key), 0.0).first;
  it->second += delta;
}

void Metrics::Set(std::string_view name, std::string_view labels, double value) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string_view key = SeriesKey(name, labels);
  auto it = values_.find(key);
  if (it == values_.end()) it = values_.emplace(std::string(key), 0.0).first;
  it->second = value;
}

void Metrics::Observe(std::string_view name, std::string_view labels, double seconds) {
  size_t bucket = 0;
  while (bucket < kBucketCount && seconds > kBuckets[bucket]) ++bucket;
  std::lock_guard<std::mutex> lock(mu_);
  std::string_view key = SeriesKey(name, labels);
  auto it = histos_.find(key);
  if (it == histos_.end()) {
    it = histos_.emplace(std::string(key), Histogram{}).first;
    it->second.buckets.assign(kBucketCount, 0);
  }
  Histogram& h = it->second;
  if (bucket < kBucketCount) ++h.buckets[bucket];  // per bucket; made cumulative by Render
  ++h.count;
  h.sum += seconds;
}

void Metrics::Describe(std::string_view name, std::string_view type, std::string_view help) {
  std::lock_guard<std::mutex> lock(mu_);
  help_.emplace(std::string(name), std::make_pair(std::string(type), std::string(help)));
}

void Metrics::AddCollector(std::function<void(Metrics&)> collector) {
  std::lock_guard<std::mutex> lock(collectors_mu_);
  collectors_.push_back(std::move(collector));
}

void Metrics::RunCollectors() {
  std::lock_guard<std::mutex> lock(collectors_mu_);
  for (auto& c : collectors_) c(*this);
}

std::string Metrics::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  // Group series by metric name: the format wants one HELP/TYPE block per name, its samples
  // together.
  std::map<std::string_view, std::string> blocks;
  for (const auto& [key, value] : values_) {
    std::string& out = blocks[NameOf(key)];
    out.append(key).push_back(' ');
    out.append(FormatValue(value)).push_back('\n');
  }
  for (const auto& [key, h] : histos_) {
    std::string_view name = NameOf(key), labels = LabelsOf(key);
    std::string& out = blocks[name];
    std::string sep = labels.empty() ? "" : ",";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBucketCount; ++i) {
      cumulative += h.buckets[i];
      out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep,
                         FormatValue(kBuckets[i]), cumulative);
    }
    out += fmt::format("{}_bucket{{{}{}le=\"+Inf\"}} {}\n", name, labels, sep, h.count);
    std::string braces = labels.empty() ? "" : fmt::format("{{{}}}", labels);
    out += fmt::format("{}_sum{} {}\n", name, braces, FormatValue(h.sum));
    out += fmt::format("{}_count{} {}\n", name, braces, h.count);
  }
  std::string text;
  for (const auto& [name, samples] : blocks) {
    auto help = help_.find(name);
    if (help != help_.end()) {
      text += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help->second.second, name,
                          help->second.first);
    }
    text += samples;
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Log

namespace {

bool NeedsQuotes(std::string_view v) {
  if (v.empty()) return true;
  for (unsigned char c : v) {
    if (c <= ' ' || c == '=' || c == '"' || c == '\\' || c >= 0x7f) return true;
  }
  return false;
}

void AppendValue(std::string& out, std::string_view v) {
  if (!NeedsQuotes(v)) {
    out.append(v);
    return;
  }
  out.push_back('"');
  for (unsigned char c : v) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\x{:02x}", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

// RFC 3339 UTC with milliseconds; the formatted second is cached per thread.
void AppendTimestamp(std::string& out) {
  thread_local time_t cached_sec = -1;
  thread_local char cached[32];
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  if (ts.tv_sec != cached_sec) {
    tm t{};
    gmtime_r(&ts.tv_sec, &t);
    strftime(cached, sizeof(cached), "%Y-%m-%dT%H:%M:%S", &t);
    cached_sec = ts.tv_sec;
  }
  out.append(cached);
  fmt::format_to(std::back_inserter(out), ".{:03d}Z", static_cast<int>(ts.tv_nsec / 1000000));
}

void WriteAll(const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(STDERR_FILENO, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // stderr is gone: nothing sensible left to do with log lines
    }
    off += static_cast<size_t>(n);
  }
}

// Buffers lines and writes them from one background thread, so that a request's access-log
// line costs a memcpy under a mutex instead of a write(2) on the I/O thread.
class LogSink {
 public:
  LogSink() : thread_([this] { Run(); }) {}
  ~LogSink() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_one();
    thread_.join();
    Flush();
  }

  void Append(const std::string& line, bool now) {
    std::unique_lock<std::mutex> lock(mu_);
    // Back-pressure rather than loss: if the reader of stderr is far behind, wait for it.
    space_cv_.wait(lock, [this] { return buffer_.size() < kMaxBuffered || stopping_; });
    buffer_.append(line);
    if (now || buffer_.size() >= kFlushAt) {
      lock.unlock();
      if (now) {
        Flush();
      } else {
        cv_.notify_one();
      }
    }
  }

  void Flush() {
    std::lock_guard<std::mutex> write_lock(write_mu_);
    std::string out;
    {
      std::lock_guard<std::mutex> lock(mu_);
      out.swap(buffer_);
    }
    space_cv_.notify_all();
    if (!out.empty()) WriteAll(out);
  }

 private:
  static constexpr size_t kFlushAt = 32 * 1024;
  static constexpr size_t kMaxBuffered = 8 * 1024 * 1024;

  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      cv_.wait_for(lock, std::chrono::milliseconds(50),
                   [this] { return stopping_ || buffer_.size() >= kFlushAt; });
      lock.unlock();
      Flush();
      lock.lock();
    }
  }

  std::mutex mu_;
  std::mutex write_mu_;  // keeps flushed chunks in order
  std::condition_variable cv_, space_cv_;
  std::string buffer_;
  bool stopping_ = false;
  std::thread thread_;
};

LogSink& Sink() {
  static LogSink sink;
  return sink;
}

}  // namespace

void Log(std::string_view level, std::string_view message,
         const std::vector<std::pair<std::string, std::string>>& fields) {
  thread_local std::string line;
  line.clear();
  line += "ts=";
  AppendTimestamp(line);
  line += " level=";
  AppendValue(line, level);
  line += " msg=";
  AppendValue(line, message);
  for (const auto& [k, v] : fields) {
    line.push_back(' ');
    line += k;
    line.push_back('=');
    AppendValue(line, v);
  }
  line.push_back('\n');
  Sink().Append(line, level == "error");
}

void FlushLog() { Sink().Flush(); }

}  // namespace dl::server
