#include "engine/decision.h"

#include <algorithm>

namespace smsfw::filters {

namespace {

// Rank in the precedence order; higher wins.
int rank(Action a) {
  switch (a) {
    case Action::allow: return 4;
    case Action::block: return 3;
    case Action::tag: return 2;
    case Action::monitor: return 1;
  }
  return 0;
}

}  // namespace

void decide(const PatternSet& set, const AccountPolicy& account, std::span<std::uint32_t> hits, Verdict& v) {
  std::sort(hits.begin(), hits.end());
  // A list rule is reported once per matching entry.
  hits = hits.first(static_cast<std::size_t>(std::unique(hits.begin(), hits.end()) - hits.begin()));
  const auto& rules = set.rules();
  Action winner = Action::allow;
  int best = 0;
  for (const std::uint32_t i : hits) {
    const Rule& r = rules[i];
    v.matched.push_back(&r);
    if (rank(r.action) > best) {
      best = rank(r.action);
      winner = r.action;
    }
  }
  v.decided = winner;
  v.action = winner;
  if (best == 0) return;  // nothing matched

  for (const Rule* r : v.matched) {
    if (r->action != winner) continue;
    v.rules.push_back(r);
    if (winner == Action::block && v.block_status == 0) v.block_status = r->block_status;
    if (winner == Action::tag) {
      switch (r->tag.mark) {
        case TagMark::sender: if (!v.relabel) v.relabel = &r->tag; break;
        case TagMark::prefix: if (!v.prefix) v.prefix = &r->tag; break;
        case TagMark::tlv: if (!v.tlv) v.tlv = &r->tag; break;
      }
    }
  }
  if (winner == Action::block && v.block_status == 0) v.block_status = account.block_status;
  if (account.mode == AccountMode::monitor && (winner == Action::block || winner == Action::tag))
    v.action = Action::monitor;
}

void decide_engine_error(const AccountPolicy& account, Verdict& v) {
  v.engine_error = true;
  v.rules.clear();
  v.relabel = v.prefix = v.tlv = nullptr;
  if (account.on_error == FailMode::closed) {
    v.decided = Action::block;
    v.block_status = account.block_status;
    v.action = account.mode == AccountMode::monitor ? Action::monitor : Action::block;
  } else {
    v.decided = v.action = Action::allow;
  }
}

}  // namespace smsfw::filters
