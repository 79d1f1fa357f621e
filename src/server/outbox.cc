// Copyright Daylight authors. SPDX-License-Identifier: Apache-2.0
//
// The demo's code delivery (include/daylight/verification.h): messages stay in memory, bounded,
// so that the console and administrators can read a code without an e-mail or SMS provider.
// Nothing is written to disk or to the log: the messages hold codes and addresses.
#include <string>
#include <utility>

#include "daylight/verification.h"

#include "util/time_util.h"

namespace dl {

Status OutboxDelivery::Send(const Identifier& to, std::string_view code,
                            std::string_view language) {
  const std::string_view channel = DeliveryChannel(to.type);
  if (channel.empty()) return InvalidArgument("no delivery channel for this identifier type");
  OutboxMessage m;
  m.time_us = NowMicros();
  m.channel = std::string(channel);
  m.to = to.ToString();
  m.language = language == "de" ? "de" : "en";
  m.text = CodeMessageText(code, m.language, ttl_minutes_);
  std::lock_guard<std::mutex> lock(mu_);
  m.id = next_id_++;
  messages_.push_back(std::move(m));
  while (messages_.size() > capacity_) messages_.pop_front();
  return Status::Ok();
}

std::vector<OutboxMessage> OutboxDelivery::Messages(size_t limit) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<OutboxMessage> out;
  for (auto it = messages_.rbegin(); it != messages_.rend(); ++it) {
    if (limit != 0 && out.size() == limit) break;
    out.push_back(*it);
  }
  return out;
}

size_t OutboxDelivery::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return messages_.size();
}

}  // namespace dl
