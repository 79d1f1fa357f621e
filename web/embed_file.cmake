# Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#
# Compiles one file into the binary as `extern const std::string_view dl::embedded::<SYMBOL>`:
#   cmake -DIN=<file> -DSYMBOL=<name> -DOUT=<file.cc> -P embed_file.cmake
# (web/openapi.json, served at /openapi.json: src/server/api_routes.h). The output is replaced
# only when it changes, so an unchanged document rebuilds nothing.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR length "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
get_filename_component(name ${IN} NAME)
file(WRITE ${OUT}.new "// Generated from ${name} by web/embed_file.cmake. Do not edit.
#include <string_view>

namespace dl::embedded {
namespace {
const unsigned char kBytes[] = {${bytes}0};
}  // namespace

extern const std::string_view ${SYMBOL};
const std::string_view ${SYMBOL}(reinterpret_cast<const char*>(kBytes), ${length});

}  // namespace dl::embedded
")
file(COPY_FILE ${OUT}.new ${OUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUT}.new)
