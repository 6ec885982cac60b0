#include "range/ground_truth.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/time.h"

namespace quarry::range {
namespace {

TruthRecord SampleRecord() {
  TruthRecord r;
  r.id = "S01-rdp-brute-force";
  r.kind = "rdp_brute_force";
  r.name = "RDP brute force then successful logon";
  r.techniques = {"T1110.001", "T1021.001"};
  r.hosts = {"windows-target-1"};
  r.users = {"administrator"};
  r.ips = {"185.1.2.3"};
  r.start_ticks = *ParseDatetime("2025-03-01T10:00:00Z");
  r.end_ticks = *ParseDatetime("2025-03-01T10:20:00Z");
  r.evidence["DeviceLogonEvents"] = {17, 18, 19};
  return r;
}

TEST(GroundTruthTest, JsonRoundTripKeepsEveryField) {
  GroundTruth truth;
  truth.seed = 42;
  truth.scale = "small";
  truth.start_ticks = *ParseDatetime("2025-02-20T00:00:00Z");
  truth.end_ticks = *ParseDatetime("2025-03-06T00:00:00Z");
  truth.records.push_back(SampleRecord());
  TruthRecord benign = SampleRecord();
  benign.id = "B01-typo";
  benign.malicious = false;
  truth.records.push_back(benign);

  auto back = GroundTruthFromJson(GroundTruthToJson(truth));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->seed, 42u);
  EXPECT_EQ(back->start_ticks, truth.start_ticks);
  ASSERT_EQ(back->records.size(), 2u);
  EXPECT_EQ(back->records[0].techniques, (std::vector<std::string>{"T1110.001", "T1021.001"}));
  EXPECT_EQ(back->records[0].evidence.at("DeviceLogonEvents"), (std::vector<uint64_t>{17, 18, 19}));
  EXPECT_EQ(back->records[0].end_ticks, truth.records[0].end_ticks);
  EXPECT_EQ(back->Scenarios().size(), 1u);
  EXPECT_EQ(back->LookAlikes().size(), 1u);
  EXPECT_FALSE(back->records[1].malicious);
}

TEST(GroundTruthTest, EvidenceIdsAreWrittenAsItemIdText) {
  auto j = TruthRecordToJson(SampleRecord());
  EXPECT_EQ(j["evidence"]["DeviceLogonEvents"][0], "17");
  EXPECT_EQ(j["start"], "2025-03-01T10:00:00.0000000Z");
}

TEST(GroundTruthTest, RejectsMalformedRecordsNamingTheField) {
  auto j = TruthRecordToJson(SampleRecord());
  j["evidence"]["DeviceLogonEvents"][1] = "x9";
  auto r = TruthRecordFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("S01-rdp-brute-force"), std::string::npos);
  EXPECT_NE(r.status().message().find("x9"), std::string::npos);

  auto not_truth = GroundTruthFromJson(nlohmann::json{{"format", "other"}});
  EXPECT_EQ(not_truth.status().code(), StatusCode::kInvalidArgument);
}

TEST(GroundTruthTest, FileRoundTripAndMissingFile) {
  auto dir = std::filesystem::temp_directory_path() / "quarry_range_truth_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  EXPECT_EQ(ReadGroundTruth(dir.string()).status().code(), StatusCode::kNotFound);
  GroundTruth truth;
  truth.seed = 7;
  truth.records.push_back(SampleRecord());
  ASSERT_TRUE(WriteGroundTruth(dir.string(), truth).ok());
  auto back = ReadGroundTruth(dir.string());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->seed, 7u);
  EXPECT_EQ(back->records.at(0).id, "S01-rdp-brute-force");
  std::string table = FormatTruthTable(*back, false);
  EXPECT_NE(table.find("S01-rdp-brute-force"), std::string::npos);
  EXPECT_NE(table.find("windows-target-1"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace quarry::range
