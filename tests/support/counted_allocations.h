#pragma once
// Counts every operator new of the executable that includes this header, for the tests that
// prove a structure allocates only when it is built. Include it in exactly ONE translation unit
// of a test executable: it defines the replacement global operator new/delete (which may not be
// inline), forwarding to malloc/free. The count: smsfw::test::g_allocations.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace smsfw::test {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace smsfw::test

void* operator new(std::size_t n) {
  smsfw::test::g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  smsfw::test::g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t& tag) noexcept { return operator new(n, tag); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
