// smpp-load: a windowed SMPP 3.4 ESME load generator. See bench/README.md.

#include <variant>

#include "smpp_load/load_config.h"
#include "smpp_load/load_run.h"

int main(int argc, char** argv) {
  using namespace smsfw::bench::load;
  const LoadOptionsResult parsed = parse_load_options(argc, argv);
  if (const int* code = std::get_if<int>(&parsed)) return *code;
  return run_load(std::get<LoadConfig>(parsed));
}
