// A local stand-in for the Chat Completions service: cpp-httplib on 127.0.0.1 and an ephemeral
// port, answering POSTs from a script of replies in the documented wire format and recording
// every request Quarry sent so tests can check its shape.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace quarry::llm::testing {

struct ScriptedReply {
  ScriptedReply() = default;
  ScriptedReply(int status_in, std::string body_in,
                std::vector<std::pair<std::string, std::string>> headers_in = {},
                std::chrono::milliseconds delay_in = std::chrono::milliseconds(0),
                bool truncate_in = false)
      : status(status_in),
        body(std::move(body_in)),
        headers(std::move(headers_in)),
        delay(delay_in),
        truncate(truncate_in) {}

  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};
  bool truncate = false;  // announce more bytes than are sent, then drop the connection
};

struct RecordedRequest {
  std::string path;
  std::string query;  // "api-version=..." etc.
  std::string authorization;
  std::string api_key;
  std::string content_type;
  nlohmann::json body;
};

class FakeOpenAiServer {
 public:
  FakeOpenAiServer() {
    server_.Post(R"(/.*)",
                 [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ~FakeOpenAiServer() {
    stopping_ = true;
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  bool running() const { return port_ > 0 && server_.is_running(); }
  std::string Root() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string BaseUrl() const { return Root() + "/v1"; }

  void Enqueue(ScriptedReply reply) {
    std::lock_guard lock(mutex_);
    replies_.push_back(std::move(reply));
  }
  std::vector<RecordedRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  // A chat.completion body as documented, with `message` as choices[0].message.
  static std::string Completion(const nlohmann::json& message, const std::string& finish_reason,
                                int prompt, int completion, int cached = 0, int reasoning = 0) {
    nlohmann::json body = {
        {"id", "chatcmpl-test"},
        {"object", "chat.completion"},
        {"created", 1700000000},
        {"model", "gpt-4.1-mini-2025-04-14"},
        {"choices",
         {{{"index", 0},
           {"message", message},
           {"logprobs", nullptr},
           {"finish_reason", finish_reason}}}},
        {"usage",
         {{"prompt_tokens", prompt},
          {"completion_tokens", completion},
          {"total_tokens", prompt + completion},
          {"prompt_tokens_details", {{"cached_tokens", cached}, {"audio_tokens", 0}}},
          {"completion_tokens_details",
           {{"reasoning_tokens", reasoning},
            {"audio_tokens", 0},
            {"accepted_prediction_tokens", 0},
            {"rejected_prediction_tokens", 0}}}}},
        {"service_tier", "default"},
        {"system_fingerprint", "fp_test"}};
    return body.dump();
  }
  static std::string Text(const std::string& content, int prompt = 10, int completion = 5) {
    return Completion({{"role", "assistant"}, {"content", content}, {"refusal", nullptr}}, "stop",
                      prompt, completion);
  }
  static std::string Error(const std::string& message, const std::string& type,
                           const nlohmann::json& param, const nlohmann::json& code) {
    return nlohmann::json{
        {"error", {{"message", message}, {"type", type}, {"param", param}, {"code", code}}}}
        .dump();
  }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    ScriptedReply reply;
    {
      std::lock_guard lock(mutex_);
      RecordedRequest recorded;
      recorded.path = req.path;
      for (const auto& [k, v] : req.params) {
        recorded.query += (recorded.query.empty() ? "" : "&") + k + "=" + v;
      }
      recorded.authorization = req.get_header_value("Authorization");
      recorded.api_key = req.get_header_value("api-key");
      recorded.content_type = req.get_header_value("Content-Type");
      recorded.body = nlohmann::json::parse(req.body, nullptr, false);
      requests_.push_back(std::move(recorded));
      if (replies_.empty()) {
        reply = {500, Error("no scripted reply", "server_error", nullptr, nullptr)};
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
    if (reply.truncate) {
      auto text = std::make_shared<std::string>(reply.body.substr(0, reply.body.size() / 2));
      res.set_content_provider(reply.body.size(), "application/json",
                               [text](size_t, size_t, httplib::DataSink& sink) {
                                 sink.write(text->data(), text->size());
                                 return false;
                               });
      return;
    }
    res.set_content(reply.body, "application/json");
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::deque<ScriptedReply> replies_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace quarry::llm::testing
