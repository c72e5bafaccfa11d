#pragma once
// A thread's own Hyperscan scratch space for the current PatternSet. hs_scan needs a scratch no
// other thread uses at the same time; each set has a prototype (PatternSet::prototype_scratch)
// and every thread clones it. The clone is kept while the set's generation stays the same and
// re-cloned (the old one freed) when a reload publishes a new set, so a steady stream of messages
// allocates nothing.

#include <cstdint>

struct hs_scratch;

namespace smsfw::filters {

class PatternSet;

// One per thread (not thread-safe; not copyable). Owns at most one scratch.
class ThreadScratch {
 public:
  ThreadScratch() = default;
  ~ThreadScratch();
  ThreadScratch(const ThreadScratch&) = delete;
  ThreadScratch& operator=(const ThreadScratch&) = delete;

  // A scratch valid for every database of `set`; nullptr when the set has no database. Throws
  // std::runtime_error when Hyperscan cannot allocate the clone (the previous one is kept).
  hs_scratch* get(const PatternSet& set);

 private:
  hs_scratch* scratch_ = nullptr;
  std::uint64_t generation_ = 0;  // of the set scratch_ was cloned from; 0 = none (never a generation)
};

}  // namespace smsfw::filters
