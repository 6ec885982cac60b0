// Choosing the response backend for a command: Microsoft Defender for Endpoint when Azure
// credentials are available (the DefaultAzureCredential chain, net/auth), else — or with
// --dry-run — a dry run that sends nothing and says why. A credential that is configured but
// fails (a wrong secret) is an error, never a silent dry run. QUARRY_DEFENDER_API changes the
// API host (regional hosts such as https://eu.api.security.microsoft.com).
#pragma once

#include <memory>

#include "common/status.h"
#include "response/response_backend.h"

namespace quarry::response {

Result<std::unique_ptr<ResponseBackend>> MakeResponseBackend(bool force_dry_run);

}  // namespace quarry::response
