#pragma once
// The proxy's only door to libsmpp34, the design card's PDU library. It builds the PDUs the
// proxy originates (responses to requests it must answer itself, generic_nack, unbind).
//
// libsmpp34 keeps global state (smpp34_strerror, smpp34_errno) that every pack and unpack
// writes, so all calls into it are serialised by one process-wide mutex held only here. The
// data path never takes that lock after warm-up: ResponseCache keeps, per worker thread, the
// bytes libsmpp34 built for each (response command, status) and only patches the sequence
// number. libsmpp34 never sees bytes from the network.

#include <cstdint>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

namespace smsfw::smpp {

// Serialises every call into libsmpp34 (tests that use it as a reference decoder take it too).
std::mutex& smpp34_mutex();

// Builds, with libsmpp34, the response the proxy sends for a request `request_command_id`:
// its own *_resp for requests SMPP 3.4 defines, generic_nack for anything else. `system_id` is
// used by bind responses. Throws std::runtime_error if libsmpp34 fails.
std::vector<std::uint8_t> build_response(std::uint32_t request_command_id, std::uint32_t status,
                                         std::uint32_t sequence, std::string_view system_id = {});
// Builds generic_nack with `status` (e.g. ESME_RINVCMDLEN for an untrustworthy frame).
std::vector<std::uint8_t> build_generic_nack(std::uint32_t status, std::uint32_t sequence);
// Builds an unbind request.
std::vector<std::uint8_t> build_unbind(std::uint32_t sequence);

// Per-thread cache of originated PDUs. Not thread-safe by design: each worker owns one.
class ResponseCache {
 public:
  // Appends the response to `request_command_id` with `status` and `sequence` to `out`.
  void append_response(std::vector<std::uint8_t>& out, std::uint32_t request_command_id,
                       std::uint32_t status, std::uint32_t sequence);
  // Appends generic_nack.
  void append_generic_nack(std::vector<std::uint8_t>& out, std::uint32_t status, std::uint32_t sequence);
  // Appends an unbind request.
  void append_unbind(std::vector<std::uint8_t>& out, std::uint32_t sequence);

 private:
  struct Entry {
    std::uint32_t kind;  // the request command id (or a pseudo id for nack/unbind)
    std::uint32_t status;
    std::vector<std::uint8_t> bytes;
  };
  const std::vector<std::uint8_t>& lookup(std::uint32_t kind, std::uint32_t status);

  std::vector<Entry> entries_;  // few distinct shapes: a linear scan beats hashing
};

}  // namespace smsfw::smpp
