#pragma once
// The engine's answer for one message: what to do, which rules decided it, how to mark a tagged
// message, and what the engine read (for logs and `smsfw scan`). Owned by a Classifier and
// reused for every message; the pointers and views stay valid until its next classify().

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "message/concat_info.h"
#include "patterns/rule.h"
#include "text/data_coding.h"

namespace smsfw::filters {

struct Verdict {
  // What the caller must do: forward (allow, monitor), forward marked (tag), or answer with
  // block_status (block).
  Action action = Action::allow;
  // What the rules decided before the account's mode applied (an account in monitor mode turns a
  // decided block or tag into action monitor).
  Action decided = Action::allow;
  // The rules that decided: those of the winning action (allow rules when an allow rule won;
  // empty when nothing matched).
  std::vector<const Rule*> rules;
  // Every rule that matched this message, in rule order (monitor-only matches included).
  std::vector<const Rule*> matched;
  std::uint32_t block_status = 0;  // when action == block

  // Marks for action == tag (or decided == tag): the first tag rule asking for each kind of
  // mark, nullptr when no tag rule asks for it.
  const TagSpec* relabel = nullptr;
  const TagSpec* prefix = nullptr;
  const TagSpec* tlv = nullptr;

  bool judged = false;        // false: not content (receipt, MO without scan_mo): action allow
  bool engine_error = false;  // the engine failed; action follows the account's on_error

  // What the engine read.
  text::DataCodingInfo coding;
  text::DecodeStatus decode_status = text::DecodeStatus::text;
  std::size_t invalid_units = 0;  // malformed units met while decoding (counted, best effort)
  bool udh_error = false;         // UDHI set but the header was malformed: the body read as text
  std::size_t udh_length = 0;     // octets of UDH at the start of the body (0: none)
  std::optional<message::ConcatInfo> concat;
  std::string_view text;          // the decoded body (UTF-8; empty when not text)
  std::string_view normalized;    // its normalized view (empty when not computed)

  void reset() {
    action = decided = Action::allow;
    rules.clear();
    matched.clear();
    block_status = 0;
    relabel = prefix = tlv = nullptr;
    judged = engine_error = udh_error = false;
    coding = {};
    decode_status = text::DecodeStatus::text;
    invalid_units = 0;
    udh_length = 0;
    concat.reset();
    text = normalized = {};
  }
};

}  // namespace smsfw::filters
