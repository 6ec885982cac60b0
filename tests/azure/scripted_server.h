// A local stand-in for Azure services (Entra ID, IMDS, Log Analytics, Azure Data Explorer,
// Defender for Endpoint): cpp-httplib on 127.0.0.1 and an ephemeral port. Replies are scripted
// in order (each in the service's documented wire format, written by the test), or by a responder
// that answers from the request once the script is used up, and every request is recorded so
// tests can check what Quarry sent.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "net/clock.h"

namespace quarry::testing {

struct Reply {
  Reply() = default;
  Reply(int status_in, std::string body_in,
        std::vector<std::pair<std::string, std::string>> headers_in = {},
        std::chrono::milliseconds delay_in = std::chrono::milliseconds(0))
      : status(status_in),
        body(std::move(body_in)),
        headers(std::move(headers_in)),
        delay(delay_in) {}
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};
};

struct Recorded {
  std::string method;
  std::string path;
  std::multimap<std::string, std::string> params;
  httplib::Headers headers;
  std::string body;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  std::string Param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? "" : it->second;
  }
};

class ScriptedServer {
 public:
  ScriptedServer() {
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      Handle(req, res);
    };
    server_.Get(R"(/.*)", handler);
    server_.Post(R"(/.*)", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ~ScriptedServer() {
    stopping_ = true;
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  bool running() const { return port_ > 0 && server_.is_running(); }
  std::string Root() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void Enqueue(Reply reply) {
    std::lock_guard lock(mutex_);
    replies_.push_back(std::move(reply));
  }
  // Answers every request that finds no scripted reply left (e.g. by the query it carries).
  void SetResponder(std::function<Reply(const Recorded&)> responder) {
    std::lock_guard lock(mutex_);
    responder_ = std::move(responder);
  }
  std::vector<Recorded> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    Reply reply;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back({req.method, req.path, req.params, req.headers, req.body});
      if (replies_.empty() && responder_) {
        reply = responder_(requests_.back());
      } else if (replies_.empty()) {
        reply = {500, R"({"error":{"code":"NoScriptedReply","message":"no scripted reply"}})"};
      } else {
        reply = std::move(replies_.front());
        replies_.pop_front();
      }
    }
    auto until = std::chrono::steady_clock::now() + reply.delay;
    while (!stopping_ && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    res.status = reply.status;
    for (const auto& [k, v] : reply.headers) res.set_header(k, v);
    res.set_content(reply.body, "application/json; charset=utf-8");
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::deque<Reply> replies_;
  std::function<Reply(const Recorded&)> responder_;
  std::vector<Recorded> requests_;
};

// A clock that stands still unless advanced; SleepFor records the wait and advances time.
class TestClock : public net::Clock {
 public:
  std::chrono::system_clock::time_point Now() override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  Status SleepFor(std::chrono::milliseconds d) override {
    std::lock_guard lock(mutex_);
    sleeps.push_back(d);
    now_ += d;
    return Status::Ok();
  }
  void Advance(std::chrono::seconds d) {
    std::lock_guard lock(mutex_);
    now_ += d;
  }
  std::vector<std::chrono::milliseconds> sleeps;

 private:
  std::mutex mutex_;
  std::chrono::system_clock::time_point now_{std::chrono::seconds(1'700'000'000)};
};

}  // namespace quarry::testing
