#pragma once
// Where receipts for a transmitter bind go: a receiver or transceiver bind with the same
// system_id on the same smsc-sim thread (round robin if there are several). Kept per thread on
// purpose: no locks, no cross-thread hand-off. With --threads > 1 a transmitter and its receiver
// may land on different threads; their receipts are then counted as receipts_unroutable. A
// transceiver always gets its receipts on its own connection and never needs the router.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace smsfw::bench::sim {

class SmscConnection;

class ReceiptRouter {
 public:
  void add(std::string_view system_id, SmscConnection* receiver);
  void remove(std::string_view system_id, SmscConnection* receiver);
  // A bound receiver for `system_id`, or nullptr.
  SmscConnection* pick(std::string_view system_id);

 private:
  struct Receivers {
    std::vector<SmscConnection*> list;
    std::size_t next = 0;
  };
  // Transparent hash: look up by string_view without building a std::string per receipt.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Receivers, Hash, std::equal_to<>> by_system_id_;
};

}  // namespace smsfw::bench::sim
