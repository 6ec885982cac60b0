#include "hunt/query_builder.h"

#include <gtest/gtest.h>

#include "common/time.h"
#include "hunt/kql_safety.h"

namespace quarry::hunt {
namespace {

int64_t T(const char* iso) { return *ParseDatetime(iso); }

GuardrailConfig Config() {
  auto c = DefaultGuardrailConfig();
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return *c;
}

HuntPlan Plan(std::vector<std::string> tables) {
  HuntPlan p;
  p.tables = std::move(tables);
  p.start_ticks = T("2025-01-08T07:30:00Z");
  p.end_ticks = T("2025-01-08T15:30:00Z");
  p.time_range_hours = 8;
  return p;
}

TEST(KqlStringTest, EscapesQuotesAndBackslashes) {
  EXPECT_EQ(KqlString("web-1"), "\"web-1\"");
  EXPECT_EQ(KqlString("x\" or 1==1 //"), "\"x\\\" or 1==1 //\"");
  EXPECT_EQ(KqlString("CORP\\jdoe"), "\"CORP\\\\jdoe\"");
  EXPECT_EQ(KqlString("a\nb\tc"), "\"a\\nb\\tc\"");
  EXPECT_EQ(KqlString("end\\"), "\"end\\\\\"");
}

TEST(QueryBuilderTest, ExactDeviceFilterTimeFilterAndRowCap) {
  HuntPlan p = Plan({"DeviceLogonEvents"});
  p.device_name = "web-1";
  p.fields["DeviceLogonEvents"] = {"TimeGenerated", "DeviceName", "AccountName"};
  auto checked = CheckPlan(p, Config());
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  auto q = BuildQueries(checked->plan, Config());
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_EQ(q->size(), 1u);
  EXPECT_EQ((*q)[0].kql,
            "DeviceLogonEvents\n"
            "| where TimeGenerated >= datetime(2025-01-08T07:30:00.0000000Z) and TimeGenerated < "
            "datetime(2025-01-08T15:30:00.0000000Z)\n"
            "| where (DeviceName =~ \"web-1\" or DeviceName startswith \"web-1.\")\n"
            "| project TimeGenerated, DeviceName, AccountName\n"
            "| sort by TimeGenerated desc\n"
            "| take 10000");
  EXPECT_EQ((*q)[0].row_cap, 10000);
  EXPECT_TRUE((*q)[0].notes.empty());
}

TEST(QueryBuilderTest, InjectionInEntitiesStaysAString) {
  HuntPlan p = Plan({"SigninLogs", "DeviceProcessEvents"});
  p.device_name = "x\" or 1==1 //";
  p.user_principal_name = "a\\\" | union (externaldata (x:string) [@\"http://e\"]) //";
  auto checked = CheckPlan(p, Config());
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  auto q = BuildQueries(checked->plan, Config());
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  const std::string& process = (*q)[1].kql;
  EXPECT_NE(process.find("| where (DeviceName =~ \"x\\\" or 1==1 //\" or DeviceName startswith "
                         "\"x\\\" or 1==1 //.\")"),
            std::string::npos)
      << process;
  // On an account-name column only the part before '@' is compared; still one literal.
  EXPECT_NE(process.find("| where (AccountName =~ \"a\\\\\\\" | union (externaldata (x:string) [\" or "),
            std::string::npos)
      << process;
  const std::string& signin = (*q)[0].kql;
  EXPECT_NE(signin.find("| where UserPrincipalName =~ \"a\\\\\\\" | union (externaldata (x:string) "
                        "[@\\\"http://e\\\"]) //\"\n"),
            std::string::npos)
      << signin;
  EXPECT_TRUE(CheckKqlSafety(signin).ok());
  // The scanner sees the whole payload as string data: nothing outside it.
  EXPECT_TRUE(CheckKqlSafety(process).ok());
  EXPECT_EQ((*q)[0].notes,
            std::vector<std::string>{"SigninLogs has no device column: device filter not applied"});
}

TEST(QueryBuilderTest, EmptyEntityIsNoFilterNeverStartswithEmpty) {
  HuntPlan p = Plan({"SigninLogs"});
  p.user_principal_name = "  ";
  auto checked = CheckPlan(p, Config());
  ASSERT_TRUE(checked.ok());
  EXPECT_FALSE(checked->plan.user_principal_name.has_value());
  ASSERT_EQ(checked->notes.size(), 2u);
  EXPECT_EQ(checked->notes[0], "no usable fields for SigninLogs: using its default columns");
  EXPECT_EQ(checked->notes[1],
            "user_principal_name was empty: no filter on it (an empty value would match everything)");
  auto q = BuildQueries(checked->plan, Config());
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q)[0].kql.find("startswith"), std::string::npos);
  EXPECT_EQ((*q)[0].kql.find("UserPrincipalName =~"), std::string::npos);
}

TEST(QueryBuilderTest, EntityFiltersPerTable) {
  HuntPlan p = Plan({"SigninLogs", "AzureNetworkAnalytics_CL", "AuditLogs", "DeviceNetworkEvents"});
  p.user_principal_name = "jdoe";
  p.ip_address = "10.0.0.5";
  p.port = 3389;
  p.device_name = "linux-target-1";
  auto checked = CheckPlan(p, Config());
  ASSERT_TRUE(checked.ok());
  auto q = BuildQueries(checked->plan, Config());
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_NE((*q)[0].kql.find("| where (UserPrincipalName =~ \"jdoe\" or UserPrincipalName startswith \"jdoe@\")"),
            std::string::npos) << (*q)[0].kql;
  EXPECT_NE((*q)[0].kql.find("| where IPAddress =~ \"10.0.0.5\""), std::string::npos);
  EXPECT_NE((*q)[1].kql.find("(VM_s =~ \"linux-target-1\" or VM_s endswith \"/linux-target-1\""),
            std::string::npos) << (*q)[1].kql;
  EXPECT_NE((*q)[1].kql.find("| where DestPort_d == 3389"), std::string::npos);
  EXPECT_NE((*q)[1].kql.find("SrcPublicIPs_s has \"10.0.0.5\""), std::string::npos);
  EXPECT_NE((*q)[2].kql.find("(tostring(InitiatedBy) has \"jdoe\" or tostring(TargetResources) has \"jdoe\")"),
            std::string::npos) << (*q)[2].kql;
  EXPECT_NE((*q)[3].kql.find("| where (RemotePort == 3389 or LocalPort == 3389)"), std::string::npos);
  for (const auto& query : *q) EXPECT_TRUE(CheckKqlSafety(query.kql).ok()) << query.kql;
}

TEST(QueryBuilderTest, ValidatorIsConsulted) {
  HuntPlan p = Plan({"SigninLogs"});
  auto checked = CheckPlan(p, Config());
  ASSERT_TRUE(checked.ok());
  auto q = BuildQueries(checked->plan, Config(), [](const std::string&) {
    return InvalidArgument("line 1, col 1: table 'SigninLogs' not found");
  });
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.status().message(),
            "built query for SigninLogs: line 1, col 1: table 'SigninLogs' not found");
}

}  // namespace
}  // namespace quarry::hunt
