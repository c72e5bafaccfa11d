// AuditLog: one parseable JSON line per record in a rotating file; no body text and no full
// number unless the policy asks for the body.

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "audit/audit_log.h"

using namespace smsfw::audit;
namespace fs = std::filesystem;

namespace {

class TempDir {
 public:
  TempDir() {
    static std::atomic<unsigned> counter{0};
    path_ = fs::temp_directory_path() /
            ("smsfw-audit-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> lines_of(const fs::path& p) {
  std::vector<std::string> out;
  std::ifstream in(p, std::ios::binary);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

constexpr const char* kBody = "Your parcel is held, pay 25 THB at http://bad.example/x \xe0\xb8\x94\xe0\xb9\x88\xe0\xb8\xa7\xe0\xb8\x99";
constexpr const char* kSource = "66898765432";
constexpr const char* kDestination = "+66812345678";

void fill(AuditRecord& r, const AuditLog& log, std::uint32_t seq, bool include_body) {
  r.session_id = 9;
  r.account = "esme_a";
  r.direction = Direction::mt;
  r.command = "submit_sm";
  r.sequence = seq;
  r.action = "block";
  r.rule_ids = {"phish.parcel"};
  r.status = 0x45;
  r.set_source(kSource, 1);
  r.set_destination(kDestination, 1, 1);
  r.data_coding = 8;
  r.set_body(log.hasher(), kBody, true, include_body);
}

AuditLogConfig file_config(const TempDir& dir) {
  AuditLogConfig c;
  c.kind = SinkKind::file;
  c.path = (dir.path() / "audit.jsonl").string();
  return c;
}

}  // namespace

TEST_CASE("AuditLog: one parseable JSON line per record") {
  TempDir dir;
  const AuditLogConfig config = file_config(dir);
  std::uint64_t written = 0, dropped = 0;
  {
    AuditLog log(config);
    CHECK(log.enabled());
    CHECK(log.hasher().random_key());
    for (std::uint32_t i = 0; i < 200; ++i) {
      AuditRecord r;
      fill(r, log, i, false);
      log.write(r);
    }
    written = log.written();
    dropped = log.dropped();
  }  // destruction drains and flushes
  CHECK(written == 200);
  CHECK(dropped == 0);
  const auto lines = lines_of(config.path);
  REQUIRE(lines.size() == 200);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    INFO(lines[i]);
    REQUIRE(nlohmann::json::accept(lines[i]));
    const auto j = nlohmann::json::parse(lines[i]);
    CHECK(j["seq"] == i);
    CHECK(j["dst"] == "+66*******78");
    CHECK(j["src"] == "66*******32");
    CHECK(j["body_hash"].get<std::string>().size() == 32);
  }
}

TEST_CASE("AuditLog: by default neither the body text nor a full number reaches the file") {
  TempDir dir;
  const AuditLogConfig config = file_config(dir);
  {
    AuditLog log(config);
    AuditRecord r;
    fill(r, log, 1, false);
    log.write(r);
  }
  const std::string text = read_all(config.path);
  REQUIRE_FALSE(text.empty());
  CHECK(text.find(kBody) == std::string::npos);
  CHECK(text.find("parcel is held") == std::string::npos);
  CHECK(text.find("bad.example") == std::string::npos);
  CHECK(text.find("\xe0\xb8\x94\xe0\xb9\x88\xe0\xb8\xa7\xe0\xb8\x99") == std::string::npos);
  CHECK(text.find("66812345678") == std::string::npos);
  CHECK(text.find("812345678") == std::string::npos);
  CHECK(text.find("12345") == std::string::npos);
  CHECK(text.find("66898765432") == std::string::npos);
  CHECK(text.find("898765") == std::string::npos);
  CHECK(text.find("\"body\"") == std::string::npos);
}

TEST_CASE("AuditLog: with the body enabled by policy the body appears (numbers still masked)") {
  TempDir dir;
  const AuditLogConfig config = file_config(dir);
  {
    AuditLog log(config);
    AuditRecord r;
    fill(r, log, 1, true);
    log.write(r);
  }
  const auto lines = lines_of(config.path);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find(kBody) != std::string::npos);  // UTF-8 kept as is, not \u-escaped
  CHECK(nlohmann::json::parse(lines[0])["body"] == kBody);
  CHECK(lines[0].find("66812345678") == std::string::npos);
}

TEST_CASE("AuditLog: rotates at max_size and keeps at most max_files files") {
  TempDir dir;
  AuditLogConfig config = file_config(dir);
  config.max_size = 4096;
  config.max_files = 3;
  config.queue_size = 4096;
  std::uint64_t dropped = 0;
  {
    AuditLog log(config);
    for (std::uint32_t i = 0; i < 500; ++i) {  // ~300 bytes each: ~37 files' worth
      AuditRecord r;
      fill(r, log, i, false);
      log.write(r);
    }
    dropped = log.dropped();
  }
  CHECK(dropped == 0);
  CHECK(fs::exists(config.path));
  CHECK(fs::exists(AuditLog::rotated_file_name(config.path, 1)));
  CHECK(AuditLog::rotated_file_name(config.path, 1) == (dir.path() / "audit.1.jsonl").string());
  CHECK(fs::exists(AuditLog::rotated_file_name(config.path, 2)));
  CHECK_FALSE(fs::exists(AuditLog::rotated_file_name(config.path, 3)));
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    ++files;
    INFO(e.path());
    CHECK(fs::file_size(e.path()) <= config.max_size);
    for (const auto& line : lines_of(e.path())) REQUIRE(nlohmann::json::accept(line));
  }
  CHECK(files <= config.max_files);
  // The newest records are in the live file, ending with the last one.
  const auto live = lines_of(config.path);
  REQUIRE_FALSE(live.empty());
  CHECK(nlohmann::json::parse(live.back())["seq"] == 499);
}

TEST_CASE("AuditLog: concurrent writers never interleave lines") {
  TempDir dir;
  AuditLogConfig config = file_config(dir);
  config.queue_size = 64;  // small: overruns are allowed, torn lines are not
  std::uint64_t written = 0, dropped = 0;
  {
    AuditLog log(config);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&log, t] {
        for (std::uint32_t i = 0; i < 1000; ++i) {
          AuditRecord r;
          fill(r, log, static_cast<std::uint32_t>(t) * 1000 + i, false);
          log.write(r);
        }
      });
    for (auto& th : threads) th.join();
    written = log.written();
    dropped = log.dropped();
  }
  CHECK(written == 4000);
  const auto lines = lines_of(config.path);
  CHECK(lines.size() + dropped == written);
  INFO("concurrent writers: " << dropped << " of " << written << " records dropped by queue overrun");
  for (const auto& line : lines) REQUIRE(nlohmann::json::accept(line));
}

TEST_CASE("AuditLog: a configured key correlates across instances and off writes nothing") {
  TempDir dir;
  AuditLogConfig config = file_config(dir);
  config.kind = SinkKind::off;
  config.body_hash_key = "hex:000102030405060708090a0b0c0d0e0f";
  AuditLog a(config), b(config);
  CHECK_FALSE(a.enabled());
  CHECK_FALSE(a.hasher().random_key());
  CHECK(a.hasher().hash("x") == b.hasher().hash("x"));
  AuditRecord r;
  fill(r, a, 1, true);
  a.write(r);
  CHECK(a.written() == 0);
  CHECK_FALSE(fs::exists(config.path));
}

TEST_CASE("AuditLog: bad configurations are rejected") {
  TempDir dir;
  AuditLogConfig c = file_config(dir);
  c.path.clear();
  CHECK_THROWS_AS(AuditLog(c), std::invalid_argument);
  c = file_config(dir);
  c.max_size = 0;
  CHECK_THROWS_AS(AuditLog(c), std::invalid_argument);
  c = file_config(dir);
  c.max_files = 0;
  CHECK_THROWS_AS(AuditLog(c), std::invalid_argument);
  c = file_config(dir);
  c.body_hash_key = "abcd";
  CHECK_THROWS_AS(AuditLog(c), std::invalid_argument);
  c = file_config(dir);
  c.path = "/proc/nonexistent-dir/audit.jsonl";
  CHECK_THROWS(AuditLog(c));
  CHECK(parse_sink_kind("file") == SinkKind::file);
  CHECK(parse_sink_kind("stdout") == SinkKind::standard_output);
  CHECK(parse_sink_kind("off") == SinkKind::off);
  CHECK_FALSE(parse_sink_kind("syslog").has_value());
}

TEST_CASE("AuditLog: the stdout sink writes the JSON line") {
  AuditLogConfig c;
  c.kind = SinkKind::standard_output;
  AuditLog log(c);
  CHECK(log.enabled());
  AuditRecord r;
  fill(r, log, 77, false);
  log.write(r);  // one line on the test's stdout
  CHECK(log.written() == 1);
}
