// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Each line is parsed on its own with simdjson's DOM parser, which validates the whole line
// (the On-Demand API would skip unread parts unvalidated, and a malformed line must be
// rejected as a whole). JSON strings cannot contain raw line breaks, so splitting on '\n'
// first is exact. simdjson needs padding after the input; parse() copies each line into the
// parser's reusable padded buffer, which costs one memcpy per line and no allocation.
//
// Only the error-code API of simdjson is used, so nothing throws except allocation failure,
// which Next() turns into a Status at this edge.
#include "ingest/jsonl_reader.h"

#include <simdjson.h>

#include <cstring>
#include <exception>
#include <string>
#include <unordered_map>
#include <utility>

#include "ingest/json_number.h"
#include "ingest/record_builder.h"

namespace dl::ingest {
namespace {

namespace dom = simdjson::dom;

std::string LinePrefix(uint64_t line) { return "line " + std::to_string(line) + ": "; }

class JsonLinesReader final : public RecordReader {
 public:
  JsonLinesReader(std::unique_ptr<InputBuffer> input, FieldMapper mapper)
      : input_(std::move(input)),
        data_(SkipUtf8Bom(input_->data())),
        bom_size_(input_->data().size() - data_.size()),
        mapper_(std::move(mapper)) {}

  StatusOr<bool> Next(SourceRecord* out) override {
    try {
      return NextImpl(out);
    } catch (const std::exception& e) {
      return Internal(std::string("JSON Lines reader: ") + e.what());
    }
  }

  double Progress() const override {
    const size_t total = input_->data().size();
    if (total == 0) return 1.0;
    return static_cast<double>(bom_size_ + pos_) / static_cast<double>(total);
  }

 private:
  StatusOr<bool> NextImpl(SourceRecord* out) {
    for (;;) {
      if (pos_ >= data_.size()) return false;
      const uint64_t line = line_;
      size_t eol = data_.find('\n', pos_);
      if (eol == std::string_view::npos) eol = data_.size();
      std::string_view text = data_.substr(pos_, eol - pos_);
      pos_ = eol + (eol < data_.size() ? 1 : 0);
      ++line_;
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;

      RecordBuilder builder(out, line);
      dom::element doc;
      if (auto error = parser_.parse(text.data(), text.size()).get(doc)) {
        return InvalidArgument(LinePrefix(line) + simdjson::error_message(error));
      }
      dom::object object;
      if (doc.get_object().get(object) != simdjson::SUCCESS) {
        return InvalidArgument(LinePrefix(line) + "expected a JSON object");
      }
      for (dom::key_value_pair kv : object) {
        dom::object traits;
        // Segment-style {"traits": {...}}: the traits are the record's own fields.
        if (kv.key == "traits" && kv.value.get_object().get(traits) == simdjson::SUCCESS) {
          for (dom::key_value_pair inner : traits) AddValue(inner.key, inner.value, &builder);
        } else {
          AddValue(kv.key, kv.value, &builder);
        }
      }
      return true;
    }
  }

  const FieldTarget& Target(std::string_view key) {
    auto it = targets_.find(key);
    if (it == targets_.end()) {
      // Keys repeat on every line: resolve each distinct key once. Bounded so that a file of
      // random keys cannot grow the cache without limit.
      if (targets_.size() > 4096) targets_.clear();
      it = targets_.emplace(std::string(key), mapper_.Resolve(key)).first;
    }
    return it->second;
  }

  void AddValue(std::string_view key, const dom::element& value, RecordBuilder* builder) {
    dom::array array;
    if (value.get_array().get(array) == simdjson::SUCCESS) {
      // Repeated values: "phone": ["+49...", "+44..."] gives two phone fields.
      for (dom::element item : array) AddScalarOrJson(key, item, builder);
      return;
    }
    AddScalarOrJson(key, value, builder);
  }

  void AddScalarOrJson(std::string_view key, const dom::element& value, RecordBuilder* builder) {
    if (value.is_null()) return;
    const FieldTarget& target = Target(key);
    std::string_view s;
    bool b = false;
    switch (value.type()) {
      case dom::element_type::STRING:
        if (value.get_string().get(s) != simdjson::SUCCESS) return;
        if (TrimBlanks(s).empty()) return;  // like an empty CSV cell
        builder->Add(target.name, target.value_prefix, s);
        return;
      case dom::element_type::BOOL:
        if (value.get_bool().get(b) != simdjson::SUCCESS) return;
        builder->Add(target.name, target.value_prefix, b ? "true" : "false");
        return;
      case dom::element_type::INT64:
      case dom::element_type::UINT64:
      case dom::element_type::DOUBLE: {
        Field& f = builder->Add();
        f.name.assign(target.name);
        f.value.assign(target.value_prefix);
        AppendJsonNumber(value, &f.value);
        return;
      }
      case dom::element_type::NULL_VALUE:
        return;
      case dom::element_type::ARRAY:
      case dom::element_type::OBJECT:
        // Kept whole, as compact JSON text, for the trait store to show.
        builder->Add(target.name, target.value_prefix, simdjson::minify(value));
        return;
    }
  }

  // Heterogeneous lookup so a string_view key needs no std::string to be found.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::unique_ptr<InputBuffer> input_;
  std::string_view data_;
  size_t bom_size_;
  FieldMapper mapper_;
  size_t pos_ = 0;
  uint64_t line_ = 1;
  dom::parser parser_;
  std::unordered_map<std::string, FieldTarget, KeyHash, std::equal_to<>> targets_;
};

}  // namespace

std::unique_ptr<RecordReader> NewJsonLinesReader(std::unique_ptr<InputBuffer> input,
                                                 FieldMapper mapper) {
  return std::make_unique<JsonLinesReader>(std::move(input), std::move(mapper));
}

}  // namespace dl::ingest
