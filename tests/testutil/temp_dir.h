// TempDir: a fresh directory under the system's temp directory for one test, removed with
// everything in it when the object dies. Shared by the test binaries (header only).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace quarry::testutil {

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "quarry-test-XXXXXX").string();
    const char* made = ::mkdtemp(pattern.data());
    path_ = made ? made : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // The path of `name` in the directory (not created).
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  // Writes `content` to `name` in the directory; returns its path.
  std::string Write(const std::string& name, const std::string& content) const {
    std::string p = File(name);
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  std::string path_;
};

}  // namespace quarry::testutil
