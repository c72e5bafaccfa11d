#pragma once
// N threads, each running its own io_context: a connection lives on one thread for its whole
// life, so the data path needs no locks and no cross-thread queues.

#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace smsfw::bench {

class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned size() const { return static_cast<unsigned>(contexts_.size()); }
  boost::asio::io_context& context(unsigned i) { return *contexts_[i]; }

  // Launches one thread per io_context; they run until stop().
  void start();
  // Stops every io_context and joins the threads. The io_contexts (and the handlers still queued
  // in them) stay alive until the pool is destroyed, so objects owning sockets may be inspected.
  void stop();

 private:
  using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<Guard> guards_;
  std::vector<std::thread> threads_;
};

}  // namespace smsfw::bench
