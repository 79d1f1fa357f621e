// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/http.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace dl::server {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits `text` on `sep` and hands each (name, value) pair, split at the first '=', to fn.
template <typename Fn>
void ForEachPair(std::string_view text, char sep, Fn fn) {
  while (!text.empty()) {
    size_t end = text.find(sep);
    std::string_view part = text.substr(0, end);
    size_t eq = part.find('=');
    if (!part.empty()) {
      fn(part.substr(0, eq),
         eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

// Calls fn(value) for each percent-decoded value of the query parameter `name`, in order, while
// fn returns true.
template <typename Fn>
void ForEachQueryValue(std::string_view query, std::string_view name, Fn fn) {
  bool more = true;
  ForEachPair(query, '&', [&](std::string_view k, std::string_view v) {
    if (!more) return;
    auto key = PercentDecode(k, true);
    if (!key || *key != name) return;
    auto value = PercentDecode(v, true);
    if (value) more = fn(std::move(*value));
  });
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view in, bool form) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && form) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string PercentEncode(std::string_view in) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string Request::Header(std::string_view name) const {
  auto it = headers.find(Lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  std::optional<std::string> found;
  ForEachQueryValue(query, name, [&](std::string value) {
    found = std::move(value);
    return false;  // the first is enough
  });
  return found;
}

std::vector<std::string> Request::QueryAll(std::string_view name) const {
  std::vector<std::string> found;
  ForEachQueryValue(query, name, [&](std::string value) {
    found.push_back(std::move(value));
    return true;
  });
  return found;
}

std::map<std::string, std::string, std::less<>> Request::Form() const {
  std::map<std::string, std::string, std::less<>> out;
  ForEachPair(body, '&', [&](std::string_view k, std::string_view v) {
    auto key = PercentDecode(k, true);
    auto value = PercentDecode(v, true);
    if (key && value) out.emplace(std::move(*key), std::move(*value));
  });
  return out;
}

std::string Request::Cookie(std::string_view name) const {
  std::string found;
  bool done = false;
  ForEachPair(Header("cookie"), ';', [&](std::string_view k, std::string_view v) {
    if (!done && Trim(k) == name) {
      found = std::string(Trim(v));
      done = true;
    }
  });
  return found;
}

std::vector<std::string> Request::Segments() const {
  std::vector<std::string> out;
  std::string_view p = path;
  while (!p.empty()) {
    size_t slash = p.find('/');
    std::string_view seg = p.substr(0, slash);
    if (!seg.empty()) {
      auto decoded = PercentDecode(seg, false);
      out.push_back(decoded ? *decoded : std::string(seg));
    }
    if (slash == std::string_view::npos) break;
    p.remove_prefix(slash + 1);
  }
  return out;
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

Response Response::Html(int status, std::string body) {
  Response r = Json(status, std::move(body));
  r.content_type = "text/html; charset=utf-8";
  return r;
}

Response Response::Text(int status, std::string body) {
  Response r = Json(status, std::move(body));
  r.content_type = "text/plain; charset=utf-8";
  return r;
}

Response Response::Error(int status, std::string_view code, std::string_view message) {
  const nlohmann::json body = {{"error", {{"code", code}, {"message", message}}}};
  // Invalid UTF-8 in a message is replaced, never fatal.
  return Json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Response& Response::With(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

}  // namespace dl::server
