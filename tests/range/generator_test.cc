#include "range/generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "common/time.h"
#include "range/event_sink.h"

namespace quarry::range {
namespace {

constexpr const char* kNow = "2025-03-10T12:00:00Z";

struct Generated {
  MemorySink sink;
  GroundTruth truth;
  GenerateStats stats;
};

RangeOptions Options(uint64_t seed) {
  RangeOptions o;
  o.scale = Scale::kSmall;
  o.seed = seed;
  o.now_ticks = *ParseDatetime(kNow);
  return o;
}

std::unique_ptr<Generated> GenerateRange(uint64_t seed) {
  auto g = std::make_unique<Generated>();
  auto truth = Generate(Options(seed), g->sink, &g->stats);
  EXPECT_TRUE(truth.ok()) << truth.status().ToString();
  if (truth.ok()) g->truth = std::move(*truth);
  return g;
}

// Small ranges are generated once per seed and shared by the tests.
const Generated& Small(uint64_t seed) {
  static std::map<uint64_t, std::unique_ptr<Generated>> cache;
  auto& slot = cache[seed];
  if (!slot) slot = GenerateRange(seed);
  return *slot;
}

TEST(GeneratorTest, FillsAllTwelveTablesAtSmallScale) {
  const Generated& g = Small(1);
  static const char* const kTables[] = {
      "DeviceProcessEvents", "DeviceNetworkEvents", "DeviceLogonEvents", "DeviceFileEvents",
      "DeviceRegistryEvents", "DeviceInfo", "AlertInfo", "AlertEvidence", "SigninLogs",
      "AuditLogs", "AzureActivity", "AzureNetworkAnalytics_CL"};
  for (const char* t : kTables) EXPECT_GT(g.sink.RowCount(t), 0u) << t;
  EXPECT_EQ(g.sink.TotalRows(), g.stats.total_rows);
  EXPECT_GT(g.stats.total_rows, 100'000u);
  EXPECT_LT(g.stats.total_rows, 400'000u);
  EXPECT_GE(g.stats.hosts, 20u);
  EXPECT_LE(g.stats.hosts, 60u);
  EXPECT_GE(g.stats.users, 50u);
}

TEST(GeneratorTest, SameSeedGivesIdenticalTruthAndRowCounts) {
  const Generated& a = Small(1);
  auto b = GenerateRange(1);
  EXPECT_EQ(GroundTruthToJson(a.truth), GroundTruthToJson(b->truth));
  EXPECT_EQ(a.stats.rows, b->stats.rows);
  // Spot-check that the rows themselves are identical, not just their number.
  for (const char* table : {"DeviceProcessEvents", "SigninLogs", "AzureNetworkAnalytics_CL"}) {
    const auto& ba = a.sink.tables().at(table);
    const auto& bb = b->sink.tables().at(table);
    ASSERT_EQ(ba.size(), bb.size()) << table;
    for (size_t i = 0; i < ba.size(); i += 37) {
      ASSERT_EQ(ba[i].first_id, bb[i].first_id);
      for (size_t r = 0; r < ba[i].rows->num_rows(); ++r) {
        for (size_t c = 0; c < ba[i].rows->num_columns(); ++c) {
          ASSERT_EQ(ba[i].rows->column(c)->GetValue(r), bb[i].rows->column(c)->GetValue(r))
              << table << " batch " << i << " row " << r << " col " << c;
        }
      }
    }
  }
}

TEST(GeneratorTest, DifferentSeedsLayScenariosOutDifferently) {
  const Generated& a = Small(1);
  const Generated& b = Small(2);
  ASSERT_EQ(a.truth.records.size(), b.truth.records.size());
  int same_hosts = 0, same_times = 0, same_ips = 0;
  for (size_t i = 0; i < a.truth.records.size(); ++i) {
    const auto& ra = a.truth.records[i];
    const auto& rb = b.truth.records[i];
    EXPECT_EQ(ra.kind, rb.kind);
    same_hosts += ra.hosts == rb.hosts;
    same_times += ra.start_ticks == rb.start_ticks;
    same_ips += !ra.ips.empty() && ra.ips == rb.ips;
  }
  EXPECT_LT(same_hosts, static_cast<int>(a.truth.records.size()) / 2 + 4);
  EXPECT_EQ(same_times, 0);
  EXPECT_LT(same_ips, 4);
  EXPECT_NE(a.stats.rows, b.stats.rows);
}

TEST(GeneratorTest, CoversEveryRequiredScenarioKindWithLookAlikes) {
  const Generated& g = Small(3);
  std::set<std::string> kinds;
  for (const auto* r : g.truth.Scenarios()) kinds.insert(r->kind);
  for (const char* k : {"rdp_brute_force", "ssh_brute_force", "password_spray", "impossible_travel",
                        "mfa_fatigue", "encoded_powershell_download", "certutil_bitsadmin_download",
                        "lolbin_proxy_execution", "run_key_persistence", "scheduled_task_persistence",
                        "new_local_admin", "lsass_dump", "discovery_burst", "lateral_movement",
                        "c2_beacon", "exfiltration", "ransomware_mass_rename",
                        "malicious_inbound_flows", "port_scan", "azure_role_assignment",
                        "vm_run_command", "defender_alert"}) {
    EXPECT_TRUE(kinds.count(k)) << k;
  }
  EXPECT_GE(g.truth.LookAlikes().size(), 5u);
  for (const auto& r : g.truth.records) {
    EXPECT_FALSE(r.techniques.empty()) << r.id;
    EXPECT_FALSE(r.name.empty()) << r.id;
    EXPECT_GE(r.start_ticks, g.truth.start_ticks) << r.id;
    EXPECT_LT(r.end_ticks, g.truth.end_ticks) << r.id;
    EXPECT_LE(r.start_ticks, r.end_ticks) << r.id;
    EXPECT_GT(r.EvidenceCount(), 0u) << r.id;
    EXPECT_FALSE(r.hosts.empty() && r.users.empty() && r.ips.empty()) << r.id;
  }
}

// Every host and IP a scenario names must appear in at least one of its evidence rows, and every
// evidence row must mention at least one of the scenario's entities.
TEST(GeneratorTest, EvidenceIdsPointAtRowsThatContainTheScenarioEntities) {
  for (uint64_t seed : {1, 2}) {
    const Generated& g = Small(seed);
    for (const auto& r : g.truth.records) {
      std::vector<std::string> entities;
      for (const auto* list : {&r.hosts, &r.users, &r.ips}) {
        entities.insert(entities.end(), list->begin(), list->end());
      }
      std::set<std::string> found;
      for (const auto& [table, ids] : r.evidence) {
        for (uint64_t id : ids) {
          size_t row = 0;
          const Table* t = g.sink.FindRow(table, id, &row);
          ASSERT_NE(t, nullptr) << r.id << " cites missing " << table << " row " << id;
          std::string text;
          for (size_t c = 0; c < t->num_columns(); ++c) {
            if (!t->column(c)->IsNull(row)) text += t->column(c)->GetValue(row).ToString() + "\x1f";
          }
          int64_t time = t->ColumnByName("TimeGenerated")->GetValue(row).int_value();
          EXPECT_GE(time, r.start_ticks) << r.id;
          EXPECT_LE(time, r.end_ticks) << r.id;
          bool any = false;
          for (const auto& e : entities) {
            if (text.find(e) != std::string::npos) {
              found.insert(e);
              any = true;
            }
          }
          // AlertInfo has no entity columns; its AlertId ties it to the AlertEvidence rows.
          if (table != "AlertInfo") {
            EXPECT_TRUE(any) << r.id << ": " << table << " row " << id << " names none of its entities";
          }
        }
      }
      for (const auto& h : r.hosts) EXPECT_TRUE(found.count(h)) << r.id << " host " << h;
      for (const auto& ip : r.ips) EXPECT_TRUE(found.count(ip)) << r.id << " ip " << ip;
    }
  }
}

TEST(GeneratorTest, SigninFailureRateIsRealistic) {
  const Generated& g = Small(1);
  uint64_t total = 0, failed = 0;
  std::set<std::string> codes;
  for (const auto& batch : g.sink.tables().at("SigninLogs")) {
    auto col = batch.rows->ColumnByName("ResultType");
    for (size_t i = 0; i < batch.rows->num_rows(); ++i) {
      std::string code(col->str(i));
      codes.insert(code);
      ++total;
      failed += code != "0";
    }
  }
  double rate = static_cast<double>(failed) / static_cast<double>(total);
  EXPECT_GT(rate, 0.04);
  EXPECT_LT(rate, 0.25);
  for (const char* code : {"0", "50126", "50074", "50140", "500121", "50053"}) {
    EXPECT_TRUE(codes.count(code)) << code;
  }
}

TEST(GeneratorTest, ProcessTreesLookLikeWindowsAndLinux) {
  const Generated& g = Small(1);
  uint64_t windows = 0, linux_rows = 0, with_parent = 0, rows = 0;
  std::set<std::string> integrity;
  for (const auto& batch : g.sink.tables().at("DeviceProcessEvents")) {
    const Table& t = *batch.rows;
    auto folder = t.ColumnByName("FolderPath");
    auto parent = t.ColumnByName("InitiatingProcessFileName");
    auto il = t.ColumnByName("ProcessIntegrityLevel");
    auto cmd = t.ColumnByName("ProcessCommandLine");
    for (size_t i = 0; i < t.num_rows(); ++i) {
      ++rows;
      std::string_view f = folder->str(i);
      windows += f.starts_with("C:\\");
      linux_rows += f.starts_with("/");
      with_parent += !parent->IsNull(i) && !parent->str(i).empty();
      if (!il->IsNull(i)) integrity.insert(std::string(il->str(i)));
      EXPECT_FALSE(cmd->IsNull(i));
    }
  }
  EXPECT_EQ(with_parent, rows);
  EXPECT_GT(windows, rows / 2);
  EXPECT_GT(linux_rows, rows / 50);
  for (const char* level : {"System", "High", "Medium"}) EXPECT_TRUE(integrity.count(level)) << level;
}

TEST(GeneratorTest, LogonsCoverTheUsualTypesWithSomeFailures) {
  const Generated& g = Small(1);
  std::set<std::string> types;
  uint64_t total = 0, failed = 0;
  for (const auto& batch : g.sink.tables().at("DeviceLogonEvents")) {
    auto type = batch.rows->ColumnByName("LogonType");
    auto action = batch.rows->ColumnByName("ActionType");
    for (size_t i = 0; i < batch.rows->num_rows(); ++i) {
      types.insert(std::string(type->str(i)));
      ++total;
      failed += action->str(i) == "LogonFailed";
    }
  }
  for (const char* t : {"Interactive", "Network", "RemoteInteractive", "Service", "Batch", "Unlock"}) {
    EXPECT_TRUE(types.count(t)) << t;
  }
  EXPECT_GT(failed, total / 100);
  EXPECT_LT(failed, total / 2);
}

// `quarry demo` hunts "windows-target-1 ... maliciously logged into in the last few days" (96 h)
// at the range's end: every seed must plant the RDP brute force and its successful logon on that
// host within the last 72 hours.
TEST(GeneratorTest, DemoHostLogonAttackLandsInTheLastThreeDaysForEverySeed) {
  for (uint64_t seed : {1, 2, 3, 11}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Generated& g = Small(seed);
    const TruthRecord* rdp = nullptr;
    for (const auto* r : g.truth.Scenarios()) {
      if (r->kind == "rdp_brute_force") rdp = r;
    }
    ASSERT_NE(rdp, nullptr);
    EXPECT_EQ(rdp->hosts, std::vector<std::string>{"windows-target-1"});
    EXPECT_GE(rdp->start_ticks, g.truth.end_ticks - 72 * kTicksPerHour);
    EXPECT_LT(rdp->end_ticks, g.truth.end_ticks);
    ASSERT_TRUE(rdp->evidence.count("DeviceLogonEvents"));
    int failed = 0, succeeded = 0;
    for (uint64_t id : rdp->evidence.at("DeviceLogonEvents")) {
      size_t row = 0;
      const Table* t = g.sink.FindRow("DeviceLogonEvents", id, &row);
      ASSERT_NE(t, nullptr);
      EXPECT_EQ(t->ColumnByName("DeviceName")->str(row), "windows-target-1");
      int64_t time = t->ColumnByName("TimeGenerated")->GetValue(row).int_value();
      EXPECT_GE(time, g.truth.end_ticks - 72 * kTicksPerHour);
      std::string_view action = t->ColumnByName("ActionType")->str(row);
      failed += action == "LogonFailed";
      succeeded += action == "LogonSuccess";
    }
    EXPECT_GE(failed, 40);
    EXPECT_EQ(succeeded, 2);  // the Network logon with the guessed password, then RDP
  }
}

}  // namespace
}  // namespace quarry::range
