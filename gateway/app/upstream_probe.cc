#include "app/upstream_probe.h"

#include <spdlog/spdlog.h>

namespace smsfw::app {

namespace asio = boost::asio;
using asio::ip::tcp;

// One connection attempt with its own deadline.
struct UpstreamProbe::Attempt {
  explicit Attempt(asio::io_context& ctx) : socket(ctx), deadline(ctx) {}
  tcp::socket socket;
  asio::steady_timer deadline;
};

UpstreamProbe::UpstreamProbe(asio::io_context& ctx, std::vector<Upstream> upstreams, std::chrono::milliseconds interval,
                             std::chrono::milliseconds timeout)
    : ctx_(ctx),
      upstreams_(std::move(upstreams)),
      state_(std::make_unique<std::atomic<int>[]>(upstreams_.size())),
      interval_(interval),
      timeout_(timeout),
      timer_(ctx) {
  for (std::size_t i = 0; i < upstreams_.size(); ++i) state_[i].store(-1);
}

void UpstreamProbe::start() { round(); }

void UpstreamProbe::stop() {
  *alive_ = false;
  timer_.cancel();
}

bool UpstreamProbe::any_up() const {
  for (std::size_t i = 0; i < upstreams_.size(); ++i)
    if (state(i) == 1) return true;
  return false;
}

void UpstreamProbe::round() {
  if (!*alive_) return;
  for (std::size_t i = 0; i < upstreams_.size(); ++i) try_address(i, 0);
  timer_.expires_after(interval_);
  timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (!ec && *alive) round();
  });
}

void UpstreamProbe::try_address(std::size_t upstream, std::size_t address) {
  const Upstream& u = upstreams_[upstream];
  if (address >= u.addresses.size()) {
    if (state_[upstream].exchange(0) != 0) spdlog::warn("upstream {} refuses connections (health probe)", u.name);
    return;
  }
  auto attempt = std::make_shared<Attempt>(ctx_);
  attempt->deadline.expires_after(timeout_);
  attempt->deadline.async_wait([attempt](const boost::system::error_code& ec) {
    if (!ec) {
      boost::system::error_code ignored;
      attempt->socket.close(ignored);  // the connect completes with operation_aborted
    }
  });
  attempt->socket.async_connect(u.addresses[address], [this, alive = alive_, attempt, upstream,
                                                        address](const boost::system::error_code& ec) {
    attempt->deadline.cancel();
    boost::system::error_code ignored;
    attempt->socket.close(ignored);
    if (!*alive) return;
    if (ec) {
      try_address(upstream, address + 1);
      return;
    }
    if (state_[upstream].exchange(1) == 0) spdlog::info("upstream {} accepts connections again", upstreams_[upstream].name);
  });
}

}  // namespace smsfw::app
