#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/time.h"
#include "sources/adx_response.h"
#include "sources/kusto_paging.h"
#include "sources/loganalytics_response.h"

namespace quarry::sources {
namespace {

using ::testing::HasSubstr;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(QUARRY_SOURCE_ROOT) + "/tests/azure/fixtures/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Value Cell(const TablePtr& table, size_t row, const std::string& column) {
  auto col = table->ColumnByName(column);
  EXPECT_NE(col, nullptr) << column;
  return col ? col->GetValue(row) : Value();
}

TEST(LogAnalyticsResponseTest, ReadsTheDocumentedExample) {
  auto result = ParseLogAnalyticsResponse(Fixture("la_response_example.json"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->primary->schema().ToString(), "(Category:string, count_:long)");
  ASSERT_EQ(result->primary->num_rows(), 4u);
  EXPECT_EQ(Cell(result->primary, 0, "Category"), Value::String("Administrative"));
  EXPECT_EQ(Cell(result->primary, 0, "count_"), Value::Long(20839));
  EXPECT_EQ(Cell(result->primary, 3, "count_"), Value::Long(11));
  EXPECT_TRUE(result->warnings.empty());
  EXPECT_FALSE(result->truncated);
}

TEST(LogAnalyticsResponseTest, ConvertsEveryKustoTypeAndNull) {
  auto result = ParseLogAnalyticsResponse(Fixture("la_all_types.json"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const TablePtr& t = result->primary;
  EXPECT_EQ(t->schema().ToString(),
            "(TimeGenerated:datetime, DeviceName:string, IsAdmin:bool, Port:int, Bytes:long, "
            "Score:real, Price:decimal, Duration:timespan, ReportId:guid, "
            "AdditionalFields:dynamic)");
  ASSERT_EQ(t->num_rows(), 3u);
  EXPECT_EQ(Cell(t, 0, "TimeGenerated"),
            Value::Datetime(*ParseDatetime("2024-05-01T10:20:30.1234567Z")));
  EXPECT_EQ(Cell(t, 0, "DeviceName"), Value::String("web-1.contoso.example"));
  EXPECT_EQ(Cell(t, 0, "IsAdmin"), Value::Bool(true));
  EXPECT_EQ(Cell(t, 0, "Port"), Value::Int(443));
  EXPECT_EQ(Cell(t, 0, "Bytes"), Value::Long(9007199254740993LL));  // beyond a double's precision
  EXPECT_EQ(Cell(t, 0, "Score"), Value::Real(0.25));
  EXPECT_EQ(Cell(t, 0, "Price"), Value::Decimal(12.5));
  EXPECT_EQ(Cell(t, 0, "Duration"),
            Value::Timespan(kTicksPerDay + 2 * kTicksPerHour + 3 * kTicksPerMinute +
                            4 * kTicksPerSecond + kTicksPerSecond / 2));
  EXPECT_EQ(Cell(t, 0, "ReportId"), Value::Guid("6f1c2e3a-0000-4000-8000-00000000abcd"));
  EXPECT_EQ(Cell(t, 0, "AdditionalFields").ToString(), R"({"b":1,"a":[true,null]})");
  // Row 2: nulls everywhere they can be, an empty string that stays a string, NaN, a negative
  // timespan.
  EXPECT_TRUE(Cell(t, 1, "TimeGenerated").is_null());
  EXPECT_EQ(Cell(t, 1, "DeviceName"), Value::String(""));
  EXPECT_EQ(Cell(t, 1, "IsAdmin"), Value::Bool(false));
  EXPECT_TRUE(Cell(t, 1, "Port").is_null());
  EXPECT_TRUE(Cell(t, 1, "Bytes").is_null());
  EXPECT_TRUE(std::isnan(Cell(t, 1, "Score").real_value()));
  EXPECT_TRUE(Cell(t, 1, "Price").is_null());
  EXPECT_EQ(Cell(t, 1, "Duration"), Value::Timespan(-kTicksPerSecond));
  EXPECT_TRUE(Cell(t, 1, "ReportId").is_null());
  EXPECT_TRUE(Cell(t, 1, "AdditionalFields").is_null());
  // Row 3: int minimum, Infinity, a decimal sent as a number, dynamic text that is not JSON.
  EXPECT_EQ(Cell(t, 2, "Port"), Value::Int(-2147483648));
  EXPECT_EQ(Cell(t, 2, "Score"), Value::Real(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(Cell(t, 2, "Price"), Value::Decimal(3.5));
  EXPECT_TRUE(Cell(t, 2, "DeviceName").is_null());
  EXPECT_EQ(Cell(t, 2, "AdditionalFields").dynamic_value(), Json("plain text"));
}

TEST(LogAnalyticsResponseTest, PartialErrorBecomesAWarningAndMarksTruncation) {
  auto result = ParseLogAnalyticsResponse(Fixture("la_partial_error.json"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->primary->num_rows(), 1u);
  EXPECT_TRUE(result->truncated);
  ASSERT_EQ(result->warnings.size(), 1u);
  EXPECT_THAT(result->warnings[0], HasSubstr("PartialError"));
  EXPECT_THAT(result->warnings[0], HasSubstr("exceed the set limit of 500000 records"));
}

TEST(LogAnalyticsResponseTest, FatalErrorDescribedByInnermostMessage) {
  KustoServiceError error = ParseLogAnalyticsError(Fixture("la_syntax_error.json"));
  EXPECT_EQ(error.code, "BadArgumentError");
  EXPECT_EQ(error.inner_code, "SYN0002");
  EXPECT_EQ(error.message, "Query could not be parsed at 'wher' on line [1,17]");
  Status status = KustoRequestFailed("Log Analytics workspace w", 400, error, "a role");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("'wher' on line [1,17]"));
}

TEST(LogAnalyticsResponseTest, MalformedBodiesAreErrorsNotEmptyTables) {
  EXPECT_EQ(ParseLogAnalyticsResponse("<html>bad gateway</html>").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseLogAnalyticsResponse(R"({"tables":[]})").status().code(),
            StatusCode::kInvalidArgument);
  auto wrong_cells = ParseLogAnalyticsResponse(
      R"({"tables":[{"name":"PrimaryResult","columns":[{"name":"n","type":"long"}],"rows":[[1],["x"]]}]})");
  ASSERT_EQ(wrong_cells.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(wrong_cells.status().message(), HasSubstr("row 2, column 'n'"));
  auto short_row = ParseLogAnalyticsResponse(
      R"({"tables":[{"name":"PrimaryResult","columns":[{"name":"a","type":"int"},{"name":"b","type":"int"}],"rows":[[1]]}]})");
  EXPECT_THAT(short_row.status().message(), HasSubstr("row 1 does not have 2 cells"));
  auto int_overflow = ParseLogAnalyticsResponse(
      R"({"tables":[{"name":"PrimaryResult","columns":[{"name":"a","type":"int"}],"rows":[[4294967296]]}]})");
  EXPECT_EQ(int_overflow.status().code(), StatusCode::kInvalidArgument);
}

TEST(AdxResponseTest, ReadsThePrimaryResultFrame) {
  auto result = ParseAdxV2Response(Fixture("adx_v2_response.json"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const TablePtr& t = result->primary;
  EXPECT_EQ(t->schema().ToString(),
            "(Timestamp:datetime, Name:string, Count:long, Ratio:real, Amount:decimal, "
            "Elapsed:timespan, Id:guid, Flag:bool, Small:int, Props:dynamic)");
  ASSERT_EQ(t->num_rows(), 2u);
  EXPECT_EQ(Cell(t, 0, "Timestamp"), Value::Datetime(*ParseDatetime("2016-06-06T15:35:00Z")));
  EXPECT_EQ(Cell(t, 0, "Count"), Value::Long(10));
  EXPECT_EQ(Cell(t, 0, "Amount"), Value::Decimal(1.25));
  EXPECT_EQ(Cell(t, 0, "Elapsed"), Value::Timespan(10 * kTicksPerSecond));
  EXPECT_EQ(Cell(t, 0, "Id"), Value::Guid("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"));
  EXPECT_EQ(Cell(t, 0, "Small"), Value::Int(7));
  EXPECT_EQ(Cell(t, 0, "Props").ToString(), R"({"z":1,"a":[1,2]})");
  for (const auto& name :
       {"Timestamp", "Count", "Ratio", "Amount", "Elapsed", "Id", "Flag", "Small", "Props"}) {
    EXPECT_TRUE(Cell(t, 1, name).is_null()) << name;
  }
  EXPECT_EQ(Cell(t, 1, "Name"), Value::String(""));
  EXPECT_TRUE(result->warnings.empty());
}

TEST(AdxResponseTest, ErrorsInRowsAndCompletionBecomeWarnings) {
  auto result = ParseAdxV2Response(Fixture("adx_v2_partial.json"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->primary->num_rows(), 1u);
  EXPECT_TRUE(result->truncated);
  ASSERT_EQ(result->warnings.size(), 2u);
  EXPECT_THAT(result->warnings[0], HasSubstr("LimitsExceeded"));
  EXPECT_THAT(result->warnings[0], HasSubstr("exceeded the allowed limits"));
}

TEST(AdxResponseTest, ErrorBodyUsesTheDetailedMessage) {
  KustoServiceError error = ParseAdxError(Fixture("adx_error.json"));
  EXPECT_EQ(error.code, "General_BadRequest");
  EXPECT_THAT(error.message, HasSubstr("SYN0002"));
}

TEST(AdxResponseTest, RejectsWhatIsNotAV2Answer) {
  EXPECT_EQ(ParseAdxV2Response(R"({"Tables":[]})").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseAdxV2Response(R"([{"FrameType":"DataSetHeader","IsProgressive":false},
      {"FrameType":"DataSetCompletion","HasErrors":false}])")
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      ParseAdxV2Response(R"([{"FrameType":"DataSetHeader","IsProgressive":true}])").status().code(),
      StatusCode::kUnimplemented);
  auto no_completion = ParseAdxV2Response(
      R"([{"FrameType":"DataTable","TableKind":"PrimaryResult","Columns":[],"Rows":[]}])");
  ASSERT_TRUE(no_completion.ok());
  EXPECT_THAT(no_completion->warnings.at(0), HasSubstr("may be incomplete"));
}

TEST(KustoPagingTest, IsoDurationsAndIntervals) {
  EXPECT_EQ(ParseIsoDuration("P1D"), kTicksPerDay);
  EXPECT_EQ(ParseIsoDuration("PT12H"), 12 * kTicksPerHour);
  EXPECT_EQ(ParseIsoDuration("P1DT2H30M"), kTicksPerDay + 2 * kTicksPerHour + 30 * kTicksPerMinute);
  EXPECT_EQ(ParseIsoDuration("PT0.5S"), kTicksPerSecond / 2);
  EXPECT_EQ(ParseIsoDuration("P2W"), 14 * kTicksPerDay);
  EXPECT_FALSE(ParseIsoDuration("P1M"));  // months have no fixed length
  EXPECT_FALSE(ParseIsoDuration("1d"));
  auto window = ParseTimespanSetting("2024-05-01T00:00:00Z/2024-05-02T00:00:00Z", 0);
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(window->end_ticks - window->start_ticks, kTicksPerDay);
  EXPECT_EQ(FormatIsoInterval(*window),
            "2024-05-01T00:00:00.0000000Z/2024-05-02T00:00:00.0000000Z");
  auto relative = ParseTimespanSetting("PT1H", 10 * kTicksPerHour);
  EXPECT_EQ(relative->start_ticks, 9 * kTicksPerHour);
  EXPECT_EQ(ParseTimespanSetting("yesterday", 0).status().code(), StatusCode::kInvalidArgument);
}

TablePtr Rows(int64_t first, int64_t count) {
  TableBuilder builder(Schema({{"t", Type::kLong}}));
  for (int64_t i = 0; i < count; ++i) builder.AppendRow({Value::Long(first + i)});
  return builder.Finish();
}

TEST(KustoPagingTest, SplitsCutWindowsAndConcatenatesInTimeOrder) {
  // A fake service with one row per hour over a day and a limit of 5 rows per answer.
  const int64_t day = kTicksPerDay;
  std::vector<std::pair<int64_t, int64_t>> asked;
  PageFetcher fetch = [&](const std::optional<TimeWindow>& w) -> Result<KustoResult> {
    TimeWindow window = w.value();
    asked.emplace_back(window.start_ticks, window.end_ticks);
    int64_t first = (window.start_ticks + kTicksPerHour - 1) / kTicksPerHour;
    int64_t last = window.end_ticks / kTicksPerHour;
    if (last >= 24) last = 23;
    int64_t count = std::max<int64_t>(0, last - first + 1);
    KustoResult result;
    result.truncated = count > 5;
    result.primary = Rows(first, std::min<int64_t>(count, 5));
    return result;
  };
  PagingOptions options;
  options.service = "test service";
  QueryStats stats;
  auto table = FetchPaged(fetch, TimeWindow{0, day - 1}, options, &stats);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ((*table)->num_rows(), 24u);
  for (size_t i = 0; i < 24; ++i) {
    EXPECT_EQ((*table)->column(0)->GetValue(i), Value::Long(static_cast<int64_t>(i)));
  }
  EXPECT_GT(asked.size(), 3u);
  EXPECT_EQ(stats.rows_read, 24u);
  EXPECT_THAT(stats.notes.front(), HasSubstr("paged the query by time window"));
  EXPECT_THAT(stats.notes.back(), HasSubstr("row cap 1000000"));
}

TEST(KustoPagingTest, RowCapIsAnErrorNotASilentCut) {
  PageFetcher fetch = [](const std::optional<TimeWindow>&) -> Result<KustoResult> {
    KustoResult result;
    result.primary = Rows(0, 11);
    return result;
  };
  PagingOptions options;
  options.row_cap = 10;
  options.service = "test service";
  auto table = FetchPaged(fetch, std::nullopt, options, nullptr);
  ASSERT_EQ(table.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(table.status().message(), HasSubstr("more than 10 rows, the row cap"));
}

TEST(KustoPagingTest, AlwaysCutWindowGivesUp) {
  PageFetcher fetch = [](const std::optional<TimeWindow>&) -> Result<KustoResult> {
    KustoResult result;
    result.primary = Rows(0, 1);
    result.truncated = true;
    return result;
  };
  PagingOptions options;
  options.max_pages = 16;
  options.now_ticks = 1'000 * kTicksPerDay;
  auto table = FetchPaged(fetch, std::nullopt, options, nullptr);
  ASSERT_EQ(table.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(table.status().message(), HasSubstr("more than 16 time windows"));
}

}  // namespace
}  // namespace quarry::sources
