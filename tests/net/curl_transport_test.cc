#include "net/curl_transport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "local_http_server.h"

namespace quarry::net {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::Not;

class CurlTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& s = server_.server();
    s.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.status = 201;
      res.set_header("X-Seen-Auth", req.get_header_value("Authorization"));
      res.set_header("Retry-After", "3");
      res.set_content(req.body, "application/json");
    });
    s.Post("/slow", [this](const httplib::Request&, httplib::Response& res) {
      for (int i = 0; i < 100 && !stop_.load(); ++i) {
        std::this_thread::sleep_for(milliseconds(20));
      }
      res.set_content("{}", "application/json");
    });
    s.Post("/truncated", [](const httplib::Request&, httplib::Response& res) {
      res.set_content_provider(100, "application/json",
                               [](size_t, size_t, httplib::DataSink& sink) {
                                 sink.write("{\"choices\":[", 12);
                                 return false;
                               });
    });
    s.Post("/redirect", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("http://127.0.0.1:1/elsewhere");
    });
    ASSERT_TRUE(server_.Start());
  }
  void TearDown() override { stop_ = true; }

  HttpRequest Post(const std::string& path) {
    HttpRequest request;
    request.url = server_.Url(path);
    request.headers = {{"Authorization", "Bearer sk-test-XYZ"},
                       {"Content-Type", "application/json"}};
    request.body = R"({"model":"gpt-4.1-nano"})";
    return request;
  }

  std::atomic<bool> stop_{false};
  std::atomic<bool> cancel_{false};
  testing::LocalHttpServer server_;
};

TEST_F(CurlTransportTest, PostsBodyAndHeadersAndReadsResponse) {
  CurlTransport transport(&cancel_);
  auto result = transport.Send(Post("/echo"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, 201);
  EXPECT_EQ(result->body, R"({"model":"gpt-4.1-nano"})");
  EXPECT_EQ(result->Header("x-seen-auth"), "Bearer sk-test-XYZ");
  EXPECT_EQ(result->Header("retry-after"), "3");
}

TEST_F(CurlTransportTest, TotalTimeoutIsDeadlineExceeded) {
  CurlTransport transport(&cancel_);
  HttpRequest request = Post("/slow");
  request.total_timeout = milliseconds(200);
  auto start = std::chrono::steady_clock::now();
  auto result = transport.Send(request);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_THAT(result.status().message(), HasSubstr("127.0.0.1"));
  EXPECT_LT(took, std::chrono::milliseconds(1500));
}

TEST_F(CurlTransportTest, CutOffBodyIsUnavailable) {
  CurlTransport transport(&cancel_);
  auto result = transport.Send(Post("/truncated"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
}

TEST_F(CurlTransportTest, RefusedConnectionIsUnavailable) {
  CurlTransport transport(&cancel_);
  HttpRequest request = Post("/echo");
  request.url = "http://127.0.0.1:1/v1/chat/completions";
  auto result = transport.Send(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(result.status().message(), Not(HasSubstr("sk-test-XYZ")));
}

TEST_F(CurlTransportTest, CancelFlagAbortsTransfer) {
  CurlTransport transport(&cancel_);
  std::thread presser([this] {
    std::this_thread::sleep_for(milliseconds(150));
    cancel_ = true;
  });
  auto start = std::chrono::steady_clock::now();
  auto result = transport.Send(Post("/slow"));
  auto took = std::chrono::steady_clock::now() - start;
  presser.join();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
  EXPECT_LT(took, std::chrono::milliseconds(1500));
}

TEST_F(CurlTransportTest, DoesNotFollowRedirects) {
  CurlTransport transport(&cancel_);
  auto result = transport.Send(Post("/redirect"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, 302);
}

}  // namespace
}  // namespace quarry::net
