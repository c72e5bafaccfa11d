// stateful-bench: see ../README.md ("stateful-bench").
#include <variant>

#include "stateful/stateful_options.h"
#include "stateful/stateful_run.h"

int main(int argc, char** argv) {
  auto parsed = smsfw::bench::stateful::parse_stateful_options(argc, argv);
  if (const int* code = std::get_if<int>(&parsed)) return *code;
  return smsfw::bench::stateful::run_stateful_bench(std::get<smsfw::bench::stateful::StatefulConfig>(parsed));
}
