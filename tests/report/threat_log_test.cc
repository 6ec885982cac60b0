#include "report/threat_log.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "common/time.h"

namespace quarry::report {
namespace {

class ThreatLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("quarry-threatlog-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "threats.jsonl").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string path_;
};

HuntContext Context() {
  HuntContext h;
  h.time_ticks = *ParseDatetime("2025-01-08T15:30:00Z");
  h.hunt_id = MakeHuntId(h.time_ticks, 0x1a2b3c4d);
  h.request = "suspicious sign-ins in the last 24 hours";
  h.plan.tables = {"SigninLogs"};
  h.plan.start_ticks = h.time_ticks - 24 * kTicksPerHour;
  h.plan.end_ticks = h.time_ticks;
  h.plan.time_range_hours = 24;
  h.queries = {{"SigninLogs", "SigninLogs\n| take 10"}};
  h.model = "gpt-4.1";
  return h;
}

TEST_F(ThreatLogTest, RecordCarriesHuntContext) {
  hunt::Finding f;
  f.title = "Password spray";
  nlohmann::json r = ThreatRecord(Context(), f);
  EXPECT_EQ(r["hunt_id"], "h-20250108T153000Z-1a2b3c4d");
  EXPECT_EQ(r["time"], "2025-01-08T15:30:00.0000000Z");
  EXPECT_EQ(r["request"], "suspicious sign-ins in the last 24 hours");
  EXPECT_EQ(r["plan"]["tables"], nlohmann::json::array({"SigninLogs"}));
  EXPECT_EQ(r["queries"][0]["kql"], "SigninLogs\n| take 10");
  EXPECT_EQ(r["model"], "gpt-4.1");
  EXPECT_EQ(r["finding"]["title"], "Password spray");
}

TEST_F(ThreatLogTest, AppendsOneLinePerRecordAndReadsBack) {
  ThreatLog log(path_);
  hunt::Finding a, b;
  a.title = "first\nwith a newline";
  b.title = std::string("bad utf8 \xff\xfe here");
  ASSERT_TRUE(log.Append({ThreatRecord(Context(), a), ThreatRecord(Context(), b)}).ok());
  ASSERT_TRUE(log.Append({ThreatRecord(Context(), a)}).ok());
  std::ifstream in(path_);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
  auto contents = ReadThreatLog(path_);
  ASSERT_TRUE(contents.ok()) << contents.status().ToString();
  ASSERT_EQ(contents->records.size(), 3u);
  EXPECT_TRUE(contents->bad_lines.empty());
  EXPECT_EQ(contents->records[0]["finding"]["title"], "first\nwith a newline");
  EXPECT_EQ(contents->records[1]["finding"]["title"], "bad utf8 \xEF\xBF\xBD\xEF\xBF\xBD here");
}

TEST_F(ThreatLogTest, TornTailDoesNotSwallowTheNextRecord) {
  {
    std::ofstream out(path_, std::ios::binary);
    out << "{\"hunt_id\":\"ok\"}\n{\"hunt_id\":\"torn";
  }
  auto before = ReadThreatLog(path_);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->records.size(), 1u);
  EXPECT_TRUE(before->torn_tail);
  EXPECT_TRUE(before->bad_lines.empty());
  ThreatLog log(path_);
  ASSERT_TRUE(log.Append({nlohmann::json{{"hunt_id", "after"}}}).ok());
  auto contents = ReadThreatLog(path_);
  ASSERT_TRUE(contents.ok());
  ASSERT_EQ(contents->records.size(), 2u);
  EXPECT_EQ(contents->records[0]["hunt_id"], "ok");
  EXPECT_EQ(contents->records[1]["hunt_id"], "after");
  EXPECT_TRUE(contents->bad_lines.empty());  // the dead writer's half record was cut
  EXPECT_FALSE(contents->torn_tail);
}

TEST_F(ThreatLogTest, MissingFileIsEmptyAndUnwritableDirIsAnError) {
  auto contents = ReadThreatLog((dir_ / "none.jsonl").string());
  ASSERT_TRUE(contents.ok());
  EXPECT_TRUE(contents->records.empty());
  ThreatLog bad((dir_ / "no-such-dir" / "threats.jsonl").string());
  Status s = bad.Append({nlohmann::json{{"a", 1}}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("cannot open the threat log"), std::string::npos);
}

// Writers in separate processes append large records as fast as they can and are SIGKILLed at
// random moments; every line left behind must parse and be complete.
TEST_F(ThreatLogTest, KilledWritersNeverLeaveATornLine) {
  constexpr int kWriters = 4;
  constexpr int kRounds = 6;
  std::mt19937 rng(12345);
  for (int round = 0; round < kRounds; ++round) {
    std::vector<pid_t> pids;
    for (int w = 0; w < kWriters; ++w) {
      pid_t pid = fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        ThreatLog log(path_);
        std::string payload(64 * 1024 + w * 1000, static_cast<char>('a' + w));
        for (int seq = 0;; ++seq) {
          nlohmann::json rec = {{"writer", w}, {"seq", seq}, {"payload", payload},
                                {"size", payload.size()}};
          if (!log.Append({rec, rec}).ok()) _exit(2);
        }
      }
      pids.push_back(pid);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 60));
    for (pid_t pid : pids) {
      kill(pid, SIGKILL);
      std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 5));
    }
    for (pid_t pid : pids) {
      int status = 0;
      waitpid(pid, &status, 0);
      EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "writer exited on its own";
    }
  }
  auto contents = ReadThreatLog(path_);
  ASSERT_TRUE(contents.ok()) << contents.status().ToString();
  EXPECT_TRUE(contents->bad_lines.empty()) << contents->bad_lines.size() << " torn lines";
  EXPECT_GT(contents->records.size(), static_cast<size_t>(kRounds));
  for (const auto& r : contents->records) {
    ASSERT_EQ(r["payload"].get<std::string>().size(), r["size"].get<size_t>());
  }
}

TEST(HuntIdTest, SortableAndDistinct) {
  int64_t t = *ParseDatetime("2025-01-08T15:30:00Z");
  EXPECT_EQ(MakeHuntId(t, 0xdeadbeef), "h-20250108T153000Z-deadbeef");
  EXPECT_LT(MakeHuntId(t, 0xffffffff), MakeHuntId(t + kTicksPerSecond, 0));
}

}  // namespace
}  // namespace quarry::report
