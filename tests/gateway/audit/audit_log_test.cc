// AuditLog: events pushed by producers come out as one parseable JSON line each in a rotating
// file; no body text and no full number unless the policy asks for the body; full rings drop
// and count, never tear lines.

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
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

constexpr std::string_view kRules[] = {"phish.parcel"};

AuditEvent event(std::uint32_t seq, bool include_body) {
  AuditEvent e;
  e.time = std::chrono::system_clock::now();
  e.session_id = 9;
  e.account = "esme_a";
  e.direction = Direction::mt;
  e.command = "submit_sm";
  e.sequence = seq;
  e.action = "block";
  e.rule_ids = kRules;
  e.status = 0x45;
  e.source = kSource;
  e.source_ton = 1;
  e.destination = kDestination;
  e.destination_ton = 1;
  e.data_coding = 8;
  e.body = kBody;
  e.body_is_text = true;
  e.include_body = include_body;
  return e;
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
    AuditLog::Producer* p = log.add_producer();
    REQUIRE(p != nullptr);
    for (std::uint32_t i = 0; i < 200; ++i) CHECK(p->push(event(i, false)));
    log.flush();
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
    log.add_producer()->push(event(1, false));
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
    log.add_producer()->push(event(1, true));
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
    AuditLog::Producer* p = log.add_producer();
    for (std::uint32_t i = 0; i < 500; ++i) p->push(event(i, false));  // ~300 bytes each: ~37 files' worth
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

TEST_CASE("AuditLog: concurrent producers never interleave lines; a full ring drops and counts") {
  TempDir dir;
  AuditLogConfig config = file_config(dir);
  config.queue_size = 16;  // 8 KiB rings: drops are expected, torn lines are not
  std::uint64_t written = 0, dropped = 0, refused = 0;
  {
    AuditLog log(config);
    std::vector<AuditLog::Producer*> producers;
    for (int t = 0; t < 4; ++t) producers.push_back(log.add_producer());
    std::atomic<std::uint64_t> refused_count{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([p = producers[static_cast<std::size_t>(t)], t, &refused_count] {
        for (std::uint32_t i = 0; i < 5000; ++i)
          if (!p->push(event(static_cast<std::uint32_t>(t) * 5000 + i, false))) ++refused_count;
      });
    for (auto& th : threads) th.join();
    log.flush();
    written = log.written();
    dropped = log.dropped();
    refused = refused_count;
  }
  CHECK(dropped == refused);
  CHECK(written + dropped == 20000);
  const auto lines = lines_of(config.path);
  CHECK(lines.size() == written);
  INFO("concurrent producers: " << dropped << " of 20000 records dropped by full rings");
  // Each producer's lines come out in its order.
  std::vector<std::int64_t> last(4, -1);
  for (const auto& line : lines) {
    REQUIRE(nlohmann::json::accept(line));
    const auto seq = nlohmann::json::parse(line)["seq"].get<std::int64_t>();
    const auto t = static_cast<std::size_t>(seq / 5000);
    CHECK(seq > last[t]);
    last[t] = seq;
  }
}

TEST_CASE("AuditLog: an event larger than the ring is dropped and counted, the next one written") {
  TempDir dir;
  AuditLogConfig config = file_config(dir);
  config.queue_size = 16;  // 8 KiB ring
  AuditLog log(config);
  AuditLog::Producer* p = log.add_producer();
  const std::string huge(20000, 'x');
  AuditEvent big = event(1, true);
  big.body = huge;
  CHECK_FALSE(p->push(big));
  CHECK(p->push(event(2, false)));
  log.flush();
  CHECK(log.dropped() == 1);
  CHECK(log.written() == 1);
  const auto lines = lines_of(config.path);
  REQUIRE(lines.size() == 1);
  CHECK(nlohmann::json::parse(lines[0])["seq"] == 2);
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
  CHECK(a.add_producer() == nullptr);  // nothing to push into
  a.flush();
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
  log.add_producer()->push(event(77, false));  // one line on the test's stdout
  log.flush();
  CHECK(log.written() == 1);
}
