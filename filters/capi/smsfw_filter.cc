// The C API (smsfw_filter.h) over Engine and Classifier. Exceptions never cross the C boundary.

#include "capi/smsfw_filter.h"

#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "engine/classifier.h"
#include "engine/engine.h"

struct smsfw_engine {
  std::unique_ptr<smsfw::filters::Engine> engine;
};

struct smsfw_classifier {
  std::unique_ptr<smsfw::filters::Classifier> classifier;
  std::vector<const char*> rule_ids;  // verdict.rules, reused
};

namespace {

void copy_message(const std::string& msg, char* buf, std::size_t size) {
  if (!buf || size == 0) return;
  const std::size_t n = std::min(msg.size(), size - 1);
  std::memcpy(buf, msg.data(), n);
  buf[n] = '\0';
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out.push_back('\n');
    out += l;
  }
  return out;
}

smsfw_action to_c(smsfw::filters::Action a) {
  using smsfw::filters::Action;
  switch (a) {
    case Action::allow: return SMSFW_ALLOW;
    case Action::monitor: return SMSFW_MONITOR;
    case Action::tag: return SMSFW_TAG;
    case Action::block: return SMSFW_BLOCK;
  }
  return SMSFW_ALLOW;
}

std::string_view or_empty(const char* s) { return s ? std::string_view(s) : std::string_view(); }

}  // namespace

extern "C" {

smsfw_engine* smsfw_engine_create(const char* pattern_dir, char* err, std::size_t err_size) {
  try {
    smsfw::filters::ReloadOutcome outcome;
    auto e = std::make_unique<smsfw::filters::Engine>(or_empty(pattern_dir), outcome);
    if (!outcome.ok) {
      copy_message(join_lines(outcome.errors), err, err_size);
      return nullptr;
    }
    return new smsfw_engine{std::move(e)};
  } catch (const std::exception& ex) {
    copy_message(ex.what(), err, err_size);
    return nullptr;
  }
}

int smsfw_engine_reload(smsfw_engine* engine, char* err, std::size_t err_size) {
  if (!engine) return -1;
  try {
    const auto outcome = engine->engine->reload();
    if (!outcome.ok) {
      copy_message(join_lines(outcome.errors), err, err_size);
      return -1;
    }
    return 0;
  } catch (const std::exception& ex) {
    copy_message(ex.what(), err, err_size);
    return -1;
  }
}

std::size_t smsfw_engine_versions(smsfw_engine* engine, char* buf, std::size_t size) {
  if (!engine) return 0;
  const std::string v = engine->engine->snapshot()->set->versions();
  copy_message(v, buf, size);
  return v.size();
}

void smsfw_engine_free(smsfw_engine* engine) { delete engine; }

smsfw_classifier* smsfw_classifier_create(smsfw_engine* engine, char* err, std::size_t err_size) {
  if (!engine) return nullptr;
  try {
    return new smsfw_classifier{std::make_unique<smsfw::filters::Classifier>(*engine->engine), {}};
  } catch (const std::exception& ex) {
    copy_message(ex.what(), err, err_size);
    return nullptr;
  }
}

int smsfw_classify(smsfw_classifier* c, const smsfw_message* m, smsfw_verdict* out) {
  if (!c || !m || !out) return -1;
  smsfw::filters::MessageInput in;
  in.account = or_empty(m->account);
  in.direction = m->mobile_originated ? smsfw::filters::Direction::mobile_originated
                                      : smsfw::filters::Direction::mobile_terminated;
  in.source = {or_empty(m->sender), m->sender_ton, m->sender_npi};
  in.destination = {or_empty(m->destination), m->destination_ton, m->destination_npi};
  in.data_coding = m->data_coding;
  in.esm_class = m->esm_class;
  if (m->body && m->body_length > 0) in.body = {m->body, m->body_length};
  const smsfw::filters::Verdict& v = c->classifier->classify(in);
  c->rule_ids.clear();
  for (const auto* r : v.rules) c->rule_ids.push_back(r->id.c_str());
  out->action = to_c(v.action);
  out->decided = to_c(v.decided);
  out->block_status = v.block_status;
  out->rule_count = c->rule_ids.size();
  out->rules = c->rule_ids.data();
  out->relabel_to = v.relabel ? v.relabel->relabel_to.c_str() : nullptr;
  out->prefix = v.prefix ? v.prefix->prefix.c_str() : nullptr;
  out->tlv_tag = v.tlv ? v.tlv->tlv_tag : -1;
  out->engine_error = v.engine_error ? 1 : 0;
  return 0;
}

void smsfw_classifier_free(smsfw_classifier* c) { delete c; }

}  // extern "C"
