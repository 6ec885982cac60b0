#include "llm/openai_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "fake_openai_server.h"
#include "net/curl_transport.h"

namespace quarry::llm {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using testing::FakeOpenAiServer;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ScriptedReply;

constexpr char kKey[] = "FAKE-test-key-not-a-secret-0000";

ChatMessage Message(std::string role, std::string content) {
  ChatMessage message;
  message.role = std::move(role);
  message.content = std::move(content);
  return message;
}

class InstantClock : public net::Clock {
 public:
  std::chrono::system_clock::time_point Now() override { return now_; }
  Status SleepFor(milliseconds d) override {
    sleeps.push_back(d);
    now_ += d;
    return Status::Ok();
  }
  std::vector<milliseconds> sleeps;

 private:
  std::chrono::system_clock::time_point now_{std::chrono::seconds(1'700'000'000)};
};

class OpenAiClientTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.running()); }

  std::unique_ptr<OpenAiChatModel> Client(EndpointConfig endpoint, int attempts = 3,
                                          QuirksLookup quirks = {}) {
    net::HttpClientOptions options;
    options.retry.max_attempts = attempts;
    options.retry_response = ShouldRetryModelResponse;
    options.random = [] { return 0.5; };
    auto http = std::make_shared<net::HttpClient>(std::make_shared<net::CurlTransport>(&cancel_),
                                                  &clock_, options);
    return std::make_unique<OpenAiChatModel>(std::move(endpoint), http, std::move(quirks));
  }
  std::unique_ptr<OpenAiChatModel> OpenAi(int attempts = 3, QuirksLookup quirks = {}) {
    EndpointConfig endpoint;
    endpoint.base_url = server_.BaseUrl();
    endpoint.api_key = kKey;
    return Client(endpoint, attempts, std::move(quirks));
  }
  static ChatRequest Simple() {
    ChatRequest request;
    request.model = "gpt-4.1-mini";
    request.messages = {Message("system", "You are a SOC analyst."),
                        Message("user", "Any failed sign-ins?")};
    request.max_output_tokens = 500;
    request.temperature = 0.2;
    request.seed = 7;
    return request;
  }

  std::atomic<bool> cancel_{false};
  InstantClock clock_;
  FakeOpenAiServer server_;
};

TEST_F(OpenAiClientTest, SendsDocumentedRequestShapeAndReadsUsage) {
  server_.Enqueue({200, FakeOpenAiServer::Completion(
                            {{"role", "assistant"}, {"content", "No."}, {"refusal", nullptr}},
                            "stop", 1200, 80, 1024, 64)});
  auto result = OpenAi()->Complete(Simple());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->message.content, "No.");
  EXPECT_EQ(result->message.role, "assistant");
  EXPECT_EQ(result->finish_reason, "stop");
  EXPECT_EQ(result->model, "gpt-4.1-mini-2025-04-14");
  EXPECT_EQ(result->usage.prompt_tokens, 1200);
  EXPECT_EQ(result->usage.completion_tokens, 80);
  EXPECT_EQ(result->usage.cached_tokens, 1024);
  EXPECT_EQ(result->usage.reasoning_tokens, 64);

  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/v1/chat/completions");
  EXPECT_EQ(requests[0].authorization, std::string("Bearer ") + kKey);
  EXPECT_EQ(requests[0].content_type, "application/json");
  json expected = {{"model", "gpt-4.1-mini"},
                   {"messages",
                    {{{"role", "system"}, {"content", "You are a SOC analyst."}},
                     {{"role", "user"}, {"content", "Any failed sign-ins?"}}}},
                   {"max_completion_tokens", 500},
                   {"temperature", 0.2},
                   {"seed", 7}};
  EXPECT_EQ(requests[0].body, expected);
}

TEST_F(OpenAiClientTest, SendsParticipantNamesOnlyWhenSet) {
  server_.Enqueue({200, FakeOpenAiServer::Completion({{"role", "assistant"}, {"content", "ok"}},
                                                     "stop", 40, 1)});
  ChatRequest request = Simple();
  ChatMessage example = Message("user", "Failed password for root");
  example.name = "example_user";
  request.messages.insert(request.messages.begin() + 1, example);
  ASSERT_TRUE(OpenAi()->Complete(request).ok());
  json expected_messages = {
      {{"role", "system"}, {"content", "You are a SOC analyst."}},
      {{"role", "user"}, {"content", "Failed password for root"}, {"name", "example_user"}},
      {{"role", "user"}, {"content", "Any failed sign-ins?"}}};
  EXPECT_EQ(server_.requests().at(0).body["messages"], expected_messages);
}

TEST_F(OpenAiClientTest, LogTextThatIsNotUtf8IsSentWithReplacementCharacters) {
  // Evidence comes from logs; a command line with raw bytes must not stop the request.
  server_.Enqueue({200, FakeOpenAiServer::Completion({{"role", "assistant"}, {"content", "ok"}},
                                                     "stop", 40, 1)});
  ChatRequest request = Simple();
  request.messages[1].content = "powershell -enc \xff\xfe AAAA";
  auto result = OpenAi()->Complete(request);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(server_.requests().at(0).body["messages"][1]["content"],
            "powershell -enc \xEF\xBF\xBD\xEF\xBF\xBD AAAA");
}

TEST_F(OpenAiClientTest, ToolsToolChoiceAndParallelToolCalls) {
  json calls = {
      {{"id", "call_1"},
       {"type", "function"},
       {"function", {{"name", "query_logs"}, {"arguments", R"({"table":"SigninLogs"})"}}}},
      {{"id", "call_2"},
       {"type", "function"},
       {"function", {{"name", "query_logs"}, {"arguments", R"({"table":"AuditLogs"})"}}}}};
  server_.Enqueue({200, FakeOpenAiServer::Completion(
                            {{"role", "assistant"}, {"content", nullptr}, {"tool_calls", calls}},
                            "tool_calls", 300, 40)});
  ChatRequest request = Simple();
  json params = {{"type", "object"},
                 {"properties", {{"table", {{"type", "string"}}}}},
                 {"required", {"table"}},
                 {"additionalProperties", false}};
  request.tools = {{"query_logs", "Run a log query", params, true}};
  request.tool_choice = "query_logs";
  auto result = OpenAi()->Complete(request);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->finish_reason, "tool_calls");
  EXPECT_EQ(result->message.content, "");
  ASSERT_EQ(result->message.tool_calls.size(), 2u);
  EXPECT_EQ(result->message.tool_calls[0].id, "call_1");
  EXPECT_EQ(result->message.tool_calls[0].name, "query_logs");
  EXPECT_EQ(result->message.tool_calls[0].arguments, R"({"table":"SigninLogs"})");
  EXPECT_EQ(result->message.tool_calls[1].id, "call_2");
  EXPECT_EQ(result->message.tool_calls[1].arguments, R"({"table":"AuditLogs"})");

  json body = server_.requests().at(0).body;
  json expected_tools = {{{"type", "function"},
                          {"function",
                           {{"name", "query_logs"},
                            {"description", "Run a log query"},
                            {"parameters", params},
                            {"strict", true}}}}};
  EXPECT_EQ(body["tools"], expected_tools);
  EXPECT_EQ(body["tool_choice"],
            (json{{"type", "function"}, {"function", {{"name", "query_logs"}}}}));
}

TEST_F(OpenAiClientTest, InvalidJsonInToolArgumentsIsData) {
  json calls = {{{"id", "call_9"},
                 {"type", "function"},
                 {"function", {{"name", "query_logs"}, {"arguments", "{\"table\": \"Sig"}}}}};
  server_.Enqueue({200, FakeOpenAiServer::Completion(
                            {{"role", "assistant"}, {"content", nullptr}, {"tool_calls", calls}},
                            "length", 100, 16)});
  auto result = OpenAi()->Complete(Simple());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->message.tool_calls.size(), 1u);
  EXPECT_EQ(result->message.tool_calls[0].arguments, "{\"table\": \"Sig");
  EXPECT_EQ(result->finish_reason, "length");
}

TEST_F(OpenAiClientTest, StructuredOutputAndToolHistory) {
  server_.Enqueue({200, FakeOpenAiServer::Text(R"({"findings":[]})")});
  ChatRequest request = Simple();
  request.response_schema = json{{"type", "object"},
                                 {"properties", {{"findings", {{"type", "array"}}}}},
                                 {"required", {"findings"}},
                                 {"additionalProperties", false}};
  request.response_schema_name = "findings";
  ChatMessage call = Message("assistant", "");
  call.tool_calls = {{"call_1", "query_logs", "{}"}};
  ChatMessage answer = Message("tool", "3 rows");
  answer.tool_call_id = "call_1";
  request.messages.push_back(call);
  request.messages.push_back(answer);
  request.tool_choice = "none";
  ASSERT_TRUE(OpenAi()->Complete(request).ok());
  json body = server_.requests().at(0).body;
  EXPECT_EQ(
      body["response_format"],
      (json{{"type", "json_schema"},
            {"json_schema",
             {{"name", "findings"}, {"schema", *request.response_schema}, {"strict", true}}}}));
  EXPECT_EQ(body["messages"][2],
            (json{{"role", "assistant"},
                  {"content", nullptr},
                  {"tool_calls",
                   {{{"id", "call_1"},
                     {"type", "function"},
                     {"function", {{"name", "query_logs"}, {"arguments", "{}"}}}}}}}));
  EXPECT_EQ(body["messages"][3],
            (json{{"role", "tool"}, {"content", "3 rows"}, {"tool_call_id", "call_1"}}));
  EXPECT_EQ(body["tool_choice"], "none");
}

TEST_F(OpenAiClientTest, RetriesAfter429WithRetryAfter) {
  server_.Enqueue({429,
                   FakeOpenAiServer::Error("Rate limit reached for gpt-4.1-mini", "requests",
                                           nullptr, "rate_limit_exceeded"),
                   {{"Retry-After", "2"}}});
  server_.Enqueue({200, FakeOpenAiServer::Text("done")});
  auto result = OpenAi()->Complete(Simple());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->message.content, "done");
  EXPECT_EQ(server_.requests().size(), 2u);
  ASSERT_EQ(clock_.sleeps.size(), 1u);
  EXPECT_EQ(clock_.sleeps[0], milliseconds(2'000));
}

TEST_F(OpenAiClientTest, PersistentServerErrorsBecomeUnavailable) {
  for (int i = 0; i < 3; ++i) {
    server_.Enqueue({500, FakeOpenAiServer::Error("The server had an error", "server_error",
                                                  nullptr, nullptr)});
  }
  auto result = OpenAi(3)->Complete(Simple());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(result.status().message(), HasSubstr("HTTP 500"));
  EXPECT_EQ(server_.requests().size(), 3u);
}

TEST_F(OpenAiClientTest, TruncatedBodyIsRetried) {
  server_.Enqueue({200, FakeOpenAiServer::Text("first try"), {}, milliseconds(0), true});
  server_.Enqueue({200, FakeOpenAiServer::Text("second try")});
  auto result = OpenAi()->Complete(Simple());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->message.content, "second try");
  EXPECT_EQ(server_.requests().size(), 2u);
}

TEST_F(OpenAiClientTest, GarbageBodyIsDataLoss) {
  server_.Enqueue({200, R"({"id":"chatcmpl-1","choices":[{"index":0,"mess)"});
  auto result = OpenAi()->Complete(Simple());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(result.status().message(), HasSubstr("not valid JSON"));
}

TEST_F(OpenAiClientTest, SlowResponseTimesOut) {
  server_.Enqueue({200, FakeOpenAiServer::Text("late"), {}, milliseconds(3'000)});
  EndpointConfig endpoint;
  endpoint.base_url = server_.BaseUrl();
  endpoint.total_timeout = milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  auto result = Client(endpoint)->Complete(Simple());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

// Ctrl-C during a call: the transfer stops with Cancelled and the call is not retried.
TEST_F(OpenAiClientTest, CancelDuringCallIsCancelledAndNotRetried) {
  server_.Enqueue({200, FakeOpenAiServer::Text("late"), {}, milliseconds(5'000)});
  server_.Enqueue({200, FakeOpenAiServer::Text("a retry must not happen")});
  std::thread presser([this] {
    while (server_.requests().empty()) std::this_thread::sleep_for(milliseconds(10));
    cancel_ = true;
  });
  auto result = OpenAi()->Complete(Simple());
  presser.join();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(OpenAiClientTest, UnsupportedMaxTokensIsRetriedOnceAndRemembered) {
  server_.Enqueue({400, FakeOpenAiServer::Error(
                            "Unsupported parameter: 'max_tokens' is not supported with this "
                            "model. Use 'max_completion_tokens' instead.",
                            "invalid_request_error", "max_tokens", "unsupported_parameter")});
  server_.Enqueue({200, FakeOpenAiServer::Text("one")});
  server_.Enqueue({200, FakeOpenAiServer::Text("two")});
  auto client = OpenAi(3, [](const std::string&) {
    return ModelQuirks{MaxTokensField::kMaxTokens, true};
  });
  ASSERT_TRUE(client->Complete(Simple()).ok());
  ASSERT_TRUE(client->Complete(Simple()).ok());
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].body["max_tokens"], 500);
  EXPECT_FALSE(requests[1].body.contains("max_tokens"));
  EXPECT_EQ(requests[1].body["max_completion_tokens"], 500);
  EXPECT_EQ(requests[2].body["max_completion_tokens"], 500);
}

TEST_F(OpenAiClientTest, UnsupportedTemperatureIsDropped) {
  server_.Enqueue({400, FakeOpenAiServer::Error(
                            "Unsupported value: 'temperature' does not support 0.2 with this "
                            "model. Only the default (1) value is supported.",
                            "invalid_request_error", "temperature", "unsupported_value")});
  server_.Enqueue({200, FakeOpenAiServer::Text("ok")});
  ASSERT_TRUE(OpenAi()->Complete(Simple()).ok());
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].body["temperature"], 0.2);
  EXPECT_FALSE(requests[1].body.contains("temperature"));
  EXPECT_EQ(requests[1].body["seed"], 7);
}

TEST_F(OpenAiClientTest, ContextLengthExceededLowersOutputCap) {
  server_.Enqueue({400, FakeOpenAiServer::Error(
                            "This model's maximum context length is 16385 tokens. However, you "
                            "requested 17000 tokens (16000 in the messages, 1000 in the "
                            "completion). Please reduce the length of the messages or completion.",
                            "invalid_request_error", "messages", "context_length_exceeded")});
  server_.Enqueue({200, FakeOpenAiServer::Text("ok")});
  ChatRequest request = Simple();
  request.max_output_tokens = 1000;
  ASSERT_TRUE(OpenAi()->Complete(request).ok());
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].body["max_completion_tokens"], 385);
}

TEST_F(OpenAiClientTest, SecondBadRequestIsNotRetriedAgain) {
  for (int i = 0; i < 2; ++i) {
    server_.Enqueue({400, FakeOpenAiServer::Error(
                              "Unsupported value: 'temperature' does not support 0.2",
                              "invalid_request_error", "temperature", "unsupported_value")});
  }
  auto result = OpenAi()->Complete(Simple());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(server_.requests().size(), 2u);
}

TEST_F(OpenAiClientTest, WrongKeyNeverEchoesTheKey) {
  server_.Enqueue({401, FakeOpenAiServer::Error(
                            std::string("Incorrect API key provided: ") + kKey +
                                ". You can find your API key at https://platform.openai.com.",
                            "invalid_request_error", nullptr, "invalid_api_key")});
  auto result = OpenAi()->Complete(Simple());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnauthenticated);
  EXPECT_THAT(result.status().message(), HasSubstr("OPENAI_API_KEY"));
  EXPECT_THAT(result.status().message(), Not(HasSubstr("0123456789abcdef")));
}

TEST_F(OpenAiClientTest, UnknownModelIsNotFound) {
  server_.Enqueue({404, FakeOpenAiServer::Error(
                            "The model `gpt-9` does not exist or you do not have access to it.",
                            "invalid_request_error", nullptr, "model_not_found")});
  ChatRequest request = Simple();
  request.model = "gpt-9";
  auto result = OpenAi()->Complete(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(result.status().message(), HasSubstr("model 'gpt-9' was not found"));
}

TEST_F(OpenAiClientTest, PermissionDenied) {
  server_.Enqueue({403, FakeOpenAiServer::Error("Project does not have access to model",
                                                "invalid_request_error", nullptr, nullptr)});
  auto result = OpenAi()->Complete(Simple());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kPermissionDenied);
  EXPECT_THAT(result.status().message(), HasSubstr("not allowed to use 'gpt-4.1-mini'"));
}

TEST_F(OpenAiClientTest, InsufficientQuotaIsNotRetried) {
  server_.Enqueue(
      {429, FakeOpenAiServer::Error("You exceeded your current quota, please check your plan.",
                                    "insufficient_quota", nullptr, "insufficient_quota")});
  auto result = OpenAi()->Complete(Simple());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kResourceExhausted);
  EXPECT_THAT(result.status().message(), HasSubstr("run out of quota"));
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(OpenAiClientTest, AzureDeploymentUrlAndApiKeyHeader) {
  server_.Enqueue({200, FakeOpenAiServer::Text("azure ok")});
  EndpointConfig endpoint;
  endpoint.provider = Provider::kAzure;
  endpoint.base_url = server_.Root();
  endpoint.api_key = "azure-key-123456";
  endpoint.azure_deployment = "hunt-gpt41";
  endpoint.azure_api_version = "2024-10-21";
  auto result = Client(endpoint)->Complete(Simple());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/openai/deployments/hunt-gpt41/chat/completions");
  EXPECT_EQ(requests[0].query, "api-version=2024-10-21");
  EXPECT_EQ(requests[0].api_key, "azure-key-123456");
  EXPECT_EQ(requests[0].authorization, "");
  EXPECT_FALSE(requests[0].body.contains("model"));
}

TEST_F(OpenAiClientTest, AzureMissingDeploymentIsExplained) {
  server_.Enqueue(
      {404, FakeOpenAiServer::Error("The API deployment for this resource does not exist.", "",
                                    nullptr, "DeploymentNotFound")});
  EndpointConfig endpoint;
  endpoint.provider = Provider::kAzure;
  endpoint.base_url = server_.Root();
  endpoint.api_key = "azure-key-123456";
  endpoint.azure_deployment = "nope";
  auto result = Client(endpoint)->Complete(Simple());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(result.status().message(), HasSubstr("deployment 'nope' was not found"));
  EXPECT_THAT(result.status().message(), Not(HasSubstr("azure-key-123456")));
}

TEST_F(OpenAiClientTest, CompatibleServerWithoutKeyUsesMaxTokens) {
  server_.Enqueue({200, FakeOpenAiServer::Text("local")});
  EndpointConfig endpoint;
  endpoint.provider = Provider::kCompatible;
  endpoint.base_url = server_.BaseUrl();
  ChatRequest request = Simple();
  request.model = "llama3.1:8b";
  ASSERT_TRUE(Client(endpoint)->Complete(request).ok());
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].authorization, "");
  EXPECT_EQ(requests[0].body["max_tokens"], 500);
  EXPECT_EQ(requests[0].body["model"], "llama3.1:8b");
}

TEST(ChatCompletionsUrlTest, Variants) {
  EndpointConfig endpoint;
  EXPECT_EQ(ChatCompletionsUrl(endpoint), "https://api.openai.com/v1/chat/completions");
  endpoint.provider = Provider::kCompatible;
  endpoint.base_url = "http://localhost:11434/v1/";
  EXPECT_EQ(ChatCompletionsUrl(endpoint), "http://localhost:11434/v1/chat/completions");
  endpoint.provider = Provider::kAzure;
  endpoint.base_url = "https://res.openai.azure.com/";
  endpoint.azure_deployment = "dep";
  endpoint.azure_api_version = "2025-01-01";
  EXPECT_EQ(ChatCompletionsUrl(endpoint),
            "https://res.openai.azure.com/openai/deployments/dep/chat/completions"
            "?api-version=2025-01-01");
  endpoint.azure_deployment = "";
  EXPECT_EQ(ChatCompletionsUrl(endpoint),
            "https://res.openai.azure.com/openai/v1/chat/completions");
}

}  // namespace
}  // namespace quarry::llm
