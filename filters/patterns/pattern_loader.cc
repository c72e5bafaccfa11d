#include "patterns/pattern_loader.h"

#include <hs/hs.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <cstdint>
#include <cstdio>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include "patterns/document_readers.h"

namespace smsfw::filters {
namespace {

namespace fs = std::filesystem;

// 64-bit FNV-1a: a stable identity of the inputs, not a security measure.
struct Fnv1a {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  void add(std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ULL;
    }
  }
  void add_nul() { add(std::string_view("\0", 1)); }
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
  }
};

// One YAML file read and parsed: the part of loading that needs no cross-file state.
struct ParsedFile {
  std::string name;  // relative to the directory
  fs::path path;     // as messages show it
  std::string content;
  std::string unreadable;  // why the file could not be read, or ""
  std::vector<YAML::Node> docs;
  std::optional<std::pair<int, std::string>> syntax_error;  // line (1-based, 0 unknown), message
};

// yaml-cpp 0.7's LoadAll never returns when a document starts with a flow entry (",", e.g. a
// file holding just ","): the parser yields an empty document without consuming the token, again
// and again, and LoadAll keeps each one until memory runs out (found by tests/fuzz). So the
// documents are first counted by a parser that keeps nothing: every document after the first
// needs a 3-octet marker, so more than size / 3 + 1 of them means the parser is stuck.
class DocumentCounter : public YAML::EventHandler {
 public:
  std::size_t documents = 0;
  YAML::Mark last_start;
  void OnDocumentStart(const YAML::Mark& mark) override {
    ++documents;
    last_start = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// The line (1-based) of a document yaml-cpp cannot get past, or nullopt. Throws YAML::Exception
// for syntax errors, as LoadAll would.
std::optional<int> stuck_document(const std::string& content) {
  std::istringstream in(content);
  YAML::Parser parser(in);
  DocumentCounter counter;
  while (parser.HandleNextDocument(counter))
    if (counter.documents > content.size() / 3 + 1) return counter.last_start.line + 1;
  return std::nullopt;
}

void parse(const PatternFiles& files, ParsedFile& f) {
  f.unreadable = files.read(f.name, f.content);
  if (!f.unreadable.empty()) return;
  try {
    if (const auto line = stuck_document(f.content)) {
      f.syntax_error.emplace(*line, "invalid YAML: a document starts with a flow entry (',')");
      return;
    }
    f.docs = YAML::LoadAll(f.content);
  } catch (const YAML::Exception& e) {
    f.syntax_error.emplace(e.mark.line >= 0 ? e.mark.line + 1 : 0, "invalid YAML: " + e.msg);
  }
}

// Reads and parses every file, on up to files.parse_threads() threads. The documents are
// interpreted afterwards, in file order.
void parse_all(const PatternFiles& source, std::vector<ParsedFile>& files) {
  const std::size_t threads = std::min<std::size_t>(files.size(), std::max(1u, source.parse_threads()));
  if (threads <= 1) {
    for (auto& f : files) parse(source, f);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;  // std::bad_alloc and the like, rethrown on the caller's thread
  std::mutex failure_mutex;
  auto work = [&] {
    try {
      for (std::size_t i; (i = next.fetch_add(1)) < files.size();) parse(source, files[i]);
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = files.size();
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

// One parsed file: hands its top-level mapping to the reader of its kind.
void read_document(const ParsedFile& parsed, loader::DirectoryState& state) {
  const std::string file = parsed.path.string();
  loader::Reporter r(file, state.errors);
  if (parsed.syntax_error) {
    r.error(parsed.syntax_error->first, parsed.syntax_error->second);
    return;
  }
  const std::vector<YAML::Node>& docs = parsed.docs;
  if (docs.empty() || (docs.size() == 1 && docs[0].IsNull())) {
    r.error(1, "empty file (expected set:, sender_registry:, accounts: or campaign:)");
    return;
  }
  if (docs.size() > 1) {
    r.error(docs[1], "a file holds one YAML document (found " + std::to_string(docs.size()) + ")");
    return;
  }
  const YAML::Node& root = docs[0];
  if (!root.IsMap()) {
    r.error(root, "the file must be a mapping with set:, sender_registry:, accounts: or campaign:");
    return;
  }
  bool rule_set = false, registry = false, accounts = false, campaign = false;
  for (const auto& kv : root) {
    if (!kv.first.IsScalar()) continue;
    const std::string& k = kv.first.Scalar();
    rule_set = rule_set || k == "set" || k == "version" || k == "rules" || k == "lists";
    registry = registry || k == "sender_registry";
    accounts = accounts || k == "accounts";
    campaign = campaign || k == "campaign";
  }
  if (rule_set + registry + accounts + campaign > 1) {
    r.error(root, "a file holds exactly one of set:, sender_registry:, accounts: or campaign:");
    return;
  }
  try {
    if (registry) loader::read_sender_registry(r, root, state);
    else if (accounts) loader::read_accounts(r, root, state);
    else if (campaign) loader::read_campaign(r, root, state);
    else if (rule_set) loader::read_rule_set(r, root, state);
    else {
      loader::check_mapping(r, root, "the file",
                            {"set", "version", "status", "tag", "rules", "lists", "sender_registry", "accounts",
                             "campaign"});
      r.error(root, "expected set:, sender_registry:, accounts: or campaign:");
    }
  } catch (const YAML::Exception& e) {
    // The readers check types before converting; this is a last resort, not a code path.
    r.error(e.mark.line >= 0 ? e.mark.line + 1 : 0, "invalid YAML: " + e.msg);
  }
}

}  // namespace

bool load_pattern_source(const fs::path& dir, PatternSet::Source& out, std::vector<std::string>& errors) {
  return load_pattern_source(DirectoryFiles(dir), out, errors);
}

bool load_pattern_source(const PatternFiles& files, PatternSet::Source& out, std::vector<std::string>& errors) {
  const std::size_t before = errors.size();
  out = PatternSet::Source{};
  std::vector<std::string> names;
  if (std::string why; !files.yaml_files(names, why)) {
    errors.push_back(files.dir().string() + ": cannot read the pattern directory: " + why);
    return false;
  }

  loader::DirectoryState state{out, errors, files, {}, {}, {}, {}, {}, {}, {}};
  std::vector<ParsedFile> parsed(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    parsed[i].path = files.dir() / names[i];
    parsed[i].name = std::move(names[i]);
  }
  parse_all(files, parsed);
  Fnv1a hash;
  for (const auto& f : parsed) {
    if (!f.unreadable.empty()) {
      errors.push_back(f.path.string() + ": cannot read the file: " + f.unreadable);
      continue;
    }
    hash.add(f.name);
    hash.add_nul();
    hash.add(f.content);
    hash.add_nul();
    read_document(f, state);
  }
  // The list files the sets referenced, after the YAML files (a list changes the rules as much as
  // a YAML file does; reloads and caches compare the hash).
  for (const auto& list : state.list_files) {
    hash.add(list.name);
    hash.add_nul();
    hash.add(list.content);
    hash.add_nul();
  }
  // The same files compiled by another Hyperscan may behave differently: part of the identity.
  hash.add(hs_version());
  out.hash = hash.hex();
  loader::resolve_accounts(state);
  return errors.size() == before;
}

LoadResult load_pattern_directory(const fs::path& dir) { return load_pattern_directory(dir, {}); }

LoadResult load_pattern_directory(const fs::path& dir, const PatternSet::CompileOptions& options) {
  LoadResult result;
  PatternSet::Source source;
  if (!load_pattern_source(dir, source, result.errors)) {
    // Also report Hyperscan's verdict on the rules that were read, so one run shows everything.
    PatternSet::check(source, result.errors);
    return result;
  }
  result.set = PatternSet::compile(std::move(source), result.errors, options, &result.report);
  return result;
}

}  // namespace smsfw::filters
