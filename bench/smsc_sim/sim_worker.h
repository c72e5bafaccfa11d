#pragma once
// State shared by all connections of one smsc-sim thread: counters, the receipt router, the
// message id generator. Only that thread touches it (counters are also read by the printer).

#include <cstdint>

#include "smsc_sim/message_id.h"
#include "smsc_sim/receipt_builder.h"
#include "smsc_sim/receipt_router.h"
#include "smsc_sim/sim_config.h"
#include "smsc_sim/sim_counters.h"

namespace smsfw::bench::sim {

struct SimWorker {
  SimWorker(const SimConfig& c, unsigned index) : config(c), ids(index, c.threads) {}

  const SimConfig& config;
  SimCounters counters;
  ReceiptRouter router;
  MessageIdGenerator ids;
  ReceiptClock clock;
  std::uint64_t submissions = 0;  // message submissions seen, for every-Nth error injection
};

}  // namespace smsfw::bench::sim
