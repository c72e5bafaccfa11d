// CampaignExchange: PFADD per text key and half-window epoch, PFCOUNT of the last two halves
// (see campaign_exchange.h).
#include "shared/campaign_exchange.h"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace smsfw::gateway::shared {

namespace {

// 16 lower-case hex digits into `out` (17 bytes); returns the 16.
std::string_view hex16(std::uint64_t v, char* out) {
  std::snprintf(out, 17, "%016llx", static_cast<unsigned long long>(v));
  return {out, 16};
}

}  // namespace

CampaignExchange::CampaignExchange(RedisLink& link) : link_(link), prefix_(link.key_prefix() + "cmp:") {}

std::optional<std::vector<std::uint32_t>> CampaignExchange::exchange(std::span<const Entry> entries,
                                                                     std::uint32_t window_seconds,
                                                                     std::uint64_t now_seconds) {
  const std::uint64_t window = std::max<std::uint32_t>(window_seconds, 2);
  const std::uint64_t half = window / 2;
  const std::uint64_t epoch = now_seconds / half;
  const std::string cur = prefix_ + std::to_string(epoch) + ":";
  const std::string prev = prefix_ + std::to_string(epoch == 0 ? 0 : epoch - 1) + ":";
  const std::string expire_ms = std::to_string((window + kExpiryMarginSeconds) * 1000);

  batch_.clear();
  count_reply_.clear();
  char hex[17];
  std::string key;
  for (const Entry& e : entries) {
    if (e.new_destinations.empty()) continue;
    key.assign(cur).append(hex16(e.key, hex));
    batch_.command("PFADD").arg(key);
    for (const std::uint64_t d : e.new_destinations) batch_.arg(hex16(d, hex));
    batch_.command("PEXPIRE").arg(key).arg(expire_ms);
  }
  for (const Entry& e : entries) {
    if (!count_reply_.try_emplace(e.key, batch_.size()).second) continue;  // one PFCOUNT per key
    key.assign(cur).append(hex16(e.key, hex));
    batch_.command("PFCOUNT").arg(key);
    if (epoch != 0) batch_.arg(key.assign(prev).append(hex16(e.key, hex)));
  }
  if (!link_.execute(batch_, replies_)) return std::nullopt;

  std::vector<std::uint32_t> estimates;
  estimates.reserve(entries.size());
  for (const Entry& e : entries) {
    const redisReply* r = replies_[count_reply_.at(e.key)].get();
    const std::uint64_t n = r->type == REDIS_REPLY_INTEGER && r->integer > 0 ? static_cast<std::uint64_t>(r->integer) : 0;
    estimates.push_back(static_cast<std::uint32_t>(std::min<std::uint64_t>(n, UINT32_MAX)));
  }
  return estimates;
}

}  // namespace smsfw::gateway::shared
