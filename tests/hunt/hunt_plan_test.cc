#include "hunt/hunt_plan.h"

#include <gtest/gtest.h>

#include "common/time.h"

namespace quarry::hunt {
namespace {

int64_t T(const char* iso) { return *ParseDatetime(iso); }

HuntPlan SamplePlan() {
  HuntPlan p;
  p.tables = {"DeviceLogonEvents", "SigninLogs"};
  p.fields["DeviceLogonEvents"] = {"TimeGenerated", "DeviceName", "AccountName"};
  p.device_name = "windows-target-1";
  p.user_principal_name = "labuser";
  p.port = 3389;
  p.start_ticks = T("2025-01-01T00:00:00Z");
  p.end_ticks = T("2025-01-05T00:00:00Z");
  p.time_range_hours = 96;
  p.rationale = "RDP logons";
  return p;
}

TEST(HuntPlanJsonTest, RoundTrips) {
  HuntPlan p = SamplePlan();
  nlohmann::json j = HuntPlanToJson(p);
  EXPECT_EQ(j["start"], "2025-01-01T00:00:00.0000000Z");
  EXPECT_EQ(j["end"], "2025-01-05T00:00:00.0000000Z");
  EXPECT_TRUE(j["caller"].is_null());
  EXPECT_EQ(j["port"], 3389);
  auto back = HuntPlanFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->tables, p.tables);
  EXPECT_EQ(back->fields, p.fields);
  EXPECT_EQ(back->device_name, "windows-target-1");
  EXPECT_EQ(back->user_principal_name, "labuser");
  EXPECT_FALSE(back->caller.has_value());
  EXPECT_EQ(back->port, 3389);
  EXPECT_EQ(back->start_ticks, p.start_ticks);
  EXPECT_EQ(back->end_ticks, p.end_ticks);
  EXPECT_DOUBLE_EQ(back->time_range_hours, 96);
  EXPECT_EQ(back->rationale, "RDP logons");
}

TEST(HuntPlanJsonTest, ErrorsNameTheField) {
  nlohmann::json j = HuntPlanToJson(SamplePlan());
  struct Case {
    const char* key;
    nlohmann::json value;
    const char* message;
  };
  const Case cases[] = {
      {"tables", "SigninLogs", "field 'tables': expected an array of strings, found string"},
      {"tables", nlohmann::json::array({"SigninLogs", 3}),
       "field 'tables[1]': expected a string, found integer"},
      {"tables", nlohmann::json::array(), "field 'tables': must name at least one table"},
      {"device_name", 5, "field 'device_name': expected a string or null, found integer"},
      {"port", 70000, "field 'port': 70000 is out of range 0..65535"},
      {"port", 22.5, "field 'port': expected an integer, found number"},
      {"start", "last tuesday",
       "field 'start': 'last tuesday' is not an ISO 8601 time (e.g. 2025-01-03T00:00:00Z)"},
      {"end", "2024-12-31T00:00:00Z",
       "fields 'start' and 'end': start 2025-01-01T00:00:00.0000000Z is not before end "
       "2024-12-31T00:00:00.0000000Z"},
      {"time_range_hours", -3, "field 'time_range_hours': must be greater than 0, found -3"},
      {"fields", nlohmann::json::array(),
       "field 'fields': expected an object (table -> array of column names), found array"},
  };
  for (const auto& c : cases) {
    nlohmann::json bad = j;
    bad[c.key] = c.value;
    auto r = HuntPlanFromJson(bad);
    ASSERT_FALSE(r.ok()) << c.key;
    EXPECT_EQ(r.status().message(), c.message) << c.key;
  }
  nlohmann::json nested = j;
  nested["fields"]["SigninLogs"] = "IPAddress";
  auto r = HuntPlanFromJson(nested);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "field 'fields.SigninLogs': expected an array of strings, found string");
}

TEST(HuntPlanJsonTest, MissingTimesNeedNow) {
  nlohmann::json j = HuntPlanToJson(SamplePlan());
  j["start"] = nullptr;
  j["end"] = nullptr;
  j["time_range_hours"] = 6;
  auto strict = HuntPlanFromJson(j);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().message(), "field 'start': expected a string, found null");
  int64_t now = T("2025-03-10T12:00:00Z");
  auto with_now = HuntPlanFromJson(j, now);
  ASSERT_TRUE(with_now.ok()) << with_now.status().ToString();
  EXPECT_EQ(with_now->end_ticks, now);
  EXPECT_EQ(with_now->start_ticks, T("2025-03-10T06:00:00Z"));
  EXPECT_DOUBLE_EQ(with_now->time_range_hours, 6);
}

TEST(HuntPlanJsonTest, FractionalHoursFromModel) {
  nlohmann::json j = {{"tables", {"DeviceProcessEvents"}}, {"time_range_hours", 0.5}};
  auto r = HuntPlanFromJson(j, T("2025-03-10T12:00:00Z"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->start_ticks, T("2025-03-10T11:30:00Z"));
}

TEST(HuntPlanJsonTest, SchemaIsStrict) {
  nlohmann::json s = HuntPlanJsonSchema({"SigninLogs", "AuditLogs"});
  EXPECT_EQ(s["additionalProperties"], false);
  EXPECT_EQ(s["required"].size(), s["properties"].size());
  EXPECT_EQ(s["properties"]["tables"]["items"]["enum"],
            nlohmann::json::array({"SigninLogs", "AuditLogs"}));
  EXPECT_EQ(s["properties"]["fields"]["required"],
            nlohmann::json::array({"SigninLogs", "AuditLogs"}));
  EXPECT_EQ(s["properties"]["fields"]["additionalProperties"], false);
  EXPECT_EQ(s["properties"]["port"]["type"], nlohmann::json::array({"integer", "null"}));
  EXPECT_EQ(HuntPlanJsonSchema()["properties"]["tables"]["items"]["enum"].size(), 12u);
}

}  // namespace
}  // namespace quarry::hunt
