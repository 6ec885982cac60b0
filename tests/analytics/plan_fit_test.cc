#include "analytics/plan_fit.h"

#include <gtest/gtest.h>

namespace quarry::analytics {
namespace {

Rule LogonRule() {
  Rule r;
  r.id = std::string("R");  // a plain char* assign trips GCC 12's -Wrestrict false positive
  r.tables = {"DeviceLogonEvents"};
  r.techniques = {"T1110.001"};
  r.entities = {{EntityKind::kHost, "DeviceName"}, {EntityKind::kAccount, "AccountName"}};
  return r;
}

TEST(PlanFitTest, TablesMustBeInThePlan) {
  hunt::HuntPlan plan;
  EXPECT_TRUE(RuleFitsPlan(LogonRule(), plan));  // no tables named: every rule may run
  plan.tables = {"devicelogonevents", "SigninLogs"};
  EXPECT_TRUE(RuleFitsPlan(LogonRule(), plan));
  plan.tables = {"SigninLogs"};
  EXPECT_FALSE(RuleFitsPlan(LogonRule(), plan));
}

TEST(PlanFitTest, RuleMustMapThePlansEntities) {
  hunt::HuntPlan plan;
  plan.device_name = "ws-1";
  EXPECT_TRUE(RuleFitsPlan(LogonRule(), plan));
  plan.ip_address = "1.2.3.4";
  EXPECT_FALSE(RuleFitsPlan(LogonRule(), plan));
}

TEST(PlanFitTest, HitsAreKeptOnlyForThePlansEntities) {
  Hit hit;
  hit.entities.hosts = {"WS-1"};
  hit.entities.accounts = {"CONTOSO\\Alice"};
  hunt::HuntPlan plan;
  plan.device_name = "ws-1";
  EXPECT_TRUE(HitMatchesPlan(hit, plan));
  plan.user_principal_name = "alice@contoso.com";
  EXPECT_TRUE(HitMatchesPlan(hit, plan));
  plan.user_principal_name = "bob@contoso.com";
  EXPECT_FALSE(HitMatchesPlan(hit, plan));
  plan.user_principal_name.reset();
  plan.device_name = "ws-10";  // no prefix matching
  EXPECT_FALSE(HitMatchesPlan(hit, plan));
}

TEST(PlanFitTest, BareAccount) {
  EXPECT_EQ(BareAccount("Alice@Contoso.com"), "alice");
  EXPECT_EQ(BareAccount("CONTOSO\\Alice"), "alice");
  EXPECT_EQ(BareAccount("alice"), "alice");
}

}  // namespace
}  // namespace quarry::analytics
