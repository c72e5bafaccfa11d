// smsc-sim's receipt router: receivers per system_id, round robin among several, none after
// they all left.

#include <catch2/catch.hpp>

#include "smsc_sim/receipt_router.h"

using namespace smsfw::bench::sim;

namespace {
// The router only stores and returns the pointers; it never dereferences them.
char storage[3];
SmscConnection* const a = reinterpret_cast<SmscConnection*>(&storage[0]);
SmscConnection* const b = reinterpret_cast<SmscConnection*>(&storage[1]);
SmscConnection* const c = reinterpret_cast<SmscConnection*>(&storage[2]);
}  // namespace

TEST_CASE("No receiver for a system_id: nullptr") {
  ReceiptRouter r;
  CHECK(r.pick("load") == nullptr);
  r.add("other", a);
  CHECK(r.pick("load") == nullptr);
  CHECK(r.pick("other") == a);
}

TEST_CASE("Several receivers of one system_id take turns") {
  ReceiptRouter r;
  r.add("load", a);
  r.add("load", b);
  r.add("load", c);
  CHECK(r.pick("load") == a);
  CHECK(r.pick("load") == b);
  CHECK(r.pick("load") == c);
  CHECK(r.pick("load") == a);
}

TEST_CASE("Removed receivers get nothing, and the last one leaving removes the system_id") {
  ReceiptRouter r;
  r.add("load", a);
  r.add("load", b);
  CHECK(r.pick("load") == a);
  r.remove("load", b);
  CHECK(r.pick("load") == a);
  CHECK(r.pick("load") == a);
  r.remove("load", a);
  CHECK(r.pick("load") == nullptr);
  r.remove("load", a);  // removing twice is harmless
  r.remove("nobody", a);
  r.add("load", c);
  CHECK(r.pick("load") == c);
}
