#pragma once
// libsmpp34 as a reference decoder/encoder for the tests. Every call into it must be made with
// smsfw::smpp::smpp34_mutex() held (libsmpp34 writes global state on every pack and unpack).

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

// libsmpp34's headers lack extern "C" and must be included in this order.
extern "C" {
#include <stdint.h>
#include <smpp34.h>
#include <smpp34_structs.h>
#include <smpp34_params.h>
}

#include "smpp/smpp34_codec.h"
#include "smpp_test_util.h"

namespace smsfw::smpp::test {

// A NUL-terminated char array of a zeroed libsmpp34 struct, as a string_view.
template <std::size_t N>
std::string_view c_field(const std::uint8_t (&a)[N]) {
  const void* nul = std::memchr(a, 0, N);
  const std::size_t len = nul ? static_cast<std::size_t>(static_cast<const std::uint8_t*>(nul) - a) : N;
  return {reinterpret_cast<const char*>(a), len};
}

// Width of the integer value libsmpp34 decodes a TLV tag into (1, 2 or 4 octets), 0 for tags it
// keeps as octets. Covers the tags the generators use, for all four message PDUs.
inline int scalar_width(std::uint16_t tag) {
  switch (tag) {
    case TLVID_sar_total_segments:
    case TLVID_sar_segment_seqnum:
    case TLVID_message_state:
      return 1;
    case TLVID_sar_msg_ref_num:
    case TLVID_user_message_reference:
    case TLVID_source_port:
    case TLVID_destination_port:
      return 2;
    default:
      return 0;
  }
}

// The TLV list libsmpp34 unpacked, turned back into (tag, value octets) in list order.
inline std::vector<TestTlv> tlvs_of(const tlv_t* head) {
  std::vector<TestTlv> out;
  for (const tlv_t* t = head; t != nullptr; t = t->next) {
    TestTlv x;
    x.tag = t->tag;
    switch (scalar_width(t->tag)) {
      case 1: x.value = {t->value.val08}; break;
      case 2: x.value = be16(t->value.val16); break;
      case 4:
        x.value = {static_cast<std::uint8_t>(t->value.val32 >> 24), static_cast<std::uint8_t>(t->value.val32 >> 16),
                   static_cast<std::uint8_t>(t->value.val32 >> 8), static_cast<std::uint8_t>(t->value.val32)};
        break;
      default: x.value.assign(t->value.octet, t->value.octet + std::min<std::size_t>(t->length, MAX_TLV_SIZE)); break;
    }
    // A scalar's length field must agree with its width, or the generator made a bad TLV.
    if (scalar_width(t->tag) != 0 && t->length != x.value.size()) x.value.push_back(0xEE);
    out.push_back(std::move(x));
  }
  return out;
}

// Reverses a libsmpp34 singly linked list in place (unpack prepends, so its lists come out in
// reverse wire order; reversing them makes a re-pack reproduce the wire order).
template <typename Node>
Node* reverse_list(Node* head) {
  Node* prev = nullptr;
  while (head != nullptr) {
    Node* next = head->next;
    head->next = prev;
    prev = head;
    head = next;
  }
  return prev;
}

}  // namespace smsfw::smpp::test
