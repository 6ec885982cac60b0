#include "analytics/score.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace quarry::analytics {
namespace {

using ::testing::HasSubstr;

range::TruthRecord Record(std::string id, bool malicious, std::vector<std::string> techniques,
                          std::vector<std::string> hosts, std::vector<std::string> users) {
  range::TruthRecord r;
  r.id = std::move(id);
  r.kind = r.id;
  r.name = r.id;
  r.malicious = malicious;
  r.techniques = std::move(techniques);
  r.hosts = std::move(hosts);
  r.users = std::move(users);
  return r;
}

hunt::Finding MakeFinding(std::string title, std::string technique, hunt::Confidence c,
                          std::vector<std::string> hosts, std::vector<std::string> accounts = {}) {
  hunt::Finding f;
  f.title = std::move(title);
  f.mitre.id = std::move(technique);
  f.confidence = c;
  f.entities.hosts = std::move(hosts);
  f.entities.accounts = std::move(accounts);
  return f;
}

TEST(ScoreTest, MatchNeedsTechniqueFamilyAndAnEntity) {
  auto rec = Record("S1", true, {"T1059"}, {"windows-target-1"}, {"alice@contoso.com"});
  EXPECT_TRUE(FindingMatches(MakeFinding("a", "T1059.001", hunt::Confidence::kHigh, {"WINDOWS-TARGET-1"}), rec));
  EXPECT_TRUE(FindingMatches(MakeFinding("b", "T1059", hunt::Confidence::kHigh, {}, {"CONTOSO\\alice"}), rec));
  EXPECT_FALSE(FindingMatches(MakeFinding("c", "T1003.001", hunt::Confidence::kHigh, {"windows-target-1"}), rec));
  EXPECT_FALSE(FindingMatches(MakeFinding("d", "T1059.001", hunt::Confidence::kHigh, {"windows-target-10"}), rec));
}

TEST(ScoreTest, RecallAndPrecision) {
  range::GroundTruth truth;
  truth.records = {Record("S1", true, {"T1110.001"}, {"ws-1"}, {}),
                   Record("S2", true, {"T1003.001"}, {"ws-2"}, {}),
                   Record("B1", false, {"T1059.001"}, {"ws-3"}, {})};
  truth.records[2].evidence["DeviceProcessEvents"] = {17, 18};
  std::vector<hunt::Finding> findings = {
      MakeFinding("brute force", "T1110.001", hunt::Confidence::kMedium, {"ws-1"}),
      MakeFinding("admin powershell", "T1059.001", hunt::Confidence::kHigh, {"ws-3"}),
      MakeFinding("noise", "T1087", hunt::Confidence::kLow, {"ws-9"}),
      MakeFinding("same host, other rows", "T1059.001", hunt::Confidence::kHigh, {"ws-3"})};
  findings[1].evidence_ids = {"18"};
  findings[3].evidence_ids = {"99"};
  ScoreReport r = Score(truth, findings);
  EXPECT_EQ(r.scenarios, 2u);
  EXPECT_EQ(r.scenarios_found, 1u);
  EXPECT_DOUBLE_EQ(r.recall, 0.5);
  EXPECT_EQ(r.medium_high, 3u);
  EXPECT_EQ(r.medium_high_matching, 1u);
  EXPECT_DOUBLE_EQ(r.precision, 1.0 / 3.0);
  EXPECT_EQ(r.lookalikes_fired_high, 1u);
  std::string text = FormatScore(r, true);
  EXPECT_THAT(text, HasSubstr("recall: 50%"));
  EXPECT_THAT(text, HasSubstr("precision: 33%"));
  EXPECT_THAT(text, HasSubstr("missed: S2"));
  EXPECT_THAT(text, HasSubstr("look-alike fired High: B1"));
}

}  // namespace
}  // namespace quarry::analytics
