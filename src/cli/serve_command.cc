// `quarry serve [--workspace DIR] [--bind 127.0.0.1] [--port 8080] [--token T]
// [--tls-cert PEM --tls-key PEM] [--max-concurrent N] [--time-limit S] [--max-rows N]`: the
// local workspace behind the Log Analytics query API over HTTPS (server/query_server.h). With no
// certificate given, a self-signed one is created in <workspace>/server/ and its path and
// fingerprint printed; with no token (--token or QUARRY_SERVE_TOKEN), one is generated and
// printed once. Ctrl-C or SIGTERM stops the server.
#include <fmt/core.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/command.h"
#include "net/cancellation.h"
#include "schemas/builtin_schemas.h"
#include "server/bearer_token.h"
#include "server/query_server.h"
#include "server/tls_material.h"
#include "sources/workspace_catalog.h"
#include "store/workspace.h"

namespace quarry::cli {
namespace {

struct ServeFlags {
  std::string workspace;
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string token;
  std::string tls_cert;
  std::string tls_key;
  int max_concurrent = 4;
  int time_limit = 120;
  size_t max_rows = 500'000;
};

// The workspace and its catalog, kept alive together for the server's lifetime.
struct ServedWorkspace {
  std::unique_ptr<store::Workspace> workspace;
  std::unique_ptr<sources::WorkspaceCatalog> catalog;
};

int Fail(const Status& status) {
  std::cerr << "quarry serve: " << status.message() << "\n";
  return 1;
}

int Run(const ServeFlags& flags) {
  const std::string dir = ResolveWorkspaceDir(flags.workspace);
  auto builtins = BuiltinSchemas();
  if (!builtins.ok()) return Fail(builtins.status());
  auto opened = store::Workspace::Open(dir, /*create=*/false);
  if (!opened.ok()) return Fail(opened.status());
  auto served = std::make_shared<ServedWorkspace>();
  served->workspace = std::move(*opened);
  served->catalog = std::make_unique<sources::WorkspaceCatalog>(*served->workspace, *builtins);
  std::shared_ptr<const kql::Catalog> catalog(served, served->catalog.get());

  server::QueryServiceOptions query_options;
  query_options.max_concurrent = flags.max_concurrent;
  query_options.time_limit = std::chrono::seconds(flags.time_limit);
  query_options.max_rows = flags.max_rows;
  auto service = std::make_shared<server::QueryService>(
      catalog, [served] { return served->workspace->Refresh(); }, query_options);

  server::ServerOptions options;
  options.bind = flags.bind;
  options.port = flags.port;
  options.token = flags.token;
  bool generated_token = false;
  if (options.token.empty()) {
    if (const char* env = std::getenv("QUARRY_SERVE_TOKEN"); env != nullptr && *env != '\0') {
      options.token = env;
    }
  }
  if (options.token.empty()) {
    auto token = server::GenerateBearerToken();
    if (!token.ok()) return Fail(token.status());
    options.token = *token;
    generated_token = true;
  }
  if (flags.tls_cert.empty() != flags.tls_key.empty()) {
    return Fail(InvalidArgument("--tls-cert and --tls-key go together"));
  }
  options.cert_path = flags.tls_cert;
  options.key_path = flags.tls_key;
  bool generated_cert = false;
  if (options.cert_path.empty()) {
    auto files = server::EnsureSelfSignedCertificate(dir + "/server");
    if (!files.ok()) return Fail(files.status());
    options.cert_path = files->cert_path;
    options.key_path = files->key_path;
    generated_cert = files->generated;
  }
  auto fingerprint = server::CertificateFingerprint(options.cert_path);
  if (!fingerprint.ok()) return Fail(fingerprint.status());

  auto created = server::QueryServer::Create(options, service);
  if (!created.ok()) return Fail(created.status());
  std::unique_ptr<server::QueryServer> http = std::move(*created);
  const std::string host = flags.bind == "0.0.0.0" || flags.bind == "::" ? "localhost" : flags.bind;
  fmt::print("quarry serve: workspace {} on https://{}:{}\n", dir, host, http->port());
  fmt::print("  query:       POST https://{}:{}/v1/workspaces/<any id>/query\n", host,
             http->port());
  fmt::print("  certificate: {}{} (SHA-256 {})\n", options.cert_path,
             generated_cert ? " (self-signed, created now)" : "", *fingerprint);
  if (generated_token) {
    fmt::print("  token:       {}   (send as Authorization: Bearer <token>)\n", options.token);
  } else {
    fmt::print("  token:       as given (--token / QUARRY_SERVE_TOKEN)\n");
  }
  fmt::print("  limits:      {} concurrent queries, {}s each, {} rows; Ctrl-C stops\n",
             flags.max_concurrent, flags.time_limit, flags.max_rows);
  std::fflush(stdout);

  net::InstallTerminationHandlers();
  std::atomic<bool> done{false};
  // The HTTP library ignores a stop that arrives before its accept loop has started, so once
  // asked to stop, the watcher keeps asking until Listen() has returned.
  std::thread watcher([&] {
    while (!done.load()) {
      if (net::CancelRequested()) http->Stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  Status served_status = http->Listen();
  done = true;
  watcher.join();
  if (!served_status.ok() && !net::CancelRequested()) return Fail(served_status);
  fmt::print("quarry serve: stopped\n");
  return 0;
}

void Setup(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "serve", "Serve the workspace over the Log Analytics query API (HTTPS, bearer token)");
  auto flags = std::make_shared<ServeFlags>();
  sub->add_option("--workspace", flags->workspace, "Workspace directory");
  sub->add_option("--bind", flags->bind, "Address to listen on")->capture_default_str();
  sub->add_option("--port", flags->port, "Port (0: any free port)")->capture_default_str();
  sub->add_option("--token", flags->token,
                  "Bearer token clients must send (default: $QUARRY_SERVE_TOKEN or generated)");
  sub->add_option("--tls-cert", flags->tls_cert, "PEM certificate (default: self-signed)");
  sub->add_option("--tls-key", flags->tls_key, "PEM private key for --tls-cert");
  sub->add_option("--max-concurrent", flags->max_concurrent, "Queries run at once")
      ->capture_default_str();
  sub->add_option("--time-limit", flags->time_limit, "Seconds a query may run")
      ->capture_default_str();
  sub->add_option("--max-rows", flags->max_rows, "Rows returned per query")->capture_default_str();
  sub->callback([flags] { SetExitCode(Run(*flags)); });
}

}  // namespace

QUARRY_COMMAND(serve, Setup);

}  // namespace quarry::cli
