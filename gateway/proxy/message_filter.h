#pragma once
// The filter chain as a session pair uses it: one per worker thread (it owns that thread's
// Classifier). Turns a parsed message PDU into the engine's input, judges it, counts the verdict,
// applies the account's rate limits to an ESME->SMSC message about to be forwarded
// (message_throttle.h), and for a tagged message appends the marked frame.

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/classifier.h"
#include "engine/engine.h"
#include "proxy/message_throttle.h"
#include "proxy/proxy_stats.h"
#include "proxy/tag_marker.h"
#include "smpp/pdu_view.h"

namespace smsfw::proxy {

class MessageFilter {
 public:
  // `engine` and `throttle` (shared with the other workers' filters) must outlive the filter.
  // Construct anywhere, use on one thread only.
  MessageFilter(const filters::Engine& engine, MessageThrottle& throttle);

  enum class Outcome : std::uint8_t {
    forward,    // relay the original bytes
    forwarded,  // the marked frame was appended to `out`: relay nothing else
    block,      // answer the sender with `status` (a block or ESME_RTHROTTLED); relay nothing
  };
  struct Result {
    Outcome outcome = Outcome::forward;
    std::uint32_t status = 0;
  };

  // Judges one message PDU travelling in `direction` on the bind of `account`; a tagged PDU is
  // rebuilt into `out` (a prefix only within `max_pdu_size`). A blocked message takes no token;
  // one that would be forwarded (allow, monitor, tag) but exceeds a limit is a block with
  // ESME_RTHROTTLED (counted as throttled, not as blocked, monitored or tagged).
  Result judge(const smpp::PduView& pdu, const smpp::MessageFields& fields, std::string_view account,
               filters::Direction direction, std::size_t max_pdu_size, std::vector<std::uint8_t>& out,
               ProxyStats& stats, std::uint64_t session);

 private:
  filters::Classifier classifier_;
  MessageThrottle& throttle_;
  TagMarker marker_;
  filters::MessageInput input_;
  std::vector<filters::MessageAddress> destinations_;
};

}  // namespace smsfw::proxy
