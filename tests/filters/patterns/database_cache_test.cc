// The compiled-database cache: keys that change with every input, hits that scan like the
// original, and bad files (truncated, flipped, another key, not a cache file, another Hyperscan's
// bytes) ignored, removed and rebuilt; pruning keeps what is in use and the most recent others.

#include <catch2/catch.hpp>

#include <hs/hs.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include "patterns/database_cache.h"
#include "patterns/pattern_loader.h"
#include "temp_dir.h"

using namespace smsfw::filters;
using smsfw::filters::test::TempDir;
namespace fs = std::filesystem;

namespace {

struct Db {
  std::vector<const char*> expressions{"alpha", "be+ta"};
  std::vector<unsigned> flags{HS_FLAG_SINGLEMATCH, HS_FLAG_SINGLEMATCH | HS_FLAG_CASELESS};
  std::vector<unsigned> ids{0, 1};
  std::string key() const { return DatabaseCache::key(expressions, flags, ids, HS_MODE_BLOCK); }
  hs_database_t* compile() const {
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    REQUIRE(hs_compile_multi(expressions.data(), flags.data(), ids.data(), static_cast<unsigned>(ids.size()),
                             HS_MODE_BLOCK, nullptr, &db, &err) == HS_SUCCESS);
    return db;
  }
};

// The ids a database reports for `text`.
std::vector<unsigned> matches(const hs_database_t* db, const std::string& text) {
  hs_scratch_t* scratch = nullptr;
  REQUIRE(hs_alloc_scratch(db, &scratch) == HS_SUCCESS);
  std::vector<unsigned> ids;
  hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch,
          [](unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) {
            static_cast<std::vector<unsigned>*>(ctx)->push_back(id);
            return 0;
          },
          &ids);
  hs_free_scratch(scratch);
  return ids;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_all(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << s;
}

}  // namespace

TEST_CASE("the cache key changes with every input of the compile") {
  Db base;
  const std::string k = base.key();
  CHECK(k.size() == 64);
  CHECK(k == Db{}.key());  // deterministic
  Db other = base;
  other.expressions[1] = "be+tb";
  CHECK(other.key() != k);
  other = base;
  other.flags[0] |= HS_FLAG_DOTALL;
  CHECK(other.key() != k);
  other = base;
  other.ids[1] = 7;
  CHECK(other.key() != k);
  other = base;
  other.expressions = {"alphab", "e+ta"};  // same bytes, other split
  CHECK(other.key() != k);
  CHECK(DatabaseCache::key(base.expressions, base.flags, base.ids, HS_MODE_STREAM) != k);
}

TEST_CASE("a stored database comes back and scans like the original") {
  TempDir dir;
  DatabaseCache cache(dir.path() / "cache");
  Db d;
  std::vector<std::string> warnings;
  CHECK(cache.load(d.key(), warnings) == nullptr);  // miss: no directory yet
  hs_database_t* db = d.compile();
  cache.store(d.key(), db, warnings);
  hs_free_database(db);
  CHECK(warnings.empty());
  REQUIRE(fs::exists(cache.file_for(d.key())));
  hs_database_t* back = cache.load(d.key(), warnings);
  REQUIRE(back != nullptr);
  CHECK(warnings.empty());
  CHECK(matches(back, "xx BEEETA alpha") == std::vector<unsigned>{1, 0});
  hs_free_database(back);
  // No temp file left behind.
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(cache.dir())) files += e.is_regular_file();
  CHECK(files == 1);
}

TEST_CASE("a bad cache file is reported, removed and treated as a miss") {
  TempDir dir;
  DatabaseCache cache(dir.path());
  Db d;
  std::vector<std::string> warnings;
  hs_database_t* db = d.compile();
  cache.store(d.key(), db, warnings);
  hs_free_database(db);
  const fs::path file = cache.file_for(d.key());
  const std::string good = read_all(file);
  REQUIRE(good.size() > 200);

  auto expect_rejected = [&](const std::string& content, const std::string& why) {
    write_all(file, content);
    warnings.clear();
    CHECK(cache.load(d.key(), warnings) == nullptr);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find(why) != std::string::npos);
    CHECK_FALSE(fs::exists(file));
  };
  SECTION("truncated") { expect_rejected(good.substr(0, good.size() - 10), "truncated"); }
  SECTION("shorter than the header") { expect_rejected(good.substr(0, 20), "shorter than its header"); }
  SECTION("a flipped payload byte") {
    std::string bad = good;
    bad[bad.size() - 5] ^= 0x40;
    expect_rejected(bad, "checksum mismatch");
  }
  SECTION("another key's file under this name") {
    Db other;
    other.expressions[0] = "gamma";
    hs_database_t* odb = other.compile();
    cache.store(other.key(), odb, warnings);
    hs_free_database(odb);
    expect_rejected(read_all(cache.file_for(other.key())), "holds another key");
  }
  SECTION("not a cache file") { expect_rejected(std::string(300, 'x'), "not a cache file"); }
  SECTION("bytes Hyperscan refuses (another version or platform)") {
    // A well-formed header over a payload Hyperscan cannot deserialize: the checksum is right,
    // so only hs_deserialize_database can say no.
    constexpr std::size_t kHeader = 116;  // magic 8, version 4, key 64, length 8, digest 32
    std::string payload = good.substr(kHeader);
    payload[0] ^= 0x01;  // Hyperscan's own magic
    std::string bad = good.substr(0, kHeader);
    unsigned char digest[32];
    unsigned int n = 0;
    EVP_Digest(payload.data(), payload.size(), digest, &n, EVP_sha256(), nullptr);
    bad.replace(kHeader - 32, 32, reinterpret_cast<const char*>(digest), 32);
    expect_rejected(bad + payload, "Hyperscan refused it");
  }
  // After any of these, the next store works again.
  db = d.compile();
  cache.store(d.key(), db, warnings);
  hs_free_database(db);
  warnings.clear();
  hs_database_t* back = cache.load(d.key(), warnings);
  CHECK(back != nullptr);
  CHECK(warnings.empty());
  hs_free_database(back);
}

TEST_CASE("pruning keeps files in use and the most recently used others") {
  TempDir dir;
  DatabaseCache cache(dir.path(), /*keep_unused=*/2);
  std::vector<std::string> keys, warnings;
  const auto now = fs::file_time_type::clock::now();
  for (int i = 0; i < 6; ++i) {
    Db d;
    const std::string word = "word" + std::to_string(i);
    d.expressions = {word.c_str()};
    d.flags = {0};
    d.ids = {0};
    keys.push_back(d.key());
    hs_database_t* db = d.compile();
    cache.store(keys.back(), db, warnings);
    hs_free_database(db);
    // Older files first: key 0 the oldest.
    fs::last_write_time(cache.file_for(keys.back()), now - std::chrono::hours(10 - i));
  }
  write_all(dir.path() / "README", "not ours");
  write_all(dir.path() / (keys[0] + ".hsdb.tmp.1.1"), "stale temp");
  fs::last_write_time(dir.path() / (keys[0] + ".hsdb.tmp.1.1"), now - std::chrono::hours(1));
  cache.prune({keys[0]}, warnings);  // in use: the oldest
  CHECK(warnings.empty());
  CHECK(fs::exists(cache.file_for(keys[0])));
  CHECK_FALSE(fs::exists(cache.file_for(keys[1])));
  CHECK_FALSE(fs::exists(cache.file_for(keys[2])));
  CHECK_FALSE(fs::exists(cache.file_for(keys[3])));
  CHECK(fs::exists(cache.file_for(keys[4])));
  CHECK(fs::exists(cache.file_for(keys[5])));
  CHECK(fs::exists(dir.path() / "README"));
  CHECK_FALSE(fs::exists(dir.path() / (keys[0] + ".hsdb.tmp.1.1")));
}

TEST_CASE("a pattern directory loads from the cache the second time") {
  TempDir dir, cache_dir;
  dir.write("s.yaml",
            "set: s\nversion: \"1\"\nrules:\n"
            "  - {id: A, pattern: 'alpha', action: block, description: d}\n"
            "  - {id: U, field: url, pattern: '^evil\\.com$', action: block, description: d}\n");
  DatabaseCache cache(cache_dir.path());
  PatternSet::CompileOptions options;
  options.cache = &cache;
  LoadResult first = load_pattern_directory(dir.path(), options);
  REQUIRE(first.set);
  CHECK(first.report.compiled == 2);
  CHECK(first.report.from_cache == 0);
  CHECK(first.report.cache_keys.size() == 2);
  LoadResult second = load_pattern_directory(dir.path(), options);
  REQUIRE(second.set);
  CHECK(second.report.compiled == 0);
  CHECK(second.report.from_cache == 2);
  CHECK(second.report.warnings.empty());
  CHECK(second.report.cache_keys == first.report.cache_keys);
  CHECK(matches(second.set->database(Field::body, View::normalized), "alpha") == std::vector<unsigned>{0});
  // Only the url rule changes: the body database still comes from the cache.
  dir.write("s.yaml",
            "set: s\nversion: \"2\"\nrules:\n"
            "  - {id: A, pattern: 'alpha', action: block, description: d}\n"
            "  - {id: U, field: url, pattern: '^evil\\.net$', action: block, description: d}\n");
  LoadResult third = load_pattern_directory(dir.path(), options);
  REQUIRE(third.set);
  CHECK(third.report.compiled == 1);
  CHECK(third.report.from_cache == 1);
}

TEST_CASE("a broken rule is still reported by name when the other databases come from the cache") {
  TempDir dir, cache_dir;
  DatabaseCache cache(cache_dir.path());
  PatternSet::CompileOptions options;
  options.cache = &cache;
  dir.write("s.yaml", "set: s\nversion: \"1\"\nrules:\n  - {id: A, pattern: 'alpha', action: block, description: d}\n");
  REQUIRE(load_pattern_directory(dir.path(), options).set);
  dir.write("t.yaml",
            "set: t\nversion: \"1\"\nrules:\n"
            "  - {id: BAD1, field: url, pattern: '(open', action: block, description: d}\n"
            "  - {id: GOOD, field: url, pattern: 'fine', action: block, description: d}\n"
            "  - {id: BAD2, field: url, pattern: 'x{2,1}', action: block, description: d}\n");
  LoadResult r = load_pattern_directory(dir.path(), options);
  CHECK_FALSE(r.set);
  REQUIRE(r.errors.size() == 2);
  INFO(r.errors[0] + "\n" + r.errors[1]);
  CHECK(r.errors[0].find("t.yaml:4: rule BAD1: ") != std::string::npos);
  CHECK(r.errors[1].find("t.yaml:6: rule BAD2: ") != std::string::npos);
}
