// engine-bench: with the same rules and texts, Hyperscan (smsfw's engine) against RE2::Set and a
// loop of one PCRE2 regex per rule, one thread. See bench/README.md, "engine-bench".

#include <variant>

#include "engine/engine_options.h"
#include "engine/engine_run.h"

int main(int argc, char** argv) {
  using namespace smsfw::bench::engine;
  const EngineOptionsResult parsed = parse_engine_options(argc, argv);
  if (const int* code = std::get_if<int>(&parsed)) return *code;
  return run_engine_bench(std::get<EngineBenchConfig>(parsed));
}
