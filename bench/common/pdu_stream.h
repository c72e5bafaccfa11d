#pragma once
// One SMPP connection's byte plumbing, shared by smsc-sim and smpp-load.
//
// Reading: one large reusable buffer; every read hands all complete frames to on_pdu() (framing
// and the length check by smpp::scan_frame), then calls on_batch_end(). A partial frame is moved
// to the front of the buffer and completed by the next read.
//
// Writing: the derived class appends encoded PDUs to out(). flush() starts one async_write for
// everything appended so far; while it is in flight new PDUs go to a second buffer, which the
// completion handler writes next (double buffering). A batch of reads therefore costs one write
// syscall, and nothing is allocated once both buffers have grown to their working size.
//
// Everything runs on the socket's io_context thread; objects are kept alive by the handlers in
// flight (shared_from_this).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "net/handler_memory.h"
#include "smpp/pdu_view.h"

namespace smsfw::bench {

class PduStream : public std::enable_shared_from_this<PduStream> {
 public:
  using tcp = boost::asio::ip::tcp;

  static constexpr std::size_t kMaxPdu = 64 * 1024;          // largest command_length accepted
  static constexpr std::size_t kReadBuffer = 256 * 1024;     // always room for a full frame
  static constexpr std::size_t kPauseReadingAbove = 8u << 20;  // back-pressure on a slow reader

  explicit PduStream(tcp::socket socket);
  virtual ~PduStream() = default;
  PduStream(const PduStream&) = delete;
  PduStream& operator=(const PduStream&) = delete;

  tcp::socket& socket() { return socket_; }
  bool is_closed() const { return closed_; }

 protected:
  // Starts the read loop (call once, after the socket is connected).
  void start_reading();
  // Where the derived class appends PDUs to send.
  std::vector<std::uint8_t>& out() { return pending_; }
  // Writes what out() holds unless a write is in flight (its completion picks the rest up).
  void flush();
  // Flushes later in this event-loop turn, once: for PDUs appended from outside this stream's
  // own read handler (e.g. a receipt routed from another connection).
  void schedule_flush();
  // Stops reading (the rest of the current read is not processed); closes once everything
  // appended is written.
  void close_after_flush();
  // Stops processing further frames of the current read and reading at all; the derived class
  // decides when to close.
  void stop_reading() { stop_reading_ = true; }
  // Closes now; pending data is dropped. Idempotent; calls on_closed() once.
  void close(const boost::system::error_code& reason = {});
  bool writing() const { return writing_; }
  bool out_empty() const { return pending_.empty() && !writing_; }

  // One complete frame (command_length already checked against kMaxPdu).
  virtual void on_pdu(const smpp::PduView& pdu) = 0;
  // The frame at the front has an untrustworthy command_length; `front` holds at least its
  // first four octets. Nothing after it can be framed. Default: close.
  virtual void on_bad_length(std::span<const std::uint8_t> front);
  // After all complete frames of one read, before the automatic flush.
  virtual void on_batch_end() {}
  // After a write completed and before the next one starts.
  virtual void on_write_done() {}
  // The connection is closed (peer EOF, error, or close()). `reason` is empty for a local close.
  virtual void on_closed(const boost::system::error_code& reason) { (void)reason; }

 private:
  void do_read();
  void handle_read(const boost::system::error_code& ec, std::size_t n);
  void handle_write(const boost::system::error_code& ec);
  void consume_frames();

  tcp::socket socket_;
  net::HandlerMemory read_memory_;
  net::HandlerMemory write_memory_;
  std::vector<std::uint8_t> in_;
  std::size_t in_len_ = 0;
  std::vector<std::uint8_t> pending_;   // being filled
  std::vector<std::uint8_t> inflight_;  // being written
  bool writing_ = false;
  bool reading_ = false;
  bool paused_ = false;  // reading suspended until the peer drains our output
  bool stop_reading_ = false;
  bool close_after_flush_ = false;
  bool flush_posted_ = false;
  bool closed_ = false;
};

}  // namespace smsfw::bench
