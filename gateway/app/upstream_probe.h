#pragma once
// Whether each upstream SMSC accepts TCP connections, for GET /readyz and the
// smsfw_upstream_up metric: every `interval` a connection is opened to each upstream's first
// address that answers and closed at once (no bind: SMSCs and load balancers treat it like a
// health check). Runs on the control thread's io_context; the results are atomics any thread
// may read.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace smsfw::app {

class UpstreamProbe {
 public:
  // `upstreams`: the resolved addresses of each upstream, with its name for labels.
  struct Upstream {
    std::string name;
    std::vector<boost::asio::ip::tcp::endpoint> addresses;
  };
  UpstreamProbe(boost::asio::io_context& ctx, std::vector<Upstream> upstreams,
                std::chrono::milliseconds interval = std::chrono::seconds(5),
                std::chrono::milliseconds timeout = std::chrono::seconds(2));
  UpstreamProbe(const UpstreamProbe&) = delete;
  UpstreamProbe& operator=(const UpstreamProbe&) = delete;

  void start();  // the first round at once
  void stop();

  std::size_t size() const { return upstreams_.size(); }
  const std::string& name(std::size_t i) const { return upstreams_[i].name; }
  // 1 up, 0 down, -1 not probed yet.
  int state(std::size_t i) const { return state_[i].load(std::memory_order_relaxed); }
  bool any_up() const;

 private:
  struct Attempt;
  void round();
  void try_address(std::size_t upstream, std::size_t address);

  boost::asio::io_context& ctx_;
  std::vector<Upstream> upstreams_;
  std::unique_ptr<std::atomic<int>[]> state_;
  std::chrono::milliseconds interval_;
  std::chrono::milliseconds timeout_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // outstanding handlers check it
};

}  // namespace smsfw::app
