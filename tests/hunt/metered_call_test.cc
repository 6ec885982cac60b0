// MeteredModelCall: the model question once, the exact prompt count and worst-case cost shown
// before anything is sent, and the actual usage priced after.
#include "hunt/metered_call.h"

#include <gtest/gtest.h>

#include <vector>

#include "llm/accounting/request_tokens.h"
#include "llm/cost.h"
#include "llm/tokenizer/tokenizer.h"

namespace quarry::hunt {
namespace {

// Answers every call with the same usage and keeps the requests it was sent.
class RecordingChat : public llm::ChatModel {
 public:
  Result<llm::ChatResponse> Complete(const llm::ChatRequest& request) override {
    sent.push_back(request);
    llm::ChatResponse response;
    response.message = {"assistant", "{}", {}, ""};
    response.usage = {1200, 300, 200, 0};
    return response;
  }
  std::vector<llm::ChatRequest> sent;
};

struct Asked {
  std::string model;
  int64_t prompt_tokens;
  double worst_usd;
};

class ScriptedObserver : public HuntObserver {
 public:
  std::string ChooseModel(const std::string& proposed, const llm::ChatRequest& request) override {
    ++model_questions;
    proposed_models.push_back(proposed + "/" + request.model);
    return answer_model.value_or(proposed);
  }
  bool ConfirmCost(const std::string& model, int64_t prompt_tokens, double worst) override {
    asked.push_back({model, prompt_tokens, worst});
    return approve;
  }
  std::optional<std::string> answer_model;
  bool approve = true;
  int model_questions = 0;
  std::vector<std::string> proposed_models;
  std::vector<Asked> asked;
};

llm::ModelInfo Priced(std::string name, std::string encoding, double in, double cached,
                      double out) {
  llm::ModelInfo info;
  info.name = std::move(name);
  info.encoding = std::move(encoding);
  info.context_window = 128000;
  info.max_output = 16384;
  info.input_per_1m = in;
  info.cached_input_per_1m = cached;
  info.output_per_1m = out;
  return info;
}

llm::ChatRequest Question(int max_output) {
  llm::ChatRequest request;
  request.messages.push_back({"system", "You hunt threats.", {}, ""});
  request.messages.push_back(
      {"user", "Ошибка входа: пароль неверный для root с 10.0.0.1, порт 22", {}, ""});
  request.max_output_tokens = max_output;
  return request;
}

int64_t ExactTokens(llm::ChatRequest request, const std::string& model) {
  request.model = model;
  auto tokenizer = llm::Tokenizer::ForModel(model);
  EXPECT_TRUE(tokenizer.ok()) << tokenizer.status().message();
  return llm::CountRequestTokens(request, **tokenizer).total();
}

TEST(MeteredModelCallTest, ShowsExactTokensAndWorstCostThenPricesTheUsage) {
  RecordingChat chat;
  ScriptedObserver observer;
  const llm::ModelInfo info = Priced("gpt-4.1-mini", "o200k_base", 0.40, 0.10, 1.60);
  MeteredModelCall meter(chat, "gpt-4.1-mini", &info, &observer);
  llm::ChatRequest request = Question(500);

  auto reply = meter.Call(request, "planning call");
  ASSERT_TRUE(reply.ok()) << reply.status().message();

  const int64_t tokens = ExactTokens(Question(500), "gpt-4.1-mini");
  ASSERT_EQ(observer.asked.size(), 1u);
  EXPECT_EQ(observer.asked[0].model, "gpt-4.1-mini");
  EXPECT_EQ(observer.asked[0].prompt_tokens, tokens);
  EXPECT_DOUBLE_EQ(observer.asked[0].worst_usd, (tokens * 0.40 + 500 * 1.60) / 1e6);
  ASSERT_EQ(chat.sent.size(), 1u);
  EXPECT_EQ(chat.sent[0].model, "gpt-4.1-mini");
  // 1000 uncached + 200 cached prompt tokens, 300 completion tokens.
  EXPECT_DOUBLE_EQ(reply->cost_usd, (1000 * 0.40 + 200 * 0.10 + 300 * 1.60) / 1e6);

  AnalysisUsage usage;
  AddCallUsage(*reply, &usage);
  AddCallUsage(*reply, &usage);
  EXPECT_EQ(usage.prompt_tokens, 2400);
  EXPECT_EQ(usage.completion_tokens, 600);
  EXPECT_EQ(usage.calls, 2);
  EXPECT_DOUBLE_EQ(usage.cost_usd, 2 * reply->cost_usd);
}

TEST(MeteredModelCallTest, TheModelQuestionIsAskedOnceAndASwitchUsesTheOtherModelsPrices) {
  RecordingChat chat;
  ScriptedObserver observer;
  observer.answer_model = "gpt-4";
  llm::ModelCatalog catalog;
  catalog.Upsert(Priced("gpt-4.1-mini", "o200k_base", 0.40, 0.10, 1.60));
  catalog.Upsert(Priced("gpt-4", "cl100k_base", 30.0, 30.0, 60.0));
  MeteredModelCall meter(chat, "gpt-4.1-mini", catalog.Find("gpt-4.1-mini"), &observer);
  meter.set_catalog(&catalog);

  llm::ChatRequest first = Question(100);
  ASSERT_TRUE(meter.Call(first, "model call").ok());
  llm::ChatRequest second = Question(100);
  auto reply = meter.Call(second, "model call");
  ASSERT_TRUE(reply.ok());

  EXPECT_EQ(observer.model_questions, 1);
  ASSERT_EQ(observer.proposed_models.size(), 1u);
  EXPECT_EQ(observer.proposed_models[0], "gpt-4.1-mini/gpt-4.1-mini");
  EXPECT_EQ(meter.model(), "gpt-4");
  ASSERT_EQ(chat.sent.size(), 2u);
  EXPECT_EQ(chat.sent[0].model, "gpt-4");
  EXPECT_EQ(chat.sent[1].model, "gpt-4");
  // Counted with gpt-4's cl100k_base and priced at gpt-4's rates.
  const int64_t tokens = ExactTokens(Question(100), "gpt-4");
  EXPECT_NE(tokens, ExactTokens(Question(100), "gpt-4.1-mini"));
  ASSERT_EQ(observer.asked.size(), 2u);
  EXPECT_EQ(observer.asked[1].prompt_tokens, tokens);
  EXPECT_DOUBLE_EQ(observer.asked[1].worst_usd, (tokens * 30.0 + 100 * 60.0) / 1e6);
  EXPECT_DOUBLE_EQ(reply->cost_usd, (1200 * 30.0 + 300 * 60.0) / 1e6);
}

TEST(MeteredModelCallTest, ADeclinedCostSendsNothing) {
  RecordingChat chat;
  ScriptedObserver observer;
  observer.approve = false;
  const llm::ModelInfo info = Priced("gpt-4.1-mini", "o200k_base", 0.40, 0.10, 1.60);
  MeteredModelCall meter(chat, "gpt-4.1-mini", &info, &observer);
  llm::ChatRequest request = Question(500);

  auto reply = meter.Call(request, "planning call");
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kCancelled);
  const int64_t tokens = ExactTokens(Question(500), "gpt-4.1-mini");
  EXPECT_EQ(reply.status().message(),
            "the planning call of " + std::to_string(tokens) + " prompt tokens was not approved");
  EXPECT_TRUE(chat.sent.empty());
}

TEST(MeteredModelCallTest, ACancelledModelQuestionSendsNothingAndAsksNoCost) {
  RecordingChat chat;
  ScriptedObserver observer;
  observer.answer_model = "";
  MeteredModelCall meter(chat, "gpt-4.1-mini", nullptr, &observer);
  llm::ChatRequest request = Question(500);

  auto reply = meter.Call(request, "model call");
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(reply.status().message(), "the model call was cancelled at the model question");
  EXPECT_TRUE(observer.asked.empty());
  EXPECT_TRUE(chat.sent.empty());
}

TEST(MeteredModelCallTest, AnUncataloguedModelCostsZeroButIsStillCounted) {
  RecordingChat chat;
  MeteredModelCall meter(chat, "gpt-4o", nullptr, nullptr);
  llm::ChatRequest request = Question(50);
  auto reply = meter.Call(request, "model call");
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->cost_usd, 0);
  EXPECT_EQ(reply->response.usage.prompt_tokens, 1200);
  ASSERT_EQ(chat.sent.size(), 1u);
  EXPECT_EQ(chat.sent[0].model, "gpt-4o");
}

}  // namespace
}  // namespace quarry::hunt
