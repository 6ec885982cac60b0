#include "net/curl_transport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <regex>
#include <thread>
#include <vector>

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
  // /slow answers after 2 s: only the 200 ms limit can make this fail.
  auto result = transport.Send(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_THAT(result.status().message(), HasSubstr("127.0.0.1"));
}

// A listener that never accepts, with its accept queue full: the kernel drops further SYNs, so
// a connection attempt hangs until the connect limit (not the much longer total limit) ends it.
class FullListener {
 public:
  FullListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || listen(fd_, 0) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      return;
    }
    port_ = ntohs(addr.sin_port);
    for (int i = 0; i < 8; ++i) {
      int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));  // EINPROGRESS expected
      fillers_.push_back(c);
    }
  }
  ~FullListener() {
    for (int c : fillers_) close(c);
    close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::vector<int> fillers_;
};

TEST_F(CurlTransportTest, ConnectTimeoutEndsAHangingConnect) {
  FullListener listener;
  ASSERT_NE(listener.port(), 0);
  CurlTransport transport(&cancel_);
  HttpRequest request = Post("/echo");
  request.url = "http://127.0.0.1:" + std::to_string(listener.port()) + "/v1/chat/completions";
  request.connect_timeout = milliseconds(300);
  request.total_timeout = milliseconds(120'000);
  auto result = transport.Send(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDeadlineExceeded);
  // curl's own words after ": " name the connect phase ("Failed to connect ... Timeout was
  // reached" / "Connection timed out"), never the total limit's "Operation timed out".
  const std::string& message = result.status().message();
  const std::string detail = message.substr(message.rfind("): ") + 3);
  EXPECT_THAT(detail, ::testing::ContainsRegex("[Cc]onnect"));
  EXPECT_THAT(detail, Not(HasSubstr("Operation timed out")));
  // When curl reports how long it tried, that is the connect limit, far below the total one.
  std::smatch after;
  if (std::regex_search(detail, after, std::regex(R"(after (\d+) ms)"))) {
    EXPECT_LT(std::stol(after[1].str()), 120'000) << detail;
  }
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
