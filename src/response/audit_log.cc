#include "response/audit_log.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/time.h"
#include "common/json_text.h"

namespace quarry::response {
namespace {

class FileLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {}
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock() {
    if (fd_ >= 0) {
      flock(fd_, LOCK_UN);
      close(fd_);
    }
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

Status Errno(const std::string& what, const std::string& path) {
  return Unavailable(fmt::format("audit log {}: {} failed: {}", path, what, std::strerror(errno)));
}

}  // namespace

Status AuditLog::Append(nlohmann::json record) const {
  if (!record.is_object()) return Internal("an audit record must be a JSON object");
  if (!record.contains("time")) record["time"] = FormatDatetime(NowTicks());
  std::string line = JsonText(record) + "\n";

  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  int fd = open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("open", path_);
  FileLock lock(fd);
  if (flock(fd, LOCK_EX) != 0) return Errno("lock", path_);
  struct stat st {};
  if (fstat(fd, &st) != 0) return Errno("stat", path_);
  if (st.st_size > 0) {
    char last = '\n';
    int reader = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (reader >= 0) {
      if (pread(reader, &last, 1, st.st_size - 1) != 1) last = '\n';
      close(reader);
    }
    if (last != '\n') line.insert(line.begin(), '\n');
  }
  ssize_t written = write(fd, line.data(), line.size());
  if (written != static_cast<ssize_t>(line.size())) {
    Status status = Errno("write", path_);
    if (written > 0 && ftruncate(fd, st.st_size) != 0) {
      return status.WithContext("and the partial line could not be removed");
    }
    return status;
  }
  if (fsync(fd) != 0) return Errno("fsync", path_);
  return Status::Ok();
}

Result<AuditContents> ReadAuditLog(const std::string& path) {
  AuditContents contents;
  std::ifstream in(path);
  if (!in) {
    if (!std::filesystem::exists(path)) return contents;
    return Unavailable(fmt::format("audit log {} cannot be read", path));
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    nlohmann::json record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded() || !record.is_object()) {
      contents.bad_lines.push_back(number);
      continue;
    }
    contents.records.push_back(std::move(record));
  }
  return contents;
}

std::string CurrentOperator() {
  std::string user;
  if (const char* sudo = std::getenv("SUDO_USER"); sudo != nullptr && *sudo != '\0') user = sudo;
  if (user.empty()) {
    if (passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) {
      user = pw->pw_name;
    }
  }
  if (user.empty()) {
    if (const char* env = std::getenv("USER"); env != nullptr && *env != '\0') user = env;
  }
  if (user.empty()) user = fmt::format("uid {}", getuid());
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) == 0 && host[0] != '\0') user += std::string("@") + host;
  return user;
}

}  // namespace quarry::response
