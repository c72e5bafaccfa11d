#include "app/systemd_notify.h"

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>

#include <systemd/sd-daemon.h>

namespace smsfw::app::systemd_notify {

namespace {

// sd_notify() itself returns 0 without NOTIFY_SOCKET; checking first spares building the string.
// unset_environment = 0: children (none today) and later calls keep the socket.
void send(const std::string& state) {
  if (!enabled()) return;
  (void)sd_notify(0, state.c_str());
}

// STATUS= ends at the first newline (one assignment per line): keep only the first line.
std::string first_line(std::string_view text) { return std::string(text.substr(0, text.find('\n'))); }

}  // namespace

bool enabled() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  return socket != nullptr && socket[0] != '\0';
}

void ready(std::string_view status_text) {
  std::string state = "READY=1";
  if (!status_text.empty()) state += "\nSTATUS=" + first_line(status_text);
  send(state);
}

void reloading() {
  if (!enabled()) return;
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  const auto usec = static_cast<unsigned long long>(ts.tv_sec) * 1000000ULL +
                    static_cast<unsigned long long>(ts.tv_nsec) / 1000ULL;
  send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(usec));
}

void stopping() { send("STOPPING=1"); }

void status(std::string_view text) { send("STATUS=" + first_line(text)); }

void watchdog_ping() { send("WATCHDOG=1"); }

std::optional<std::chrono::microseconds> watchdog_interval() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec);
}

}  // namespace smsfw::app::systemd_notify
