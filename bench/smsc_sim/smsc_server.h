#pragma once
// The simulator process: one acceptor on the control thread hands each accepted connection to
// the next worker thread (round robin); SIGINT/SIGTERM stop everything and print the counters.

#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/worker_pool.h"
#include "smsc_sim/sim_config.h"
#include "smsc_sim/sim_worker.h"

namespace smsfw::bench::sim {

class SmscServer {
 public:
  explicit SmscServer(const SimConfig& config);
  ~SmscServer();

  // Binds the listening socket and prints "smsc-sim listening on HOST:PORT". Throws
  // boost::system::system_error if the address cannot be bound.
  void listen();
  // Serves until SIGINT/SIGTERM, then prints the counters line. Returns the exit code.
  int run();

 private:
  void accept_next();
  void arm_stats_timer();
  void print_counters();

  const SimConfig& config_;
  // Declared before the pool: connections (destroyed with the pool's io_contexts) still
  // deregister from their worker's router on the way out.
  std::vector<std::unique_ptr<SimWorker>> workers_;
  WorkerPool pool_;
  boost::asio::io_context control_;  // acceptor, signals, stats timer
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer stats_timer_;
  unsigned next_worker_ = 0;
};

}  // namespace smsfw::bench::sim
