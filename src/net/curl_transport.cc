#include "net/curl_transport.h"

#include <curl/curl.h>
#include <fmt/core.h>

#include <cctype>
#include <memory>
#include <mutex>

#include "net/redact.h"

namespace quarry::net {
namespace {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct TransferState {
  HttpResponse response;
  const std::atomic<bool>* cancel_flag = nullptr;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<TransferState*>(user);
  state->response.body.append(data, size * count);
  return size * count;
}

std::string_view TrimLine(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<TransferState*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    // A new status line (after 100-continue or a proxy CONNECT): only the last block counts.
    state->response.headers.clear();
    return size * count;
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    state->response.headers.emplace_back(std::string(TrimLine(line.substr(0, colon))),
                                         std::string(TrimLine(line.substr(colon + 1))));
  }
  return size * count;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* state = static_cast<TransferState*>(user);
  return state->cancel_flag != nullptr && state->cancel_flag->load() ? 1 : 0;
}

std::string HostOf(std::string_view url) {
  size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string_view host = url.substr(start, end == std::string_view::npos ? end : end - start);
  size_t at = host.rfind('@');
  if (at != std::string_view::npos) host.remove_prefix(at + 1);
  return std::string(host);
}

Status MapCurlError(CURLcode code, const char* detail, const std::string& host,
                    const HttpRequest& request) {
  std::string what = detail != nullptr && *detail != '\0' ? detail : curl_easy_strerror(code);
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return DeadlineExceeded(fmt::format(
          "no complete answer from {} within {:.0f}s (connect limit {:.0f}s): {}", host,
          request.total_timeout.count() / 1000.0, request.connect_timeout.count() / 1000.0, what));
    case CURLE_ABORTED_BY_CALLBACK:
      return Cancelled(fmt::format("request to {} cancelled by the user (Ctrl-C)", host));
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return Unavailable(fmt::format("connection to {} failed: {}", host, what));
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return FailedPrecondition(fmt::format("the URL for {} is not usable: {}", host, what));
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
      return FailedPrecondition(
          fmt::format("secure connection to {} could not be established: {}", host, what));
    default:
      return Unavailable(fmt::format("request to {} failed: {}", host, what));
  }
}

}  // namespace

CurlTransport::CurlTransport(const std::atomic<bool>* cancel_flag) : cancel_flag_(cancel_flag) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<HttpResponse> CurlTransport::Send(const HttpRequest& request) {
  const std::string host = HostOf(request.url);
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  if (!easy) return Internal("libcurl could not create a transfer handle");
  CURL* h = easy.get();

  std::unique_ptr<curl_slist, SlistDeleter> header_list;
  for (const auto& [name, value] : request.headers) {
    std::string line = name + ": " + value;
    curl_slist* appended = curl_slist_append(header_list.get(), line.c_str());
    if (appended == nullptr) return Internal("libcurl could not build the request headers");
    header_list.release();
    header_list.reset(appended);
  }
  // libcurl adds "Expect: 100-continue" to large POSTs; the services answer directly.
  header_list.reset(curl_slist_append(header_list.release(), "Expect:"));

  TransferState state;
  state.cancel_flag = cancel_flag_;
  char error_buffer[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.total_timeout.count()));
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &state);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &state);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &state);
  if (request.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty()) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
    }
  }

  CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) return MapCurlError(code, error_buffer, host, request);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  state.response.status = static_cast<int>(status);
  return std::move(state.response);
}

}  // namespace quarry::net
