#include "proxy/concat_hold.h"

#include <algorithm>

#include "throttle/throttle_key.h"

namespace smsfw::proxy {

std::uint64_t ConcatHold::key_of(std::string_view source, std::string_view destination,
                                 const filters::message::ConcatInfo& concat) {
  using filters::throttle::fnv1a;
  std::uint64_t h = fnv1a(destination, fnv1a(std::string_view("\0", 1), fnv1a(source)));
  const std::uint8_t tail[4] = {static_cast<std::uint8_t>(concat.reference >> 8),
                                static_cast<std::uint8_t>(concat.reference), concat.total,
                                static_cast<std::uint8_t>(concat.source)};
  return fnv1a(std::string_view(reinterpret_cast<const char*>(tail), sizeof tail), h);
}

std::vector<std::uint8_t> ConcatHold::take_frame() {
  if (spare_frames_.empty()) return {};
  std::vector<std::uint8_t> f = std::move(spare_frames_.back());
  spare_frames_.pop_back();
  return f;
}

ConcatHold::Added ConcatHold::add(std::uint64_t key, const filters::message::ConcatInfo& concat,
                                  std::span<const std::uint8_t> frame, std::uint32_t sequence,
                                  std::uint32_t command_id, Clock::time_point now, std::size_t& index) {
  if (held_bytes_ + frame.size() > max_session_bytes_) return Added::session_full;
  if (!budget_.try_reserve(frame.size())) return Added::process_full;
  std::size_t free_slot = messages_.size();
  std::size_t found = messages_.size();
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    const Message& m = messages_[i];
    if (!m.live) {
      if (free_slot == messages_.size()) free_slot = i;
    } else if (m.key == key) {
      found = i;
      break;
    }
  }
  if (found == messages_.size()) {
    if (free_slot == messages_.size()) messages_.emplace_back();
    found = free_slot;
    Message& m = messages_[found];
    m.key = key;
    m.deadline = now + max_hold_;
    m.total = concat.total;
    m.distinct = 0;
    m.bytes = 0;
    m.have.reset();
    m.parts.clear();
    m.live = true;
    ++live_;
  }
  Message& m = messages_[found];
  Part& p = m.parts.emplace_back();
  p.sequence = sequence;
  p.command_id = command_id;
  p.number = concat.sequence;
  p.repeat = m.have.test(concat.sequence);
  p.frame = take_frame();
  p.frame.assign(frame.begin(), frame.end());
  if (!p.repeat) {
    m.have.set(concat.sequence);
    ++m.distinct;
  }
  m.bytes += frame.size();
  held_bytes_ += frame.size();
  ++held_parts_;
  index = found;
  return m.distinct == m.total ? Added::complete : Added::held;
}

std::span<const ConcatHold::Part* const> ConcatHold::in_part_order(std::size_t index) {
  ordered_.clear();
  for (const Part& p : messages_[index].parts)
    if (!p.repeat) ordered_.push_back(&p);
  std::sort(ordered_.begin(), ordered_.end(), [](const Part* a, const Part* b) { return a->number < b->number; });
  return ordered_;
}

void ConcatHold::release(std::size_t index) {
  Message& m = messages_[index];
  if (!m.live) return;
  for (Part& p : m.parts) {
    p.frame.clear();
    spare_frames_.push_back(std::move(p.frame));
  }
  held_parts_ -= m.parts.size();
  held_bytes_ -= m.bytes;
  budget_.release(m.bytes);
  m.parts.clear();
  m.bytes = 0;
  m.live = false;
  --live_;
}

std::optional<std::size_t> ConcatHold::take_expired(Clock::time_point now) const {
  if (live_ == 0) return std::nullopt;
  for (std::size_t i = 0; i < messages_.size(); ++i)
    if (messages_[i].live && messages_[i].deadline <= now) return i;
  return std::nullopt;
}

std::optional<std::size_t> ConcatHold::any() const {
  if (live_ == 0) return std::nullopt;
  for (std::size_t i = 0; i < messages_.size(); ++i)
    if (messages_[i].live) return i;
  return std::nullopt;
}

void ConcatHold::release_all() {
  for (std::size_t i = 0; i < messages_.size(); ++i) release(i);
}

std::optional<std::uint32_t> ConcatHold::late_part_status(std::uint64_t key, std::uint8_t number,
                                                           Clock::time_point now) const {
  for (const Recent& r : recent_)
    if (r.key == key && r.until > now && !r.outcome.judged.test(number)) return r.outcome.status;
  return std::nullopt;
}

void ConcatHold::remember(std::size_t index, std::uint32_t status, Clock::time_point now) {
  const Message& m = messages_[index];
  recent_[recent_next_] = {m.key, now + max_hold_, {status, m.have}};
  recent_next_ = (recent_next_ + 1) % kRecent;
}

}  // namespace smsfw::proxy
