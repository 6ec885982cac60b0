#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/time.h"
#include "net/curl_transport.h"
#include "scripted_server.h"
#include "sources/adx_source.h"
#include "sources/loganalytics_source.h"

namespace quarry::sources {
namespace {

using quarry::testing::Reply;
using quarry::testing::ScriptedServer;
using quarry::testing::TestClock;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kToken[] = "fake.bearer.token-for-tests";
constexpr char kWorkspace[] = "00000000-0000-0000-0000-0000000000ff";

class FixedCredential : public net::TokenCredential {
 public:
  std::string Name() const override { return "fixed"; }
  Result<net::AccessToken> GetToken(std::string_view resource) override {
    resources.emplace_back(resource);
    if (!rotating) {
      return net::AccessToken{kToken, std::chrono::system_clock::now() + std::chrono::hours(1)};
    }
    return net::AccessToken{kToken + std::string("-") + std::to_string(resources.size()),
                            std::chrono::system_clock::now() + std::chrono::hours(1)};
  }
  std::vector<std::string> resources;
  bool rotating = false;  // a new token on every request, as after a refresh
};

const char kExample[] =
    R"({"tables":[{"name":"PrimaryResult","columns":[{"name":"Category","type":"string"},)"
    R"({"name":"count_","type":"long"}],"rows":[["Administrative",20839],["Alert",64]]}]})";

std::string LaRows(const std::vector<std::string>& names, bool cut) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& n : names) rows.push_back({n});
  nlohmann::json body = {{"tables",
                          {{{"name", "PrimaryResult"},
                            {"columns", {{{"name", "DeviceName"}, {"type", "string"}}}},
                            {"rows", rows}}}}};
  if (cut) {
    body["error"] = {
        {"code", "PartialError"},
        {"message", "There were some errors when processing your query."},
        {"details",
         {{{"code", "EngineError"},
           {"message", "Something went wrong processing your query on the server."},
           {"innererror",
            {{"code", "-2133196797"},
             {"message",
              "The results of this query exceed the set limit of 500000 records, so not all "
              "records were returned (E_QUERY_RESULT_SET_TOO_LARGE, 0x80DA0003)."}}}}}}};
  }
  return body.dump();
}

class KustoSourceTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.running()); }
  std::shared_ptr<net::HttpClient> Http(int attempts = 3) {
    net::HttpClientOptions options;
    options.retry.max_attempts = attempts;
    options.random = [] { return 0.5; };
    return std::make_shared<net::HttpClient>(std::make_shared<net::CurlTransport>(), &clock_,
                                             options);
  }
  LogAnalyticsSource La(LogAnalyticsConfig config = {}, int attempts = 3) {
    config.workspace_id = kWorkspace;
    config.endpoint = server_.Root();
    return LogAnalyticsSource(config, credential_, Http(attempts));
  }
  Status LaError(int status, const std::string& body, int attempts = 1) {
    server_.Enqueue({status, body});
    auto source = La({}, attempts);
    return source.Query("SigninLogs | take 1", {}).status();
  }

  TestClock clock_;
  std::shared_ptr<FixedCredential> credential_ = std::make_shared<FixedCredential>();
  ScriptedServer server_;
};

TEST_F(KustoSourceTest, LogAnalyticsPostsQueryAndTimespanWithBearerToken) {
  server_.Enqueue({200, kExample});
  LogAnalyticsConfig config;
  config.timespan = "PT1H";
  auto source = La(config);
  QueryOptions options;
  options.now_ticks = *ParseDatetime("2024-05-01T12:00:00Z");
  QueryStats stats;
  auto table = source.Query("AzureActivity | summarize count() by Category", options, &stats);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->num_rows(), 2u);
  EXPECT_EQ((*table)->column(1)->GetValue(0), Value::Long(20839));
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, std::string("/v1/workspaces/") + kWorkspace + "/query");
  EXPECT_EQ(requests[0].Header("Authorization"), std::string("Bearer ") + kToken);
  EXPECT_EQ(requests[0].Header("Prefer"), "wait=180");
  auto body = nlohmann::json::parse(requests[0].body);
  EXPECT_EQ(body["query"], "AzureActivity | summarize count() by Category");
  EXPECT_EQ(body["timespan"], "2024-05-01T11:00:00.0000000Z/2024-05-01T12:00:00.0000000Z");
  EXPECT_EQ(credential_->resources, std::vector<std::string>{"https://api.loganalytics.io"});
  EXPECT_THAT(stats.notes, ::testing::Contains(HasSubstr("row cap 1000000")));
}

TEST_F(KustoSourceTest, LogAnalyticsWithoutTimespanSendsNone) {
  server_.Enqueue({200, kExample});
  auto source = La();
  ASSERT_TRUE(source.Query("AzureActivity", {}).ok());
  auto body = nlohmann::json::parse(server_.requests().at(0).body);
  EXPECT_FALSE(body.contains("timespan"));
}

TEST_F(KustoSourceTest, ThrottlingIsRetriedAfterTheServersWait) {
  server_.Enqueue({429,
                   R"({"error":{"code":"ThrottledError","message":"Too many requests"}})",
                   {{"Retry-After", "7"}}});
  server_.Enqueue({200, kExample});
  auto source = La();
  auto table = source.Query("AzureActivity", {});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(server_.requests().size(), 2u);
  ASSERT_EQ(clock_.sleeps.size(), 1u);
  EXPECT_EQ(clock_.sleeps[0], std::chrono::seconds(7));
}

TEST_F(KustoSourceTest, PersistentThrottlingIsResourceExhausted) {
  Status status =
      LaError(429, R"({"error":{"code":"ThrottledError","message":"Too many requests"}})");
  EXPECT_EQ(status.code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(status.message(), HasSubstr("throttling"));
}

TEST_F(KustoSourceTest, HttpFailuresBecomePlainErrors) {
  Status unauthorized = LaError(
      401,
      R"({"error":{"code":"InvalidTokenError","message":"The provided authentication is not valid for this resource"}})");
  EXPECT_EQ(unauthorized.code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(unauthorized.message(), Not(HasSubstr(kToken)));
  Status forbidden = LaError(
      403,
      R"({"error":{"code":"InsufficientAccessError","message":"The provided credentials have insufficient access to perform the requested operation"}})");
  EXPECT_EQ(forbidden.code(), StatusCode::kPermissionDenied);
  EXPECT_THAT(forbidden.message(), HasSubstr("Log Analytics Reader"));
  Status not_found = LaError(
      404,
      R"({"error":{"code":"WorkspaceNotFoundError","message":"The workspace could not be found"}})");
  EXPECT_EQ(not_found.code(), StatusCode::kNotFound);
  Status failing = LaError(500, R"({"error":{"code":"InternalServerError","message":"boom"}})");
  EXPECT_EQ(failing.code(), StatusCode::kUnavailable);
  EXPECT_THAT(failing.message(), HasSubstr("HTTP 500"));
  Status gateway = LaError(
      504,
      R"({"error":{"code":"GatewayTimeout","message":"The gateway did not receive a response in time"}})");
  EXPECT_EQ(gateway.code(), StatusCode::kDeadlineExceeded);
  EXPECT_THAT(gateway.message(), HasSubstr("ran longer than the service allows"));
  Status syntax = LaError(
      400,
      R"({"error":{"code":"BadArgumentError","message":"The request had some invalid properties","innererror":{"code":"SyntaxError","message":"Query could not be parsed at 'wher'"}}})");
  EXPECT_EQ(syntax.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(syntax.message(), HasSubstr("'wher'"));
}

TEST_F(KustoSourceTest, ServerErrorsAreRetriedBeforeGivingUp) {
  server_.Enqueue({500, R"({"error":{"code":"InternalServerError","message":"boom"}})"});
  server_.Enqueue({200, kExample});
  auto source = La({}, 3);
  ASSERT_TRUE(source.Query("AzureActivity", {}).ok());
  EXPECT_EQ(server_.requests().size(), 2u);
}

TEST_F(KustoSourceTest, MalformedBodyIsReportedNotEmpty) {
  Status status = LaError(200, "<html>proxy error</html>");
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("cannot read"));
}

TEST_F(KustoSourceTest, ClientTimeoutIsReportedPlainly) {
  server_.Enqueue({200, kExample, {}, std::chrono::milliseconds(1500)});
  LogAnalyticsConfig config;
  config.client_timeout = std::chrono::milliseconds(300);
  auto source = La(config, 1);
  auto status = source.Query("AzureActivity", {}).status();
  EXPECT_EQ(status.code(), StatusCode::kDeadlineExceeded);
  EXPECT_THAT(status.message(), HasSubstr("did not answer within 0.3s"));
}

TEST_F(KustoSourceTest, CutResultIsPagedByTimeWindow) {
  server_.Enqueue({200, LaRows({"a"}, /*cut=*/true)});
  server_.Enqueue({200, LaRows({"b", "c"}, false)});
  server_.Enqueue({200, LaRows({"d"}, false)});
  LogAnalyticsConfig config;
  config.timespan = "2024-05-01T00:00:00Z/2024-05-02T00:00:00Z";
  auto source = La(config);
  QueryStats stats;
  auto table = source.Query("DeviceProcessEvents", {}, &stats);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ((*table)->num_rows(), 3u);
  EXPECT_EQ((*table)->column(0)->GetValue(0), Value::String("b"));
  EXPECT_EQ((*table)->column(0)->GetValue(2), Value::String("d"));
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(nlohmann::json::parse(requests[1].body)["timespan"],
            "2024-05-01T00:00:00.0000000Z/2024-05-01T12:00:00.0000000Z");
  EXPECT_EQ(nlohmann::json::parse(requests[2].body)["timespan"],
            "2024-05-01T12:00:00.0000001Z/2024-05-02T00:00:00.0000000Z");
  EXPECT_THAT(stats.notes, ::testing::Contains(HasSubstr("paged the query by time window")));
}

TEST_F(KustoSourceTest, EveryPageAsksForTheTokenSoALongRunOutlivesNone) {
  credential_->rotating = true;
  server_.Enqueue({200, LaRows({"a"}, /*cut=*/true)});
  server_.Enqueue({200, LaRows({"b"}, false)});
  server_.Enqueue({200, LaRows({"c"}, false)});
  LogAnalyticsConfig config;
  config.timespan = "2024-05-01T00:00:00Z/2024-05-02T00:00:00Z";
  auto source = La(config);
  ASSERT_TRUE(source.Query("DeviceProcessEvents", {}).ok());
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(requests[i].Header("Authorization"),
              std::string("Bearer ") + kToken + "-" + std::to_string(i + 1));
  }
  EXPECT_EQ(credential_->resources.size(), 3u);
}

TEST_F(KustoSourceTest, RowCapFromOptionsIsEnforced) {
  server_.Enqueue({200, LaRows({"a", "b", "c"}, false)});
  auto source = La();
  QueryOptions options;
  options.max_rows = 2;
  auto status = source.Query("DeviceProcessEvents", options).status();
  EXPECT_EQ(status.code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(status.message(), HasSubstr("more than 2 rows"));
}

const char kAdxBody[] = R"([
  {"FrameType":"DataSetHeader","IsProgressive":false,"Version":"v2.0"},
  {"FrameType":"DataTable","TableId":1,"TableKind":"PrimaryResult","TableName":"PrimaryResult",
   "Columns":[{"ColumnName":"DeviceName","ColumnType":"string"},{"ColumnName":"n","ColumnType":"long"}],
   "Rows":[["web-1",3]]},
  {"FrameType":"DataSetCompletion","HasErrors":false,"Cancelled":false}])";

TEST_F(KustoSourceTest, AdxPostsDbAndCslToV2Endpoint) {
  server_.Enqueue({200, kAdxBody});
  AdxConfig config;
  config.cluster_url = server_.Root() + "/";
  config.database = "SecurityLogs";
  config.timespan = "2024-05-01T00:00:00Z/2024-05-02T00:00:00Z";
  AdxSource source(config, credential_, Http());
  auto table = source.Query("DeviceProcessEvents | summarize n=count() by DeviceName", {});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->column(1)->GetValue(0), Value::Long(3));
  auto request = server_.requests().at(0);
  EXPECT_EQ(request.path, "/v2/rest/query");
  EXPECT_EQ(request.Header("Authorization"), std::string("Bearer ") + kToken);
  auto body = nlohmann::json::parse(request.body);
  EXPECT_EQ(body["db"], "SecurityLogs");
  EXPECT_EQ(body["csl"], "DeviceProcessEvents | summarize n=count() by DeviceName");
  EXPECT_EQ(body["properties"]["Options"]["query_datetimescope_column"], "TimeGenerated");
  EXPECT_EQ(body["properties"]["Options"]["query_datetimescope_from"],
            "2024-05-01T00:00:00.0000000Z");
  EXPECT_EQ(credential_->resources.at(0), server_.Root());
}

TEST_F(KustoSourceTest, AdxErrorsUseTheDetailedMessage) {
  server_.Enqueue(
      {400,
       R"({"error":{"code":"General_BadRequest","message":"Request is invalid and cannot be executed.","@type":"Kusto.Data.Exceptions.SemanticException","@message":"Semantic error: 'Foo' could not be resolved","@permanent":true}})"});
  AdxConfig config;
  config.cluster_url = server_.Root();
  config.database = "db";
  AdxSource source(config, credential_, Http(1));
  auto status = source.Query("Foo", {}).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("'Foo' could not be resolved"));
}


std::string AdxRows(const std::vector<std::string>& names, bool cut) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& n : names) rows.push_back({n});
  if (cut) {
    nlohmann::json error = {
        {"code", "LimitsExceeded"},
        {"message", "Request is invalid and cannot be executed."},
        {"@type", "Kusto.Data.Exceptions.KustoServicePartialQueryFailureLimitsExceededException"},
        {"@message",
         "Query execution has exceeded the allowed limits (80DA0003): The results of this query "
         "exceed the set limit of 500000 records (E_QUERY_RESULT_SET_TOO_LARGE, 0x80DA0003)."},
        {"@permanent", false}};
    nlohmann::json in_place_of_a_row = nlohmann::json::object();
    in_place_of_a_row["OneApiErrors"] = nlohmann::json::array({nlohmann::json{{"error", error}}});
    rows.push_back(in_place_of_a_row);
  }
  nlohmann::json frames = nlohmann::json::array();
  frames.push_back({{"FrameType", "DataSetHeader"}, {"IsProgressive", false}, {"Version", "v2.0"}});
  frames.push_back({{"FrameType", "DataTable"},
                    {"TableId", 1},
                    {"TableKind", "PrimaryResult"},
                    {"TableName", "PrimaryResult"},
                    {"Columns", {{{"ColumnName", "DeviceName"}, {"ColumnType", "string"}}}},
                    {"Rows", rows}});
  frames.push_back({{"FrameType", "DataSetCompletion"}, {"HasErrors", cut}, {"Cancelled", false}});
  return frames.dump();
}

TEST_F(KustoSourceTest, AdxCutResultIsPagedThroughTheDatetimeScopeProperties) {
  server_.Enqueue({200, AdxRows({"a"}, /*cut=*/true)});
  server_.Enqueue({200, AdxRows({"b"}, false)});
  server_.Enqueue({200, AdxRows({"c", "d"}, false)});
  AdxConfig config;
  config.cluster_url = server_.Root();
  config.database = "SecurityLogs";
  config.timespan = "2024-05-01T00:00:00Z/2024-05-02T00:00:00Z";
  AdxSource source(config, credential_, Http());
  QueryStats stats;
  auto table = source.Query("DeviceProcessEvents", {}, &stats);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ((*table)->num_rows(), 3u);
  EXPECT_EQ((*table)->column(0)->GetValue(0), Value::String("b"));
  EXPECT_EQ((*table)->column(0)->GetValue(2), Value::String("d"));
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  auto second = nlohmann::json::parse(requests[1].body)["properties"]["Options"];
  EXPECT_EQ(second["query_datetimescope_column"], "TimeGenerated");
  EXPECT_EQ(second["query_datetimescope_from"], "2024-05-01T00:00:00.0000000Z");
  EXPECT_EQ(second["query_datetimescope_to"], "2024-05-01T12:00:00.0000000Z");
  auto third = nlohmann::json::parse(requests[2].body)["properties"]["Options"];
  EXPECT_EQ(third["query_datetimescope_from"], "2024-05-01T12:00:00.0000001Z");
  EXPECT_EQ(third["query_datetimescope_to"], "2024-05-02T00:00:00.0000000Z");
  EXPECT_THAT(stats.notes, ::testing::Contains(HasSubstr("paged the query by time window")));
  EXPECT_THAT(stats.notes, ::testing::Contains(HasSubstr("row cap 1000000")));
}

TEST_F(KustoSourceTest, LogAnalyticsPartialErrorIsANoteBesideTheRows) {
  nlohmann::json body = nlohmann::json::parse(LaRows({"a", "b"}, false));
  body["error"] = {
      {"code", "PartialError"},
      {"message", "There were some errors when processing your query."},
      {"details",
       {{{"code", "EngineError"},
         {"message", "Something went wrong processing your query on the server."},
         {"innererror",
          {{"code", "-2133196797"},
           {"message", "Query execution has been cancelled due to memory pressure on shard 3."}}}}}}};
  server_.Enqueue({200, body.dump()});
  auto source = La();
  QueryStats stats;
  auto table = source.Query("DeviceProcessEvents", {}, &stats);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->num_rows(), 2u);
  EXPECT_EQ(server_.requests().size(), 1u);  // not a size limit: no paging
  EXPECT_THAT(stats.notes, ::testing::Contains(::testing::AllOf(HasSubstr("partial error (PartialError)"),
                                                     HasSubstr("memory pressure on shard 3"))));
}

TEST_F(KustoSourceTest, AdxThrottlingForbiddenAndTimeoutsArePlain) {
  AdxConfig config;
  config.cluster_url = server_.Root();
  config.database = "db";
  server_.Enqueue({429,
                   R"({"error":{"code":"Too many requests","message":"The request was denied due to throttling.","@type":"Kusto.DataNode.Exceptions.ControlCommandThrottledException","@permanent":false}})",
                   {{"Retry-After", "4"}}});
  server_.Enqueue({200, AdxRows({"x"}, false)});
  AdxSource retried(config, credential_, Http(3));
  ASSERT_TRUE(retried.Query("T", {}).ok());
  ASSERT_EQ(clock_.sleeps.size(), 1u);
  EXPECT_EQ(clock_.sleeps[0], std::chrono::seconds(4));

  AdxSource once(config, credential_, Http(1));
  server_.Enqueue({403,
                   R"({"error":{"code":"Forbidden","message":"Principal 'aadapp=x' is not authorized to read database 'db'.","@type":"Kusto.DataNode.Exceptions.UnauthorizedDatabaseAccessException"}})"});
  Status forbidden = once.Query("T", {}).status();
  EXPECT_EQ(forbidden.code(), StatusCode::kPermissionDenied);
  EXPECT_THAT(forbidden.message(), HasSubstr("Viewer role"));
  server_.Enqueue({504, R"({"error":{"code":"GatewayTimeout","message":"The operation has timed out."}})"});
  Status timeout = once.Query("T", {}).status();
  EXPECT_EQ(timeout.code(), StatusCode::kDeadlineExceeded);
  EXPECT_THAT(timeout.message(), HasSubstr("ran longer than the service allows"));
  server_.Enqueue({200, "[{\"FrameType\":\"DataSetHeader\""});
  EXPECT_EQ(once.Query("T", {}).status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace quarry::sources
