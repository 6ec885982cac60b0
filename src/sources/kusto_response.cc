#include "sources/kusto_response.h"

#include <fmt/core.h>

namespace quarry::sources {
namespace {

std::string StringField(const Json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

KustoServiceError DescribeOneApiError(const Json& error) {
  KustoServiceError out;
  if (!error.is_object()) return out;
  out.code = StringField(error, "code");
  out.message = StringField(error, "message");
  // ADX puts the detailed text in "@message".
  if (std::string detail = StringField(error, "@message"); !detail.empty()) out.message = detail;
  const Json* inner = &error;
  for (int depth = 0; depth < 16; ++depth) {
    auto it = inner->find("innererror");
    if (it == inner->end() || !it->is_object()) break;
    inner = &*it;
    if (std::string code = StringField(*inner, "code"); !code.empty()) out.inner_code = code;
    if (std::string message = StringField(*inner, "message"); !message.empty()) {
      out.message = message;
    }
  }
  if (inner == &error) {
    auto details = error.find("details");
    if (details != error.end() && details->is_array() && !details->empty()) {
      KustoServiceError first = DescribeOneApiError((*details)[0]);
      if (!first.message.empty()) out.message = first.message;
      if (!first.inner_code.empty()) out.inner_code = first.inner_code;
    }
  }
  return out;
}

bool IsResultLimitMessage(std::string_view text) {
  return text.find("E_QUERY_RESULT_SET_TOO_LARGE") != std::string_view::npos ||
         text.find("80DA0003") != std::string_view::npos ||
         text.find("exceed the set limit") != std::string_view::npos;
}

}  // namespace quarry::sources

namespace quarry::sources {

Status KustoRequestFailed(const std::string& service, int http_status,
                          const KustoServiceError& error, const std::string& access_hint) {
  std::string said;
  if (!error.message.empty() || !error.code.empty()) {
    said = fmt::format(" The service said ({}{}{}): {}", error.code,
                       error.inner_code.empty() ? "" : "/", error.inner_code,
                       error.message.empty() ? "no details" : error.message);
  }
  const bool timeout = error.code.find("Timeout") != std::string::npos ||
                       error.inner_code.find("Timeout") != std::string::npos ||
                       error.message.find("timed out") != std::string::npos;
  if (http_status == 504 || http_status == 408 || timeout) {
    return DeadlineExceeded(fmt::format(
        "{} stopped the query because it ran longer than the service allows (HTTP {}); narrow "
        "the time range or the tables queried.{}",
        service, http_status, said));
  }
  switch (http_status) {
    case 400:
      return InvalidArgument(fmt::format("{} rejected the query (HTTP 400).{}", service, said));
    case 401:
      return Unauthenticated(fmt::format(
          "{} did not accept the access token (HTTP 401): sign in again (az login) or check the "
          "credential's tenant.{}",
          service, said));
    case 403:
      return PermissionDenied(
          fmt::format("{} refused access (HTTP 403): the signed-in identity needs {}.{}", service,
                      access_hint, said));
    case 404:
      return NotFound(
          fmt::format("{} was not found (HTTP 404): check the id or URL.{}", service, said));
    case 429:
      return ResourceExhausted(fmt::format(
          "{} is still throttling queries after retrying (HTTP 429); wait a minute and try "
          "again.{}",
          service, said));
    default:
      break;
  }
  if (http_status >= 500) {
    return Unavailable(fmt::format("{} is failing (HTTP {}) after retrying; try again later.{}",
                                   service, http_status, said));
  }
  return Unavailable(fmt::format("{} answered HTTP {}.{}", service, http_status, said));
}

}  // namespace quarry::sources
