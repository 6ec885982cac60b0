// Pure parsers for the token answers of Microsoft Entra ID, the managed identity endpoints and
// the Azure CLI, and the form encoding the token endpoint expects.
//
// Shapes (as documented by Microsoft):
//   v2.0 token endpoint:  {"token_type":"Bearer","expires_in":3599,"access_token":"..."}
//   its errors:           {"error":"invalid_client","error_description":"AADSTS7000215: ...",
//                          "error_codes":[7000215],"trace_id":"...","correlation_id":"..."}
//   IMDS / App Service:   {"access_token":"...","expires_in":"3599","expires_on":"1506484173",
//                          "resource":"...","token_type":"Bearer"} (numbers often as strings)
//   az account get-access-token --output json:
//                         {"accessToken":"...","expiresOn":"2023-10-31 12:00:00.000000",
//                          "expires_on":1698753600,"tokenType":"Bearer",...}
// Error messages never include the token. Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "net/auth/token_credential.h"

namespace quarry::net {

// Percent-encodes everything except unreserved characters (RFC 3986).
std::string UrlEncode(std::string_view text);
// "a=1&b=2" with names and values percent-encoded.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

// Parses an OAuth2 / managed identity token answer. The expiry is expires_on (epoch seconds)
// when present, else `now` + expires_in. InvalidArgument when the body is not such an answer.
Result<AccessToken> ParseOAuthTokenResponse(std::string_view body,
                                            std::chrono::system_clock::time_point now);

// Parses `az account get-access-token --output json`. The expiry is expires_on (epoch seconds,
// az >= 2.54) when present, else expiresOn read as local time.
Result<AccessToken> ParseAzCliTokenOutput(std::string_view output,
                                          std::chrono::system_clock::time_point now);

// "invalid_client: AADSTS7000215: Invalid client secret provided." from an Entra error body,
// or "" when the body is not one. The description's first line only (Entra appends trace ids).
std::string DescribeOAuthError(std::string_view body);

}  // namespace quarry::net
