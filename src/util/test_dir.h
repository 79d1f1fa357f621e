// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// For GoogleTest tests only (it needs gtest): a fresh, empty directory for the running test,
// <tmp>/dl-<prefix>-<pid>-<test name>, so that test processes run in parallel (ctest -j) and
// leftovers of an earlier, failed run never collide. The caller removes it in TearDown.
#ifndef DAYLIGHT_UTIL_TEST_DIR_H_
#define DAYLIGHT_UTIL_TEST_DIR_H_

#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace dl {

inline std::filesystem::path FreshTestDir(const std::string& prefix) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("dl-" + prefix + "-" + std::to_string(::getpid()) + "-" +
                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace dl

#endif  // DAYLIGHT_UTIL_TEST_DIR_H_
