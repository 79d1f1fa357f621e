// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// Escaping text for HTML documents Daylight writes (the access report, docs/rights.md).
#ifndef DAYLIGHT_UTIL_HTML_H_
#define DAYLIGHT_UTIL_HTML_H_

#include <string>
#include <string_view>

namespace dl {

// `text` as HTML character data or as a double- or single-quoted attribute value: & < > " '
// become entities, other control characters (but tab, line feed and carriage return) become
// U+FFFD, and invalid UTF-8 sequences become U+FFFD one byte at a time, so the output is always
// valid UTF-8 and never ends a tag, an attribute or an entity early.
std::string HtmlEscape(std::string_view text);

}  // namespace dl

#endif  // DAYLIGHT_UTIL_HTML_H_
