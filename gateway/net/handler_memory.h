#pragma once
// Per-operation handler memory: Boost 1.74's Asio recycles at most one handler block per thread,
// so a connection with a read, a write and a timer in flight would otherwise malloc on most
// event-loop turns. Each long-lived operation slot (the read, the write, a timer) owns one
// HandlerMemory and wraps its completion handlers with bind_memory(); the operation's state then
// lives in that fixed block, and only a (never expected) oversized or overlapping request falls
// back to the heap. Same pattern as Asio's own "allocation" example.
//
// Lifetime: the block must outlive the operation. Handlers keep their owner alive through a
// shared_ptr, and Asio moves the handler out of the operation before releasing its memory, so
// a member of the owning object is safe.

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace smsfw::net {

class HandlerMemory {
 public:
  HandlerMemory() = default;
  HandlerMemory(const HandlerMemory&) = delete;
  HandlerMemory& operator=(const HandlerMemory&) = delete;

  void* allocate(std::size_t size) {
    if (!in_use_ && size <= sizeof storage_) {
      in_use_ = true;
      return &storage_;
    }
    return ::operator new(size);
  }
  void deallocate(void* p) {
    if (p == static_cast<void*>(&storage_)) in_use_ = false;
    else ::operator delete(p);
  }

 private:
  alignas(std::max_align_t) unsigned char storage_[512];
  bool in_use_ = false;
};

// The allocator Asio finds through the handler's nested allocator_type.
template <typename T>
class HandlerAllocator {
 public:
  using value_type = T;
  explicit HandlerAllocator(HandlerMemory& memory) : memory_(&memory) {}
  template <typename U>
  HandlerAllocator(const HandlerAllocator<U>& other) noexcept : memory_(other.memory_) {}

  T* allocate(std::size_t n) { return static_cast<T*>(memory_->allocate(sizeof(T) * n)); }
  void deallocate(T* p, std::size_t) { memory_->deallocate(p); }
  bool operator==(const HandlerAllocator& other) const noexcept { return memory_ == other.memory_; }
  bool operator!=(const HandlerAllocator& other) const noexcept { return memory_ != other.memory_; }

 private:
  template <typename>
  friend class HandlerAllocator;
  HandlerMemory* memory_;
};

// A completion handler that allocates from `memory`.
template <typename Handler>
class MemoryBoundHandler {
 public:
  using allocator_type = HandlerAllocator<Handler>;

  MemoryBoundHandler(HandlerMemory& memory, Handler h) : memory_(memory), handler_(std::move(h)) {}
  allocator_type get_allocator() const noexcept { return allocator_type(memory_); }

  template <typename... Args>
  void operator()(Args&&... args) {
    handler_(std::forward<Args>(args)...);
  }

 private:
  HandlerMemory& memory_;
  Handler handler_;
};

template <typename Handler>
MemoryBoundHandler<std::decay_t<Handler>> bind_memory(HandlerMemory& memory, Handler&& h) {
  return MemoryBoundHandler<std::decay_t<Handler>>(memory, std::forward<Handler>(h));
}

}  // namespace smsfw::net
