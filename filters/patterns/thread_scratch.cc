#include "patterns/thread_scratch.h"

#include <hs/hs.h>

#include <stdexcept>

#include "patterns/pattern_set.h"

namespace smsfw::filters {

ThreadScratch::~ThreadScratch() {
  if (scratch_) hs_free_scratch(scratch_);
}

hs_scratch* ThreadScratch::get(const PatternSet& set) {
  const hs_scratch* prototype = set.prototype_scratch();
  if (!prototype) return nullptr;
  if (scratch_ && generation_ == set.generation()) return scratch_;
  hs_scratch* clone = nullptr;
  if (hs_clone_scratch(prototype, &clone) != HS_SUCCESS || !clone)
    throw std::runtime_error("hs_clone_scratch failed: cannot allocate Hyperscan scratch space");
  if (scratch_) hs_free_scratch(scratch_);
  scratch_ = clone;
  generation_ = set.generation();
  return scratch_;
}

}  // namespace smsfw::filters
