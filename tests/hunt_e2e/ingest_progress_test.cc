// `quarry ingest` draws its progress bar (percent, bytes, rows/s) on a terminal and stays silent
// when stderr is a pipe or a file: run the binary both ways on the same file.
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace quarry::hunt_e2e {
namespace {

namespace fs = std::filesystem;

class IngestProgressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("quarry-ingest-progress-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    file_ = (dir_ / "events.jsonl").string();
    std::ofstream out(file_);
    for (int i = 0; i < 3000; ++i) {
      out << "{\"TimeGenerated\":\"2024-03-01T10:00:00Z\",\"Name\":\"n" << i << "\",\"Count\":" << i
          << "}\n";
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string file_;
};

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_F(IngestProgressTest, SilentWhenStderrIsNotATerminal) {
  std::string command = std::string(QUARRY_BINARY) + " ingest --workspace " +
                        (dir_ / "ws").string() + " --table Custom_CL " + file_ + " > " +
                        (dir_ / "out.txt").string() + " 2> " + (dir_ / "err.txt").string();
  ASSERT_EQ(std::system(command.c_str()), 0);
  EXPECT_EQ(ReadAll(dir_ / "err.txt"), "");
  EXPECT_NE(ReadAll(dir_ / "out.txt").find("ingested 3000 rows, quarantined 0 records"),
            std::string::npos);
}

TEST_F(IngestProgressTest, DrawsTheBarOnATerminal) {
  int master = -1;
  pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::string ws = (dir_ / "ws").string();
    ::execl(QUARRY_BINARY, QUARRY_BINARY, "ingest", "--workspace", ws.c_str(), "--table",
            "Custom_CL", file_.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::string seen;
  char buf[4096];
  while (true) {
    ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child has gone
    seen.append(buf, static_cast<size_t>(n));
  }
  ::close(master);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << seen;
  // The bar: carriage return, the filled bar at 100% of the file, the rate; then it is cleared
  // before the counts are printed.
  EXPECT_NE(seen.find("\r[##############################] 100%"), std::string::npos) << seen;
  EXPECT_NE(seen.find(" rows/s"), std::string::npos) << seen;
  EXPECT_NE(seen.find("ingested 3000 rows"), std::string::npos) << seen;
}

}  // namespace
}  // namespace quarry::hunt_e2e
