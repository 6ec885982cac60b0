// ScriptedModel: a local Chat Completions stand-in for the hunt's end-to-end tests. It speaks
// OpenAI's documented wire format (POST /v1/chat/completions; bodies built with
// FakeOpenAiServer's helpers), records every request body it receives, and answers each with the
// next scripted step, computed from that request (so a scripted model can cite the evidence ids
// Quarry actually sent). A 429 reply carries "Retry-After: 0"; past the script it answers 500.
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "../llm/fake_openai_server.h"

namespace quarry::hunt_e2e {

// A Chat Completions stand-in whose replies are computed from the request (so a scripted model
// can cite the evidence ids Quarry actually sent).
class ScriptedModel {
 public:
  using Step = std::function<std::pair<int, std::string>(const nlohmann::json& body)>;
  explicit ScriptedModel(std::vector<Step> steps) : steps_(std::move(steps)) {
    server_.Post(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
      nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
      std::pair<int, std::string> reply{
          500, llm::testing::FakeOpenAiServer::Error("no step", "server_error", nullptr, nullptr)};
      {
        std::lock_guard lock(mutex_);
        bodies_.push_back(body);
        if (next_ < steps_.size()) reply = steps_[next_++](body);
      }
      res.status = reply.first;
      if (reply.first == 429) res.set_header("Retry-After", "0");
      res.set_content(reply.second, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~ScriptedModel() {
    server_.stop();
    thread_.join();
  }
  std::string BaseUrl() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
  std::vector<nlohmann::json> bodies() {
    std::lock_guard lock(mutex_);
    return bodies_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::vector<Step> steps_;
  size_t next_ = 0;
  std::vector<nlohmann::json> bodies_;
};

}  // namespace quarry::hunt_e2e
