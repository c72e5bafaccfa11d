#include "confusables/sender_skeleton.h"

#include <unicode/uspoof.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <stdexcept>

namespace smsfw::filters::confusables {
namespace {

// Calls an ICU "fill a buffer" function with `dst`'s current size, growing and retrying once on
// U_BUFFER_OVERFLOW_ERROR. `f(buf, cap, &ec)` returns the needed length.
template <class Buf, class F>
void icu_fill(Buf& dst, F&& f) {
  if (dst.size() < 32) dst.resize(32);
  UErrorCode ec = U_ZERO_ERROR;
  int32_t n = f(dst.data(), static_cast<int32_t>(dst.size()), &ec);
  if (ec == U_BUFFER_OVERFLOW_ERROR) {
    dst.resize(static_cast<std::size_t>(n));
    ec = U_ZERO_ERROR;
    n = f(dst.data(), static_cast<int32_t>(dst.size()), &ec);
  }
  if (U_FAILURE(ec)) throw std::runtime_error(std::string("confusables: ICU error ") + u_errorName(ec));
  dst.resize(static_cast<std::size_t>(n));
}

bool is_separator(char16_t c) { return c == u' ' || c == u'.' || c == u'-' || c == u'_'; }

}  // namespace

SenderSkeleton::SenderSkeleton() {
  UErrorCode ec = U_ZERO_ERROR;
  sc_ = uspoof_open(&ec);
  if (U_FAILURE(ec)) throw std::runtime_error("confusables: uspoof_open failed");
  // Step 5 discovery: ASCII letters whose two cases still differ after skeleton/fold/skeleton.
  for (char16_t up = u'A'; up <= u'Z'; ++up) {
    a_.assign(1, up);
    skeleton_fold_skeleton();
    const std::u16string ku = a_;
    a_.assign(1, static_cast<char16_t>(up + 32));
    skeleton_fold_skeleton();
    if (a_ != ku && a_.size() == 1 && ku.size() == 1) rewrites_.emplace_back(a_[0], ku[0]);
  }
}

SenderSkeleton::~SenderSkeleton() { uspoof_close(sc_); }

void SenderSkeleton::skeleton(const std::u16string& src, std::u16string& dst) {
  icu_fill(dst, [&](char16_t* buf, int32_t cap, UErrorCode* ec) {
    return uspoof_getSkeleton(sc_, 0, src.data(), static_cast<int32_t>(src.size()), buf, cap, ec);
  });
}

void SenderSkeleton::skeleton_fold_skeleton() {
  skeleton(a_, b_);
  icu_fill(a_, [&](char16_t* buf, int32_t cap, UErrorCode* ec) {
    return u_strFoldCase(buf, cap, b_.data(), static_cast<int32_t>(b_.size()), U_FOLD_CASE_DEFAULT, ec);
  });
  skeleton(a_, b_);
  a_.swap(b_);
}

std::string SenderSkeleton::key(std::string_view sender_utf8) {
  std::string out;
  key(sender_utf8, out);
  return out;
}

void SenderSkeleton::key(std::string_view sender_utf8, std::string& out) {
  if (sender_utf8.size() > (std::size_t{1} << 20)) throw std::length_error("SenderSkeleton: input too long");
  icu_fill(a_, [&](char16_t* buf, int32_t cap, UErrorCode* ec) {
    int32_t n = 0;
    u_strFromUTF8WithSub(buf, cap, &n, sender_utf8.data(), static_cast<int32_t>(sender_utf8.size()),
                         0xFFFD, nullptr, ec);
    return n;
  });
  if (a_.empty()) {  // ICU rejects zero-length skeleton input on some paths
    out.clear();
    return;
  }
  skeleton_fold_skeleton();
  for (char16_t& c : a_) {
    for (const auto& [from, to] : rewrites_) {
      if (c == from) c = to;
    }
  }
  a_.erase(std::remove_if(a_.begin(), a_.end(), is_separator), a_.end());
  icu_fill(out, [&](char* buf, int32_t cap, UErrorCode* ec) {
    int32_t n = 0;
    u_strToUTF8(buf, cap, &n, a_.data(), static_cast<int32_t>(a_.size()), ec);
    return n;
  });
}

}  // namespace smsfw::filters::confusables
