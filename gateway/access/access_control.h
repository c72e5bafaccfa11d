#pragma once
// The access checks of an ESME bind, shared by every worker: source address blocked after
// failed binds, account known, source address allowed, binds per account, then the password,
// which is checked on a thread of its own (crypt(3) hashing takes tens of milliseconds and
// must not stall a worker's sessions). Every refusal is logged (at most one line a second,
// with the count held back) and all but "too many binds" count as failed binds of the address.
// Thread-safe; binds are rare, so a mutex guards the counts (never on the message path).

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "access/access_config.h"
#include "access/failed_bind_limiter.h"
#include "access/password_hash.h"
#include "net/warning_throttle.h"

namespace smsfw::access {

enum class Refusal : std::uint8_t {
  address_blocked,      // too many failed binds from this address lately
  unknown_account,      // system_id not configured (known_accounts_only)
  address_not_allowed,  // not in the account's allow_from
  too_many_binds,       // the account's max_binds sessions are bound already
  wrong_password,
};
const char* to_string(Refusal r);
// The bind_resp status of a refusal: 0x0E ESME_RINVPASWD for an unknown account or a wrong
// password (the same answer, so accounts cannot be enumerated), else 0x0D ESME_RBINDFAIL.
std::uint32_t bind_status(Refusal r);

class AccessControl {
 public:
  using Clock = FailedBindLimiter::Clock;

  explicit AccessControl(AccessConfig config);
  ~AccessControl();  // waits for a password check in progress
  AccessControl(const AccessControl&) = delete;
  AccessControl& operator=(const AccessControl&) = delete;

  struct BindCheck {
    bool refused = false;
    Refusal reason = Refusal::unknown_account;
    const AccountAccess* account = nullptr;  // null: an unlisted account let through
    bool holds_bind_slot = false;            // give it back with release_bind()
    bool needs_password = false;             // verify() before going on
  };
  // Everything but the password; a refusal is already logged and counted when it returns.
  // `from_text` is the peer as logs show it.
  BindCheck check_bind(std::string_view system_id, const boost::asio::ip::address& from, const std::string& from_text);

  // Checks `password` against the account's hash on the verifier thread, then posts
  // `done(bool ok)` to `executor`. A wrong password is logged and counted before `done` runs.
  template <class Executor, class Done>
  void verify(std::string password, const AccountAccess& account, std::string system_id,
              const boost::asio::ip::address& from, std::string from_text, Executor executor, Done done) {
    boost::asio::post(verifier_, [this, password = std::move(password), &account, system_id = std::move(system_id),
                                  address = from.to_string(), from_text = std::move(from_text), executor,
                                  done = std::move(done)]() mutable {
      const bool ok = verify_password(password, account.password_hash);
      if (!ok) refuse(Refusal::wrong_password, system_id, address, from_text);
      boost::asio::post(executor, [ok, done = std::move(done)]() mutable { done(ok); });
    });
  }

  // Waits for the password checks in progress and runs no more (their completions are posted
  // first). The proxy calls it before its workers' io_contexts go away.
  void stop_verifier() { verifier_.join(); }

  void release_bind(std::string_view system_id);
  // Sessions holding a bind slot of `system_id` (for tests and /status).
  std::size_t binds_of(std::string_view system_id) const;

 private:
  // Logs a refusal and counts it against `address` (the peer's IP: clients reconnect from new ports).
  void refuse(Refusal why, std::string_view system_id, const std::string& address, const std::string& from_text);

  const AccessConfig config_;
  FailedBindLimiter failed_;
  mutable std::mutex mutex_;  // bound_ and the log throttles
  std::map<std::string, std::size_t, std::less<>> bound_;
  net::WarningThrottle refusal_warning_;
  net::WarningThrottle block_warning_;
  boost::asio::thread_pool verifier_{1};
};

}  // namespace smsfw::access
