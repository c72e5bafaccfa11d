#include "engine/example_check.h"

#include <algorithm>
#include <chrono>

#include "engine/classifier.h"
#include "engine/engine.h"
#include "sender/sender_policy.h"
#include "text/encode.h"

namespace smsfw::filters {

namespace {

std::uint8_t ton_for(const Rule& r, std::string_view address) {
  if (!r.tons.empty()) return r.tons.front();
  return is_alphanumeric_sender(address) ? 5 : 1;
}

}  // namespace

ExampleCheck check_examples(const PatternSet::Source& source) {
  ExampleCheck result;
  PatternSet::Source all = source;
  all.accounts.clear();
  all.default_account.set_enabled.assign(all.sets.size(), 1);
  all.default_account.mode = AccountMode::enforce;
  all.default_account.sender_registry = false;
  all.default_account.data_coding_0 = text::SmscDefault::gsm7_unpacked;
  const auto started = std::chrono::steady_clock::now();
  auto set = PatternSet::compile(std::move(all), result.errors);
  result.compile_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!set) return result;
  result.set = set;
  Engine engine(Engine::make_snapshot(set));
  Classifier classifier(engine);
  std::vector<std::uint8_t> body;
  for (const Rule& r : set->rules()) {
    if (r.synthetic || !r.example) continue;
    ++result.checked;
    const std::string& ex = *r.example;
    MessageInput in;
    in.account = "smsfw-check";
    in.source = {"66800000000", 1, 1};
    in.destination = {"66800000001", 1, 1};
    body.clear();
    if (r.field == Field::body || r.field == Field::url) {
      in.data_coding = text::encode_like_esme(ex, body);
    } else if (r.field == Field::sender) {
      in.source = {ex, ton_for(r, ex), 0};
    } else {
      in.destination = {ex, ton_for(r, ex), 1};
    }
    in.body = body;
    const Verdict& v = classifier.classify(in);
    const bool hit = std::any_of(v.matched.begin(), v.matched.end(), [&](const Rule* m) { return m->id == r.id; });
    if (!hit)
      result.errors.push_back(r.where.file + ":" + std::to_string(r.where.line) + ": rule " + r.id +
                              ": example does not match (field " + std::string(to_string(r.field)) + ", view " +
                              std::string(to_string(r.view)) + ")");
  }
  return result;
}

}  // namespace smsfw::filters
