#include "analytics/rule_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/time.h"

namespace quarry::analytics {
namespace {

using ::testing::HasSubstr;

constexpr const char* kRule = R"(id: QR-TEST-001
name: Test rule
description: A rule for the loader test.
value: Shows the loader reads every field.
severity: High
tactics: [CredentialAccess]
relevantTechniques: [T1110.001, T1078]
requiredTables: [DeviceLogonEvents]
queryPeriod: 14d
query: |
  DeviceLogonEvents
  | where ActionType == "LogonFailed"
entityMappings:
  host: DeviceName
  account: [AccountName]
  ip: RemoteIP
knownFalsePositives:
  - A user who forgot a password.
version: 1.0.0
tests:
  now: 2024-05-08T00:00:00Z
  positive:
    minHits: 2
    tables:
      DeviceLogonEvents:
        - {_repeat: 3, _step: 1m, TimeGenerated: 2024-05-01T10:00:00Z, AccountName: "u{n}", RemotePort: 3389}
  negative:
    tables:
      DeviceLogonEvents:
        - {TimeGenerated: 2024-05-01T10:00:00Z, AdditionalFields: {a: 1, b: [x, "2"]}}
)";

TEST(RuleLoaderTest, ReadsEveryField) {
  auto r = ParseRule(kRule, "rules/test.yaml");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, "QR-TEST-001");
  EXPECT_EQ(r->severity, Severity::kHigh);
  EXPECT_THAT(r->techniques, ::testing::ElementsAre("T1110.001", "T1078"));
  EXPECT_THAT(r->tables, ::testing::ElementsAre("DeviceLogonEvents"));
  EXPECT_EQ(r->query_period_ticks, 14 * kTicksPerDay);
  ASSERT_EQ(r->entities.size(), 3u);
  EXPECT_EQ(r->entities[1].kind, EntityKind::kAccount);
  EXPECT_EQ(r->entities[1].column, "AccountName");
  EXPECT_EQ(r->positive.min_hits, 2u);
  const auto& rows = r->positive.tables.at("DeviceLogonEvents");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].at("AccountName"), "u2");
  EXPECT_EQ(rows[2].at("TimeGenerated"), "2024-05-01T10:02:00.0000000Z");
  EXPECT_EQ(rows[0].at("RemotePort"), 3389);
  const auto& neg = r->negative.tables.at("DeviceLogonEvents")[0].at("AdditionalFields");
  EXPECT_EQ(neg["a"], 1);
  EXPECT_EQ(neg["b"][1], "2");
  ASSERT_TRUE(r->fixture_now.has_value());
}

TEST(RuleLoaderTest, BadSeverityNamesFileLineAndField) {
  std::string text = kRule;
  text.replace(text.find("severity: High"), 14, "severity: Hgh");
  auto r = ParseRule(text, "rules/test.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("rules/test.yaml line 5, field 'severity'"));
  EXPECT_THAT(r.status().message(), HasSubstr("got 'Hgh'"));
}

TEST(RuleLoaderTest, BadTechniqueIdIsRejected) {
  std::string text = kRule;
  text.replace(text.find("T1078"), 5, "TA0006");
  auto r = ParseRule(text, "x.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("'TA0006' is not an ATT&CK technique id"));
}

TEST(RuleLoaderTest, MissingQueryIsRequired) {
  auto r = ParseRule("id: a\nname: b\ndescription: c\nseverity: Low\nrelevantTechniques: [T1110]\n"
                     "requiredTables: [SigninLogs]\nentityMappings: {account: X}\n",
                     "x.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("field 'query': is required"));
}

TEST(RuleLoaderTest, BrokenYamlNamesTheLine) {
  auto r = ParseRule("id: a\nname: [unclosed\n", "broken.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("broken.yaml line"));
  EXPECT_THAT(r.status().message(), HasSubstr("not valid YAML"));
}

TEST(RuleLoaderTest, SentinelStyleEntityMappings) {
  std::string text = kRule;
  size_t start = text.find("entityMappings:");
  size_t end = text.find("knownFalsePositives:");
  text.replace(start, end - start,
               "entityMappings:\n  - entityType: Host\n    fieldMappings:\n"
               "      - identifier: HostName\n        columnName: DeviceName\n");
  auto r = ParseRule(text, "x.yaml");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->entities.size(), 1u);
  EXPECT_EQ(r->entities[0].kind, EntityKind::kHost);
  EXPECT_EQ(r->entities[0].column, "DeviceName");
}

}  // namespace
}  // namespace quarry::analytics
