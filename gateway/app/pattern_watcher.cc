#include "app/pattern_watcher.h"

#include <sys/inotify.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <system_error>

#include <spdlog/spdlog.h>

#include "app/path_links.h"

namespace smsfw::app {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

// Inside the target: anything that can change what the loader reads. IN_CLOSE_WRITE rather
// than IN_MODIFY: one event per write session, not one per write() call. IN_MASK_ADD on every
// watch: a directory may be watched in both roles and its mask must grow, never be replaced.
constexpr std::uint32_t kTargetMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                                      IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_MASK_ADD;
// Around a link (path_links.h): its entry created, replaced (rename over it), removed or touched.
constexpr std::uint32_t kLinkMask =
    IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_ATTRIB | IN_ONLYDIR | IN_MASK_ADD;

std::string errno_text(int err) {
  if (err == ENOSPC) return "the inotify watch limit is reached (raise the sysctl fs.inotify.max_user_watches)";
  if (err == EMFILE)
    return "too many inotify instances or open files (the sysctl fs.inotify.max_user_instances, or the open-file "
           "limit)";
  return std::strerror(err);
}

fs::path absolute_without_trailing_slash(const fs::path& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  if (ec) a = p;
  a = a.lexically_normal();
  if (a.filename().empty() && a.has_parent_path() && a != a.root_path()) a = a.parent_path();
  return a;
}

// Where the path leads now, for log lines only.
std::string resolved(const fs::path& p) {
  std::error_code ec;
  const fs::path c = fs::canonical(p, ec);
  return ec ? p.string() : c.string();
}

}  // namespace

PatternWatcher::PatternWatcher(asio::io_context& io, fs::path directory, Callback on_change,
                               std::chrono::milliseconds quiet)
    : path_(absolute_without_trailing_slash(directory)),
      on_change_(std::move(on_change)),
      quiet_(quiet),
      max_delay_(quiet * 20),
      inotify_(io),
      timer_(io) {}

PatternWatcher::~PatternWatcher() { stop(); }

bool PatternWatcher::start() {
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    spdlog::error("cannot watch the pattern directory {}: inotify_init1: {}; reload it with SIGHUP", path_.string(),
                  errno_text(errno));
    return false;
  }
  inotify_.assign(fd);
  update_watches(false);
  if (link_wds_.empty() && target_wd_ < 0) {
    spdlog::error("not watching the pattern directory {}: reload it with SIGHUP", path_.string());
    stop();
    return false;
  }
  const std::string now = resolved(path_);
  spdlog::info("watching the pattern directory {}{}: changes are reloaded {} ms after the last one", path_.string(),
               now == path_.string() ? std::string() : " (now " + now + ")", quiet_.count());
  read_events();
  return true;
}

void PatternWatcher::stop() {
  stopped_ = true;
  timer_.cancel();
  boost::system::error_code ignored;
  inotify_.close(ignored);  // closing the descriptor drops its watches
  link_wds_.clear();
  target_wd_ = -1;
}

void PatternWatcher::read_events() {
  inotify_.async_read_some(asio::buffer(buffer_), [this](const boost::system::error_code& ec, std::size_t n) {
    if (stopped_ || ec == asio::error::operation_aborted) return;
    if (ec) {
      spdlog::error("pattern directory watch: reading inotify events: {}; not watching any more, reload with SIGHUP",
                    ec.message());
      stop();
      return;
    }
    handle_events(n);
    read_events();
  });
}

void PatternWatcher::handle_events(std::size_t bytes) {
  bool changed = false;
  bool recheck = false;
  for (std::size_t off = 0; off + sizeof(inotify_event) <= bytes;) {
    inotify_event ev;  // copied out: no alignment or aliasing assumption about the byte buffer
    std::memcpy(&ev, buffer_.data() + off, sizeof ev);
    const char* name_at = buffer_.data() + off + sizeof ev;
    off += sizeof ev + ev.len;
    // The name is NUL-padded to the length the kernel reports.
    const std::string name(name_at, ev.len == 0 ? 0 : ::strnlen(name_at, ev.len));
    spdlog::debug("pattern directory watch: wd {} mask {:#x} '{}'", ev.wd, ev.mask, name);
    if (ev.mask & IN_Q_OVERFLOW) {  // events were lost: assume anything happened
      changed = recheck = true;
      continue;
    }
    if (const auto it = link_wds_.find(ev.wd); it != link_wds_.end()) {
      if (ev.mask & IN_IGNORED) {  // a directory on the way is gone
        link_wds_.erase(it);
        changed = recheck = true;
      } else if (it->second.contains(name)) {
        changed = recheck = true;
      }
    }
    if (target_wd_ >= 0 && ev.wd == target_wd_) {
      changed = true;
      if (ev.mask & IN_IGNORED) target_wd_ = -1;  // the directory was deleted (or unmounted)
      if (ev.mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) recheck = true;
    }
    // Anything else comes from a watch already dropped: that directory is not read any more.
  }
  if (recheck) update_watches(true);
  if (changed) note_change();
}

void PatternWatcher::update_watches(bool log_change) {
  const int fd = inotify_.native_handle();
  std::set<int> held;
  for (const auto& [wd, names] : link_wds_) held.insert(wd);
  if (target_wd_ >= 0) held.insert(target_wd_);

  const std::vector<PathLink> chain = resolution_links(path_);
  std::map<int, std::set<std::string>> links;
  bool link_failed = false;
  for (const PathLink& l : chain) {
    const int wd = ::inotify_add_watch(fd, l.dir.c_str(), kLinkMask);
    // A missing directory on the way: the link of its own entry, further up the chain, waits.
    if (wd < 0 && (errno == ENOENT || errno == ENOTDIR)) continue;
    if (wd < 0) {
      if (!link_error_logged_)
        spdlog::error("cannot watch {} for its entry {} (on the way to the pattern directory {}): {}; a change there "
                      "will not be noticed, reload with SIGHUP then",
                      l.dir.string(), l.name, path_.string(), errno_text(errno));
      link_failed = link_error_logged_ = true;
      continue;
    }
    links[wd].insert(l.name);
  }
  if (!link_failed) link_error_logged_ = false;
  link_wds_ = std::move(links);
  update_target(log_change, chain.empty() ? path_.parent_path() : chain.back().dir);

  // Watches dropped only now: a directory still needed in either role keeps its descriptor.
  for (const int wd : held)
    if (wd != target_wd_ && !link_wds_.contains(wd)) ::inotify_rm_watch(fd, wd);
}

void PatternWatcher::update_target(bool log_change, const fs::path& missing_at) {
  const auto gone = [&](const std::string& why) {
    target_wd_ = -1;  // its watch is dropped by update_watches
    if (target_missing_) return;
    target_missing_ = true;
    if (link_wds_.empty())
      spdlog::warn("pattern directory {}: {}", path_.string(), why);
    else
      spdlog::warn("pattern directory {}: {}; watching {} for it to come back", path_.string(), why,
                   missing_at.string());
  };
  // stat before inotify_add_watch: if the path is swapped in between, the identity recorded is
  // the older one, so the event of the swap finds a difference and adds the watch again (the
  // other order could record the new identity with a watch on the old directory).
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) return gone(std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) return gone("not a directory");
  if (target_wd_ >= 0 && st.st_dev == target_dev_ && st.st_ino == target_ino_) return;

  const int wd = ::inotify_add_watch(inotify_.native_handle(), path_.c_str(), kTargetMask);
  if (wd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return gone(std::strerror(err));
    target_wd_ = -1;
    spdlog::error("cannot watch the pattern directory {}: {}; reload it with SIGHUP", path_.string(), errno_text(err));
    return;
  }
  target_wd_ = wd;
  target_dev_ = st.st_dev;
  target_ino_ = st.st_ino;
  if (log_change || target_missing_)
    spdlog::info("pattern directory {} now leads to {}: watching it", path_.string(), resolved(path_));
  target_missing_ = false;
}

void PatternWatcher::note_change() {
  const auto now = std::chrono::steady_clock::now();
  last_event_ = now;
  if (timer_armed_) return;  // the pending timer looks at last_event_ when it fires
  first_event_ = now;
  timer_armed_ = true;
  arm_timer(quiet_);
}

void PatternWatcher::arm_timer(std::chrono::steady_clock::duration after) {
  timer_.expires_after(after);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    on_timer();
  });
}

void PatternWatcher::on_timer() {
  const auto now = std::chrono::steady_clock::now();
  const auto settled_at = std::min(last_event_ + quiet_, first_event_ + max_delay_);
  if (now < settled_at) {
    arm_timer(settled_at - now);
    return;
  }
  timer_armed_ = false;
  on_change_();
}

}  // namespace smsfw::app
