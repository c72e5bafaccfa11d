#pragma once
// The decision stage: from the rules a message matched to one action.
//
// Precedence (documented for operators in patterns/README.md):
//   1. allow  - any matching allow rule wins: the message is forwarded unchanged. This is how an
//               operator exempts a known-good template from broader block/tag rules.
//   2. block  - otherwise any block rule: answer with block_status (the first block rule's
//               `status`, else the account's block_status); nothing forwarded.
//   3. tag    - otherwise any tag rule: forward marked; each kind of mark (sender relabel, body
//               prefix, TLV) is applied once, taken from the first tag rule asking for it.
//   4. monitor- otherwise any monitor rule: forward unchanged, recorded.
//   5. nothing matched: allow.
// "First" means rule order: files sorted by name, rules in file order, registry outcomes last.
// Then the account's mode applies: in monitor mode a decided block or tag becomes action
// monitor (decided keeps what enforcement would have done).

#include <cstdint>
#include <span>

#include "engine/verdict.h"
#include "patterns/account_policy.h"
#include "patterns/pattern_set.h"

namespace smsfw::filters {

// Fills v.action, v.decided, v.rules, v.matched, v.block_status and the tag marks from `hits`
// (rule indexes, any order, no duplicates; rules of sets the account does not use must already
// be filtered out). Sorts `hits` in place.
void decide(const PatternSet& set, const AccountPolicy& account, std::span<std::uint32_t> hits, Verdict& v);

// The verdict for an engine failure under the account's on_error policy.
void decide_engine_error(const AccountPolicy& account, Verdict& v);

}  // namespace smsfw::filters
