#include "hunt/finding.h"

#include <gtest/gtest.h>

namespace quarry::hunt {
namespace {

nlohmann::json ModelFinding() {
  return nlohmann::json::parse(R"({
    "title": "Password spray against the tenant",
    "description": "Many accounts failed from one IP",
    "mitre": {"tactic": "Credential Access", "technique": "Brute Force",
              "sub_technique": "Password Spraying", "id": "T1110.003", "description": "spray"},
    "log_lines": ["[E1] SigninLogs | IPAddress=203.0.113.9"],
    "confidence": "high",
    "recommendations": ["Pivot", "create incident"],
    "indicators_of_compromise": ["203.0.113.9"],
    "tags": ["spray"],
    "notes": "",
    "evidence_ids": ["E1", "G2"]
  })");
}

TEST(FindingJsonTest, ParsesModelFieldsAndRoundTrips) {
  auto f = FindingFromJson(ModelFinding());
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->title, "Password spray against the tenant");
  EXPECT_EQ(f->mitre.id, "T1110.003");
  EXPECT_EQ(f->confidence, Confidence::kHigh);
  EXPECT_EQ(f->recommendations, (std::vector<std::string>{"pivot", "create incident"}));
  EXPECT_EQ(f->evidence_ids, (std::vector<std::string>{"E1", "G2"}));
  EXPECT_FALSE(f->verified);
  f->verified = true;
  f->round = 2;
  f->source = "model:gpt-4.1";
  f->entities.ips = {"203.0.113.9"};
  f->verification_notes = {"ok"};
  nlohmann::json j = FindingToJson(*f);
  EXPECT_EQ(j["confidence"], "High");
  auto back = FindingFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(FindingToJson(*back), j);
  EXPECT_EQ(back->round, 2);
  EXPECT_TRUE(back->verified);
  EXPECT_EQ(back->entities.ips, (std::vector<std::string>{"203.0.113.9"}));
}

TEST(FindingJsonTest, ErrorsNameTheField) {
  struct Case {
    const char* pointer;
    nlohmann::json value;
    const char* message;
  };
  const Case cases[] = {
      {"/confidence", "Critical", "field 'confidence': expected Low, Medium or High, found 'Critical'"},
      {"/mitre/id", 1110, "field 'mitre.id': expected a string, found integer"},
      {"/mitre", "T1110", "field 'mitre': expected an object, found string"},
      {"/log_lines", "one line", "field 'log_lines': expected an array of strings, found string"},
      {"/indicators_of_compromise/0", nlohmann::json::object(),
       "field 'indicators_of_compromise[0]': expected a string, found object"},
      {"/round", -1, "field 'round': -1 is out of range 0..1000"},
      {"/verified", "yes", "field 'verified': expected a boolean, found string"},
  };
  for (const auto& c : cases) {
    nlohmann::json j = ModelFinding();
    j[nlohmann::json::json_pointer(c.pointer)] = c.value;
    auto r = FindingFromJson(j);
    ASSERT_FALSE(r.ok()) << c.pointer;
    EXPECT_EQ(r.status().message(), c.message) << c.pointer;
  }
  nlohmann::json no_title = ModelFinding();
  no_title.erase("title");
  auto r = FindingFromJson(no_title);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "field 'title' is required but missing");
}

TEST(FindingJsonTest, ResponseSchemaIsStrictWithTheSeedsFields) {
  nlohmann::json s = FindingsResponseJsonSchema();
  EXPECT_EQ(s["required"], nlohmann::json::array({"findings"}));
  const auto& item = s["properties"]["findings"]["items"];
  EXPECT_EQ(item["additionalProperties"], false);
  std::vector<std::string> required = item["required"];
  std::sort(required.begin(), required.end());
  EXPECT_EQ(required, (std::vector<std::string>{"confidence", "description", "evidence_ids",
                                                "indicators_of_compromise", "log_lines", "mitre",
                                                "notes", "recommendations", "tags", "title"}));
  EXPECT_EQ(item["properties"]["confidence"]["enum"],
            nlohmann::json::array({"Low", "Medium", "High"}));
  EXPECT_EQ(item["properties"]["mitre"]["required"].size(), 5u);
}

TEST(ConfidenceTest, NamesRoundTrip) {
  for (auto c : {Confidence::kLow, Confidence::kMedium, Confidence::kHigh}) {
    EXPECT_EQ(ConfidenceFromName(ConfidenceName(c)), c);
  }
  EXPECT_EQ(ConfidenceFromName("MEDIUM"), Confidence::kMedium);
  EXPECT_FALSE(ConfidenceFromName("certain").has_value());
}

}  // namespace
}  // namespace quarry::hunt
