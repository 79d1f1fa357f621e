# Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#
# Compiles the files of web/ into the binary, so `daylight serve` needs no install directory:
#   cmake -DWEB_DIR=<web> -DOUT=<file.cc> -P embed.cmake
# writes a C++ file defining dl::server::StaticAssets() (src/server/console_assets.h) with every
# *.css, *.js and *.svg file of WEB_DIR as bytes. The file is replaced only when it changes.
file(GLOB files RELATIVE ${WEB_DIR} ${WEB_DIR}/*.css ${WEB_DIR}/*.js ${WEB_DIR}/*.svg)
list(SORT files)
set(data "")
set(table "")
set(i 0)
foreach(name ${files})
  file(READ ${WEB_DIR}/${name} hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR length "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  if(name MATCHES "\\.css$")
    set(type "text/css; charset=utf-8")
  elseif(name MATCHES "\\.js$")
    set(type "text/javascript; charset=utf-8")
  else()
    set(type "image/svg+xml")
  endif()
  string(APPEND data "const unsigned char kAsset${i}[] = {${bytes}0};\n")
  string(APPEND table
         "    {\"${name}\", \"${type}\", {reinterpret_cast<const char*>(kAsset${i}), ${length}}},\n")
  math(EXPR i "${i} + 1")
endforeach()
set(text "// Generated from web/ by web/embed.cmake. Do not edit.
#include \"server/console_assets.h\"

namespace dl::server {
namespace {
${data}
const StaticAsset kAssets[] = {
${table}    {{}, {}, {}},
};
}  // namespace

std::span<const StaticAsset> StaticAssets() { return {kAssets, ${i}}; }

}  // namespace dl::server
")
file(WRITE ${OUT}.new "${text}")
file(COPY_FILE ${OUT}.new ${OUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUT}.new)
