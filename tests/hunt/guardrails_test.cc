#include "hunt/guardrails.h"

#include <gtest/gtest.h>

#include "common/time.h"
#include "hunt/table_profile.h"
#include "schemas/builtin_schemas.h"

namespace quarry::hunt {
namespace {

int64_t T(const char* iso) { return *ParseDatetime(iso); }

GuardrailConfig Config() {
  auto c = DefaultGuardrailConfig();
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return *c;
}

HuntPlan Plan() {
  HuntPlan p;
  p.tables = {"signinlogs"};
  p.fields["SigninLogs"] = {"TimeGenerated", "UserPrincipalName", "PasswordHash", "ipaddress"};
  p.start_ticks = T("2025-01-01T00:00:00Z");
  p.end_ticks = T("2025-01-02T00:00:00Z");
  return p;
}

TEST(GuardrailsTest, DefaultsCoverTheSeedsAllowList) {
  GuardrailConfig c = Config();
  EXPECT_EQ(c.allowed_fields.size(), 12u);
  EXPECT_DOUBLE_EQ(c.max_window_hours, 720);
  EXPECT_EQ(c.row_cap, 10000);
  for (const char* m : {"gpt-4.1-nano", "gpt-4.1", "gpt-5-mini", "gpt-5"}) EXPECT_TRUE(CheckModel(m, c).ok()) << m;
  const auto& az = c.allowed_fields.at("AzureNetworkAnalytics_CL");
  for (const char* col : {"FlowType_s", "SrcPublicIPs_s", "DestIP_s", "DestPort_d", "VM_s", "DeniedOutFlows_d"}) {
    EXPECT_NE(std::find(az.begin(), az.end(), col), az.end()) << col;
  }
}

TEST(GuardrailsTest, EveryDefaultProjectionIsARealColumn) {
  auto schemas = BuiltinSchemas();
  ASSERT_TRUE(schemas.ok());
  for (const auto& profile : TableProfiles()) {
    auto schema = (*schemas)->Find(profile.table);
    ASSERT_TRUE(schema.has_value()) << profile.table;
    for (const auto& col : profile.default_fields) EXPECT_TRUE(schema->IndexOf(col)) << profile.table << "." << col;
    for (const auto& dc : profile.device_columns) EXPECT_TRUE(schema->IndexOf(dc.column)) << dc.column;
    for (const auto& uc : profile.user_columns) EXPECT_TRUE(schema->IndexOf(uc.column)) << uc.column;
    for (const auto& c : profile.ip_columns) EXPECT_TRUE(schema->IndexOf(c)) << c;
    for (const auto& c : profile.port_columns) EXPECT_TRUE(schema->IndexOf(c)) << c;
    for (const auto& c : profile.process_columns) EXPECT_TRUE(schema->IndexOf(c)) << c;
  }
}

TEST(GuardrailsTest, RepairsFieldsWithNotes) {
  auto r = CheckPlan(Plan(), Config());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->plan.tables, std::vector<std::string>{"SigninLogs"});
  EXPECT_EQ(r->plan.fields.at("SigninLogs"),
            (std::vector<std::string>{"TimeGenerated", "UserPrincipalName", "IPAddress"}));
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_EQ(r->notes[0], "field 'PasswordHash' dropped from SigninLogs: not an allowed column");
}

TEST(GuardrailsTest, RefusesTablesAndModelsOutsideTheLists) {
  HuntPlan p = Plan();
  p.tables.push_back("SecurityEvent");
  auto r = CheckPlan(p, Config());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(r.status().message().rfind("table 'SecurityEvent' is not allowed for hunting (allowed: AlertEvidence, ", 0), 0u)
      << r.status().message();
  Status m = CheckModel("gpt-3.5-turbo", Config());
  EXPECT_EQ(m.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(m.message().rfind("model 'gpt-3.5-turbo' is not allowed (allowed: gpt-4.1-nano", 0), 0u);
}

TEST(GuardrailsTest, WindowIsCapped) {
  HuntPlan p = Plan();
  p.start_ticks = T("2024-10-01T00:00:00Z");
  auto r = CheckPlan(p, Config());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->plan.start_ticks, T("2024-12-03T00:00:00Z"));
  EXPECT_DOUBLE_EQ(r->plan.time_range_hours, 720);
  EXPECT_EQ(r->notes.back(), "time window trimmed from 93.00:00:00 to the cap of 30.00:00:00 "
                             "(ending 2025-01-02T00:00:00.0000000Z)");
}

TEST(GuardrailsTest, ControlCharactersInEntitiesAreRefused) {
  HuntPlan p = Plan();
  p.device_name = std::string("web-1\n| take 1");
  auto r = CheckPlan(p, Config());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "device_name contains a control character; refusing to build a query from it");
}

TEST(GuardrailsTest, ConfigFromJsonNarrowsAndNamesErrors) {
  auto c = GuardrailConfigFromJson(
      nlohmann::json::parse(R"({"tables":{"SigninLogs":["TimeGenerated","IPAddress"],"DeviceInfo":"*"},
                                "models":["gpt-5"],"max_window_hours":48,"row_cap":500})"),
      Config());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->allowed_fields.size(), 2u);
  EXPECT_EQ(c->allowed_fields.at("SigninLogs"), (std::vector<std::string>{"TimeGenerated", "IPAddress"}));
  EXPECT_EQ(c->allowed_models, std::vector<std::string>{"gpt-5"});
  EXPECT_EQ(c->row_cap, 500);
  auto bad = GuardrailConfigFromJson(nlohmann::json::parse(R"({"tables":{"SigninLogs":["Nope"]}})"), Config());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "field 'tables.SigninLogs': column 'Nope' is not in SigninLogs");
  auto bad_cap = GuardrailConfigFromJson(nlohmann::json::parse(R"({"row_cap":0})"), Config());
  ASSERT_FALSE(bad_cap.ok());
  EXPECT_EQ(bad_cap.status().message(), "field 'row_cap': 0 is out of range 1..10000000");
}

}  // namespace
}  // namespace quarry::hunt
