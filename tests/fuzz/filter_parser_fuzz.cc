// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the audience filter parser (include/daylight/audience_filter.h) on
// arbitrary bytes. Besides "no crash, no sanitizer report" it checks:
//  * a rejected filter is InvalidArgument with a message "column N: ..." where
//    1 <= N <= length + 1;
//  * an accepted filter prints (ToString) to text that parses back to the same tree and prints
//    identically — unless the canonical text exceeds kMaxFilterLength, which must then be the
//    length error;
//  * evaluating the tree over a small in-memory source either succeeds with a subset of the
//    universe or fails with InvalidArgument (unknown field, wrong type, time overflow).
// A violated property aborts, which libFuzzer reports as a crash with the input saved.
//
//   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DDAYLIGHT_BUILD_FUZZERS=ON \
//       -DDAYLIGHT_BUILD_TESTS=OFF -DDAYLIGHT_BUILD_BENCHMARKS=OFF
//   cmake --build build-fuzz --target filter_parser_fuzz
//   ./build-fuzz/tests/fuzz/filter_parser_fuzz tests/fuzz/seeds/filter_parser_fuzz

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "daylight/audience_filter.h"

#include "audience/filter_evaluator.h"
#include "audience/memory_predicate_source.h"

namespace {

void Fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "property violated: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

void CheckError(const dl::Status& st, size_t len) {
  if (st.code() != dl::StatusCode::kInvalidArgument) Fail("error code", st.ToString());
  const std::string& m = st.message();
  if (m.rfind("column ", 0) != 0) Fail("error without column", m);
  size_t col = 0;
  size_t i = 7;
  while (i < m.size() && m[i] >= '0' && m[i] <= '9')
    col = col * 10 + static_cast<size_t>(m[i++] - '0');
  if (i == 7 || i >= m.size() || m[i] != ':') Fail("malformed column", m);
  if (col < 1 || col > len + 1) Fail("column out of range", m);
}

dl::audience::MemoryPredicateSource& Source() {
  static dl::audience::MemoryPredicateSource* src = [] {
    using T = dl::audience::MemoryPredicateSource::ColumnType;
    auto* s = new dl::audience::MemoryPredicateSource();
    (void)s->AddColumn("a", T::kString);
    (void)s->AddColumn("n", T::kNumber);
    (void)s->AddColumn("t", T::kTime);
    (void)s->AddColumn("b", T::kBool);
    for (uint32_t id = 0; id < 16; ++id) {
      if (id % 2) (void)s->Set("a", id, dl::FilterValue::String(id % 3 ? "DE" : "FR"));
      if (id % 3) (void)s->Set("n", id, dl::FilterValue::Integer(id));
      if (id % 5) (void)s->Set("t", id, dl::FilterValue::Timestamp(int64_t{id} * 86400000000));
      if (id % 7) (void)s->Set("b", id, dl::FilterValue::Bool(id % 2));
      s->AddSubject(id);
    }
    return s;
  }();
  return *src;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ast = dl::ParseFilter(text);
  if (!ast.ok()) {
    CheckError(ast.status(), size);
    return 0;
  }
  (void)dl::DebugString(*ast);
  const std::string printed = dl::ToString(*ast);
  auto again = dl::ParseFilter(printed);
  if (printed.size() > dl::kMaxFilterLength) {
    if (again.ok() || again.status().message().find("filter longer than") == std::string::npos) {
      Fail("over-long canonical text", printed);
    }
    return 0;
  }
  if (!again.ok())
    Fail("canonical text does not parse", printed + " -> " + again.status().ToString());
  if (!(*again == *ast)) Fail("re-parsed tree differs", printed);
  if (dl::ToString(*again) != printed) Fail("canonical text not stable", printed);

  auto& src = Source();
  auto members = dl::audience::Evaluate(*ast, src, int64_t{10} * 86400000000);
  if (members.ok()) {
    if ((*members - src.Universe()).cardinality() != 0) Fail("result outside universe", printed);
  } else if (members.status().code() != dl::StatusCode::kInvalidArgument) {
    Fail("evaluation error code", members.status().ToString());
  }
  return 0;
}
