#include "llm/accounting/request_tokens.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/data_path.h"
#include "llm/openai_wire.h"

namespace quarry::llm {
namespace {

using ::testing::HasSubstr;

nlohmann::json LoadFixture(const std::string& name) {
  auto text = ReadFileToString(std::string(QUARRY_SOURCE_ROOT) + "/tests/tokenizer/fixtures/" + name);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  return nlohmann::json::parse(text.value_or("{}"));
}

TEST(RequestTokensTest, MatchesRecordedUsageFromTheCookbook) {
  const nlohmann::json fixture = LoadFixture("openai_cookbook_usage.json");
  ASSERT_GE(fixture["cases"].size(), 9u);
  for (const auto& c : fixture["cases"]) {
    const auto& body = c["request"];
    auto tokenizer = Tokenizer::ForModel(body["model"].get<std::string>());
    ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
    auto counted = CountWireRequestTokens(body, **tokenizer);
    ASSERT_TRUE(counted.ok()) << counted.status().ToString();
    EXPECT_EQ(counted->total(), c["usage"]["prompt_tokens"].get<int64_t>()) << c["name"];
  }
}

// The cookbook's named-message example as a ChatRequest: the body Quarry sends is the recorded
// request (names included), and counting the ChatRequest gives the API's recorded usage.
TEST(RequestTokensTest, NamedMessagesCountAndSerialiseLikeTheRecordedRequest) {
  const nlohmann::json fixture = LoadFixture("openai_cookbook_usage.json");
  const nlohmann::json& c = fixture["cases"][0];
  ASSERT_EQ(c["name"], "cookbook jargon translation, gpt-3.5-turbo");
  ChatRequest r;
  r.model = c["request"]["model"].get<std::string>();
  for (const auto& m : c["request"]["messages"]) {
    ChatMessage message{m["role"].get<std::string>(), m["content"].get<std::string>(), {}, ""};
    message.name = m.value("name", "");
    r.messages.push_back(message);
  }
  EXPECT_EQ(BuildChatRequestBody(r, {})["messages"], c["request"]["messages"]);
  auto counted = CountRequestTokens(r);
  ASSERT_TRUE(counted.ok()) << counted.status().ToString();
  EXPECT_EQ(counted->total(), c["usage"]["prompt_tokens"].get<int64_t>());
}

ChatRequest WeatherRequest(const std::string& model) {
  ChatRequest r;
  r.model = model;
  r.messages = {{"system", "You are a helpful assistant that can answer to questions about the weather.", {}, ""},
                {"user", "What's the weather like in San Francisco?", {}, ""}};
  ToolSpec tool;
  tool.name = "get_current_weather";
  tool.description = "Get the current weather in a given location";
  tool.parameters = nlohmann::json::parse(R"({"type":"object","properties":{
      "location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
      "unit":{"type":"string","description":"The unit of temperature to return","enum":["celsius","fahrenheit"]}},
      "required":["location"]})");
  r.tools.push_back(tool);
  return r;
}

TEST(RequestTokensTest, ChatRequestCountsLikeTheWireBody) {
  // The same request as the cookbook's weather example: 101 on gpt-4o, 105 on gpt-4.
  auto o = CountRequestTokens(WeatherRequest("gpt-4o-mini"));
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->total(), 101);
  EXPECT_EQ(o->reply_priming, 3);
  EXPECT_EQ(o->response_format, 0);
  auto c = CountRequestTokens(WeatherRequest("gpt-4"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->total(), 105);
  EXPECT_EQ(c->tools - o->tools, 3);  // func_init 10 vs 7; same tokens for these strings
}

TEST(RequestTokensTest, NoToolsMeansNoToolOverhead) {
  ChatRequest r = WeatherRequest("gpt-4.1-mini");
  r.tools.clear();
  auto n = CountRequestTokens(r);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->tools, 0);
  const Tokenizer& t = **Tokenizer::ForModel("gpt-4.1-mini");
  const int64_t expected = 3 + static_cast<int64_t>(t.Count("system") + t.Count(r.messages[0].content)) +
                           3 + static_cast<int64_t>(t.Count("user") + t.Count(r.messages[1].content)) + 3;
  EXPECT_EQ(n->total(), expected);
}

TEST(RequestTokensTest, SchemaAndToolCallsAreCountedByTheDocumentedEstimate) {
  ChatRequest r;
  r.model = "gpt-4.1";
  r.messages = {{"assistant", "", {{"call_1", "run_query", R"({"kql":"SigninLogs | take 5"})"}}, ""},
                {"tool", "3 rows", {}, "call_1"}};
  r.response_schema = nlohmann::json::parse(R"({"type":"object","properties":{"ok":{"type":"boolean"}}})");
  r.response_schema_name = "verdict";
  const Tokenizer& t = **Tokenizer::ForModel("gpt-4.1");
  auto n = CountRequestTokens(r, t);
  const int64_t call = 3 + static_cast<int64_t>(t.Count("run_query") + t.Count(R"({"kql":"SigninLogs | take 5"})"));
  EXPECT_EQ(n.messages, 3 + static_cast<int64_t>(t.Count("assistant")) + call + 3 +
                            static_cast<int64_t>(t.Count("tool") + t.Count("3 rows")));
  EXPECT_EQ(n.response_format,
            8 + static_cast<int64_t>(t.Count("verdict") + t.Count(r.response_schema->dump())));
}

TEST(RequestTokensTest, UnknownModelIsNotFound) {
  ChatRequest r;
  r.model = "mistral-large";
  EXPECT_EQ(CountRequestTokens(r).status().code(), StatusCode::kNotFound);
}

TEST(RequestTokensTest, MalformedWireBodyIsInvalidArgument) {
  const Tokenizer& t = **Tokenizer::ForEncoding("o200k_base");
  auto no_messages = CountWireRequestTokens(nlohmann::json::parse(R"({"model":"gpt-4o"})"), t);
  EXPECT_EQ(no_messages.status().code(), StatusCode::kInvalidArgument);
  auto bad_tool = CountWireRequestTokens(
      nlohmann::json::parse(R"({"messages":[],"tools":[{"function":{"name":5}}]})"), t);
  ASSERT_FALSE(bad_tool.ok());
  EXPECT_THAT(bad_tool.status().message(), HasSubstr("malformed"));
}

}  // namespace
}  // namespace quarry::llm
