// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "store/rights_report_text.h"

#include <array>
#include <cstddef>

namespace dl {
namespace {

struct Entry {
  std::string_view en, de;
};

constexpr std::array<Entry, static_cast<size_t>(ReportMsg::kCount)> kTable = {{
#define DAYLIGHT_REPORT_TEXT_ENTRY(id, en, de) {en, de},
    DAYLIGHT_REPORT_TEXT(DAYLIGHT_REPORT_TEXT_ENTRY)
#undef DAYLIGHT_REPORT_TEXT_ENTRY
}};

}  // namespace

std::string_view ReportWords(ReportLanguage lang, ReportMsg msg) {
  const Entry& e = kTable[static_cast<size_t>(msg)];
  return lang == ReportLanguage::kGerman ? e.de : e.en;
}

}  // namespace dl
