// `quarry release` and `quarry action-status` end to end: the quarry binary signs in with Entra
// ID client credentials and talks to a local stand-in for the Defender for Endpoint API
// (QUARRY_DEFENDER_API) that answers in its documented shapes. The tests check the calls that
// arrived and the audit lines each command wrote to <workspace>/audit.jsonl.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "response/audit_log.h"
#include "scripted_server.h"

namespace quarry::response {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using quarry::testing::Reply;
using quarry::testing::ScriptedServer;
using ::testing::HasSubstr;

const Reply kTokenReply{
    200, R"({"token_type":"Bearer","expires_in":3599,"access_token":"fake.jwt.defender-cli"})"};

std::string ActionBody(const std::string& status) {
  return Json{{"id", "b89eb834-4578-496c-8be0-03f004061435"},
              {"type", "Unisolate"},
              {"requestor", "quarry-app"},
              {"requestorComment", "Quarry release"},
              {"status", status},
              {"machineId", "1e5bc9d7e413ddd7902c2932e418702b84d0cc07"},
              {"computerDnsName", "web-1.contoso.example"},
              {"creationDateTimeUtc", "2024-05-01T10:00:00Z"},
              {"lastUpdateDateTimeUtc", "2024-05-01T10:00:05Z"}}
      .dump();
}

class ResponseCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.running());
    dir_ = fs::temp_directory_path() / ("quarry-response-cli-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `quarry ARGS` (no terminal) with Entra ID and Defender pointed at the stand-in.
  int Quarry(const std::string& args, std::string* out) {
    const std::string command =
        "env -i PATH=/usr/bin:/bin HOME=" + dir_.string() + " USER=ana" +
        " NO_COLOR=1 QUARRY_CONFIG=/nonexistent AZURE_TENANT_ID=tenant-for-tests "
        "AZURE_CLIENT_ID=client-for-tests AZURE_CLIENT_SECRET=fake-secret-for-tests "
        "AZURE_AUTHORITY_HOST=" + server_.Root() + " QUARRY_DEFENDER_API=" + server_.Root() + " " +
        QUARRY_BINARY + " " + args + " </dev/null 2>&1";
    out->clear();
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    std::array<char, 4096> buffer;
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out->append(buffer.data(), n);
    int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  ScriptedServer server_;
  fs::path dir_;
};

TEST_F(ResponseCli, ReleaseUnderPolicyThenActionStatusAreBothAudited) {
  const std::string workspace = (dir_ / "ws").string();
  const std::string policy = (dir_ / "policy.yaml").string();
  std::ofstream(policy) << "unattended:\n  release: true\n";
  server_.Enqueue(kTokenReply);
  server_.Enqueue(
      {200, Json{{"@odata.context", "https://api.securitycenter.microsoft.com/api/$metadata#Machines"},
                 {"value",
                  {{{"id", "1e5bc9d7e413ddd7902c2932e418702b84d0cc07"},
                    {"computerDnsName", "web-1.contoso.example"},
                    {"osPlatform", "Windows10"},
                    {"healthStatus", "Active"},
                    {"lastSeen", "2024-05-01T09:58:00Z"}}}}}
                .dump()});
  server_.Enqueue({201, ActionBody("Pending")});
  std::string out;
  int code = Quarry("release web-1 --yes --policy " + policy + " --no-wait --note reimaged " +
                        "--workspace " + workspace,
                    &out);
  ASSERT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("quarry action-status b89eb834-4578-496c-8be0-03f004061435"));
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[1].Param("$filter"), "computerDnsName eq 'web-1'");
  EXPECT_EQ(requests[2].method, "POST");
  EXPECT_EQ(requests[2].path, "/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/unisolate");
  EXPECT_EQ(requests[2].Header("Authorization"), "Bearer fake.jwt.defender-cli");

  server_.Enqueue(kTokenReply);
  server_.Enqueue({200, ActionBody("Succeeded")});
  code = Quarry("action-status b89eb834-4578-496c-8be0-03f004061435 --json --workspace " + workspace,
                &out);
  ASSERT_EQ(code, 0) << out;
  Json printed = Json::parse(out.substr(out.find('{')), nullptr, false);
  ASSERT_FALSE(printed.is_discarded()) << out;
  EXPECT_EQ(printed["status"], "Succeeded");
  EXPECT_EQ(server_.requests().back().path,
            "/api/machineactions/b89eb834-4578-496c-8be0-03f004061435");

  auto log = ReadAuditLog(workspace + "/audit.jsonl");
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->records.size(), 3u);
  EXPECT_EQ(log->records[0]["event"], "release.approved");
  EXPECT_THAT(log->records[0]["approval"]["method"].get<std::string>(), HasSubstr(policy));
  EXPECT_EQ(log->records[1]["event"], "release.sent");
  EXPECT_EQ(log->records[1]["response_code"], 201);
  EXPECT_EQ(log->records[1]["action_id"], "b89eb834-4578-496c-8be0-03f004061435");
  EXPECT_EQ(log->records[1]["request"]["url"],
            server_.Root() + "/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/unisolate");
  EXPECT_EQ(log->records[2]["event"], "action_status.checked");
  EXPECT_EQ(log->records[2]["request"]["method"], "GET");
  EXPECT_EQ(log->records[2]["response_code"], 200);
  EXPECT_EQ(log->records[2]["result"], "Succeeded");
  EXPECT_EQ(log->records[2]["who"], log->records[1]["who"]);
  std::ifstream raw(workspace + "/audit.jsonl");
  std::string text((std::istreambuf_iterator<char>(raw)), std::istreambuf_iterator<char>());
  EXPECT_THAT(text, ::testing::Not(HasSubstr("fake.jwt.defender-cli")));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("fake-secret-for-tests")));
}

}  // namespace
}  // namespace quarry::response
