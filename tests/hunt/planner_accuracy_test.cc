// Measures the offline planner on request sets with expected plans: the shared sample
// (/work/shared/hunts/requests.jsonl) and our own held-out set (planner_requests.jsonl, written
// without tuning against it line by line). A request counts as right when the plan has every
// expected table (at most two extra), every named entity (device, user, ip, port, and process /
// caller when given) and no invented one, and the window within 10% of the expected hours or
// the expected start/end. The requirement is at least 85% on each set.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "hunt/planner.h"
#include "hunt/request_words.h"

namespace quarry::hunt {
namespace {

// Wednesday 2025-01-08 15:30 UTC, the clock both sets are written against.
const int64_t kNow = *ParseDatetime("2025-01-08T15:30:00Z");

struct Score {
  int total = 0;
  int right = 0;
  std::vector<std::string> failures;
};

std::optional<std::string> Lower(const std::optional<std::string>& s) {
  if (!s) return s;
  return ToLower(*s);
}

std::string CheckOne(const nlohmann::json& expect, const HuntPlan& plan) {
  std::vector<std::string> problems;
  int extra = 0;
  for (const auto& t : expect["tables"]) {
    if (std::find(plan.tables.begin(), plan.tables.end(), t.get<std::string>()) == plan.tables.end()) {
      problems.push_back("missing table " + t.get<std::string>());
    }
  }
  for (const auto& t : plan.tables) {
    bool expected = false;
    for (const auto& e : expect["tables"]) expected |= e == t;
    if (!expected) ++extra;
  }
  if (extra > 2) problems.push_back(std::to_string(extra) + " extra tables");
  auto check = [&](const char* key, const std::optional<std::string>& got, bool absent_matters) {
    std::optional<std::string> want;
    if (expect.contains(key)) want = ToLower(expect[key].get<std::string>());
    if (!want && !absent_matters) return;
    if (want != Lower(got)) {
      problems.push_back(std::string(key) + ": want " + want.value_or("none") + ", got " +
                         got.value_or("none"));
    }
  };
  check("device", plan.device_name, true);
  check("user", plan.user_principal_name, true);
  check("ip", plan.ip_address, true);
  check("process", plan.process_name, false);
  check("caller", plan.caller, false);
  std::optional<int> want_port;
  if (expect.contains("port")) want_port = expect["port"].get<int>();
  if (want_port != plan.port) {
    problems.push_back("port: want " + (want_port ? std::to_string(*want_port) : "none") +
                       ", got " + (plan.port ? std::to_string(*plan.port) : "none"));
  }
  if (expect.contains("hours")) {
    double want = expect["hours"].get<double>();
    if (std::abs(plan.time_range_hours - want) > 0.1 * want) {
      problems.push_back("hours: want " + std::to_string(want) + ", got " +
                         std::to_string(plan.time_range_hours));
    }
  }
  if (expect.contains("start")) {
    int64_t start = *ParseDatetime(expect["start"].get<std::string>());
    int64_t end = *ParseDatetime(expect["end"].get<std::string>());
    double want = static_cast<double>(end - start) / kTicksPerHour;
    double tolerance = 0.1 * want * kTicksPerHour;
    if (std::abs(static_cast<double>(plan.start_ticks - start)) > tolerance ||
        std::abs(static_cast<double>(plan.end_ticks - end)) > tolerance) {
      problems.push_back("window: want " + expect["start"].get<std::string>() + " .. " +
                         expect["end"].get<std::string>() + ", got " +
                         FormatDatetime(plan.start_ticks) + " .. " + FormatDatetime(plan.end_ticks));
    }
  }
  std::string out;
  for (const auto& p : problems) out += (out.empty() ? "" : "; ") + p;
  return out;
}

Score Measure(const std::string& path) {
  Score score;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::string line;
  OfflinePlanner planner;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto expect = nlohmann::json::parse(line);
    auto plan = planner.Plan(expect["request"].get<std::string>(), kNow);
    ++score.total;
    if (!plan.ok()) {
      score.failures.push_back(expect["request"].get<std::string>() + " -> " + plan.status().ToString());
      continue;
    }
    std::string problems = CheckOne(expect, *plan);
    if (problems.empty()) {
      ++score.right;
    } else {
      std::string tables;
      for (const auto& t : plan->tables) tables += t + " ";
      score.failures.push_back(expect["request"].get<std::string>() + "\n      -> " + problems +
                               "\n      tables: " + tables);
    }
  }
  return score;
}

void Report(const char* name, const Score& s) {
  std::cout << name << ": " << s.right << "/" << s.total << " right ("
            << (s.total ? 100.0 * s.right / s.total : 0) << "%)\n";
  for (const auto& f : s.failures) std::cout << "  MISS " << f << "\n";
}

TEST(PlannerAccuracyTest, SharedSampleAtLeast85Percent) {
  Score s = Measure(std::string(QUARRY_SHARED_DIR) + "/hunts/requests.jsonl");
  Report("shared sample", s);
  ASSERT_GT(s.total, 20);
  EXPECT_GE(s.right * 100, s.total * 85);
}

TEST(PlannerAccuracyTest, HeldOutSetAtLeast85Percent) {
  Score s = Measure(std::string(QUARRY_SOURCE_ROOT) + "/tests/hunt/planner_requests.jsonl");
  Report("held-out set", s);
  ASSERT_GE(s.total, 60);
  EXPECT_GE(s.right * 100, s.total * 85);
}

}  // namespace
}  // namespace quarry::hunt
