#include "store/file_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/time.h"
#include "test_files.h"

namespace quarry::store {
namespace {

using ::testing::ElementsAre;
using testing::TempDir;

std::vector<std::string> Names(const Schema& s) {
  std::vector<std::string> out;
  for (const auto& f : s.fields()) out.push_back(f.name);
  return out;
}

Type TypeOf(const Table& t, const std::string& column) {
  return t.schema().field(*t.schema().IndexOf(column)).type;
}

Value Cell(const Table& t, const std::string& column, size_t row) {
  return t.ColumnByName(column)->GetValue(row);
}

TEST(FileLoaderTest, JsonLinesInfersTypesAndQuarantinesBadLinesWithLineNumbers) {
  TempDir dir;
  std::string path = dir.Write("events.jsonl",
                               "{\"TimeGenerated\":\"2024-03-01T10:00:00Z\",\"Count\":3,\"Ok\":true}\n"
                               "{\"TimeGenerated\":\"2024-03-01T11:00:00Z\",\"Count\":4.5}\n"
                               "\n"
                               "{\"TimeGenerated\": broken\n"
                               "[1,2,3]\n"
                               "{\"TimeGenerated\":\"2024-03-02T00:00:00Z\",\"Extra\":{\"a\":1}}\n");
  LoadReport report;
  auto table = LoadTableFile(path, std::nullopt, &report);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const Table& t = **table;
  EXPECT_EQ(report.format, FileFormat::kJsonLines);
  EXPECT_EQ(t.num_rows(), 3u);
  EXPECT_THAT(Names(t.schema()), ElementsAre("TimeGenerated", "Count", "Ok", "Extra"));
  EXPECT_EQ(TypeOf(t, "TimeGenerated"), Type::kDatetime);
  EXPECT_EQ(TypeOf(t, "Count"), Type::kReal);  // long and real in the sample: real
  EXPECT_EQ(TypeOf(t, "Ok"), Type::kBool);
  EXPECT_EQ(TypeOf(t, "Extra"), Type::kDynamic);
  EXPECT_EQ(Cell(t, "TimeGenerated", 1), Value::Datetime(*ParseDatetime("2024-03-01T11:00:00Z")));
  EXPECT_EQ(Cell(t, "Count", 1), Value::Real(4.5));
  EXPECT_TRUE(Cell(t, "Ok", 1).is_null());
  EXPECT_EQ(Cell(t, "Extra", 2).dynamic_value(), Json::parse(R"({"a":1})"));
  ASSERT_EQ(report.bad_records, 2u);
  ASSERT_EQ(report.rejections.size(), 2u);
  EXPECT_EQ(report.rejections[0].line, 4u);
  EXPECT_EQ(report.rejections[0].file, path);
  EXPECT_THAT(report.rejections[0].reason, ::testing::HasSubstr("broken JSON"));
  EXPECT_EQ(report.rejections[0].raw, "{\"TimeGenerated\": broken");
  EXPECT_EQ(report.rejections[1].line, 5u);
  EXPECT_EQ(report.rejections[1].reason, "not a JSON object");
  EXPECT_EQ(report.rejections[1].raw, "[1,2,3]");
}

TEST(FileLoaderTest, SchemaConvertsValuesAndKeepsUnknownColumns) {
  TempDir dir;
  std::string path = dir.Write(
      "signins.json",
      "{\"TimeGenerated\":\"2024-03-01 10:00:00\",\"ResultType\":0,\"Port\":\"443\","
      "\"LocationDetails\":{\"city\":\"Oslo\"},\"Note\":{\"k\":[1,2]},\"Custom_s\":\"x\"}\n"
      "{\"TimeGenerated\":\"Sat, 02 Mar 2024 08:00:00 GMT\",\"ResultType\":\"50126\","
      "\"Port\":\"not a port\",\"LocationDetails\":\"{\\\"city\\\":\\\"Rome\\\"}\","
      "\"Note\":[\"a\"],\"Elapsed\":\"01:30:00\",\"Id\":\"{0A1B2C3D-0000-4000-8000-00000000000F}\"}\n");
  Schema schema({{"TimeGenerated", Type::kDatetime}, {"ResultType", Type::kString},
                 {"Port", Type::kInt}, {"LocationDetails", Type::kDynamic},
                 {"Note", Type::kString}, {"Elapsed", Type::kTimespan}, {"Id", Type::kGuid}});
  LoadReport report;
  auto table = LoadTableFile(path, schema, &report);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const Table& t = **table;
  EXPECT_THAT(Names(t.schema()), ElementsAre("TimeGenerated", "ResultType", "Port",
                                             "LocationDetails", "Note", "Elapsed", "Id",
                                             "Custom_s"));
  EXPECT_EQ(Cell(t, "TimeGenerated", 0), Value::Datetime(*ParseDatetime("2024-03-01T10:00:00Z")));
  EXPECT_EQ(Cell(t, "TimeGenerated", 1), Value::Datetime(*ParseDatetime("2024-03-02T08:00:00Z")));
  EXPECT_EQ(Cell(t, "ResultType", 0), Value::String("0"));
  EXPECT_EQ(Cell(t, "ResultType", 1), Value::String("50126"));
  EXPECT_EQ(Cell(t, "Port", 0), Value::Int(443));
  EXPECT_TRUE(Cell(t, "Port", 1).is_null());
  EXPECT_EQ(Cell(t, "LocationDetails", 0).dynamic_value(), Json::parse(R"({"city":"Oslo"})"));
  EXPECT_EQ(Cell(t, "LocationDetails", 1).dynamic_value(), Json::parse(R"({"city":"Rome"})"));
  EXPECT_EQ(Cell(t, "Note", 0), Value::String(R"({"k":[1,2]})"));
  EXPECT_EQ(Cell(t, "Note", 1), Value::String(R"(["a"])"));
  EXPECT_EQ(Cell(t, "Elapsed", 1), Value::Timespan(90 * kTicksPerMinute));
  EXPECT_EQ(Cell(t, "Id", 1), Value::Guid("0a1b2c3d-0000-4000-8000-00000000000f"));
  EXPECT_EQ(Cell(t, "Custom_s", 0), Value::String("x"));
  EXPECT_EQ(report.bad_records, 0u);
  ASSERT_EQ(report.bad_values, 1u);
  ASSERT_EQ(report.rejections.size(), 1u);
  EXPECT_EQ(report.rejections[0].line, 2u);
  EXPECT_EQ(report.rejections[0].column, "Port");
  EXPECT_EQ(report.rejections[0].reason, "cannot convert to int");
  EXPECT_EQ(report.rejections[0].raw, "not a port");
}

TEST(FileLoaderTest, CsvWithQuotedFieldsAndWrongFieldCounts) {
  TempDir dir;
  std::string path = dir.Write("logons.csv",
                               "\xEF\xBB\xBFTimestamp,DeviceName,LogonType,Command\r\n"
                               "2024-03-01T10:00:00Z,web-1,10,\"a, \"\"quoted\"\" cmd\"\r\n"
                               "2024-03-01T10:05:00Z,web-2,3,\"two\nlines\"\n"
                               "2024-03-01T10:06:00Z,web-3\n"
                               "2024-03-01T10:07:00Z,web-4,x,plain\n");
  LoadReport report;
  auto table = LoadTableFile(path, std::nullopt, &report);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const Table& t = **table;
  EXPECT_EQ(report.format, FileFormat::kCsv);
  EXPECT_THAT(Names(t.schema()), ElementsAre("Timestamp", "DeviceName", "LogonType", "Command"));
  EXPECT_EQ(TypeOf(t, "Timestamp"), Type::kDatetime);
  EXPECT_EQ(TypeOf(t, "LogonType"), Type::kString);  // "10", "3", "x": not all numbers
  ASSERT_EQ(t.num_rows(), 3u);
  EXPECT_EQ(Cell(t, "Command", 0), Value::String("a, \"quoted\" cmd"));
  EXPECT_EQ(Cell(t, "Command", 1), Value::String("two\nlines"));
  EXPECT_EQ(Cell(t, "DeviceName", 2), Value::String("web-4"));
  ASSERT_EQ(report.bad_records, 1u);
  EXPECT_EQ(report.rejections[0].line, 5u);
  EXPECT_EQ(report.rejections[0].reason, "expected 4 fields (as in the header), found 2");
  EXPECT_EQ(report.rejections[0].raw, "2024-03-01T10:06:00Z,web-3");
}

TEST(FileLoaderTest, CsvNumbersInferredAsLongAndConvertedToSchema) {
  TempDir dir;
  std::string path = dir.Write("flows.csv", "DestPort_d,Allowed,Bytes\n443,true,1.5\n,false,2\n");
  auto table = LoadTableFile(path, Schema({{"DestPort_d", Type::kReal}}), nullptr);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const Table& t = **table;
  EXPECT_EQ(TypeOf(t, "DestPort_d"), Type::kReal);
  EXPECT_EQ(TypeOf(t, "Allowed"), Type::kBool);
  EXPECT_EQ(TypeOf(t, "Bytes"), Type::kReal);
  EXPECT_EQ(Cell(t, "DestPort_d", 0), Value::Real(443));
  EXPECT_TRUE(Cell(t, "DestPort_d", 1).is_null());
  EXPECT_EQ(Cell(t, "Allowed", 1), Value::Bool(false));
}

TEST(FileLoaderTest, JsonArrayOfObjectsWithLineNumbers) {
  TempDir dir;
  std::string path = dir.Write("alerts.json",
                               "[\n"
                               "  {\"Title\": \"a]b\", \"Severity\": \"High\"},\n"
                               "  42,\n"
                               "  {\"Title\": \"c\", \"Severity\": \"Low\", \"Score\": 7}\n"
                               "]\n");
  LoadReport report;
  auto table = LoadTableFile(path, std::nullopt, &report);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const Table& t = **table;
  EXPECT_EQ(report.format, FileFormat::kJsonArray);
  ASSERT_EQ(t.num_rows(), 2u);
  EXPECT_EQ(Cell(t, "Title", 0), Value::String("a]b"));
  EXPECT_EQ(Cell(t, "Score", 1), Value::Long(7));
  EXPECT_TRUE(Cell(t, "Score", 0).is_null());
  ASSERT_EQ(report.rejections.size(), 1u);
  EXPECT_EQ(report.rejections[0].line, 3u);
  EXPECT_EQ(report.rejections[0].raw, "42");
}

TEST(FileLoaderTest, LogAnalyticsExportUsesDeclaredTypes) {
  TempDir dir;
  std::string path = dir.Write(
      "export.json",
      R"({
  "tables": [
    {
      "name": "PrimaryResult",
      "columns": [
        {"name": "TimeGenerated", "type": "datetime"},
        {"name": "Caller", "type": "string"},
        {"name": "Count", "type": "long"},
        {"name": "Props", "type": "dynamic"},
        {"name": "Type", "type": "string"}
      ],
      "rows": [
        ["2024-03-01T10:00:00Z", "alice@contoso.com", 5, "{\"a\":1}", "AzureActivity"],
        ["2024-03-01T10:01:00Z", "bob@contoso.com", "many", null, "AzureActivity"],
        ["short row"]
      ]
    }
  ]
})");
  LoadReport report;
  auto table = LoadTableFile(path, std::nullopt, &report);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const Table& t = **table;
  EXPECT_EQ(report.format, FileFormat::kLogAnalytics);
  EXPECT_EQ(report.table_type, "AzureActivity");
  ASSERT_EQ(t.num_rows(), 2u);
  EXPECT_EQ(TypeOf(t, "Count"), Type::kLong);
  EXPECT_EQ(Cell(t, "Count", 0), Value::Long(5));
  EXPECT_TRUE(Cell(t, "Count", 1).is_null());
  EXPECT_EQ(Cell(t, "Props", 0).dynamic_value(), Json::parse(R"({"a":1})"));
  EXPECT_EQ(report.bad_records, 1u);
  EXPECT_EQ(report.bad_values, 1u);
  EXPECT_EQ(report.rejections[0].raw, "many");
  EXPECT_THAT(report.rejections[1].reason, ::testing::HasSubstr("row 3"));
}

TEST(FileLoaderTest, ColumnsFirstSeenAfterTheSampleAreAdded) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 1500; ++i) text += "{\"N\":" + std::to_string(i) + "}\n";
  text += "{\"N\":1500,\"Late\":\"here\"}\n";
  std::string path = dir.Write("late.jsonl", text);
  auto table = LoadTableFile(path, std::nullopt, nullptr);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const Table& t = **table;
  ASSERT_EQ(t.num_rows(), 1501u);
  EXPECT_TRUE(Cell(t, "Late", 0).is_null());
  EXPECT_EQ(Cell(t, "Late", 1500), Value::String("here"));
  EXPECT_EQ(Cell(t, "N", 1499), Value::Long(1499));
}

TEST(FileLoaderTest, MissingFileIsNotFound) {
  auto table = LoadTableFile("/nonexistent/quarry/x.jsonl", std::nullopt, nullptr);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(table.status().message(), ::testing::HasSubstr("/nonexistent/quarry/x.jsonl"));
}

}  // namespace
}  // namespace quarry::store
