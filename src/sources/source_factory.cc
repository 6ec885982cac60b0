#include "sources/source_factory.h"

#include <fmt/core.h>

#include <cstdlib>

#include "net/auth/chained_token_credential.h"
#include "net/curl_transport.h"
#include "sources/adx_source.h"
#include "schemas/builtin_schemas.h"
#include "sources/local_log_source.h"
#include "sources/loganalytics_source.h"
#include "sources/source_catalog.h"

namespace quarry::sources {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

struct AzureWiring {
  std::shared_ptr<net::HttpClient> http;
  std::shared_ptr<net::TokenCredential> credential;
};

Result<AzureWiring> MakeAzureWiring() {
  auto transport = std::make_shared<net::CurlTransport>();
  net::HttpClientOptions options;
  options.retry.max_attempts = 5;
  AzureWiring wiring;
  wiring.http = std::make_shared<net::HttpClient>(transport, net::SystemClock(), options);
  net::HttpClientOptions probe;
  probe.retry.max_attempts = 2;
  net::DefaultCredentialOptions credential;
  credential.http = wiring.http;
  credential.managed_http = std::make_shared<net::HttpClient>(transport, net::SystemClock(), probe);
  credential.clock = net::SystemClock();
  QUARRY_ASSIGN_OR_RETURN(wiring.credential, net::MakeDefaultAzureCredential(credential));
  return wiring;
}

}  // namespace

Result<std::unique_ptr<LogSource>> MakeLogSource(const SourceFlags& flags) {
  std::string source = flags.source.empty() ? Env("QUARRY_SOURCE") : flags.source;
  if (source.empty() || source == "local") {
    QUARRY_ASSIGN_OR_RETURN(auto local, LocalLogSource::Open(flags.workspace_dir));
    return std::unique_ptr<LogSource>(std::move(local));
  }
  if (source == "loganalytics" || source == "sentinel") {
    LogAnalyticsConfig config;
    config.workspace_id =
        flags.workspace_id.empty() ? Env("QUARRY_LA_WORKSPACE_ID") : flags.workspace_id;
    if (config.workspace_id.empty()) {
      return InvalidArgument(
          "--source loganalytics needs --workspace-id (the workspace's id, a GUID, from the "
          "workspace's Overview page) or QUARRY_LA_WORKSPACE_ID");
    }
    if (std::string endpoint = Env("QUARRY_LA_ENDPOINT"); !endpoint.empty()) {
      config.endpoint = endpoint;
    }
    config.timespan = flags.timespan;
    QUARRY_ASSIGN_OR_RETURN(AzureWiring wiring, MakeAzureWiring());
    return std::unique_ptr<LogSource>(
        std::make_unique<LogAnalyticsSource>(config, wiring.credential, wiring.http));
  }
  if (source == "adx") {
    AdxConfig config;
    config.cluster_url = flags.cluster.empty() ? Env("QUARRY_ADX_CLUSTER") : flags.cluster;
    config.database = flags.database.empty() ? Env("QUARRY_ADX_DATABASE") : flags.database;
    if (config.cluster_url.empty() || config.database.empty()) {
      return InvalidArgument(
          "--source adx needs --cluster URL (https://<name>.<region>.kusto.windows.net) and "
          "--database DB (or QUARRY_ADX_CLUSTER and QUARRY_ADX_DATABASE)");
    }
    if (!config.cluster_url.starts_with("https://") && !config.cluster_url.starts_with("http://")) {
      config.cluster_url = "https://" + config.cluster_url;
    }
    config.timespan = flags.timespan;
    QUARRY_ASSIGN_OR_RETURN(AzureWiring wiring, MakeAzureWiring());
    return std::unique_ptr<LogSource>(
        std::make_unique<AdxSource>(config, wiring.credential, wiring.http));
  }
  return InvalidArgument(
      fmt::format("unknown source '{}': use local, loganalytics or adx", source));
}

Result<OpenedSource> OpenLogSource(const SourceFlags& flags, std::optional<int64_t> now_ticks) {
  OpenedSource opened;
  QUARRY_ASSIGN_OR_RETURN(opened.source, MakeLogSource(flags));
  if (auto* local = dynamic_cast<LocalLogSource*>(opened.source.get())) {
    opened.kind = "local";
    opened.catalog = opened.query_catalog = &local->catalog();
    return opened;
  }
  const bool adx = dynamic_cast<AdxSource*>(opened.source.get()) != nullptr;
  opened.kind = adx ? "adx" : "loganalytics";
  QUARRY_ASSIGN_OR_RETURN(const SchemaRegistry* schemas, BuiltinSchemas());
  SourceCatalogOptions options;
  options.now_ticks = now_ticks;
  options.item_ids = adx ? ItemIds::kNull : ItemIds::kFromSource;
  opened.remote_catalog = std::make_unique<SourceCatalog>(*opened.source, *schemas, options);
  opened.catalog = opened.query_catalog = opened.remote_catalog.get();
  if (adx) {
    options.item_ids = ItemIds::kNone;
    opened.remote_query_catalog = std::make_unique<SourceCatalog>(*opened.source, *schemas, options);
    opened.query_catalog = opened.remote_query_catalog.get();
  }
  return opened;
}

}  // namespace quarry::sources
