#include "common/data_path.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace quarry {

Result<std::string> FindDataPath(const std::string& relative) {
  namespace fs = std::filesystem;
  std::vector<fs::path> roots;
  if (const char* home = std::getenv("QUARRY_HOME"); home != nullptr && *home != '\0') {
    roots.emplace_back(home);
  }
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n > 0) {
    exe[n] = '\0';
    roots.push_back(fs::path(exe).parent_path().parent_path() / "share" / "quarry");
  }
  roots.emplace_back(QUARRY_SOURCE_ROOT);
  std::string searched;
  for (const auto& root : roots) {
    fs::path candidate = root / relative;
    std::error_code ec;
    if (fs::exists(candidate, ec)) return candidate.string();
    if (!searched.empty()) searched += ", ";
    searched += candidate.string();
  }
  return NotFound("data file '" + relative + "' not found (searched " + searched +
                  "; set QUARRY_HOME to the Quarry source or install folder)");
}

Result<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    if (err == ENOENT) return NotFound("cannot open '" + path + "': no such file");
    return Unavailable("cannot open '" + path + "': " + std::strerror(err));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Unavailable("error reading '" + path + "'");
  return ss.str();
}

}  // namespace quarry
