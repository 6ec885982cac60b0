#include "hunt/planner.h"

#include <gtest/gtest.h>

#include "common/time.h"
#include "hunt/request_entities.h"
#include "hunt/time_window.h"

namespace quarry::hunt {
namespace {

int64_t T(const char* iso) { return *ParseDatetime(iso); }
const int64_t kNow = T("2025-01-08T15:30:00Z");  // a Wednesday

struct WindowCase {
  const char* text;
  const char* start;
  const char* end;
};

TEST(TimeWindowTest, RelativeAndCalendarPhrases) {
  const WindowCase cases[] = {
      {"past 6 hours", "2025-01-08T09:30:00Z", "2025-01-08T15:30:00Z"},
      {"in the last day", "2025-01-07T15:30:00Z", "2025-01-08T15:30:00Z"},
      {"this week", "2025-01-01T15:30:00Z", "2025-01-08T15:30:00Z"},
      {"last 2 weeks or so", "2024-12-25T15:30:00Z", "2025-01-08T15:30:00Z"},
      {"the past fortnight", "2024-12-25T15:30:00Z", "2025-01-08T15:30:00Z"},
      {"this month", "2024-12-09T15:30:00Z", "2025-01-08T15:30:00Z"},
      {"last 30 minutes", "2025-01-08T15:00:00Z", "2025-01-08T15:30:00Z"},
      {"over the past eight hours", "2025-01-08T07:30:00Z", "2025-01-08T15:30:00Z"},
      {"3 days", "2025-01-05T15:30:00Z", "2025-01-08T15:30:00Z"},
      {"48h", "2025-01-06T15:30:00Z", "2025-01-08T15:30:00Z"},
      {"in the last few days", "2025-01-04T15:30:00Z", "2025-01-08T15:30:00Z"},
      {"recently", "2025-01-04T15:30:00Z", "2025-01-08T15:30:00Z"},
      {"yesterday", "2025-01-07T00:00:00Z", "2025-01-08T00:00:00Z"},
      {"today", "2025-01-08T00:00:00Z", "2025-01-08T15:30:00Z"},
      {"this weekend", "2025-01-04T00:00:00Z", "2025-01-06T00:00:00Z"},
      {"since Monday", "2025-01-06T00:00:00Z", "2025-01-08T15:30:00Z"},
      {"on Jan 3", "2025-01-03T00:00:00Z", "2025-01-04T00:00:00Z"},
      {"on Dec 30th", "2024-12-30T00:00:00Z", "2024-12-31T00:00:00Z"},
      {"between 2025-01-03 and 2025-01-05", "2025-01-03T00:00:00Z", "2025-01-06T00:00:00Z"},
      {"from 2025-01-03 10:00 to 2025-01-03 14:00", "2025-01-03T10:00:00Z", "2025-01-03T14:00:00Z"},
      {"since 2025-01-07", "2025-01-07T00:00:00Z", "2025-01-08T15:30:00Z"},
      {"last night", "2025-01-07T18:00:00Z", "2025-01-08T06:00:00Z"},
  };
  for (const auto& c : cases) {
    TimeWindow w = ParseTimeWindow(std::string("anything odd ") + c.text + "?", kNow);
    EXPECT_EQ(FormatDatetime(w.start_ticks), FormatDatetime(T(c.start))) << c.text;
    EXPECT_EQ(FormatDatetime(w.end_ticks), FormatDatetime(T(c.end))) << c.text;
    EXPECT_FALSE(w.is_default) << c.text;
  }
}

TEST(TimeWindowTest, NoTimeMeansTheLast96Hours) {
  TimeWindow w = ParseTimeWindow("suspicious powershell on web-01", kNow);
  EXPECT_TRUE(w.is_default);
  EXPECT_DOUBLE_EQ(w.hours(), 96);
  EXPECT_EQ(w.end_ticks, kNow);
}

TEST(TimeWindowTest, WeekendSeenFromASunday) {
  TimeWindow w = ParseTimeWindow("logons this weekend", T("2025-01-05T10:00:00Z"));
  EXPECT_EQ(w.start_ticks, T("2025-01-04T00:00:00Z"));
  EXPECT_EQ(w.end_ticks, T("2025-01-05T10:00:00Z"));
}

TEST(RequestEntitiesTest, ShapesAndCues) {
  auto e = ExtractEntities(SplitRequestWords(
      "Did user jdoe or alice@contoso.com hit 10.0.0.5:3389 or 2001:db8::1 from web-10 "
      "using certutil.exe at 10:00:00?"));
  EXPECT_EQ(e.accounts, std::vector<std::string>{"jdoe"});
  EXPECT_EQ(e.upns, std::vector<std::string>{"alice@contoso.com"});
  EXPECT_EQ(e.ips, (std::vector<std::string>{"10.0.0.5", "2001:db8::1"}));
  EXPECT_EQ(e.ports, std::vector<int>{3389});
  EXPECT_EQ(e.hosts, std::vector<std::string>{"web-10"});
  EXPECT_EQ(e.processes, std::vector<std::string>{"certutil.exe"});
}

TEST(RequestEntitiesTest, EnglishIsNotAnEntity) {
  auto e = ExtractEntities(SplitRequestWords(
      "Any sign-ins from non-corporate devices or brute-force attempts in the cyber-range "
      "resource group over 3 days, T1110 related, log4j too?"));
  EXPECT_TRUE(e.hosts.empty()) << e.hosts.front();
  EXPECT_TRUE(e.accounts.empty());
  EXPECT_TRUE(e.ports.empty());
}

TEST(RequestEntitiesTest, Ipv6NeedsRealShape) {
  EXPECT_TRUE(IsIpv6("fe80::1"));
  EXPECT_TRUE(IsIpv6("2001:0db8:0000:0000:0000:ff00:0042:8329"));
  EXPECT_FALSE(IsIpv6("10:00:00"));
  EXPECT_FALSE(IsIpv4("10.0.0.256"));
  EXPECT_FALSE(IsUpn("user@localhost"));
}

TEST(OfflinePlannerTest, BuildsAFullPlanWithRationale) {
  OfflinePlanner planner;
  auto plan = planner.Plan("Check for encoded powershell on vm-final-lab-pr over the past 8 hours", kNow);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->tables, std::vector<std::string>{"DeviceProcessEvents"});
  EXPECT_EQ(plan->device_name, "vm-final-lab-pr");
  EXPECT_EQ(plan->process_name, "powershell.exe");
  EXPECT_FALSE(plan->user_principal_name.has_value());
  EXPECT_EQ(plan->start_ticks, T("2025-01-08T07:30:00Z"));
  EXPECT_EQ(plan->end_ticks, kNow);
  EXPECT_DOUBLE_EQ(plan->time_range_hours, 8);
  ASSERT_EQ(plan->fields.count("DeviceProcessEvents"), 1u);
  EXPECT_EQ(plan->fields["DeviceProcessEvents"].front(), "TimeGenerated");
  EXPECT_NE(plan->rationale.find("Filters: device vm-final-lab-pr, process powershell.exe."),
            std::string::npos)
      << plan->rationale;
}

TEST(OfflinePlannerTest, InjectionInAHostNameStaysOneValue) {
  OfflinePlanner planner;
  auto plan = planner.Plan("logons on host web-1\"or\"1==1 in the last day", kNow);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->tables.front(), "DeviceLogonEvents");
  // Not host-shaped, so it is not taken as a device at all (the query builder would still
  // escape it if a model proposed it).
  EXPECT_FALSE(plan->device_name.has_value());
}

TEST(OfflinePlannerTest, EmptyRequestIsRefused) {
  OfflinePlanner planner;
  auto plan = planner.Plan("   ", kNow);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(), "the hunt request is empty: describe what worries you");
}

}  // namespace
}  // namespace quarry::hunt
