#pragma once
// Watches the pattern directory with Linux inotify and calls back once its content has settled,
// so `smsfw run --watch-patterns` reloads by itself what SIGHUP would reload.
//
// Watches: the directory the path resolves to now (any entry created, written, renamed, removed
// or changed in its metadata, and the directory itself going away), and the directory of each
// entry that decides where the path leads (path_links.h) for events naming that entry. The
// second kind is what sees the atomic deploy `ln -s v2 new && mv -Tf new current`: `current` is
// replaced in its parent while nothing happens inside v1 or v2; and a removed target (or its
// symlink's target) coming back. Whenever such an entry changes, the path is resolved again and
// the target watch moves to where it leads now; a path that no longer leads to a directory is
// logged and waited for.
//
// Debounce: the callback runs once no event came for `quiet` (or at the latest `quiet * 20`
// after the first event, so a directory written to without pause is still reloaded). Everything
// runs on the io_context given (smsfw's reload thread), the callback included: events that
// arrive while it runs are read afterwards and schedule one more call. No polling, no thread of
// its own. Events are not filtered by file name: an editor's swap file costs a reload that the
// engine finds unchanged (same input hash) and skips.
//
// Failures (no inotify, the watch limit reached) are logged and leave the watcher inactive or
// partial; the process goes on and SIGHUP still reloads.
//
// Not covered (SIGHUP, or touching a file at the top, reloads them): files in subdirectories
// (YAML files are read from the top level only, but a `lists:` file may name `sub/x.txt`),
// files that are symlinks to places outside the directory, a symlink in the directory part of
// the path being replaced.

#include <sys/types.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

namespace smsfw::app {

class PatternWatcher {
 public:
  using Callback = std::function<void()>;

  // Nothing is watched before start(). `on_change` runs inside an io_context handler: it must
  // not throw. `directory` may be relative (made absolute now) and may be a symlink.
  PatternWatcher(boost::asio::io_context& io, std::filesystem::path directory, Callback on_change,
                 std::chrono::milliseconds quiet = std::chrono::milliseconds(500));
  ~PatternWatcher();
  PatternWatcher(const PatternWatcher&) = delete;
  PatternWatcher& operator=(const PatternWatcher&) = delete;

  // Adds the watches and starts reading events. False (logged) when nothing could be watched.
  // Call before the io_context runs, or on its thread.
  bool start();
  // Cancels the timer and closes the inotify descriptor (which drops every watch); the callback
  // is not called after this. Call on the io_context's thread or once it no longer runs.
  void stop();

 private:
  void read_events();
  void handle_events(std::size_t bytes);
  // Resolves the path again: watches the entries that lead to it and the directory it leads to,
  // and drops the watches no longer needed.
  void update_watches(bool log_change);
  void update_target(bool log_change, const std::filesystem::path& missing_at);
  void note_change();
  void arm_timer(std::chrono::steady_clock::duration after);
  void on_timer();

  std::filesystem::path path_;  // absolute, lexically normal, without a trailing slash
  Callback on_change_;
  std::chrono::milliseconds quiet_;
  std::chrono::milliseconds max_delay_;
  boost::asio::posix::stream_descriptor inotify_;
  boost::asio::steady_timer timer_;
  // Watch descriptors by role. One directory may have both roles (inotify gives one descriptor
  // per inode), so each event is checked against both.
  std::map<int, std::set<std::string>> link_wds_;  // directory watch -> entry names that matter
  int target_wd_ = -1;
  dev_t target_dev_ = 0;  // identity of the directory target_wd_ watches
  ino_t target_ino_ = 0;
  bool target_missing_ = false;  // logged once until it comes back
  bool link_error_logged_ = false;
  bool timer_armed_ = false;
  bool stopped_ = false;
  std::chrono::steady_clock::time_point first_event_;
  std::chrono::steady_clock::time_point last_event_;
  // inotify hands out whole events only; this holds dozens of the largest (16 + NAME_MAX + 1).
  std::array<char, 16384> buffer_{};
};

}  // namespace smsfw::app
