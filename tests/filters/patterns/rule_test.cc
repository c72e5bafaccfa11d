// The YAML spellings of fields, views, actions and tag marks.

#include <catch2/catch.hpp>

#include "patterns/rule.h"

using namespace smsfw::filters;

TEST_CASE("field names round-trip") {
  for (Field f : {Field::body, Field::sender, Field::destination, Field::url}) CHECK(parse_field(to_string(f)) == f);
  CHECK(to_string(Field::destination) == "destination");
  CHECK_FALSE(parse_field("Body"));
  CHECK_FALSE(parse_field(""));
}

TEST_CASE("view names round-trip") {
  for (View v : {View::raw, View::normalized, View::squeezed}) CHECK(parse_view(to_string(v)) == v);
  CHECK(to_string(View::squeezed) == "squeezed");
  CHECK_FALSE(parse_view("normalised"));
}

TEST_CASE("action names round-trip") {
  for (Action a : {Action::allow, Action::monitor, Action::tag, Action::block}) CHECK(parse_action(to_string(a)) == a);
  CHECK(to_string(Action::monitor) == "monitor");
  CHECK_FALSE(parse_action("drop"));
}

TEST_CASE("tag mark names round-trip") {
  for (TagMark m : {TagMark::sender, TagMark::prefix, TagMark::tlv}) CHECK(parse_tag_mark(to_string(m)) == m);
  CHECK(to_string(TagMark::tlv) == "tlv");
  CHECK_FALSE(parse_tag_mark("TLV"));
}
