// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// ParallelHalves: runs fn(begin, end) over [0, n) in two halves, the second on a thread of its
// own, when n is at least `from` (below that a thread costs more than it saves). For CPU-bound
// loops whose iterations are independent — sealing or unsealing events, computing blind
// indexes — on a 2-core machine whose other core is often idle. fn must not throw. Returns the
// first failure, the first half's first.
#ifndef DAYLIGHT_UTIL_PARALLEL_H_
#define DAYLIGHT_UTIL_PARALLEL_H_

#include <cstddef>
#include <thread>

#include "daylight/status.h"

namespace dl {

template <typename Fn>
Status ParallelHalves(size_t n, size_t from, Fn fn) {
  if (n < from || n < 2) return fn(size_t{0}, n);
  const size_t half = n / 2;
  Status second = Status::Ok();
  std::thread worker([&] { second = fn(half, n); });
  Status first = fn(size_t{0}, half);
  worker.join();
  if (!first.ok()) return first;
  return second;
}

}  // namespace dl

#endif  // DAYLIGHT_UTIL_PARALLEL_H_
