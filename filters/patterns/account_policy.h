#pragma once
// Per-account engine settings (an `accounts:` document in the pattern directory, so a change is
// a reload, not a restart, and `scan` and the C API see the same policy as `run`). An account is
// an ESME's bind system_id; the `default` entry applies to every account not listed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "patterns/rule.h"
#include "throttle/token_bucket.h"
#include "text/data_coding.h"
#include "text/single_byte.h"

namespace smsfw::filters {

// enforce: verdicts take effect. monitor: block and tag are recorded but the message is
// forwarded unchanged (for trialling rules on a new account).
enum class AccountMode : std::uint8_t { enforce, monitor };

// What happens to a message when the engine itself fails (a scan error): forward (open) or
// answer with the block status (closed). Counted either way.
enum class FailMode : std::uint8_t { open, closed };

struct AccountPolicy {
  std::string system_id;  // "default" for the fallback entry
  AccountMode mode = AccountMode::enforce;
  FailMode on_error = FailMode::open;
  // Which sets apply: set_enabled[i] for PatternSet::sets()[i] (resolved by the loader from the
  // `sets:` list; absent = all sets). Synthetic rules (sender registry) always apply.
  std::vector<char> set_enabled;
  text::SmscDefault data_coding_0 = text::SmscDefault::gsm7_unpacked;  // `data_coding_0:`
  text::Latin1Variant latin1 = text::Latin1Variant::iso8859_1;         // `latin1: cp1252`
  bool scan_mo = false;                 // judge MO deliver_sm (never delivery receipts)
  bool sender_registry = true;          // apply the sender registry to this account
  bool audit_body = false;              // the audit log may record this account's message texts
  // Rate limits the proxy enforces on the account's forwarded ESME->SMSC messages (answered
  // ESME_RTHROTTLED beyond them): the whole account across all its binds, and each sender ID
  // (source_addr) within it. Absent = unlimited. Only the limits live here; the buckets are
  // the proxy's and survive reloads. `scan` and the C API ignore them.
  std::optional<throttle::BucketSetting> throttle;
  std::optional<throttle::BucketSetting> sender_throttle;
  std::uint32_t block_status = 0x45;    // ESME_RSUBMITFAIL
  SourceLocation where;
};

}  // namespace smsfw::filters
