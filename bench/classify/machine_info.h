#pragma once
// What the benchmark reports say about the machine and how they print counts: the CPU model,
// the cores this process may run on, and whole numbers with thousands separators. Shared by
// classify-bench and stateful-bench.

#include <string>

namespace smsfw::bench {

// The "model name" of /proc/cpuinfo, or "unknown CPU".
std::string cpu_model();
// CPUs in this process's affinity mask (0 if unknown).
unsigned affinity_cores();
// `v` rounded to a whole number, "1,234,567" (negative values print as 0).
std::string thousands(double v);

}  // namespace smsfw::bench
