#include "net/http_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>

#include "fake_clock.h"

namespace quarry::net {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// Replays a script of responses or errors and counts the requests it saw.
class ScriptedTransport : public HttpTransport {
 public:
  void Then(HttpResponse response) { script_.emplace_back(std::move(response)); }
  void ThenError(Status status) { script_.emplace_back(std::move(status)); }

  Result<HttpResponse> Send(const HttpRequest& request) override {
    ++calls;
    last_request = request;
    if (script_.empty()) return Internal("script exhausted");
    Result<HttpResponse> next = std::move(script_.front());
    script_.pop_front();
    return next;
  }

  int calls = 0;
  HttpRequest last_request;

 private:
  std::deque<Result<HttpResponse>> script_;
};

HttpResponse Reply(int status, Headers headers = {}, std::string body = "") {
  return HttpResponse{status, std::move(headers), std::move(body)};
}

class HttpClientTest : public ::testing::Test {
 protected:
  HttpClient MakeClient(int max_attempts = 4) {
    HttpClientOptions options;
    options.retry.max_attempts = max_attempts;
    options.retry.initial_backoff = milliseconds(100);
    options.retry.multiplier = 2;
    options.retry.jitter = 0.5;
    options.random = [] { return 0.5; };
    options.debug_log = [this](std::string_view line) { log_ += std::string(line) + "\n"; };
    return HttpClient(transport_, &clock_, options);
  }

  std::shared_ptr<ScriptedTransport> transport_ = std::make_shared<ScriptedTransport>();
  testing::FakeClock clock_;
  std::string log_;
  HttpRequest request_{"POST",
                       "https://api.example.test/v1/chat/completions",
                       {{"Authorization", "Bearer sk-test-SECRET123"}},
                       "{}"};
};

TEST_F(HttpClientTest, SuccessOnFirstAttempt) {
  transport_->Then(Reply(200, {}, "ok"));
  auto result = MakeClient().Send(request_);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "ok");
  EXPECT_EQ(transport_->calls, 1);
  EXPECT_TRUE(clock_.sleeps.empty());
}

TEST_F(HttpClientTest, HonoursRetryAfterOn429) {
  transport_->Then(Reply(429, {{"Retry-After", "2"}}));
  transport_->Then(Reply(200, {}, "ok"));
  auto result = MakeClient().Send(request_);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(transport_->calls, 2);
  EXPECT_THAT(clock_.sleeps, ElementsAre(milliseconds(2'000)));
}

TEST_F(HttpClientTest, HonoursRateLimitResetHeader) {
  transport_->Then(
      Reply(429, {{"x-ratelimit-remaining-tokens", "0"}, {"x-ratelimit-reset-tokens", "1.5s"}}));
  transport_->Then(Reply(200));
  ASSERT_TRUE(MakeClient().Send(request_).ok());
  EXPECT_THAT(clock_.sleeps, ElementsAre(milliseconds(1'500)));
}

TEST_F(HttpClientTest, ExponentialBackoffOnServerErrors) {
  transport_->Then(Reply(500));
  transport_->Then(Reply(502));
  transport_->Then(Reply(503));
  transport_->Then(Reply(200, {}, "finally"));
  auto result = MakeClient().Send(request_);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->body, "finally");
  EXPECT_THAT(clock_.sleeps, ElementsAre(milliseconds(100), milliseconds(200), milliseconds(400)));
}

TEST_F(HttpClientTest, ReturnsLastResponseWhenAttemptsRunOut) {
  for (int i = 0; i < 3; ++i) transport_->Then(Reply(504, {}, "gateway " + std::to_string(i)));
  auto result = MakeClient(3).Send(request_);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 504);
  EXPECT_EQ(result->body, "gateway 2");
  EXPECT_EQ(transport_->calls, 3);
}

TEST_F(HttpClientTest, DoesNotRetryClientErrors) {
  transport_->Then(Reply(400, {}, "bad"));
  auto result = MakeClient().Send(request_);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(transport_->calls, 1);
}

TEST_F(HttpClientTest, CustomRetryPredicate) {
  transport_->Then(Reply(429, {}, R"({"error":{"code":"insufficient_quota"}})"));
  HttpClientOptions options;
  options.retry_response = [](const HttpResponse& r) {
    return r.status == 429 && r.body.find("insufficient_quota") == std::string::npos;
  };
  HttpClient client(transport_, &clock_, options);
  auto result = client.Send(request_);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 429);
  EXPECT_EQ(transport_->calls, 1);
}

TEST_F(HttpClientTest, RetriesConnectionResets) {
  transport_->ThenError(Unavailable("connection to api.example.test failed: reset by peer"));
  transport_->Then(Reply(200));
  auto result = MakeClient().Send(request_);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(transport_->calls, 2);
  EXPECT_THAT(clock_.sleeps, ElementsAre(milliseconds(100)));
}

TEST_F(HttpClientTest, PersistentConnectionFailureReportsAttempts) {
  for (int i = 0; i < 2; ++i) transport_->ThenError(Unavailable("connection refused"));
  auto result = MakeClient(2).Send(request_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(result.status().message(), "after 2 attempts: connection refused");
}

TEST_F(HttpClientTest, TimeoutIsNotRetried) {
  transport_->ThenError(DeadlineExceeded("no complete answer within 1s"));
  auto result = MakeClient().Send(request_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(transport_->calls, 1);
}

TEST_F(HttpClientTest, RefusesToWaitLongerThanAllowed) {
  transport_->Then(Reply(429, {{"Retry-After", "3600"}}));
  auto result = MakeClient().Send(request_);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 429);
  EXPECT_EQ(transport_->calls, 1);
  EXPECT_TRUE(clock_.sleeps.empty());
}

TEST_F(HttpClientTest, CancelledDuringBackoff) {
  transport_->Then(Reply(503));
  clock_.cancel_on_sleep = true;
  auto result = MakeClient().Send(request_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(transport_->calls, 1);
}

TEST_F(HttpClientTest, DebugLogNeverShowsTheKey) {
  transport_->Then(Reply(429, {{"Retry-After", "1"}}));
  transport_->Then(Reply(200));
  ASSERT_TRUE(MakeClient().Send(request_).ok());
  EXPECT_THAT(log_, HasSubstr("Authorization: [redacted]"));
  EXPECT_THAT(log_, HasSubstr("attempt 1/4: HTTP 429"));
  EXPECT_THAT(log_, HasSubstr("retrying https://api.example.test/v1/chat/completions in 1.0s"));
  EXPECT_THAT(log_, Not(HasSubstr("SECRET123")));
}

}  // namespace
}  // namespace quarry::net
