// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for TraitColumn::Deserialize (include/daylight/trait_index.h) on arbitrary
// bytes. Each input is tried twice: as it is, and with its correct CRC-32C appended — without the
// second form nearly every mutation would stop at the checksum and the structural checks behind
// it would never be reached. Besides "no crash, no sanitizer report" it checks:
//  * a rejected input is Corruption with a message "trait column: ...";
//  * an accepted input is canonical: Serialize() gives back exactly the input bytes;
//  * the column answers consistently: for probe values of its kind, = and != partition the
//    subjects with a value, < = > partition them too, <= is < plus =, >= is > plus =, `in` of one
//    value is =, and every answer is a subset of present(); size() is present()'s cardinality.
// A violated property aborts, which libFuzzer reports as a crash with the input saved.
//
//   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DDAYLIGHT_BUILD_FUZZERS=ON \
//       -DDAYLIGHT_BUILD_TESTS=OFF -DDAYLIGHT_BUILD_BENCHMARKS=OFF
//   cmake --build build-fuzz --target trait_column_fuzz
//   ./build-fuzz/tests/fuzz/trait_column_fuzz tests/fuzz/seeds/trait_column

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "daylight/audience_filter.h"
#include "daylight/trait_index.h"

namespace {

void Fail(const char* what, const std::string& detail = "") {
  std::fprintf(stderr, "property violated: %s %s\n", what, detail.c_str());
  std::abort();
}

// CRC-32C (Castagnoli), byte at a time: an independent implementation of the format's trailer.
uint32_t Crc32c(std::string_view data) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (char ch : data) c = (c >> 8) ^ table[(c ^ static_cast<uint8_t>(ch)) & 0xff];
  return ~c;
}

std::vector<dl::FilterValue> Probes(dl::TraitKind kind, std::string_view input) {
  int64_t seed = 0;
  std::memcpy(&seed, input.data(), std::min<size_t>(8, input.size()));
  switch (kind) {
    case dl::TraitKind::kString:
      return {
          dl::FilterValue::String(""), dl::FilterValue::String("DE"),
          dl::FilterValue::String(std::string(input.substr(std::min<size_t>(6, input.size()), 3)))};
    case dl::TraitKind::kNumber:
      return {dl::FilterValue::Integer(0), dl::FilterValue::Decimal(-0.0),
              dl::FilterValue::Decimal(2.5), dl::FilterValue::Integer(seed)};
    case dl::TraitKind::kTime:
      return {dl::FilterValue::Timestamp(0), dl::FilterValue::Date(1704067200000000),
              dl::FilterValue::Timestamp(seed)};
    case dl::TraitKind::kBool:
      return {dl::FilterValue::Bool(true), dl::FilterValue::Bool(false)};
  }
  return {};
}

dl::SubjectSet Must(const dl::StatusOr<dl::SubjectSet>& s, const char* what) {
  if (!s.ok()) Fail(what, s.status().ToString());
  return *s;
}

void CheckColumn(const dl::TraitColumn& col, std::string_view input) {
  const dl::SubjectSet& present = col.present();
  if (present.cardinality() != col.size()) Fail("size() != present().cardinality()");
  for (const dl::FilterValue& v : Probes(col.kind(), input)) {
    using Op = dl::CompareOp;
    const dl::SubjectSet eq = Must(col.Compare("f", Op::kEq, v), "=");
    const dl::SubjectSet ne = Must(col.Compare("f", Op::kNe, v), "!=");
    const dl::SubjectSet in = Must(col.In("f", {v, v}), "in");
    if (!(in == eq)) Fail("in (v, v) != (= v)");
    if (!((eq | ne) == present) || eq.and_cardinality(ne) != 0) Fail("= and != do not partition");
    if (col.kind() == dl::TraitKind::kBool) {
      if (col.Compare("f", Op::kLt, v).ok()) Fail("< accepted on true/false");
      continue;
    }
    const dl::SubjectSet lt = Must(col.Compare("f", Op::kLt, v), "<");
    const dl::SubjectSet le = Must(col.Compare("f", Op::kLe, v), "<=");
    const dl::SubjectSet gt = Must(col.Compare("f", Op::kGt, v), ">");
    const dl::SubjectSet ge = Must(col.Compare("f", Op::kGe, v), ">=");
    if (!((lt | eq) == le) || !((gt | eq) == ge)) Fail("<= or >= is not < or > plus =");
    if (!((lt | eq | gt) == present) || lt.and_cardinality(gt) != 0 ||
        lt.and_cardinality(eq) != 0 || gt.and_cardinality(eq) != 0) {
      Fail("< = > do not partition");
    }
    if (!((lt | gt) == ne)) Fail("!= is not < plus >");
  }
  // A value of another kind is always refused.
  const dl::FilterValue wrong = col.kind() == dl::TraitKind::kString ? dl::FilterValue::Integer(1)
                                                                     : dl::FilterValue::String("x");
  auto r = col.Compare("f", dl::CompareOp::kEq, wrong);
  if (r.ok() || r.status().code() != dl::StatusCode::kInvalidArgument) Fail("type check");
}

void Try(std::string_view bytes, std::string_view input) {
  auto col = dl::TraitColumn::Deserialize(bytes);
  if (!col.ok()) {
    if (col.status().code() != dl::StatusCode::kCorruption)
      Fail("error code", col.status().ToString());
    if (col.status().message().rfind("trait column: ", 0) != 0) {
      Fail("message", col.status().message());
    }
    return;
  }
  if (col->Serialize() != bytes) Fail("accepted input is not canonical");
  CheckColumn(*col, input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Try(input, input);
  std::string with_crc(input);
  const uint32_t c = Crc32c(input);
  for (int i = 0; i < 4; ++i) with_crc.push_back(static_cast<char>((c >> (8 * i)) & 0xff));
  Try(with_crc, input);
  return 0;
}
