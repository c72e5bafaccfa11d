#include "access/access_control.h"

#include <spdlog/spdlog.h>

#include "smpp/smpp_constants.h"

namespace smsfw::access {

const char* to_string(Refusal r) {
  switch (r) {
    case Refusal::address_blocked: return "too many failed binds from this address (access.failed_binds)";
    case Refusal::unknown_account: return "unknown system_id (access.known_accounts_only)";
    case Refusal::address_not_allowed: return "source address not in the account's allow_from";
    case Refusal::too_many_binds: return "the account's max_binds sessions are already bound";
    case Refusal::wrong_password: return "wrong password";
  }
  return "?";
}

std::uint32_t bind_status(Refusal r) {
  return r == Refusal::unknown_account || r == Refusal::wrong_password ? smpp::status::invalid_password
                                                                      : smpp::status::bind_failed;
}

AccessControl::AccessControl(AccessConfig config)
    : config_(std::move(config)), failed_(config_.failed_binds_max, config_.failed_binds_window) {}

AccessControl::~AccessControl() { verifier_.join(); }

AccessControl::BindCheck AccessControl::check_bind(std::string_view system_id, const boost::asio::ip::address& from,
                                                   const std::string& from_text) {
  BindCheck c;
  const std::string address = from.to_string();
  const auto refused = [&](Refusal why) {
    refuse(why, system_id, address, from_text);
    c.refused = true;
    c.reason = why;
    return c;
  };
  if (failed_.blocked(address, Clock::now())) return refused(Refusal::address_blocked);
  const auto it = config_.accounts.find(system_id);
  if (it == config_.accounts.end()) {
    if (config_.known_accounts_only) return refused(Refusal::unknown_account);
    return c;  // unlisted, let through: the SMSC decides
  }
  const AccountAccess& a = it->second;
  c.account = &a;
  if (!a.allow_from.empty()) {
    bool allowed = false;
    for (const AddressRange& r : a.allow_from) allowed = allowed || r.contains(from);
    if (!allowed) return refused(Refusal::address_not_allowed);
  }
  if (a.max_binds > 0) {
    {
      const std::lock_guard lock(mutex_);
      std::size_t& n = bound_[std::string(system_id)];
      c.holds_bind_slot = n < a.max_binds;
      if (c.holds_bind_slot) ++n;
    }
    if (!c.holds_bind_slot) return refused(Refusal::too_many_binds);  // (refuse() takes the lock)
  }
  c.needs_password = !a.password_hash.empty();
  return c;
}

void AccessControl::release_bind(std::string_view system_id) {
  const std::lock_guard lock(mutex_);
  const auto it = bound_.find(system_id);
  if (it == bound_.end() || it->second == 0) return;
  if (--it->second == 0) bound_.erase(it);
}

std::size_t AccessControl::binds_of(std::string_view system_id) const {
  const std::lock_guard lock(mutex_);
  const auto it = bound_.find(system_id);
  return it == bound_.end() ? 0 : it->second;
}

void AccessControl::refuse(Refusal why, std::string_view system_id, const std::string& address,
                           const std::string& from_text) {
  const auto now = Clock::now();
  const bool now_blocked = why != Refusal::address_blocked && why != Refusal::too_many_binds &&
                           failed_.failed(address, now);
  const std::lock_guard lock(mutex_);
  std::uint64_t held_back = 0;
  if (refusal_warning_.occurred(now, held_back))
    spdlog::warn("access: bind of '{}' from {} refused: {}; answered 0x{:08X} ({} more refused since the last warning)",
                 system_id, from_text, to_string(why), bind_status(why), held_back);
  if (now_blocked && block_warning_.occurred(now, held_back))
    spdlog::warn("access: {} failed binds from {} within {} s: its binds are refused unchecked until then "
                 "({} more addresses blocked since the last warning)",
                 config_.failed_binds_max, address,
                 std::chrono::duration_cast<std::chrono::seconds>(config_.failed_binds_window).count(), held_back);
}

}  // namespace smsfw::access
