// Golden CLI tests in the Zeek spirit: each cases/NAME.cmd holds the quarry arguments of one run
// (optionally preceded by "env NAME=value" lines); cases/NAME.out holds its expected standard
// output, normalised (hunt ids, durations, the workspace path), followed by "exit: N".
// Refresh the baselines with QUARRY_UPDATE_BASELINES=1 and review them as a diff.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "fixture_workspace.h"

namespace quarry::hunt_e2e {
namespace {

namespace fs = std::filesystem;

const std::string kCases = std::string(QUARRY_SOURCE_ROOT) + "/tests/hunt_e2e/cases";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Normalise(std::string text, const std::string& ws) {
  for (size_t at; (at = text.find(ws)) != std::string::npos;) text.replace(at, ws.size(), "$WS");
  text = std::regex_replace(text, std::regex(R"(h-\d{8}T\d{6}Z-[0-9a-f]{8})"), "h-ID");
  text = std::regex_replace(text, std::regex(R"(in \d+\.\d s)"), "in X s");
  text = std::regex_replace(text, std::regex(R"("seconds": [0-9.e-]+)"), "\"seconds\": X");
  return text;
}

class GoldenCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = (fs::temp_directory_path() / ("quarry-hunt-e2e-" + std::to_string(getpid()))).string();
    fs::remove_all(ws_);
    setup_error_ = BuildFixtureWorkspace(ws_);
  }
  static void TearDownTestSuite() {
    fs::remove_all(ws_);
    fs::remove_all(ws_ + "-files");
  }
  static std::string ws_;
  static std::string setup_error_;
};
std::string GoldenCli::ws_;
std::string GoldenCli::setup_error_;

TEST_F(GoldenCli, EveryCaseMatchesItsBaseline) {
  ASSERT_EQ(setup_error_, "");
  const bool update = std::getenv("QUARRY_UPDATE_BASELINES") != nullptr;
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(kCases)) {
    if (entry.path().extension() == ".cmd") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  ASSERT_GE(cases.size(), 5u);
  for (const auto& path : cases) {
    SCOPED_TRACE(path.filename().string());
    std::string env = "NO_COLOR=1 QUARRY_CONFIG=/nonexistent OPENAI_API_KEY= AZURE_OPENAI_API_KEY= ";
    std::string args;
    std::istringstream lines(ReadAll(path.string()));
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("env ", 0) == 0) {
        env += line.substr(4) + " ";
      } else if (!line.empty()) {
        args = line;
      }
    }
    for (size_t at; (at = args.find("$WS")) != std::string::npos;) args.replace(at, 3, ws_);
    std::string output;
    int code = RunCommand("env " + env + QUARRY_BINARY + " " + args + " </dev/null 2>&1", &output);
    std::string actual = Normalise(output, ws_) + "exit: " + std::to_string(code) + "\n";
    fs::path expected_path = path;
    expected_path.replace_extension(".out");
    if (update) {
      std::ofstream(expected_path) << actual;
      continue;
    }
    EXPECT_EQ(ReadAll(expected_path.string()), actual);
  }
}

}  // namespace
}  // namespace quarry::hunt_e2e
