// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// From raw trait values to a TraitColumn (include/daylight/trait_index.h): classify each value,
// keep the last one per subject, give every value its int64 key and sort the entries by
// (key, subject). Dates and timestamps are read by the filter language's own lexer, so a trait
// value is a time exactly when the same text in a filter would be one.

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "daylight/trait_index.h"

#include "audience/filter_lexer.h"

namespace dl {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool EqualsIgnoreCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (c != lower[i]) return false;
  }
  return true;
}

// -?(0|[1-9][0-9]*)(\.[0-9]+)?
bool IsNumeral(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size() || !IsDigit(s[i])) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  if (i == s.size()) return true;
  if (s[i] != '.' || i + 1 >= s.size()) return false;
  for (++i; i < s.size(); ++i) {
    if (!IsDigit(s[i])) return false;
  }
  return true;
}

// How a non-empty raw value reads: its kind, and its value for kBool/kTime (key) or kNumber.
struct Parsed {
  TraitKind kind = TraitKind::kString;
  int64_t key = 0;
  double number = 0;
};

// ClassifyTraitValue's rules; Build() also keeps the value.
Parsed ParseTraitValue(std::string_view raw) {
  if (EqualsIgnoreCase(raw, "true")) return {TraitKind::kBool, 1};
  if (EqualsIgnoreCase(raw, "false")) return {TraitKind::kBool, 0};
  if (IsNumeral(raw)) {
    double d = 0;
    const auto r = std::from_chars(raw.data(), raw.data() + raw.size(), d);
    // A numeral beyond the largest double has no number to be; it stays text.
    if (r.ec == std::errc() && r.ptr == raw.data() + raw.size() && std::isfinite(d)) {
      return {TraitKind::kNumber, 0, d};
    }
    return {};
  }
  // A date or timestamp starts "YYYY-"; the lexer decides the rest, and the value must be that
  // one token with nothing before or after it.
  if (raw.size() >= 10 && IsDigit(raw[0]) && IsDigit(raw[1]) && IsDigit(raw[2]) &&
      IsDigit(raw[3]) && raw[4] == '-') {
    audience::Lexer lexer(raw);
    StatusOr<audience::Token> t = lexer.Next();
    if (t.ok() &&
        (t->kind == audience::TokenKind::kDate || t->kind == audience::TokenKind::kTimestamp) &&
        t->pos == 0 && t->len == raw.size()) {
      return {TraitKind::kTime, t->value.i};
    }
  }
  return {};
}

// Sorts (key, subject) pairs by key, stably (so subjects that arrive ascending stay ascending
// within a key): LSD radix sort on the key's 8 bytes, skipping every byte all keys share.
void SortByKey(std::vector<int64_t>* keys, std::vector<uint32_t>* subjects) {
  const size_t n = keys->size();
  if (n < 2) return;
  std::vector<std::array<size_t, 256>> counts(8);
  for (auto& c : counts) c.fill(0);
  for (const int64_t k : *keys) {
    const uint64_t u = static_cast<uint64_t>(k) ^ (uint64_t{1} << 63);  // signed order
    for (int b = 0; b < 8; ++b) ++counts[b][(u >> (8 * b)) & 0xff];
  }
  std::vector<int64_t> keys2(n);
  std::vector<uint32_t> subjects2(n);
  for (int b = 0; b < 8; ++b) {
    auto& c = counts[b];
    if (std::find(c.begin(), c.end(), n) != c.end()) continue;  // one value: already in order
    size_t sum = 0;
    for (size_t& x : c) sum += std::exchange(x, sum);
    for (size_t i = 0; i < n; ++i) {
      const uint64_t u = static_cast<uint64_t>((*keys)[i]) ^ (uint64_t{1} << 63);
      const size_t to = c[(u >> (8 * b)) & 0xff]++;
      keys2[to] = (*keys)[i];
      subjects2[to] = (*subjects)[i];
    }
    keys->swap(keys2);
    subjects->swap(subjects2);
  }
}

}  // namespace

TraitKind ClassifyTraitValue(std::string_view raw) { return ParseTraitValue(raw).kind; }

void TraitColumnBuilder::Set(uint32_t subject, std::string_view raw_value) {
  if (!pending_.empty() && subject <= pending_.back().subject) ascending_ = false;
  pending_.push_back({arena_.size(), static_cast<uint32_t>(raw_value.size()), subject});
  arena_.append(raw_value);
}

TraitColumn TraitColumnBuilder::Build() {
  std::vector<Pending> pending = std::move(pending_);
  const std::string arena = std::move(arena_);
  pending_.clear();
  arena_.clear();
  ascending_ = true;

  // The last Set() per subject wins: order by subject, keeping call order among equals.
  if (!std::is_sorted(pending.begin(), pending.end(),
                      [](const Pending& a, const Pending& b) { return a.subject < b.subject; })) {
    std::stable_sort(pending.begin(), pending.end(),
                     [](const Pending& a, const Pending& b) { return a.subject < b.subject; });
  }
  size_t kept = 0;
  for (size_t i = 0; i < pending.size(); ++i) {
    if (i + 1 < pending.size() && pending[i + 1].subject == pending[i].subject) continue;
    if (pending[i].length == 0) continue;  // removed
    pending[kept++] = pending[i];
  }
  pending.resize(kept);
  pending.shrink_to_fit();
  const std::string_view all = arena;
  auto text = [&](const Pending& p) { return all.substr(p.offset, p.length); };

  TraitColumn col;
  col.subjects_.resize(kept);
  col.keys_.resize(kept);
  // The column is of one kind if every value reads as it; otherwise every value is text.
  bool mixed = false;
  TraitKind kind = TraitKind::kString;
  for (size_t i = 0; i < kept; ++i) {
    const Parsed p = ParseTraitValue(text(pending[i]));
    if (i == 0) kind = p.kind;
    if (p.kind != kind || p.kind == TraitKind::kString) {
      mixed = true;
      break;
    }
    col.keys_[i] = p.kind == TraitKind::kNumber ? TraitColumn::NumberKey(p.number) : p.key;
    col.subjects_[i] = pending[i].subject;
  }
  col.kind_ = mixed ? TraitKind::kString : kind;
  if (col.kind_ == TraitKind::kString) {
    // Dictionary codes: number the distinct values, sort them bytewise, renumber by rank.
    std::unordered_map<std::string_view, uint32_t> ids;
    std::vector<std::string_view> distinct;
    std::vector<uint32_t> id_of(kept);
    for (size_t i = 0; i < kept; ++i) {
      const auto [it, inserted] =
          ids.try_emplace(text(pending[i]), static_cast<uint32_t>(distinct.size()));
      if (inserted) distinct.push_back(it->first);
      id_of[i] = it->second;
    }
    std::vector<uint32_t> order(distinct.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return distinct[a] < distinct[b]; });
    std::vector<int64_t> rank(distinct.size());
    col.dictionary_.reserve(distinct.size());
    for (uint32_t r = 0; r < order.size(); ++r) {
      rank[order[r]] = r;
      col.dictionary_.emplace_back(distinct[order[r]]);
    }
    for (size_t i = 0; i < kept; ++i) {
      col.keys_[i] = rank[id_of[i]];
      col.subjects_[i] = pending[i].subject;
    }
  }
  pending = {};
  // Subjects are ascending here, so a stable sort by key gives (key, subject) order.
  SortByKey(&col.keys_, &col.subjects_);
  col.BuildIndex();
  return col;
}

}  // namespace dl
