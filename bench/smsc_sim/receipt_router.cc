#include "smsc_sim/receipt_router.h"

#include <algorithm>

namespace smsfw::bench::sim {

void ReceiptRouter::add(std::string_view system_id, SmscConnection* receiver) {
  auto it = by_system_id_.find(system_id);
  if (it == by_system_id_.end()) it = by_system_id_.emplace(std::string(system_id), Receivers{}).first;
  it->second.list.push_back(receiver);
}

void ReceiptRouter::remove(std::string_view system_id, SmscConnection* receiver) {
  const auto it = by_system_id_.find(system_id);
  if (it == by_system_id_.end()) return;
  auto& list = it->second.list;
  list.erase(std::remove(list.begin(), list.end(), receiver), list.end());
  if (list.empty()) by_system_id_.erase(it);
}

SmscConnection* ReceiptRouter::pick(std::string_view system_id) {
  const auto it = by_system_id_.find(system_id);
  if (it == by_system_id_.end()) return nullptr;
  Receivers& r = it->second;
  if (r.next >= r.list.size()) r.next = 0;
  return r.list[r.next++];
}

}  // namespace smsfw::bench::sim
