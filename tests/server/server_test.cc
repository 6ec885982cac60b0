#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/time.h"
#include "kql/catalog.h"
#include "server/bearer_token.h"
#include "server/log_analytics_json.h"
#include "server/query_server.h"
#include "server/query_service.h"
#include "server/tls_material.h"

namespace quarry::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr char kToken[] = "qry_test-token-not-a-secret";

TablePtr Events() {
  TableBuilder b(Schema(
      {{"TimeGenerated", Type::kDatetime}, {"DeviceName", Type::kString}, {"Bytes", Type::kLong}}));
  b.AppendRow({Value::Datetime(*ParseDatetime("2024-05-01T00:00:00Z")), Value::String("web-1"),
               Value::Long(10)});
  b.AppendRow({Value::Datetime(*ParseDatetime("2024-05-02T00:00:00Z")), Value::String("web-10"),
               Value::Long(20)});
  b.AppendRow({Value::Datetime(*ParseDatetime("2024-05-03T00:00:00Z")), Value::String("db-1"),
               Value::Null(Type::kLong)});
  return b.Finish();
}

std::shared_ptr<kql::MemoryCatalog> Catalog() {
  auto catalog = std::make_shared<kql::MemoryCatalog>();
  catalog->Add("DeviceNetworkEvents", Events());
  return catalog;
}

// A catalog whose scans take `delay` (to test the time limit and the concurrency limit).
class SlowCatalog : public kql::MemoryCatalog {
 public:
  explicit SlowCatalog(std::chrono::milliseconds delay) : delay_(delay) {
    Add("DeviceNetworkEvents", Events());
  }
  Result<TablePtr> Scan(const kql::ScanRequest& request, kql::ScanStats* stats) const override {
    scans_started_.fetch_add(1);
    std::this_thread::sleep_for(delay_);
    return MemoryCatalog::Scan(request, stats);
  }
  int scans_started() const { return scans_started_.load(); }

 private:
  std::chrono::milliseconds delay_;
  mutable std::atomic<int> scans_started_{0};
};

TEST(LogAnalyticsJsonTest, WritesTheApiShapeWithKustoValueForms) {
  TableBuilder b(Schema({{"t", Type::kDatetime},
                         {"s", Type::kString},
                         {"b", Type::kBool},
                         {"i", Type::kInt},
                         {"l", Type::kLong},
                         {"r", Type::kReal},
                         {"d", Type::kDecimal},
                         {"ts", Type::kTimespan},
                         {"g", Type::kGuid},
                         {"dyn", Type::kDynamic}}));
  b.AppendRow({Value::Datetime(*ParseDatetime("2024-05-01T10:20:30.5Z")), Value::String("x"),
               Value::Bool(true), Value::Int(7), Value::Long(9007199254740993LL),
               Value::Real(std::nan("")), Value::Decimal(12.5),
               Value::Timespan(kTicksPerDay + kTicksPerHour),
               Value::Guid("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"),
               Value::Dynamic(Json::parse(R"({"b":1,"a":[2]})"))});
  b.AppendRow({Value::Null(Type::kDatetime), Value::String(""), Value::Null(Type::kBool),
               Value::Null(Type::kInt), Value::Null(Type::kLong), Value::Real(-1.0 / 0.0),
               Value::Null(Type::kDecimal), Value::Null(Type::kTimespan), Value::Null(Type::kGuid),
               Value::Null(Type::kDynamic)});
  auto out = TableToLogAnalyticsJson(*b.Finish());
  EXPECT_EQ(
      out.dump(),
      R"({"tables":[{"name":"PrimaryResult","columns":[{"name":"t","type":"datetime"},)"
      R"({"name":"s","type":"string"},{"name":"b","type":"bool"},{"name":"i","type":"int"},)"
      R"({"name":"l","type":"long"},{"name":"r","type":"real"},{"name":"d","type":"decimal"},)"
      R"({"name":"ts","type":"timespan"},{"name":"g","type":"guid"},)"
      R"({"name":"dyn","type":"dynamic"}],"rows":[["2024-05-01T10:20:30.5000000Z","x",true,)"
      R"(7,9007199254740993,"NaN","12.5","1.01:00:00","aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",)"
      R"("{\"b\":1,\"a\":[2]}"],[null,"",null,null,null,"-Infinity",null,null,null,null]]}]})");
}

TEST(BearerTokenTest, MatchesOnlyTheExactBearerToken) {
  EXPECT_TRUE(BearerTokenMatches(std::string("Bearer ") + kToken, kToken));
  EXPECT_TRUE(BearerTokenMatches(std::string("bearer ") + kToken, kToken));
  EXPECT_FALSE(BearerTokenMatches(kToken, kToken));
  EXPECT_FALSE(BearerTokenMatches(std::string("Basic ") + kToken, kToken));
  EXPECT_FALSE(BearerTokenMatches(std::string("Bearer ") + kToken + "x", kToken));
  EXPECT_FALSE(BearerTokenMatches("Bearer qry_test", kToken));
  EXPECT_FALSE(BearerTokenMatches("", kToken));
  EXPECT_FALSE(BearerTokenMatches("Bearer ", ""));
  auto a = GenerateBearerToken();
  auto b = GenerateBearerToken();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->size(), 36u);
}

ServiceReply Ask(QueryService& service, const json& body) {
  return service.Handle(body.dump(), "corr-1");
}

TEST(QueryServiceTest, AnswersInTheLogAnalyticsShape) {
  QueryService service(Catalog(), nullptr, {});
  auto reply = Ask(service, {{"query",
                              "DeviceNetworkEvents | where DeviceName == 'web-1' | "
                              "project DeviceName, Bytes"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(
      reply.body,
      R"({"tables":[{"name":"PrimaryResult","columns":[{"name":"DeviceName","type":"string"},)"
      R"({"name":"Bytes","type":"long"}],"rows":[["web-1",10]]}]})");
}

TEST(QueryServiceTest, TimespanScopesTheTables) {
  QueryService service(Catalog(), nullptr, {});
  auto reply = Ask(service, {{"query", "DeviceNetworkEvents | count"},
                             {"timespan", "2024-05-01T12:00:00Z/2024-05-02T12:00:00Z"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(json::parse(reply.body)["tables"][0]["rows"][0][0], 1);
  auto duration_end = Ask(service, {{"query", "DeviceNetworkEvents | count"},
                                    {"timespan", "P1D/2024-05-03T00:00:00Z"}});
  EXPECT_EQ(json::parse(duration_end.body)["tables"][0]["rows"][0][0], 2);
}

TEST(QueryServiceTest, ErrorsUseTheApiErrorShape) {
  QueryService service(Catalog(), nullptr, {});
  auto bad_kql = Ask(service, {{"query", "DeviceNetworkEvents | wher x"}});
  EXPECT_EQ(bad_kql.status, 400);
  auto error = json::parse(bad_kql.body)["error"];
  EXPECT_EQ(error["code"], "BadArgumentError");
  EXPECT_EQ(error["correlationId"], "corr-1");
  EXPECT_FALSE(error["innererror"]["message"].get<std::string>().empty());

  auto unknown = Ask(service, {{"query", "NoSuchTable | take 1"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(json::parse(unknown.body)["error"]["innererror"]["code"], "SemanticError");

  auto unsafe =
      Ask(service, {{"query", "externaldata(x:string)[@'https://x.example/a'] | take 1"}});
  EXPECT_EQ(unsafe.status, 400);
  EXPECT_EQ(json::parse(unsafe.body)["error"]["innererror"]["code"], "QueryRefused");

  EXPECT_EQ(service.Handle("not json", "c").status, 400);
  EXPECT_EQ(Ask(service, {{"q", "x"}}).status, 400);
  auto bad_span = Ask(service, {{"query", "DeviceNetworkEvents"}, {"timespan", "yesterday"}});
  EXPECT_EQ(json::parse(bad_span.body)["error"]["innererror"]["code"], "InvalidTimespan");
}

TEST(QueryServiceTest, LargeResultsAreCutWithAPartialErrorLikeTheService) {
  QueryServiceOptions options;
  options.max_rows = 2;
  QueryService service(Catalog(), nullptr, options);
  auto reply = Ask(service, {{"query", "DeviceNetworkEvents"}});
  ASSERT_EQ(reply.status, 200);
  auto body = json::parse(reply.body);
  EXPECT_EQ(body["tables"][0]["rows"].size(), 2u);
  EXPECT_EQ(body["error"]["code"], "PartialError");
  EXPECT_THAT(body["error"]["details"][0]["innererror"]["message"].get<std::string>(),
              HasSubstr("E_QUERY_RESULT_SET_TOO_LARGE"));
}

TEST(QueryServiceTest, SlowQueriesHitTheTimeLimit) {
  QueryServiceOptions options;
  options.time_limit = std::chrono::milliseconds(100);
  QueryService service(std::make_shared<SlowCatalog>(std::chrono::milliseconds(600)), nullptr,
                       options);
  auto reply = Ask(service, {{"query", "DeviceNetworkEvents | count"}});
  EXPECT_EQ(reply.status, 504);
  EXPECT_EQ(json::parse(reply.body)["error"]["code"], "GatewayTimeout");
  std::this_thread::sleep_for(std::chrono::milliseconds(700));  // let the worker finish
}

TEST(QueryServiceTest, ConcurrencyIsBoundedWith429) {
  QueryServiceOptions options;
  options.max_concurrent = 1;
  auto catalog = std::make_shared<SlowCatalog>(std::chrono::milliseconds(1000));
  QueryService service(catalog, nullptr, options);
  auto first = std::async(std::launch::async, [&] {
    return Ask(service, {{"query", "DeviceNetworkEvents | count"}});
  });
  // The first query holds the only slot from before its scan starts until after it ends.
  while (catalog->scans_started() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto second = Ask(service, {{"query", "DeviceNetworkEvents | count"}});
  EXPECT_EQ(second.status, 429);
  EXPECT_EQ(json::parse(second.body)["error"]["code"], "ThrottledError");
  ASSERT_EQ(second.headers.size(), 1u);
  EXPECT_EQ(second.headers[0].first, "Retry-After");
  EXPECT_EQ(first.get().status, 200);
  EXPECT_EQ(Ask(service, {{"query", "DeviceNetworkEvents | count"}}).status, 200);
}

class HttpsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("quarry-server-test-" + std::to_string(::getpid()));
    auto files = EnsureSelfSignedCertificate(dir_.string());
    ASSERT_TRUE(files.ok()) << files.status().ToString();
    ServerOptions options;
    options.port = 0;
    options.token = kToken;
    options.cert_path = files->cert_path;
    options.key_path = files->key_path;
    options.max_body_bytes = 4096;
    cert_ = files->cert_path;
    auto server = QueryServer::Create(
        options, std::make_shared<QueryService>(Catalog(), nullptr, QueryServiceOptions{}));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    thread_ = std::thread([this] { (void)server_->Listen(); });
    for (int i = 0; i < 100; ++i) {
      httplib::SSLClient probe("127.0.0.1", server_->port());
      probe.enable_server_certificate_verification(false);
      if (probe.Get("/")) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    std::filesystem::remove_all(dir_);
  }
  httplib::Result Post(const std::string& body, const std::string& auth) {
    httplib::SSLClient client("localhost", server_->port());
    client.set_ca_cert_path(cert_.c_str());
    client.enable_server_certificate_verification(true);
    httplib::Headers headers;
    if (!auth.empty()) headers.emplace("Authorization", auth);
    return client.Post("/v1/workspaces/any-id/query", headers, body, "application/json");
  }

  std::filesystem::path dir_;
  std::string cert_;
  std::unique_ptr<QueryServer> server_;
  std::thread thread_;
};

TEST_F(HttpsServerTest, ServesOverVerifiedTlsWithTheToken) {
  auto res = Post(R"({"query":"DeviceNetworkEvents | count"})", std::string("Bearer ") + kToken);
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["tables"][0]["rows"][0][0], 3);
  EXPECT_FALSE(res->get_header_value("x-ms-request-id").empty());
}

TEST_F(HttpsServerTest, RefusesMissingOrWrongTokens) {
  for (const std::string& auth : {std::string(), std::string("Bearer nope"), std::string(kToken)}) {
    auto res = Post(R"({"query":"DeviceNetworkEvents | count"})", auth);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << auth;
    EXPECT_EQ(json::parse(res->body)["error"]["code"], "AuthorizationRequiredError");
    EXPECT_THAT(res->body, ::testing::Not(HasSubstr(kToken)));
  }
}

TEST_F(HttpsServerTest, BoundsTheRequestSizeAndAnswersUnknownPathsInShape) {
  std::string big = R"({"query":")" + std::string(10'000, 'x') + R"("})";
  auto res = Post(big, std::string("Bearer ") + kToken);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  httplib::SSLClient client("localhost", server_->port());
  client.set_ca_cert_path(cert_.c_str());
  auto missing = client.Get("/v1/nothing", {{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(json::parse(missing->body)["error"]["code"], "PathNotFoundError");
}

TEST(TlsMaterialTest, CreatesOnceAndReusesWithAStableFingerprint) {
  auto dir =
      std::filesystem::temp_directory_path() / ("quarry-tls-test-" + std::to_string(::getpid()));
  auto first = EnsureSelfSignedCertificate(dir.string());
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->generated);
  auto second = EnsureSelfSignedCertificate(dir.string());
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->generated);
  auto fp1 = CertificateFingerprint(first->cert_path);
  ASSERT_TRUE(fp1.ok());
  EXPECT_EQ(fp1->size(), 95u);  // 32 bytes as XX:XX:...
  EXPECT_EQ(*fp1, *CertificateFingerprint(second->cert_path));
  EXPECT_EQ(std::filesystem::status(first->key_path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace quarry::server
