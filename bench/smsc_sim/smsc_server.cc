#include "smsc_sim/smsc_server.h"

#include <csignal>
#include <cstdio>
#include <iostream>

#include <boost/asio/post.hpp>

#include "net/host_port.h"
#include "smsc_sim/smsc_connection.h"

namespace smsfw::bench::sim {

SmscServer::SmscServer(const SimConfig& config)
    : config_(config),
      pool_(config.threads),
      acceptor_(control_),
      signals_(control_, SIGINT, SIGTERM),
      stats_timer_(control_) {
  for (unsigned i = 0; i < config.threads; ++i) workers_.push_back(std::make_unique<SimWorker>(config, i));
}

SmscServer::~SmscServer() { pool_.stop(); }

void SmscServer::listen() {
  const auto endpoint = net::resolve(config_.listen).front();
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(boost::asio::ip::tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(boost::asio::socket_base::max_listen_connections);
  std::cout << "smsc-sim listening on " << net::to_string(acceptor_.local_endpoint()) << std::endl;
}

int SmscServer::run() {
  pool_.start();
  accept_next();
  signals_.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    stats_timer_.cancel();
    control_.stop();
  });
  arm_stats_timer();
  control_.run();
  pool_.stop();  // connections stop where they are; counters are final now
  print_counters();
  return 0;
}

void SmscServer::accept_next() {
  const unsigned index = next_worker_;
  next_worker_ = (next_worker_ + 1) % pool_.size();
  // The socket is created on the worker's io_context, so the connection never changes thread.
  acceptor_.async_accept(pool_.context(index), [this, index](const boost::system::error_code& ec,
                                                             boost::asio::ip::tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      auto conn = std::make_shared<SmscConnection>(std::move(socket), *workers_[index]);
      boost::asio::post(pool_.context(index), [conn] { conn->start(); });
    }
    accept_next();  // transient errors (EMFILE, ECONNABORTED): keep accepting
  });
}

void SmscServer::arm_stats_timer() {
  if (config_.stats_interval_s == 0) return;
  stats_timer_.expires_after(std::chrono::seconds(config_.stats_interval_s));
  stats_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    print_counters();
    arm_stats_timer();
  });
}

void SmscServer::print_counters() {
  std::vector<const SimCounters*> all;
  for (const auto& w : workers_) all.push_back(&w->counters);
  std::cout << counters_json(all) << std::endl;
}

}  // namespace smsfw::bench::sim
