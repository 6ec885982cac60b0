#include "report/threat_log.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "common/time.h"
#include "common/json_text.h"

namespace quarry::report {
namespace {

std::string Errno(const std::string& what, const std::string& path) {
  return what + " '" + path + "': " + std::strerror(errno);
}

// Closes the descriptor (releasing its flock) on every path out.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// True when the file is empty or its last byte is '\n'.
// Offset just past the last '\n' in the first `size` bytes (0 when there is none): where the
// complete records end. Bytes after it are the torn tail of a writer killed mid-write.
Result<off_t> EndOfCompleteRecords(int fd, off_t size, const std::string& path) {
  char buf[4096];
  off_t end = size;
  while (end > 0) {
    off_t start = end > static_cast<off_t>(sizeof(buf)) ? end - sizeof(buf) : 0;
    ssize_t n = pread(fd, buf, end - start, start);
    if (n != end - start) return Unavailable(Errno("cannot read the end of the threat log", path));
    for (ssize_t i = n - 1; i >= 0; --i) {
      if (buf[i] == '\n') return start + i + 1;
    }
    end = start;
  }
  return off_t{0};
}

}  // namespace

std::string MakeHuntId(int64_t now_ticks, uint32_t random) {
  CivilTime c = CivilFromTicks(now_ticks);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "h-%04d%02d%02dT%02d%02d%02dZ-%08x", c.year, c.month, c.day,
                c.hour, c.minute, c.second, random);
  return buf;
}

nlohmann::json ThreatRecord(const HuntContext& hunt, const hunt::Finding& finding) {
  nlohmann::json queries = nlohmann::json::array();
  for (const auto& [table, kql] : hunt.queries) queries.push_back({{"table", table}, {"kql", kql}});
  return {{"hunt_id", hunt.hunt_id},
          {"time", FormatDatetime(hunt.time_ticks)},
          {"request", hunt.request},
          {"plan", hunt::HuntPlanToJson(hunt.plan)},
          {"queries", queries},
          {"model", hunt.model},
          {"finding", hunt::FindingToJson(finding)}};
}

Status ThreatLog::Append(const std::vector<nlohmann::json>& records) const {
  if (records.empty()) return Status::Ok();
  std::string text;
  for (const auto& r : records) {
    text += JsonText(r);
    text += '\n';
  }
  FileDescriptor fd(open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640));
  if (fd.get() < 0) return Unavailable(Errno("cannot open the threat log", path_));
  int rc;
  do {
    rc = flock(fd.get(), LOCK_EX);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) return Unavailable(Errno("cannot lock the threat log", path_));

  struct stat st;
  if (fstat(fd.get(), &st) != 0) return Unavailable(Errno("cannot stat the threat log", path_));
  // A read descriptor is needed for the last-byte check on an O_WRONLY file.
  FileDescriptor reader(open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  if (reader.get() < 0) return Unavailable(Errno("cannot read the threat log", path_));
  // Under the lock no live writer is mid-record, so bytes past the last newline belong to a
  // writer that was killed: cut them, so the log never holds half a record.
  QUARRY_ASSIGN_OR_RETURN(off_t complete, EndOfCompleteRecords(reader.get(), st.st_size, path_));
  if (complete != st.st_size) {
    if (ftruncate(fd.get(), complete) != 0) {
      return Unavailable(Errno("cannot cut a torn record from the threat log", path_));
    }
    st.st_size = complete;
  }

  ssize_t written;
  do {
    written = write(fd.get(), text.data(), text.size());
  } while (written < 0 && errno == EINTR);
  if (written != static_cast<ssize_t>(text.size())) {
    std::string why = written < 0 ? std::strerror(errno) : "short write (disk full?)";
    // Take back a partial line so the log never holds half a record from us.
    if (written > 0 && ftruncate(fd.get(), st.st_size) != 0) {
      return DataLoss("threat log '" + path_ + "': partial write (" + why +
                      ") could not be rolled back: " + std::strerror(errno));
    }
    return Unavailable("cannot append to the threat log '" + path_ + "': " + why);
  }
  if (fsync(fd.get()) != 0) return Unavailable(Errno("cannot fsync the threat log", path_));
  return Status::Ok();
}

Result<ThreatLogContents> ReadThreatLog(const std::string& path) {
  ThreatLogContents out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return out;
    return Unavailable(Errno("cannot open the threat log", path));
  }
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    if (in.eof()) {  // no newline after it: a writer killed mid-record; the next append cuts it
      out.torn_tail = true;
      break;
    }
    auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      out.bad_lines.push_back(line_no);
      continue;
    }
    out.records.push_back(std::move(j));
  }
  if (in.bad()) return Unavailable("error reading the threat log '" + path + "'");
  return out;
}

}  // namespace quarry::report
