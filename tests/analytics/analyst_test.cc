#include "analytics/analyst.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "common/time.h"

namespace quarry::analytics {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

int64_t At(const char* text) { return *ParseDatetime(text); }

Rule MakeRule(std::string id, std::string technique, Severity severity) {
  Rule r;
  r.id = std::move(id);
  r.name = "Rule " + r.id;
  r.description = "Something suspicious.";
  r.severity = severity;
  r.tactics = {"CredentialAccess"};
  r.techniques = {std::move(technique)};
  r.tables = {"DeviceProcessEvents"};
  r.entities = {{EntityKind::kHost, "DeviceName"},
                {EntityKind::kAccount, "AccountName"},
                {EntityKind::kIp, "RemoteIP"}};
  return r;
}

// (TimeGenerated, DeviceName, AccountName, RemoteIP, SHA256, _ItemId)
TablePtr Rows(const std::vector<std::tuple<const char*, const char*, const char*, const char*,
                                           const char*, const char*>>& rows) {
  Schema schema({{"TimeGenerated", Type::kDatetime},
                 {"DeviceName", Type::kString},
                 {"AccountName", Type::kString},
                 {"RemoteIP", Type::kString},
                 {"SHA256", Type::kString},
                 {"_ItemId", Type::kString}});
  TableBuilder b(schema);
  for (const auto& [t, host, account, ip, sha, id] : rows) {
    b.AppendRow({Value::Datetime(At(t)), Value::String(host), Value::String(account),
                 Value::String(ip), sha ? Value::String(sha) : Value::Null(Type::kString),
                 Value::String(id)});
  }
  return b.Finish();
}

TEST(AnalystTest, GroupsRowsOnTheSameHostAndTime) {
  Rule rule = MakeRule("R1", "T1110.001", Severity::kMedium);
  auto table = Rows({{"2024-05-01T10:00:00Z", "ws-1", "alice", "203.0.113.9", nullptr, "1"},
                     {"2024-05-01T10:20:00Z", "ws-1", "bob", "203.0.113.9", nullptr, "2"},
                     {"2024-05-01T11:00:00Z", "ws-1", "alice", "10.0.0.5", nullptr, "3"}});
  auto findings = BuildFindings(ExtractHits(rule, *table), {});
  ASSERT_EQ(findings.size(), 1u);
  const auto& f = findings[0];
  EXPECT_EQ(f.confidence, hunt::Confidence::kMedium);
  EXPECT_THAT(f.evidence_ids, ElementsAre("1", "2", "3"));
  EXPECT_THAT(f.entities.hosts, ElementsAre("ws-1"));
  EXPECT_THAT(f.entities.accounts, UnorderedElementsAre("alice", "bob"));
  EXPECT_EQ(f.log_lines.size(), 3u);
  EXPECT_THAT(f.log_lines[0], HasSubstr("DeviceName=ws-1"));
  EXPECT_THAT(f.log_lines[0], Not(HasSubstr("_ItemId")));
  EXPECT_THAT(f.indicators_of_compromise, ElementsAre("203.0.113.9"));  // private IP left out
  EXPECT_EQ(f.mitre.id, "T1110.001");
  EXPECT_EQ(f.source, "rule:R1");
  EXPECT_THAT(f.description, HasSubstr("3 matching rows"));
  EXPECT_THAT(f.title, HasSubstr("ws-1"));
}

TEST(AnalystTest, SplitsByHostAndByTimeGap) {
  Rule rule = MakeRule("R1", "T1110.001", Severity::kLow);
  auto table = Rows({{"2024-05-01T10:00:00Z", "ws-1", "a", "10.0.0.1", nullptr, "1"},
                     {"2024-05-01T10:00:00Z", "ws-2", "a", "10.0.0.1", nullptr, "2"},
                     {"2024-05-01T20:00:00Z", "ws-1", "a", "10.0.0.1", nullptr, "3"}});
  auto findings = BuildFindings(ExtractHits(rule, *table), {});
  ASSERT_EQ(findings.size(), 3u);
  for (const auto& f : findings) {
    EXPECT_EQ(f.evidence_ids.size(), 1u);
    EXPECT_EQ(f.confidence, hunt::Confidence::kLow);
  }
}

TEST(AnalystTest, CorroborationRaisesConfidence) {
  Rule dump = MakeRule("R-DUMP", "T1003.001", Severity::kMedium);
  Rule discovery = MakeRule("R-DISC", "T1087", Severity::kLow);
  Rule exposure = MakeRule("R-EXPO", "T1133", Severity::kInformational);
  Rule elsewhere = MakeRule("R-ELSE", "T1059.001", Severity::kLow);
  auto t1 = Rows({{"2024-05-01T10:00:00Z", "ws-1", "a", "10.0.0.1", nullptr, "1"}});
  auto t2 = Rows({{"2024-05-01T12:00:00Z", "WS-1", "b", "10.0.0.1", nullptr, "2"}});
  auto t3 = Rows({{"2024-05-01T12:00:00Z", "ws-9", "c", "10.0.0.1", nullptr, "3"}});
  std::vector<Hit> hits = ExtractHits(dump, *t1);
  for (auto& h : ExtractHits(discovery, *t2)) hits.push_back(h);
  for (auto& h : ExtractHits(elsewhere, *t3)) hits.push_back(h);
  for (auto& h : ExtractHits(exposure, *t1)) hits.push_back(h);
  auto findings = BuildFindings(hits, {});
  ASSERT_EQ(findings.size(), 4u);
  // The Medium dump raises the Low discovery on the same host (case-insensitive), but the Low
  // discovery and the informational exposure are too weak to raise the dump.
  EXPECT_EQ(findings[0].source, "rule:R-DUMP");
  EXPECT_EQ(findings[0].confidence, hunt::Confidence::kMedium);
  EXPECT_EQ(findings[1].source, "rule:R-DISC");
  EXPECT_EQ(findings[1].confidence, hunt::Confidence::kMedium);
  EXPECT_THAT(findings[1].notes, HasSubstr("Corroborated by: Rule R-DUMP (T1003.001)"));
  EXPECT_EQ(findings[2].source, "rule:R-ELSE");
  EXPECT_EQ(findings[2].confidence, hunt::Confidence::kLow);
  EXPECT_EQ(findings[3].source, "rule:R-EXPO");
  EXPECT_EQ(findings[3].confidence, hunt::Confidence::kLow);
}

TEST(AnalystTest, TwoMediumFindingsOnOneHostRaiseEachOther) {
  Rule dump = MakeRule("R-DUMP", "T1003.001", Severity::kMedium);
  Rule c2 = MakeRule("R-C2", "T1571", Severity::kMedium);
  auto t1 = Rows({{"2024-05-01T10:00:00Z", "ws-1", "a", "10.0.0.1", nullptr, "1"}});
  auto t2 = Rows({{"2024-05-02T08:00:00Z", "ws-1", "b", "10.0.0.1", nullptr, "2"}});
  std::vector<Hit> hits = ExtractHits(dump, *t1);
  for (auto& h : ExtractHits(c2, *t2)) hits.push_back(h);
  auto findings = BuildFindings(hits, {});
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].confidence, hunt::Confidence::kHigh);
  EXPECT_EQ(findings[1].confidence, hunt::Confidence::kHigh);
}

TEST(AnalystTest, TwoRulesOfOneFamilyMergeIntoOneCorroboratedFinding) {
  Rule a = MakeRule("R-A", "T1059.001", Severity::kMedium);
  Rule b = MakeRule("R-B", "T1059", Severity::kLow);
  auto t1 = Rows({{"2024-05-01T10:00:00Z", "ws-1", "a", "10.0.0.1", nullptr, "1"}});
  auto t2 = Rows({{"2024-05-01T10:05:00Z", "ws-1", "a", "10.0.0.1", nullptr, "2"}});
  std::vector<Hit> hits = ExtractHits(a, *t1);
  for (auto& h : ExtractHits(b, *t2)) hits.push_back(h);
  auto findings = BuildFindings(hits, {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].source, "rule:R-A,rule:R-B");
  EXPECT_EQ(findings[0].confidence, hunt::Confidence::kHigh);
  EXPECT_EQ(findings[0].mitre.id, "T1059.001");  // the more severe rule leads
  EXPECT_THAT(findings[0].evidence_ids, ElementsAre("1", "2"));
}

TEST(AnalystTest, HashesAndEvidenceArraysAreRead) {
  Rule rule = MakeRule("R1", "T1486", Severity::kHigh);
  rule.entities.push_back({EntityKind::kFile, "FileName"});
  Schema schema({{"TimeGenerated", Type::kDatetime},
                 {"DeviceName", Type::kString},
                 {"FileName", Type::kString},
                 {"SHA256", Type::kString},
                 {"EvidenceIds", Type::kDynamic}});
  TableBuilder b(schema);
  b.AppendRow({Value::Datetime(At("2024-05-01T10:00:00Z")), Value::String("srv-1"),
               Value::String("evil.exe"), Value::String("ab12cd"),
               Value::Dynamic(Json::array({"7", Json::array({"8", 9})}))});
  auto findings = BuildFindings(ExtractHits(rule, *b.Finish()), {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].evidence_ids, ElementsAre("7", "8", "9"));
  EXPECT_THAT(findings[0].indicators_of_compromise, UnorderedElementsAre("evil.exe", "ab12cd"));
  EXPECT_EQ(findings[0].confidence, hunt::Confidence::kHigh);
  EXPECT_THAT(findings[0].recommendations, Contains("create incident"));
}

TEST(AnalystTest, AttackCatalogNamesTheTechnique) {
  auto catalog = attack::BuiltinCatalog();
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  Rule rule = MakeRule("R1", "T1110.003", Severity::kMedium);
  auto table = Rows({{"2024-05-01T10:00:00Z", "ws-1", "a", "10.0.0.1", nullptr, "1"}});
  AnalystOptions options;
  options.attack = *catalog;
  auto findings = BuildFindings(ExtractHits(rule, *table), options);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].mitre.technique, "Brute Force");
  EXPECT_EQ(findings[0].mitre.sub_technique, "Password Spraying");
  EXPECT_EQ(findings[0].mitre.tactic, "Credential Access");
}

TEST(HitTest, PublicIpClassification) {
  EXPECT_TRUE(IsPublicIp("203.0.113.9"));
  EXPECT_TRUE(IsPublicIp("8.8.8.8"));
  EXPECT_FALSE(IsPublicIp("10.1.2.3"));
  EXPECT_FALSE(IsPublicIp("172.20.0.1"));
  EXPECT_TRUE(IsPublicIp("172.32.0.1"));
  EXPECT_FALSE(IsPublicIp("192.168.1.1"));
  EXPECT_FALSE(IsPublicIp("127.0.0.1"));
  EXPECT_FALSE(IsPublicIp("fe80::1"));
  EXPECT_TRUE(IsPublicIp("2001:4860::8888"));
  EXPECT_FALSE(IsPublicIp("not-an-ip"));
}

}  // namespace
}  // namespace quarry::analytics

namespace quarry::analytics {
namespace {

TEST(AnalystTest, RowTechniqueOverridesTheRules) {
  Rule rule = MakeRule("R-ALERT", "T1204", Severity::kMedium);
  Schema schema({{"TimeGenerated", Type::kDatetime},
                 {"DeviceName", Type::kString},
                 {"TechniqueId", Type::kString},
                 {"_ItemId", Type::kString}});
  TableBuilder b(schema);
  b.AppendRow({Value::Datetime(At("2024-05-01T10:00:00Z")), Value::String("ws-1"),
               Value::String("t1003.001"), Value::String("5")});
  b.AppendRow({Value::Datetime(At("2024-05-01T10:00:00Z")), Value::String("ws-2"),
               Value::String("not a technique"), Value::String("6")});
  auto findings = BuildFindings(ExtractHits(rule, *b.Finish()), {});
  ASSERT_EQ(findings.size(), 2u);
  std::set<std::string> ids = {findings[0].mitre.id, findings[1].mitre.id};
  EXPECT_EQ(ids, (std::set<std::string>{"T1003.001", "T1204"}));
  for (const auto& f : findings) {
    for (const auto& line : f.log_lines) EXPECT_THAT(line, Not(HasSubstr("TechniqueId")));
  }
}

}  // namespace
}  // namespace quarry::analytics

namespace quarry::analytics {
namespace {

TEST(AnalystTest, BlockTextBecomesOneLineOfProse) {
  Rule rule = MakeRule("R1", "T1110.001", Severity::kLow);
  rule.description = "Ten or more failures\nfrom one IP.\n";
  rule.value = "Guessing\n  passwords.\n";
  auto table = Rows({{"2024-05-01T10:00:00Z", "ws-1", "a", "10.0.0.1", nullptr, "1"}});
  auto findings = BuildFindings(ExtractHits(rule, *table), {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_THAT(findings[0].description, HasSubstr("Ten or more failures from one IP. 1 matching row"));
  EXPECT_THAT(findings[0].notes, HasSubstr("Why it matters: Guessing passwords."));
}

}  // namespace
}  // namespace quarry::analytics
