#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>

#include "scripted_server.h"
#include "sources/source_factory.h"

namespace quarry::sources {
namespace {

using quarry::testing::ScriptedServer;
using ::testing::HasSubstr;

// Sets environment variables for one test and restores them afterwards.
class ScopedEnv {
 public:
  void Set(const std::string& name, const std::string& value) {
    const char* old = std::getenv(name.c_str());
    saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
    setenv(name.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) {
        setenv(it->first.c_str(), it->second->c_str(), 1);
      } else {
        unsetenv(it->first.c_str());
      }
    }
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST(SourceFactoryTest, LogAnalyticsFromFlagsSignsInAndQueries) {
  ScriptedServer server;
  ASSERT_TRUE(server.running());
  server.Enqueue(
      {200, R"({"token_type":"Bearer","expires_in":3599,"access_token":"fake.jwt.factory"})"});
  server.Enqueue(
      {200,
       R"({"tables":[{"name":"PrimaryResult","columns":[{"name":"n","type":"long"}],"rows":[[42]]}]})"});
  ScopedEnv env;
  env.Set("AZURE_TENANT_ID", "tenant-for-tests");
  env.Set("AZURE_CLIENT_ID", "client-for-tests");
  env.Set("AZURE_CLIENT_SECRET", "fake-secret-for-tests");
  env.Set("AZURE_AUTHORITY_HOST", server.Root());
  env.Set("QUARRY_LA_ENDPOINT", server.Root());
  SourceFlags flags;
  flags.source = "loganalytics";
  flags.workspace_id = "ws-for-tests";
  flags.timespan = "P1D";
  auto source = MakeLogSource(flags);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_EQ((*source)->Describe(), "Log Analytics workspace ws-for-tests");
  auto table = (*source)->Query("SigninLogs | count", {});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->column(0)->GetValue(0), Value::Long(42));
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path, "/tenant-for-tests/oauth2/v2.0/token");
  EXPECT_EQ(requests[1].path, "/v1/workspaces/ws-for-tests/query");
  EXPECT_EQ(requests[1].Header("Authorization"), "Bearer fake.jwt.factory");
  EXPECT_TRUE(nlohmann::json::parse(requests[1].body).contains("timespan"));
}

TEST(SourceFactoryTest, MissingSettingsAreNamed) {
  ScopedEnv env;
  env.Set("QUARRY_LA_WORKSPACE_ID", "");
  env.Set("QUARRY_ADX_CLUSTER", "");
  SourceFlags la;
  la.source = "loganalytics";
  auto no_id = MakeLogSource(la);
  ASSERT_EQ(no_id.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(no_id.status().message(), HasSubstr("--workspace-id"));
  SourceFlags adx;
  adx.source = "adx";
  adx.database = "db";
  EXPECT_THAT(MakeLogSource(adx).status().message(), HasSubstr("--cluster"));
  SourceFlags other;
  other.source = "splunk";
  EXPECT_THAT(MakeLogSource(other).status().message(), HasSubstr("unknown source 'splunk'"));
}

}  // namespace
}  // namespace quarry::sources
