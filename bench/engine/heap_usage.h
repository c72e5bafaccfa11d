#pragma once
// Bytes the process has allocated from the heap right now (glibc mallinfo2: in-use chunks plus
// mmapped blocks). RE2::Set does not report its program size, so engine-bench reports the heap
// its construction took, and the growth of its DFA caches while matching, this way.

#include <malloc.h>

#include <cstddef>

namespace smsfw::bench::engine {

inline std::size_t heap_bytes_now() {
  const struct mallinfo2 m = ::mallinfo2();
  return m.uordblks + m.hblkhd;
}

}  // namespace smsfw::bench::engine
