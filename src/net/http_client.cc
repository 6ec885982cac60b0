#include "net/http_client.h"

#include <fmt/core.h>

#include <random>

#include "net/redact.h"

namespace quarry::net {
namespace {

double ThreadLocalRandom() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

std::string Seconds(std::chrono::milliseconds delay) {
  return fmt::format("{:.1f}s", static_cast<double>(delay.count()) / 1000.0);
}

}  // namespace

HttpClient::HttpClient(std::shared_ptr<HttpTransport> transport, Clock* clock,
                       HttpClientOptions options)
    : transport_(std::move(transport)), clock_(clock), options_(std::move(options)) {
  if (!options_.retry_response) {
    options_.retry_response = [](const HttpResponse& r) { return IsRetryableStatus(r.status); };
  }
  if (!options_.random) options_.random = ThreadLocalRandom;
  if (options_.retry.max_attempts < 1) options_.retry.max_attempts = 1;
}

void HttpClient::Log(std::string_view line) const {
  if (options_.debug_log) options_.debug_log(line);
}

Result<HttpResponse> HttpClient::Send(const HttpRequest& request) {
  const std::string where = RedactUrl(request.url);
  const int max_attempts = options_.retry.max_attempts;
  if (options_.debug_log) {
    Log(fmt::format("{} {} ({} body bytes)\n{}", request.method, where, request.body.size(),
                    FormatHeadersForLog(request.headers)));
  }
  for (int attempt = 1;; ++attempt) {
    Result<HttpResponse> result = transport_->Send(request);
    std::chrono::milliseconds delay{0};
    if (!result.ok()) {
      const Status& status = result.status();
      Log(fmt::format("attempt {}/{}: {}", attempt, max_attempts, status.message()));
      if (status.code() != StatusCode::kUnavailable || attempt >= max_attempts) {
        if (attempt > 1) return status.WithContext(fmt::format("after {} attempts", attempt));
        return status;
      }
      delay = BackoffDelay(options_.retry, attempt - 1, options_.random());
    } else {
      const HttpResponse& response = *result;
      Log(fmt::format("attempt {}/{}: HTTP {}", attempt, max_attempts, response.status));
      if (!options_.retry_response(response) || attempt >= max_attempts) return result;
      auto requested = ServerRequestedDelay(response, clock_->Now());
      if (requested && *requested > options_.retry.max_server_delay) {
        Log(fmt::format("server asks to wait {}, longer than the {} allowed; giving up",
                        Seconds(*requested), Seconds(options_.retry.max_server_delay)));
        return result;
      }
      delay = requested ? *requested : BackoffDelay(options_.retry, attempt - 1, options_.random());
    }
    Log(fmt::format("retrying {} in {}", where, Seconds(delay)));
    QUARRY_RETURN_IF_ERROR(clock_->SleepFor(delay));
  }
}

}  // namespace quarry::net
