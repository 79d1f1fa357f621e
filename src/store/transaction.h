// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// One storage transaction around a store operation: committed if it succeeds, rolled back (and
// the original error returned) otherwise. Internal to src/store/.
#ifndef DAYLIGHT_STORE_TRANSACTION_H_
#define DAYLIGHT_STORE_TRANSACTION_H_

#include "daylight/status.h"
#include "daylight/storage.h"

namespace dl {

template <typename Fn>
auto InTransaction(Storage* storage, Fn fn) -> decltype(fn()) {
  RETURN_IF_ERROR(storage->Begin());
  auto result = fn();
  if (!result.ok()) {
    (void)storage->Rollback();  // the original error is the one to report
    return result;
  }
  RETURN_IF_ERROR(storage->Commit());
  return result;
}

}  // namespace dl

#endif  // DAYLIGHT_STORE_TRANSACTION_H_
