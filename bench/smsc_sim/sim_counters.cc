#include "smsc_sim/sim_counters.h"

namespace smsfw::bench::sim {

std::string counters_json(const std::vector<const SimCounters*>& workers) {
  std::string out = "{";
  bool first = true;
  auto field = [&](const char* name, std::uint64_t value) {
    if (!first) out += ',';
    first = false;
    out += '"';
    out += name;
    out += "\":";
    out += std::to_string(value);
  };
#define SMSFW_EMIT(name)                                       \
  {                                                            \
    std::uint64_t sum = 0;                                     \
    for (const SimCounters* w : workers) sum += w->name.get(); \
    field(#name, sum);                                         \
  }
  SMSFW_SIM_COUNTERS(SMSFW_EMIT)
#undef SMSFW_EMIT
  out += '}';
  return out;
}

}  // namespace smsfw::bench::sim
