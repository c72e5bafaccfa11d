#include "common/pdu_stream.h"

#include <cstring>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "smpp/frame.h"

namespace smsfw::bench {

PduStream::PduStream(tcp::socket socket) : socket_(std::move(socket)), in_(kReadBuffer) {
  pending_.reserve(64 * 1024);
  inflight_.reserve(64 * 1024);
}

void PduStream::start_reading() {
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);  // we batch ourselves; Nagle only adds latency
  do_read();
}

void PduStream::do_read() {
  if (closed_ || stop_reading_ || reading_) return;
  reading_ = true;
  socket_.async_read_some(boost::asio::buffer(in_.data() + in_len_, in_.size() - in_len_),
                          net::bind_memory(read_memory_, [self = shared_from_this()](const boost::system::error_code& ec,
                                                                                std::size_t n) {
                            self->handle_read(ec, n);
                          }));
}

void PduStream::handle_read(const boost::system::error_code& ec, std::size_t n) {
  reading_ = false;
  if (closed_) return;
  if (ec) return close(ec);
  in_len_ += n;
  consume_frames();
  if (closed_) return;
  on_batch_end();
  if (closed_) return;
  flush();
  if (pending_.size() > kPauseReadingAbove) {
    paused_ = true;  // resumed by handle_write once the peer has taken our output
    return;
  }
  do_read();
}

void PduStream::consume_frames() {
  std::size_t pos = 0;
  while (!stop_reading_ && !closed_) {
    const std::span<const std::uint8_t> rest(in_.data() + pos, in_len_ - pos);
    const smpp::FrameScan scan = smpp::scan_frame(rest, kMaxPdu);
    if (scan.kind == smpp::FrameScan::Kind::incomplete) break;
    if (scan.kind == smpp::FrameScan::Kind::bad_length) {
      stop_reading_ = true;
      on_bad_length(rest);
      return;
    }
    on_pdu(smpp::PduView(rest.first(scan.length)));
    pos += scan.length;
  }
  if (pos > 0 && !closed_) {
    in_len_ -= pos;
    if (in_len_ > 0) std::memmove(in_.data(), in_.data() + pos, in_len_);
  }
}

void PduStream::on_bad_length(std::span<const std::uint8_t>) { close(); }

void PduStream::flush() {
  if (closed_ || writing_ || pending_.empty()) return;
  writing_ = true;
  pending_.swap(inflight_);  // pending_ now holds the old (empty, grown) write buffer
  boost::asio::async_write(socket_, boost::asio::buffer(inflight_),
                           net::bind_memory(write_memory_, [self = shared_from_this()](const boost::system::error_code& ec,
                                                                                  std::size_t) {
                             self->handle_write(ec);
                           }));
}

void PduStream::schedule_flush() {
  if (flush_posted_ || closed_) return;
  flush_posted_ = true;
  boost::asio::post(socket_.get_executor(), [self = shared_from_this()] {
    self->flush_posted_ = false;
    self->flush();
  });
}

void PduStream::handle_write(const boost::system::error_code& ec) {
  writing_ = false;
  inflight_.clear();
  if (closed_) return;
  if (ec) return close(ec);
  on_write_done();
  if (closed_) return;
  if (!pending_.empty()) return flush();
  if (close_after_flush_) {
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    return close();
  }
  if (paused_) {
    paused_ = false;
    do_read();
  }
}

void PduStream::close_after_flush() {
  stop_reading_ = true;
  close_after_flush_ = true;
  if (closed_) return;
  if (out_empty()) {
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    close();
  } else {
    flush();
  }
}

void PduStream::close(const boost::system::error_code& reason) {
  if (closed_) return;
  closed_ = true;
  stop_reading_ = true;
  boost::system::error_code ignored;
  socket_.close(ignored);  // cancels the read and write in flight; their handlers see closed_
  on_closed(reason);
}

}  // namespace smsfw::bench
