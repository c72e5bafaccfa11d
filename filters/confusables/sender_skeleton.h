#pragma once
// Sender-ID lookalike key (ARCHITECTURE.md, sender registry "lookalike"): two sender IDs look
// alike iff their keys are equal. The key combines case folding, removal of separators
// (space . - _) and the full UTS #39 skeleton (ICU uspoof), including digit/letter confusables
// (0/O, 1/l/I, m/rn). Unlike latin_lookalikes.h this DOES rewrite ASCII: it is only ever compared
// with another key, never matched against human-written text.
//
// Pipeline (UTF-16 internally):
//   1. UTF-8 -> UTF-16, every ill-formed sequence becomes U+FFFD.
//   2. skeleton, 3. default case folding, 4. skeleton again. Skeleton-first keeps 'I' ~ 'l'
//      (folding first would turn 'I' into 'i', which UTS #39 does not relate to 'l'); the second
//      skeleton handles letters whose folded form has a different skeleton ('M' -> 'm' -> "rn").
//   5. Case-pair unification: case folding says 'I' == 'i', UTS #39 says 'I' == 'l', so 'i' must
//      join that class too. The constructor finds every ASCII letter whose upper- and lower-case
//      forms still get different keys after steps 2-4 and rewrites the lower-case result to the
//      upper-case one (with ICU 72 data this is exactly 'i' -> 'l'; the test pins it).
//   6. Remove separators: U+0020 SPACE, '.', '-', '_' (after the skeleton, so that lookalike
//      dashes/dots/spaces, which the skeleton maps to these, disappear too).
//   7. UTF-16 -> UTF-8.
// Not defined by UTS #39 and therefore NOT equal: '4'/'A', '8'/'B', '5'/'S' ("KB4NK" != "KBANK").

#include <string>
#include <string_view>
#include <vector>

struct USpoofChecker;  // ICU's C handle

namespace smsfw::filters::confusables {

// Computes lookalike keys. One per thread (holds an ICU USpoofChecker and scratch buffers whose
// capacity is reused); not thread-safe. Not copyable.
class SenderSkeleton {
 public:
  // Throws std::runtime_error if ICU's spoof data cannot be opened.
  SenderSkeleton();
  ~SenderSkeleton();
  SenderSkeleton(const SenderSkeleton&) = delete;
  SenderSkeleton& operator=(const SenderSkeleton&) = delete;

  // The lookalike key of `sender_utf8` (any bytes; ill-formed UTF-8 reads as U+FFFD). The result
  // is well-formed UTF-8; an ID made only of separators has the empty key. Throws
  // std::length_error for inputs over 1 MiB (sender IDs are at most 21 octets in SMPP).
  std::string key(std::string_view sender_utf8);

  // The same key written into `out` (replaced, capacity reused): once `out` and this object's
  // buffers have grown to the longest ID seen, a call allocates nothing itself (ICU's skeleton
  // function may use heap memory internally for long inputs). For per-message use.
  void key(std::string_view sender_utf8, std::string& out);

  // The case-pair rewrites found by the constructor (step 5), as (from, to) UTF-16 code units.
  const std::vector<std::pair<char16_t, char16_t>>& case_pair_rewrites() const { return rewrites_; }

 private:
  // Steps 2-4 on `a_` (result in `a_`).
  void skeleton_fold_skeleton();
  // Replaces `dst` with the skeleton of `src`.
  void skeleton(const std::u16string& src, std::u16string& dst);

  USpoofChecker* sc_ = nullptr;
  std::vector<std::pair<char16_t, char16_t>> rewrites_;
  std::u16string a_, b_;  // scratch
};

}  // namespace smsfw::filters::confusables
