// smsfw: the SMPP firewall's command-line entry point. Dispatches subcommands; exit codes are
// 0 on success, 1 on a user error (one line naming the flag, key or file), 2 on usage errors.

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/check_command.h"
#include "app/hash_password_command.h"
#include "app/run_command.h"
#include "app/run_options.h"
#include "app/scan_command.h"
#include "app/version.h"

namespace {

constexpr const char* kUsage =
    "Usage: smsfw COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  run      run the SMPP firewall proxy (smsfw run --help)\n"
    "  check    validate and compile a pattern directory, check its examples (smsfw check --help)\n"
    "  scan     judge 'sender<TAB>text' lines from stdin with a pattern directory (smsfw scan --help)\n"
    "  hash-password  print the crypt(3) hash of a password read from stdin, for access: in the config\n"
    "\n"
    "Options:\n"
    "  -h, --help   print this help\n"
    "  --version    print the version\n";

}  // namespace

int main(int argc, char** argv) {
  // Logs go to stderr so stdout carries only what tools parse.
  spdlog::set_default_logger(spdlog::stderr_color_mt("smsfw"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string command = args.front();
  if (command == "-h" || command == "--help" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "--version") {
    std::printf("smsfw %s\n", smsfw::app::kVersion);
    return 0;
  }
  if (command == "run") {
    auto opts = smsfw::app::parse_run_options({args.begin() + 1, args.end()});
    if (opts.outcome == smsfw::app::RunOptions::Outcome::print_and_exit) {
      std::fprintf(opts.exit_code == 0 ? stdout : stderr, "%s\n", opts.message.c_str());
      return opts.exit_code;
    }
    return smsfw::app::run_proxy(opts.config);
  }
  if (command == "check") return smsfw::app::run_check({args.begin() + 1, args.end()}, std::cout, std::cerr);
  if (command == "hash-password")
    return smsfw::app::run_hash_password({args.begin() + 1, args.end()}, std::cin, std::cout, std::cerr);
  if (command == "scan") return smsfw::app::run_scan({args.begin() + 1, args.end()}, std::cin, std::cout, std::cerr);
  std::fprintf(stderr, "smsfw: unknown command '%s' (see smsfw --help)\n", command.c_str());
  return 2;
}
