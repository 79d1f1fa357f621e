// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The message-id filter in front of `event_ids`: a "no" must be certain (a false "no" would
// store a duplicate), and "maybe" must be rare enough to save the table lookups.
#include "store/message_filter.h"

#include <sodium.h>

#include <vector>

#include <gtest/gtest.h>

namespace dl {
namespace {

MessageKey Random() {
  MessageKey k;
  randombytes_buf(k.b.data(), k.b.size());
  return k;
}

TEST(MessageFilterTest, NeverForgetsAKeyAsItGrows) {
  ASSERT_GE(sodium_init(), 0);
  MessageFilter filter(1024);  // grows several times below
  std::vector<MessageKey> added;
  for (int i = 0; i < 20000; ++i) {
    added.push_back(Random());
    filter.Add(added.back());
  }
  for (const MessageKey& k : added) ASSERT_TRUE(filter.MayContain(k));
  int maybe = 0;
  for (int i = 0; i < 20000; ++i) maybe += filter.MayContain(Random()) ? 1 : 0;
  EXPECT_LT(maybe, 20000 * 5 / 100) << "false positives: " << maybe;
  filter.Clear();
  EXPECT_FALSE(filter.MayContain(added.front()));
}

}  // namespace
}  // namespace dl
