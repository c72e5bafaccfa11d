#pragma once
// Service-manager notifications (sd_notify(3)) for `smsfw run` under systemd with Type=notify
// (deploy/smsfw.service). A thin wrapper over libsystemd: every function is a no-op when
// NOTIFY_SOCKET is unset (not started by systemd, or NotifyAccess= denies it), and none of them
// ever fails the caller: a notification that cannot be sent is only lost. Safe from any thread.
//
// The sequence the service manager expects:
//   ready("listening on ...")            once the listener accepts connections
//   reloading() ... ready("reloaded")    around a SIGHUP reload (ExecReload=kill -HUP)
//   stopping()                           when SIGTERM starts the drain
//   watchdog_ping()                      every watchdog_interval()/2, when WatchdogSec= is set

#include <chrono>
#include <optional>
#include <string_view>

namespace smsfw::app::systemd_notify {

// READY=1, with STATUS=<status> when status is not empty.
void ready(std::string_view status = {});
// RELOADING=1 and MONOTONIC_USEC=<CLOCK_MONOTONIC now> (systemd >= 253 requires the timestamp
// for Type=notify-reload; older versions ignore it). Follow with ready() when the reload is done.
void reloading();
// STOPPING=1.
void stopping();
// STATUS=<text>: the one-line status `systemctl status` shows.
void status(std::string_view text);
// WATCHDOG=1.
void watchdog_ping();
// The watchdog timeout systemd expects pings within (WatchdogSec=, $WATCHDOG_USEC for this
// process), or nullopt when the watchdog is off. Ping at half of it.
std::optional<std::chrono::microseconds> watchdog_interval();

// Whether NOTIFY_SOCKET is set, i.e. whether the functions above send anything.
bool enabled();

}  // namespace smsfw::app::systemd_notify
