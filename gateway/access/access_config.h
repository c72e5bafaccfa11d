#pragma once
// Proxy-side access control of ESME binds, as the run configuration's `access:` section gives
// it (deploy/smsfw.example.yaml). Without that section the proxy checks nothing itself and the
// SMSC alone authenticates binds.

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "access/address_range.h"

namespace smsfw::access {

// One account (bind system_id).
struct AccountAccess {
  std::string password_hash;             // crypt(3); empty: no proxy-side password check
  std::vector<AddressRange> allow_from;  // empty: any source address
  std::size_t max_binds = 0;             // sessions bound at once, process-wide; 0: no limit
};

struct AccessConfig {
  // Binds whose system_id is not in `accounts` are refused (else they go to the SMSC unchecked).
  bool known_accounts_only = true;
  std::map<std::string, AccountAccess, std::less<>> accounts;
  // After `failed_binds_max` refused binds from one address within `failed_binds_window`, its
  // binds are refused unchecked until the window has passed.
  std::size_t failed_binds_max = 5;
  std::chrono::milliseconds failed_binds_window{std::chrono::seconds(60)};
};

}  // namespace smsfw::access
