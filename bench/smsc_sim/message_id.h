#pragma once
// Message ids for submit responses: a hex counter, unique per process without sharing state
// between threads (thread i of n hands out i+1, i+1+n, i+1+2n, ...).

#include <cstdint>
#include <string_view>

namespace smsfw::bench::sim {

class MessageIdGenerator {
 public:
  MessageIdGenerator(unsigned thread_index, unsigned thread_count)
      : next_(thread_index + 1u), step_(thread_count) {}

  // The next id as upper-case hex, at least 8 digits ("0000002A"). Valid until the next call.
  std::string_view next() {
    std::uint64_t v = next_;
    next_ += step_;
    char* end = buf_ + sizeof buf_;
    char* p = end;
    do {
      *--p = "0123456789ABCDEF"[v & 0xF];
      v >>= 4;
    } while (v != 0 || end - p < 8);
    return {p, static_cast<std::size_t>(end - p)};
  }

 private:
  std::uint64_t next_;
  std::uint64_t step_;
  char buf_[16];
};

}  // namespace smsfw::bench::sim
