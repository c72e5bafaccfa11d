// classify-bench: Classifier::classify() end to end on realistic messages with generated rule
// sets, one thread; ns per message and messages per second per core. See bench/README.md.

#include <variant>

#include "classify/classify_options.h"
#include "classify/classify_run.h"

int main(int argc, char** argv) {
  using namespace smsfw::bench::classify;
  const ClassifyOptionsResult parsed = parse_classify_options(argc, argv);
  if (const int* code = std::get_if<int>(&parsed)) return *code;
  return run_classify_bench(std::get<ClassifyConfig>(parsed));
}
