// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
#include "server/auth.h"

namespace dl::server {

std::string Principal::Actor() const { return (kind == Kind::kUser ? "user:" : "key:") + id; }

bool Principal::Has(std::string_view scope) const {
  return scopes.find(std::string(scope)) != scopes.end();
}

}  // namespace dl::server
