#include "patterns/database_cache.h"

#include <hs/hs.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace smsfw::filters {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSuffix = ".hsdb";
constexpr std::string_view kTempMarker = ".hsdb.tmp.";
constexpr std::array<char, 8> kMagic = {'S', 'M', 'S', 'F', 'W', 'H', 'D', 'B'};
constexpr std::uint32_t kFormatVersion = 1;
constexpr std::size_t kKeyChars = 64;
constexpr std::size_t kShaBytes = 32;
// magic, format version, key, payload length, payload digest
constexpr std::size_t kHeaderBytes = kMagic.size() + 4 + kKeyChars + 8 + kShaBytes;

// Incremental SHA-256 (OpenSSL EVP).
class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) throw std::bad_alloc();
  }
  void add(const void* data, std::size_t n) { EVP_DigestUpdate(ctx_.get(), data, n); }
  void add(std::string_view s) {
    add_number(s.size());  // length-prefixed: ("ab","c") and ("a","bc") differ
    add(s.data(), s.size());
  }
  void add_number(std::uint64_t v) { add(&v, sizeof v); }
  std::array<unsigned char, kShaBytes> digest() {
    std::array<unsigned char, kShaBytes> out{};
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx_.get(), out.data(), &n);
    return out;
  }
  std::string hex() {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : digest()) {
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
    return out;
  }

 private:
  struct Free {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> ctx_;
};

std::array<unsigned char, kShaBytes> sha256_of(const char* data, std::size_t n) {
  Sha256 h;
  h.add(data, n);
  return h.digest();
}

bool valid_key(const std::string& key) {
  return key.size() == kKeyChars &&
         std::all_of(key.begin(), key.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Writes all of `data` to `fd`; false on error.
bool write_all(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

}  // namespace

DatabaseCache::DatabaseCache(fs::path dir, std::size_t keep_unused) : dir_(std::move(dir)), keep_unused_(keep_unused) {}

fs::path DatabaseCache::file_for(const std::string& key) const { return dir_ / (key + std::string(kSuffix)); }

std::string DatabaseCache::key(const std::vector<const char*>& expressions, const std::vector<unsigned>& flags,
                               const std::vector<unsigned>& ids, unsigned mode) {
  Sha256 h;
  h.add("smsfw hyperscan database cache");
  h.add_number(kFormatVersion);
  h.add(hs_version());
  // The platform the database is compiled for (platform = nullptr compiles for this host).
  hs_platform_info_t platform{};
  if (hs_populate_platform(&platform) == HS_SUCCESS) {
    h.add_number(platform.tune);
    h.add_number(platform.cpu_features);
  }
  h.add_number(mode);
  h.add_number(expressions.size());
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    h.add(std::string_view(expressions[i]));
    h.add_number(flags[i]);
    h.add_number(ids[i]);
  }
  return h.hex();
}

hs_database* DatabaseCache::load(const std::string& key, std::vector<std::string>& warnings) const {
  if (!valid_key(key)) return nullptr;
  const fs::path path = file_for(key);
  // One read() into a buffer of the file's size: databases are megabytes, and this is the
  // whole cost of a cached start besides parsing the YAML.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;  // the ordinary miss
  std::string bytes;
  struct stat st {};
  bool read_ok = ::fstat(fd, &st) == 0;
  if (read_ok) {
    bytes.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (read_ok && got < bytes.size()) {
      const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        read_ok = false;
      } else if (n == 0) {
        bytes.resize(got);  // shorter than fstat said (being replaced): the checks below decide
      } else {
        got += static_cast<std::size_t>(n);
      }
    }
  }
  ::close(fd);
  if (!read_ok) {
    warnings.push_back("pattern cache: cannot read " + path.string());
    return nullptr;
  }

  auto reject = [&](const std::string& why) -> hs_database* {
    warnings.push_back("pattern cache: ignoring " + path.string() + " (" + why + "); compiling again");
    std::error_code ec;
    fs::remove(path, ec);
    return nullptr;
  };
  if (bytes.size() < kHeaderBytes) return reject("shorter than its header");
  const char* p = bytes.data();
  if (std::memcmp(p, kMagic.data(), kMagic.size()) != 0) return reject("not a cache file");
  p += kMagic.size();
  std::uint32_t version = 0;
  std::memcpy(&version, p, 4);
  p += 4;
  if (version != kFormatVersion) return reject("format version " + std::to_string(version));
  if (std::string_view(p, kKeyChars) != key) return reject("holds another key");
  p += kKeyChars;
  std::uint64_t length = 0;
  std::memcpy(&length, p, 8);
  p += 8;
  if (length != bytes.size() - kHeaderBytes) return reject("truncated or padded");
  const char* digest = p;
  const char* payload = bytes.data() + kHeaderBytes;
  if (std::memcmp(digest, sha256_of(payload, length).data(), kShaBytes) != 0) return reject("checksum mismatch");

  hs_database_t* db = nullptr;
  const hs_error_t rc = hs_deserialize_database(payload, length, &db);
  if (rc != HS_SUCCESS) {
    // HS_DB_VERSION_ERROR / HS_DB_PLATFORM_ERROR: built by another Hyperscan or for another CPU.
    return reject("Hyperscan refused it, error " + std::to_string(rc));
  }
  // Refresh the modification time: pruning keeps the most recently used files.
  ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0);
  return db;
}

void DatabaseCache::store(const std::string& key, const hs_database* db, std::vector<std::string>& warnings) const {
  if (!valid_key(key) || !db) return;
  char* raw = nullptr;
  std::size_t length = 0;
  if (hs_serialize_database(db, &raw, &length) != HS_SUCCESS) {
    warnings.push_back("pattern cache: hs_serialize_database failed; not cached");
    return;
  }
  const std::unique_ptr<char, decltype(&std::free)> payload(raw, &std::free);

  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) {
    warnings.push_back("pattern cache: cannot create " + dir_.string() + ": " + ec.message() + "; not cached");
    return;
  }
  std::string header;
  header.reserve(kHeaderBytes);
  header.append(kMagic.data(), kMagic.size());
  header.append(reinterpret_cast<const char*>(&kFormatVersion), 4);
  header.append(key);
  const std::uint64_t length64 = length;
  header.append(reinterpret_cast<const char*>(&length64), 8);
  const auto digest = sha256_of(payload.get(), length);
  header.append(reinterpret_cast<const char*>(digest.data()), digest.size());

  // A unique temp name in the same directory (rename is atomic only within a file system).
  static std::atomic<unsigned> counter{0};
  const fs::path final_path = file_for(key);
  const fs::path temp = dir_ / (key + std::string(kTempMarker) + std::to_string(::getpid()) + "." +
                                std::to_string(counter.fetch_add(1, std::memory_order_relaxed)));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    warnings.push_back("pattern cache: cannot write " + temp.string() + ": " + std::strerror(errno) + "; not cached");
    return;
  }
  // fsync before rename: after a crash the file is either absent or complete.
  const bool ok = write_all(fd, header.data(), header.size()) && write_all(fd, payload.get(), length) &&
                  ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!ok) {
    warnings.push_back("pattern cache: cannot write " + temp.string() + ": " + std::strerror(saved_errno) +
                       "; not cached");
    fs::remove(temp, ec);
    return;
  }
  fs::rename(temp, final_path, ec);
  if (ec) {
    warnings.push_back("pattern cache: cannot rename into " + final_path.string() + ": " + ec.message());
    fs::remove(temp, ec);
  }
}

void DatabaseCache::prune(const std::vector<std::string>& in_use, std::vector<std::string>& warnings) const {
  struct Entry {
    fs::path path;
    fs::file_time_type mtime;
  };
  std::vector<Entry> unused;
  const auto now = fs::file_time_type::clock::now();
  std::error_code ec;
  fs::directory_iterator it(dir_, ec);
  if (ec) return;  // no cache directory yet: nothing to prune
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    std::error_code tec;
    const auto mtime = fs::last_write_time(p, tec);
    if (tec) continue;
    if (name.find(kTempMarker) != std::string::npos) {
      if (now - mtime > std::chrono::minutes(10)) fs::remove(p, tec);
      continue;
    }
    if (name.size() != kKeyChars + kSuffix.size() || !name.ends_with(kSuffix)) continue;  // not ours
    const std::string key = name.substr(0, kKeyChars);
    if (std::find(in_use.begin(), in_use.end(), key) != in_use.end()) continue;
    unused.push_back({p, mtime});
  }
  if (ec) warnings.push_back("pattern cache: cannot list " + dir_.string() + ": " + ec.message());
  if (unused.size() <= keep_unused_) return;
  std::sort(unused.begin(), unused.end(), [](const Entry& a, const Entry& b) { return a.mtime > b.mtime; });
  for (std::size_t i = keep_unused_; i < unused.size(); ++i) {
    std::error_code rec;
    fs::remove(unused[i].path, rec);
    if (rec) warnings.push_back("pattern cache: cannot remove " + unused[i].path.string() + ": " + rec.message());
  }
}

}  // namespace smsfw::filters
