#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "net/auth/azure_cli_credential.h"
#include "net/auth/chained_token_credential.h"
#include "net/auth/client_secret_credential.h"
#include "net/auth/managed_identity_credential.h"
#include "net/auth/token_response.h"
#include "net/curl_transport.h"
#include "scripted_server.h"

namespace quarry::net {
namespace {

using quarry::testing::Reply;
using quarry::testing::ScriptedServer;
using quarry::testing::TestClock;
using std::chrono::seconds;
using std::chrono::system_clock;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecret[] = "fake-secret-DO-NOT-USE~1234";
constexpr char kTenant[] = "00000000-0000-0000-0000-00000000000a";
constexpr char kClient[] = "00000000-0000-0000-0000-00000000000b";
constexpr char kLogAnalytics[] = "https://api.loganalytics.io";

system_clock::time_point Epoch(int64_t s) {
  return system_clock::time_point(seconds(s));
}

std::shared_ptr<HttpClient> Http(Clock* clock, int attempts = 3) {
  HttpClientOptions options;
  options.retry.max_attempts = attempts;
  options.random = [] { return 0.5; };
  return std::make_shared<HttpClient>(std::make_shared<CurlTransport>(), clock, options);
}

std::map<std::string, std::string> ParseForm(const std::string& body) {
  std::map<std::string, std::string> out;
  httplib::Params params;
  httplib::detail::parse_query_text(body, params);
  for (const auto& [k, v] : params) out[k] = v;
  return out;
}

TEST(TokenResponseTest, FormEncodingEscapesReservedCharacters) {
  EXPECT_EQ(UrlEncode("https://api.loganalytics.io/.default"),
            "https%3A%2F%2Fapi.loganalytics.io%2F.default");
  EXPECT_EQ(FormEncode({{"a b", "x&y=z"}, {"c", "~-_."}}), "a%20b=x%26y%3Dz&c=~-_.");
  EXPECT_EQ(ScopeForResource("https://api.securitycenter.microsoft.com/"),
            "https://api.securitycenter.microsoft.com/.default");
}

TEST(TokenResponseTest, EntraAnswerUsesExpiresInFromNow) {
  auto token = ParseOAuthTokenResponse(
      R"({"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"fake.jwt.one"})",
      Epoch(1000));
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(token->token, "fake.jwt.one");
  EXPECT_EQ(token->expires_on, Epoch(1000 + 3599));
}

TEST(TokenResponseTest, ImdsAnswerWithNumbersAsStringsUsesExpiresOn) {
  auto token = ParseOAuthTokenResponse(
      R"({"access_token":"fake.jwt.imds","refresh_token":"","expires_in":"3599",)"
      R"("expires_on":"1506484173","not_before":"1506480273","resource":"https://api.loganalytics.io",)"
      R"("token_type":"Bearer"})",
      Epoch(1));
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->expires_on, Epoch(1506484173));
}

TEST(TokenResponseTest, RejectsAnswersWithoutTokenOrExpiry) {
  EXPECT_EQ(ParseOAuthTokenResponse("<html>", Epoch(0)).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseOAuthTokenResponse(R"({"expires_in":5})", Epoch(0)).status().code(),
            StatusCode::kInvalidArgument);
  auto no_expiry = ParseOAuthTokenResponse(R"({"access_token":"fake.jwt"})", Epoch(0));
  EXPECT_EQ(no_expiry.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(no_expiry.status().message(), Not(HasSubstr("fake.jwt")));
}

TEST(TokenResponseTest, AzCliOutputPrefersEpochExpiry) {
  auto token = ParseAzCliTokenOutput(
      R"({"accessToken":"fake.jwt.cli","expiresOn":"2023-10-31 12:00:00.000000",)"
      R"("expires_on":1698753600,"subscription":"sub","tenant":"t","tokenType":"Bearer"})",
      Epoch(0));
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->token, "fake.jwt.cli");
  EXPECT_EQ(token->expires_on, Epoch(1698753600));
}

TEST(TokenResponseTest, AzCliOutputOfOlderVersionsReadsLocalExpiresOn) {
  auto token = ParseAzCliTokenOutput(
      R"({"accessToken":"fake.jwt.cli","expiresOn":"2030-01-02 03:04:05.000000","tokenType":"Bearer"})",
      Epoch(0));
  ASSERT_TRUE(token.ok());
  std::tm tm{};
  tm.tm_year = 130;
  tm.tm_mon = 0;
  tm.tm_mday = 2;
  tm.tm_hour = 3;
  tm.tm_min = 4;
  tm.tm_sec = 5;
  tm.tm_isdst = -1;
  EXPECT_EQ(token->expires_on, system_clock::from_time_t(std::mktime(&tm)));
}

TEST(TokenResponseTest, DescribesEntraErrorsByCodeAndFirstLine) {
  EXPECT_EQ(
      DescribeOAuthError(
          R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x\r\nCorrelation ID: y","error_codes":[7000215]})"),
      "invalid_client: AADSTS7000215: Invalid client secret provided.");
  EXPECT_EQ(DescribeOAuthError("not json"), "");
}

class CredentialTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.running()); }
  EntraAppConfig App() {
    EntraAppConfig app;
    app.tenant_id = kTenant;
    app.client_id = kClient;
    app.authority_host = server_.Root();
    return app;
  }
  TestClock clock_;
  ScriptedServer server_;
};

TEST_F(CredentialTest, ClientSecretPostsTheClientCredentialsGrant) {
  server_.Enqueue(
      {200, R"({"token_type":"Bearer","expires_in":3599,"access_token":"fake.jwt.cs"})"});
  ClientSecretCredential credential(App(), kSecret, Http(&clock_), &clock_);
  auto token = credential.GetToken(kLogAnalytics);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(token->token, "fake.jwt.cs");
  EXPECT_EQ(token->expires_on, clock_.Now() + seconds(3599));
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, std::string("/") + kTenant + "/oauth2/v2.0/token");
  EXPECT_EQ(requests[0].Header("Content-Type"), "application/x-www-form-urlencoded");
  auto form = ParseForm(requests[0].body);
  EXPECT_EQ(form["grant_type"], "client_credentials");
  EXPECT_EQ(form["client_id"], kClient);
  EXPECT_EQ(form["client_secret"], kSecret);
  EXPECT_EQ(form["scope"], "https://api.loganalytics.io/.default");
}

TEST_F(CredentialTest, RejectedSecretIsUnauthenticatedAndNeverRepeated) {
  server_.Enqueue(
      {401,
       std::string(
           R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided: )") +
           kSecret + R"("})"});
  ClientSecretCredential credential(App(), kSecret, Http(&clock_), &clock_);
  auto token = credential.GetToken(kLogAnalytics);
  ASSERT_EQ(token.status().code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(token.status().message(), HasSubstr("AADSTS7000215"));
  EXPECT_THAT(token.status().message(), HasSubstr(kClient));
  EXPECT_THAT(token.status().message(), Not(HasSubstr(kSecret)));
}

TEST_F(CredentialTest, WorkloadIdentitySendsTheFederatedTokenAsAssertion) {
  auto file = std::filesystem::temp_directory_path() / "quarry-azure-test-federated-token";
  std::ofstream(file) << "fake.federated.assertion\n";
  server_.Enqueue(
      {200, R"({"token_type":"Bearer","expires_in":600,"access_token":"fake.jwt.wi"})"});
  WorkloadIdentityCredential credential(App(), file.string(), Http(&clock_), &clock_);
  auto token = credential.GetToken("https://api.securitycenter.microsoft.com");
  std::filesystem::remove(file);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(token->token, "fake.jwt.wi");
  auto form = ParseForm(server_.requests().at(0).body);
  EXPECT_EQ(form["client_assertion"], "fake.federated.assertion");
  EXPECT_EQ(form["client_assertion_type"],
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
  EXPECT_EQ(form["scope"], "https://api.securitycenter.microsoft.com/.default");
  EXPECT_EQ(form.count("client_secret"), 0u);
}

TEST_F(CredentialTest, WorkloadIdentityWithoutTokenFileIsUnavailable) {
  WorkloadIdentityCredential credential(App(), "/nonexistent/quarry/token", Http(&clock_), &clock_);
  auto token = credential.GetToken(kLogAnalytics);
  EXPECT_TRUE(IsCredentialUnavailable(token.status()));
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(CredentialTest, ManagedIdentityAsksImdsWithMetadataHeader) {
  server_.Enqueue(
      {200,
       R"({"access_token":"fake.jwt.mi","expires_in":"3599","expires_on":"1700003599","resource":"https://api.loganalytics.io","token_type":"Bearer"})"});
  ManagedIdentityConfig config;
  config.imds_token_url = server_.Root() + "/metadata/identity/oauth2/token";
  config.client_id = "user-assigned-id";
  ManagedIdentityCredential credential(config, Http(&clock_), &clock_);
  auto token = credential.GetToken(kLogAnalytics);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(token->expires_on, Epoch(1700003599));
  auto request = server_.requests().at(0);
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.path, "/metadata/identity/oauth2/token");
  EXPECT_EQ(request.Header("Metadata"), "true");
  EXPECT_EQ(request.Param("api-version"), "2018-02-01");
  EXPECT_EQ(request.Param("resource"), kLogAnalytics);
  EXPECT_EQ(request.Param("client_id"), "user-assigned-id");
}

TEST_F(CredentialTest, ManagedIdentityWithoutIdentityIsUnavailable) {
  server_.Enqueue({400, R"({"error":"invalid_request","error_description":"Identity not found"})"});
  ManagedIdentityConfig config;
  config.imds_token_url = server_.Root() + "/metadata/identity/oauth2/token";
  ManagedIdentityCredential credential(config, Http(&clock_), &clock_);
  auto token = credential.GetToken(kLogAnalytics);
  EXPECT_TRUE(IsCredentialUnavailable(token.status()));
  EXPECT_THAT(token.status().message(), HasSubstr("Identity not found"));
}

TEST_F(CredentialTest, ManagedIdentityWithNoEndpointListeningIsUnavailable) {
  ManagedIdentityConfig config;
  config.imds_token_url = "http://127.0.0.1:9/metadata/identity/oauth2/token";  // discard port
  ManagedIdentityCredential credential(config, Http(&clock_, 1), &clock_);
  auto token = credential.GetToken(kLogAnalytics);
  EXPECT_TRUE(IsCredentialUnavailable(token.status())) << token.status().ToString();
}

TEST_F(CredentialTest, AppServiceIdentityEndpointSendsItsHeader) {
  server_.Enqueue(
      {200,
       R"({"access_token":"fake.jwt.as","expires_on":"1700003599","resource":"r","token_type":"Bearer"})"});
  ManagedIdentityConfig config;
  config.identity_endpoint = server_.Root() + "/msi/token";
  config.identity_header = "fake-identity-header";
  ManagedIdentityCredential credential(config, Http(&clock_), &clock_);
  ASSERT_TRUE(credential.GetToken(kLogAnalytics).ok());
  auto request = server_.requests().at(0);
  EXPECT_EQ(request.path, "/msi/token");
  EXPECT_EQ(request.Header("X-IDENTITY-HEADER"), "fake-identity-header");
  EXPECT_EQ(request.Param("api-version"), "2019-08-01");
}

// Writes an executable shell script standing in for `az`.
std::string FakeAz(const std::string& name, const std::string& script) {
  auto path = std::filesystem::temp_directory_path() / ("quarry-azure-test-" + name);
  std::ofstream(path) << "#!/bin/sh\n" << script;
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path.string();
}

TEST(AzureCliCredentialTest, RunsGetAccessTokenForTheResource) {
  TestClock clock;
  std::string args_file =
      (std::filesystem::temp_directory_path() / "quarry-azure-az-args").string();
  std::string az = FakeAz("az-ok", "echo \"$@\" > " + args_file +
                                       "\necho '{\"accessToken\":\"fake.jwt.az\",\"expires_on\":"
                                       "1700009999,\"tokenType\":\"Bearer\"}'\n");
  AzureCliCredential credential(&clock, RunCommand, az);
  auto token = credential.GetToken(kLogAnalytics);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(token->token, "fake.jwt.az");
  EXPECT_EQ(token->expires_on, Epoch(1700009999));
  std::ifstream in(args_file);
  std::string args;
  std::getline(in, args);
  EXPECT_EQ(args, "account get-access-token --resource https://api.loganalytics.io --output json");
}

TEST(AzureCliCredentialTest, NotSignedInSaysRunAzLogin) {
  TestClock clock;
  std::string az =
      FakeAz("az-nologin", "echo \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1\n");
  AzureCliCredential credential(&clock, RunCommand, az);
  auto token = credential.GetToken(kLogAnalytics);
  EXPECT_TRUE(IsCredentialUnavailable(token.status()));
  EXPECT_THAT(token.status().message(), HasSubstr("az login"));
}

TEST(AzureCliCredentialTest, MissingAzIsUnavailable) {
  TestClock clock;
  AzureCliCredential credential(&clock, RunCommand, "quarry-no-such-az-program");
  auto token = credential.GetToken(kLogAnalytics);
  EXPECT_TRUE(IsCredentialUnavailable(token.status()));
  EXPECT_THAT(token.status().message(), HasSubstr("not installed"));
}

class CountingCredential : public TokenCredential {
 public:
  std::string Name() const override { return "counting"; }
  Result<AccessToken> GetToken(std::string_view resource) override {
    ++calls;
    return AccessToken{std::string(resource) + "#" + std::to_string(calls),
                       clock->Now() + seconds(3600)};
  }
  TestClock* clock = nullptr;
  int calls = 0;
};

TEST(CachingTokenCredentialTest, ReusesTokenPerResourceUntilShortlyBeforeExpiry) {
  TestClock clock;
  auto inner = std::make_shared<CountingCredential>();
  inner->clock = &clock;
  CachingTokenCredential cache(inner, &clock, std::chrono::minutes(5));
  EXPECT_EQ(cache.GetToken("a")->token, "a#1");
  EXPECT_EQ(cache.GetToken("a")->token, "a#1");
  EXPECT_EQ(cache.GetToken("b")->token, "b#2");
  clock.Advance(seconds(3600 - 301));
  EXPECT_EQ(cache.GetToken("a")->token, "a#1");
  clock.Advance(seconds(2));
  EXPECT_EQ(cache.GetToken("a")->token, "a#3");
  EXPECT_EQ(inner->calls, 3);
}

EnvironmentLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST_F(CredentialTest, DefaultChainUsesEnvironmentSecretFirst) {
  server_.Enqueue(
      {200, R"({"token_type":"Bearer","expires_in":3599,"access_token":"fake.jwt.env"})"});
  int az_calls = 0;
  DefaultCredentialOptions options;
  options.environment = Env({{"AZURE_TENANT_ID", kTenant},
                             {"AZURE_CLIENT_ID", kClient},
                             {"AZURE_CLIENT_SECRET", kSecret},
                             {"AZURE_AUTHORITY_HOST", server_.Root()}});
  options.http = Http(&clock_);
  options.clock = &clock_;
  options.az_runner = [&](const std::vector<std::string>&,
                          std::chrono::milliseconds) -> Result<CommandOutput> {
    ++az_calls;
    return NotFound("no az");
  };
  auto credential = MakeDefaultAzureCredential(options);
  ASSERT_TRUE(credential.ok());
  EXPECT_EQ((*credential)->GetToken(kLogAnalytics)->token, "fake.jwt.env");
  EXPECT_EQ((*credential)->GetToken(kLogAnalytics)->token, "fake.jwt.env");
  EXPECT_EQ(server_.requests().size(), 1u);  // cached
  EXPECT_EQ(az_calls, 0);
}

TEST_F(CredentialTest, DefaultChainOrderIsSecretThenWorkloadIdentityThenManagedIdentity) {
  auto file = std::filesystem::temp_directory_path() / "quarry-azure-test-chain-federated-token";
  std::ofstream(file) << "fake.federated.assertion.chain\n";
  std::string log;
  HttpClientOptions logged;
  logged.retry.max_attempts = 1;
  logged.debug_log = [&log](std::string_view line) { log += std::string(line) + "\n"; };
  auto http = std::make_shared<HttpClient>(std::make_shared<CurlTransport>(), &clock_, logged);
  auto no_az = [](const std::vector<std::string>&,
                  std::chrono::milliseconds) -> Result<CommandOutput> {
    ADD_FAILURE() << "the Azure CLI was asked although an earlier credential is set up";
    return NotFound("no az");
  };
  std::map<std::string, std::string> vars = {{"AZURE_TENANT_ID", kTenant},
                                             {"AZURE_CLIENT_ID", kClient},
                                             {"AZURE_CLIENT_SECRET", kSecret},
                                             {"AZURE_FEDERATED_TOKEN_FILE", file.string()},
                                             {"AZURE_AUTHORITY_HOST", server_.Root()},
                                             {"AZURE_POD_IDENTITY_AUTHORITY_HOST", server_.Root()}};
  DefaultCredentialOptions options;
  options.http = http;
  options.clock = &clock_;
  options.az_runner = no_az;

  // 1. With a secret and a federated token file, the secret is used.
  options.environment = Env(vars);
  server_.Enqueue(
      {200, R"({"token_type":"Bearer","expires_in":3599,"access_token":"fake.jwt.first"})"});
  auto first = (*MakeDefaultAzureCredential(options))->GetToken(kLogAnalytics);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->token, "fake.jwt.first");
  ASSERT_EQ(server_.requests().size(), 1u);
  auto form = ParseForm(server_.requests()[0].body);
  EXPECT_EQ(form["client_secret"], kSecret);
  EXPECT_EQ(form.count("client_assertion"), 0u);

  // 2. Without the secret, workload identity comes before managed identity: IMDS is not asked.
  vars.erase("AZURE_CLIENT_SECRET");
  options.environment = Env(vars);
  server_.Enqueue(
      {200, R"({"token_type":"Bearer","expires_in":3599,"access_token":"fake.jwt.second"})"});
  auto second = (*MakeDefaultAzureCredential(options))->GetToken(kLogAnalytics);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->token, "fake.jwt.second");
  ASSERT_EQ(server_.requests().size(), 2u);
  EXPECT_EQ(server_.requests()[1].path, std::string("/") + kTenant + "/oauth2/v2.0/token");
  form = ParseForm(server_.requests()[1].body);
  EXPECT_EQ(form["client_assertion"], "fake.federated.assertion.chain");
  EXPECT_EQ(form.count("client_secret"), 0u);

  // 3. Without the token file, managed identity (IMDS) answers before the Azure CLI is tried.
  vars.erase("AZURE_FEDERATED_TOKEN_FILE");
  options.environment = Env(vars);
  server_.Enqueue(
      {200,
       R"({"access_token":"fake.jwt.third","expires_in":"3599","expires_on":"1700003599","resource":"https://api.loganalytics.io","token_type":"Bearer"})"});
  auto third = (*MakeDefaultAzureCredential(options))->GetToken(kLogAnalytics);
  std::filesystem::remove(file);
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  EXPECT_EQ(third->token, "fake.jwt.third");
  ASSERT_EQ(server_.requests().size(), 3u);
  EXPECT_EQ(server_.requests()[2].path, "/metadata/identity/oauth2/token");
  EXPECT_EQ(server_.requests()[2].Param("client_id"), kClient);

  // Nothing secret reached the debug log: not the client secret, the assertion or any token.
  EXPECT_THAT(log, HasSubstr("oauth2/v2.0/token"));
  for (const char* secret : {kSecret, "fake.federated.assertion.chain", "fake.jwt.first",
                             "fake.jwt.second", "fake.jwt.third"}) {
    EXPECT_THAT(log, Not(HasSubstr(secret))) << secret;
  }
}

TEST_F(CredentialTest, DefaultChainStopsAtAConfiguredCredentialThatFails) {
  server_.Enqueue(
      {401,
       R"({"error":"unauthorized_client","error_description":"AADSTS700016: Application not found"})"});
  int az_calls = 0;
  DefaultCredentialOptions options;
  options.environment = Env({{"AZURE_TENANT_ID", kTenant},
                             {"AZURE_CLIENT_ID", kClient},
                             {"AZURE_CLIENT_SECRET", kSecret},
                             {"AZURE_AUTHORITY_HOST", server_.Root()}});
  options.http = Http(&clock_);
  options.clock = &clock_;
  options.az_runner = [&](const std::vector<std::string>&,
                          std::chrono::milliseconds) -> Result<CommandOutput> {
    ++az_calls;
    return NotFound("no az");
  };
  auto token = (*MakeDefaultAzureCredential(options))->GetToken(kLogAnalytics);
  EXPECT_EQ(token.status().code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(token.status().message(), HasSubstr("AADSTS700016"));
  EXPECT_EQ(az_calls, 0);
}

TEST_F(CredentialTest, DefaultChainFallsThroughManagedIdentityToAzureCli) {
  server_.Enqueue({400, R"({"error":"invalid_request","error_description":"Identity not found"})"});
  DefaultCredentialOptions options;
  options.environment = Env({{"AZURE_POD_IDENTITY_AUTHORITY_HOST", server_.Root()}});
  options.http = Http(&clock_);
  options.clock = &clock_;
  std::vector<std::string> az_argv;
  options.az_runner = [&](const std::vector<std::string>& argv,
                          std::chrono::milliseconds) -> Result<CommandOutput> {
    az_argv = argv;
    return CommandOutput{0, R"({"accessToken":"fake.jwt.az","expires_on":1700009999})", ""};
  };
  auto token = (*MakeDefaultAzureCredential(options))->GetToken(kLogAnalytics);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(token->token, "fake.jwt.az");
  EXPECT_EQ(server_.requests().at(0).path, "/metadata/identity/oauth2/token");
  ASSERT_GE(az_argv.size(), 4u);
  EXPECT_EQ(az_argv[0], "az");
}

TEST_F(CredentialTest, DefaultChainWithNothingSetUpSaysHowToSignIn) {
  server_.Enqueue({400, R"({"error":"invalid_request","error_description":"Identity not found"})"});
  DefaultCredentialOptions options;
  options.environment = Env({{"AZURE_POD_IDENTITY_AUTHORITY_HOST", server_.Root()}});
  options.http = Http(&clock_);
  options.clock = &clock_;
  options.az_runner = [](const std::vector<std::string>&,
                         std::chrono::milliseconds) -> Result<CommandOutput> {
    return NotFound("'az' is not installed");
  };
  auto token = (*MakeDefaultAzureCredential(options))->GetToken(kLogAnalytics);
  ASSERT_TRUE(IsCredentialUnavailable(token.status())) << token.status().ToString();
  EXPECT_THAT(token.status().message(), HasSubstr("Identity not found"));
  EXPECT_THAT(token.status().message(), HasSubstr("'az' is not installed"));
  EXPECT_THAT(token.status().message(), HasSubstr("az login"));
}

}  // namespace
}  // namespace quarry::net
