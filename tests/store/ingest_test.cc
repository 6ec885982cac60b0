#include "store/ingest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/time.h"
#include "test_files.h"

namespace quarry::store {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

std::vector<Json> QuarantineLines(const std::string& ws_dir) {
  auto text = ReadWholeFile(Env::Default(), ws_dir + "/quarantine.jsonl");
  std::vector<Json> out;
  if (!text.ok()) return out;
  size_t pos = 0;
  while (pos < text->size()) {
    size_t nl = text->find('\n', pos);
    out.push_back(Json::parse(text->substr(pos, nl - pos)));
    pos = nl + 1;
  }
  return out;
}

TEST(IngestTest, DetectsBuiltinTablesFromTheirColumns) {
  auto reg = BuiltinSchemas();
  ASSERT_TRUE(reg.ok()) << reg.status().ToString();
  EXPECT_EQ(DetectTable({"TimeGenerated", "UserPrincipalName", "ResultType", "IPAddress",
                         "AppDisplayName"},
                        **reg),
            "SigninLogs");
  EXPECT_EQ(DetectTable({"Timestamp", "DeviceName", "ProcessCommandLine", "FileName",
                         "InitiatingProcessFileName", "AccountName"},
                        **reg),
            "DeviceProcessEvents");
  EXPECT_EQ(DetectTable({"a", "b", "c"}, **reg), std::nullopt);
}

TEST(IngestTest, IngestsByTypeColumnQuarantinesAndAppendsLater) {
  TempDir dir;
  std::string signins = dir.Write(
      "signins.jsonl",
      "{\"TimeGenerated\":\"2024-03-01T10:00:00Z\",\"UserPrincipalName\":\"a@contoso.com\","
      "\"ResultType\":50126,\"IsInteractive\":\"yes\",\"Type\":\"SigninLogs\","
      "\"MyCustom\":\"kept\"}\n"
      "not json at all\n"
      "{\"TimeGenerated\":\"2024-03-02T10:00:00Z\",\"UserPrincipalName\":\"b@contoso.com\","
      "\"ResultType\":\"0\",\"IsInteractive\":true,\"Type\":\"SigninLogs\"}\n");
  auto ws = Workspace::Open(dir.path() + "/ws", true);
  ASSERT_TRUE(ws.ok());
  auto summary = IngestFiles(**ws, {signins, dir.path() + "/missing.jsonl"}, IngestOptions{});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  ASSERT_EQ(summary->files.size(), 2u);
  EXPECT_EQ(summary->files[0].table, "SigninLogs");
  EXPECT_EQ(summary->files[0].rows, 2u);
  EXPECT_EQ(summary->files[1].status.code(), StatusCode::kNotFound);
  EXPECT_EQ(summary->rows, 2u);
  EXPECT_EQ(summary->bad_records, 1u);
  EXPECT_EQ(summary->bad_values, 1u);

  auto t = (*ws)->Read("SigninLogs", ReadOptions{}, nullptr);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ((*t)->num_rows(), 2u);
  auto rt = (*t)->ColumnByName("ResultType");
  ASSERT_EQ(rt->type(), Type::kString);  // the built-in schema's type, not the file's
  std::set<std::string> results = {std::string(rt->str(0)), std::string(rt->str(1))};
  EXPECT_EQ(results, (std::set<std::string>{"50126", "0"}));
  ASSERT_NE((*t)->ColumnByName("MyCustom"), nullptr);
  EXPECT_EQ((*t)->ColumnByName("IsInteractive")->type(), Type::kBool);

  auto lines = QuarantineLines((*ws)->dir());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["file"], signins);
  EXPECT_EQ(lines[0]["line"], 1);
  EXPECT_EQ(lines[0]["column"], "IsInteractive");
  EXPECT_EQ(lines[0]["raw"], "yes");
  EXPECT_EQ(lines[1]["line"], 2);
  EXPECT_EQ(lines[1]["raw"], "not json at all");
  EXPECT_THAT(lines[1]["reason"].get<std::string>(), HasSubstr("broken JSON"));

  // A later ingest appends; ids continue.
  auto again = IngestFiles(**ws, {signins}, IngestOptions{});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*ws)->FindTable("SigninLogs")->rows, 4u);
  ReadOptions ids;
  ids.columns = {"_ItemId"};
  auto id_table = (*ws)->Read("SigninLogs", ids, nullptr);
  ASSERT_TRUE(id_table.ok());
  std::set<std::string> seen;
  for (size_t i = 0; i < 4; ++i) seen.insert(std::string((*id_table)->column(0)->str(i)));
  EXPECT_EQ(seen, (std::set<std::string>{"1", "2", "3", "4"}));
}

TEST(IngestTest, CsvDetectedByColumnsAndTimestampFillsTimeGenerated) {
  TempDir dir;
  std::string csv = dir.Write("procs.csv",
                              "Timestamp,DeviceName,ProcessCommandLine,FileName,AccountName,ProcessId\n"
                              "2024-03-01T10:00:00Z,ws-1,whoami /all,whoami.exe,alice,4242\n");
  auto ws = Workspace::Open(dir.path() + "/ws", true);
  ASSERT_TRUE(ws.ok());
  auto summary = IngestFiles(**ws, {csv}, IngestOptions{});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->files[0].table, "DeviceProcessEvents");
  EXPECT_EQ(summary->quarantine_path, "");
  auto t = (*ws)->Read("DeviceProcessEvents", ReadOptions{}, nullptr);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ((*t)->num_rows(), 1u);
  int64_t ts = *ParseDatetime("2024-03-01T10:00:00Z");
  EXPECT_EQ((*t)->ColumnByName("TimeGenerated")->GetValue(0), Value::Datetime(ts));
  EXPECT_EQ((*ws)->FindTable("DeviceProcessEvents")->time_column, "TimeGenerated");
}

TEST(IngestTest, ForcedTableAndUndetectableFiles) {
  TempDir dir;
  std::string odd = dir.Write("odd.jsonl", "{\"x\":1,\"y\":2}\n");
  auto ws = Workspace::Open(dir.path() + "/ws", true);
  ASSERT_TRUE(ws.ok());
  auto summary = IngestFiles(**ws, {odd}, IngestOptions{});
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->rows, 0u);
  EXPECT_THAT(summary->files[0].status.message(), HasSubstr("--table"));
  IngestOptions forced;
  forced.table = "MyApp_CL";
  summary = IngestFiles(**ws, {odd}, forced);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->rows, 1u);
  EXPECT_EQ((*ws)->FindTable("MyApp_CL")->schema.ToString(), "(x:long, y:long)");
}

}  // namespace
}  // namespace quarry::store
