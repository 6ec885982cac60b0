// `quarry query`: run KQL over the workspace, over files (--file TABLE=PATH), or over nothing
// (datatable/print/range), printing a table, CSV or JSON. --check parses and binds only.
#include <fmt/core.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "cli/command.h"
#include "common/csv.h"
#include "common/time.h"
#include "hunt/kql_safety.h"
#include "kql/catalog.h"
#include "kql/engine.h"
#include "kql/parser.h"
#include "schemas/builtin_schemas.h"
#include "sources/source_factory.h"
#include "sources/workspace_catalog.h"
#include "store/file_loader.h"
#include "store/workspace.h"
#include "common/json_text.h"

namespace quarry::cli {
namespace {

struct QueryFlags {
  std::vector<std::string> files;
  std::string format = "table";
  std::string now;
  std::string workspace;
  bool check = false;
  bool explain = false;
  std::string query;
  // Remote sources (sources/source_factory.h).
  std::string source, workspace_id, cluster, database, timespan;
  size_t max_rows = 0;
};

Json CellJson(const Column& c, size_t i) {
  if (c.IsNull(i)) return Json(nullptr);
  switch (c.type()) {
    case Type::kBool: return Json(c.bools()[i] != 0);
    case Type::kInt: return Json(c.ints()[i]);
    case Type::kLong: return Json(c.longs()[i]);
    case Type::kReal:
    case Type::kDecimal: {
      double d = c.reals()[i];
      if (!std::isfinite(d)) return Json(FormatReal(d));
      return Json(d);
    }
    case Type::kDynamic: return *c.dynamic(i);
    default: return Json(c.GetValue(i).ToString());
  }
}

std::string CellText(const Column& c, size_t i) {
  if (c.IsNull(i)) return "";
  if (c.type() == Type::kDynamic) return c.dynamic(i)->dump();
  return c.GetValue(i).ToString();
}

void PrintTable(const Table& t, const std::string& format) {
  const Schema& s = t.schema();
  if (format == "json") {
    Json out;
    out["columns"] = Json::array();
    for (const auto& f : s.fields()) {
      out["columns"].push_back({{"name", f.name}, {"type", std::string(TypeName(f.type))}});
    }
    out["rows"] = Json::array();
    for (size_t r = 0; r < t.num_rows(); ++r) {
      Json row = Json::array();
      for (size_t c = 0; c < t.num_columns(); ++c) row.push_back(CellJson(*t.column(c), r));
      out["rows"].push_back(std::move(row));
    }
    std::cout << JsonText(out) << "\n";
    return;
  }
  if (format == "csv") {
    for (size_t c = 0; c < s.size(); ++c) std::cout << (c ? "," : "") << CsvField(s.field(c).name);
    std::cout << "\n";
    for (size_t r = 0; r < t.num_rows(); ++r) {
      for (size_t c = 0; c < t.num_columns(); ++c) {
        std::cout << (c ? "," : "") << CsvField(CellText(*t.column(c), r));
      }
      std::cout << "\n";
    }
    return;
  }
  std::vector<size_t> width(s.size());
  std::vector<std::vector<std::string>> cells(t.num_rows());
  for (size_t c = 0; c < s.size(); ++c) width[c] = s.field(c).name.size();
  for (size_t r = 0; r < t.num_rows(); ++r) {
    for (size_t c = 0; c < s.size(); ++c) {
      std::string text = CellText(*t.column(c), r);
      for (auto& ch : text) {
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
      }
      if (text.size() > 120) text = text.substr(0, 117) + "...";
      width[c] = std::max(width[c], text.size());
      cells[r].push_back(std::move(text));
    }
  }
  std::string line;
  for (size_t c = 0; c < s.size(); ++c) {
    line += (c ? "  " : "") + fmt::format("{:<{}}", s.field(c).name, width[c]);
  }
  std::cout << line << "\n";
  line.clear();
  for (size_t c = 0; c < s.size(); ++c) line += (c ? "  " : "") + std::string(width[c], '-');
  std::cout << line << "\n";
  for (const auto& row : cells) {
    line.clear();
    for (size_t c = 0; c < row.size(); ++c) {
      line += (c ? "  " : "") + fmt::format("{:<{}}", row[c], width[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << "\n";
  }
  std::cout << "(" << t.num_rows() << (t.num_rows() == 1 ? " row)" : " rows)") << "\n";
}

int Fail(const std::string& message, int code) {
  std::cerr << "quarry query: " << message << "\n";
  return code;
}

int RunQuery(const QueryFlags& flags) {
  std::string text = flags.query;
  if (text.empty()) {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Fail("no query given (pass it as an argument or on standard input)", 2);
  }
  if (flags.format != "table" && flags.format != "csv" && flags.format != "json") {
    return Fail("--format must be table, csv or json", 2);
  }
  // The same refusal every hunt query gets: nothing that reaches outside the workspace.
  if (Status safe = hunt::CheckKqlSafety(text); !safe.ok()) return Fail(safe.message(), 1);
  if (flags.explain) {
    auto q = kql::ParseQuery(text);
    if (!q.ok()) return Fail(q.status().message(), 1);
    std::cout << kql::DumpQuery(**q) << "\n";
    return 0;
  }
  kql::QueryOptions options;
  if (!flags.now.empty()) {
    auto ticks = ParseDatetime(flags.now);
    if (!ticks) return Fail("--now '" + flags.now + "' is not a datetime", 2);
    options.now_ticks = *ticks;
  }
  const char* env_source = std::getenv("QUARRY_SOURCE");
  std::string source = !flags.source.empty() ? flags.source : (env_source ? env_source : "");
  if (!source.empty() && source != "local") {
    auto backend = sources::MakeLogSource({source, ResolveWorkspaceDir(flags.workspace),
                                           flags.workspace_id, flags.cluster, flags.database,
                                           flags.timespan});
    if (!backend.ok()) return Fail(backend.status().message(), 2);
    sources::QueryOptions remote;
    remote.now_ticks = options.now_ticks;
    remote.max_rows = flags.max_rows;
    sources::QueryStats stats;
    auto table = (*backend)->Query(text, remote, &stats);
    for (const auto& note : stats.notes) std::cerr << "quarry query: note: " << note << "\n";
    if (!table.ok()) return Fail(table.status().message(), 1);
    PrintTable(**table, flags.format);
    return 0;
  }
  auto builtins = BuiltinSchemas();
  const SchemaRegistry* registry = builtins.ok() ? *builtins : nullptr;

  kql::MemoryCatalog files;
  for (const auto& spec : flags.files) {
    auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Fail("--file takes TABLE=PATH, got '" + spec + "'", 2);
    }
    std::string table = spec.substr(0, eq), path = spec.substr(eq + 1);
    std::optional<Schema> schema;
    if (registry) schema = registry->Find(table);
    store::LoadReport report;
    auto loaded = store::LoadTableFile(path, schema, &report);
    if (!loaded.ok()) return Fail(loaded.status().message(), 1);
    if (report.bad_records > 0) {
      std::cerr << "quarry query: note: " << report.bad_records << " bad record(s) in " << path
                << " were left out\n";
    }
    files.Add(table, *loaded);
  }

  std::unique_ptr<store::Workspace> workspace;
  std::unique_ptr<sources::WorkspaceCatalog> workspace_catalog;
  kql::MemoryCatalog schemas_only;
  const kql::Catalog* catalog = &files;
  std::string workspace_dir = ResolveWorkspaceDir(flags.workspace);
  if (flags.files.empty()) {
    if (std::filesystem::exists(workspace_dir)) {
      auto ws = store::Workspace::Open(workspace_dir, false);
      if (!ws.ok()) return Fail(ws.status().message(), 1);
      workspace = std::move(*ws);
      workspace_catalog = std::make_unique<sources::WorkspaceCatalog>(*workspace, registry);
      catalog = workspace_catalog.get();
    } else if (flags.check && registry) {
      for (const auto& name : registry->TableNames()) {
        schemas_only.AddEmpty(name, *registry->Find(name));
      }
      catalog = &schemas_only;
    }
  } else if (flags.check && registry) {
    for (const auto& name : registry->TableNames()) {
      if (!files.GetSchema(name)) files.AddEmpty(name, *registry->Find(name));
    }
  }

  kql::Engine engine(*catalog);
  if (flags.check) {
    auto schema = engine.Check(text);
    if (!schema.ok()) return Fail(schema.status().message(), 1);
    std::cout << "ok " << schema->ToString() << "\n";
    return 0;
  }
  auto result = engine.Run(text, options);
  if (!result.ok()) {
    std::string message = result.status().message();
    if (!workspace && flags.files.empty() && message.find("table '") != std::string::npos &&
        message.find("not found") != std::string::npos) {
      message += "\n(no workspace at " + workspace_dir +
                 ": load data with `quarry ingest`, or pass --file TABLE=PATH)";
    }
    return Fail(message, 1);
  }
  for (const auto& note : result->notes) std::cerr << "quarry query: note: " << note << "\n";
  PrintTable(*result->table, flags.format);
  return 0;
}

void Setup(CLI::App& app) {
  auto flags = std::make_shared<QueryFlags>();
  auto* sub = app.add_subcommand("query", "Run a KQL query (argument or standard input)");
  sub->add_option("--file", flags->files, "Load TABLE=PATH (CSV or JSON lines) as a table");
  sub->add_option("--format", flags->format, "Output: table, csv or json");
  sub->add_option("--now", flags->now, "Pin now() and ago() to this datetime");
  sub->add_option("--workspace", flags->workspace, "Workspace directory");
  sub->add_flag("--check", flags->check, "Parse and bind only; print the result schema");
  sub->add_flag("--explain", flags->explain, "Print the parsed query tree");
  sub->add_option("--source", flags->source, "Where to run: local (default), loganalytics or adx");
  sub->add_option("--workspace-id", flags->workspace_id, "Log Analytics workspace id");
  sub->add_option("--cluster", flags->cluster, "Azure Data Explorer cluster URL");
  sub->add_option("--database", flags->database, "Azure Data Explorer database");
  sub->add_option("--timespan", flags->timespan, "Remote: ISO 8601 duration or start/end");
  sub->add_option("--max-rows", flags->max_rows, "Remote: row cap (default 1000000)");
  sub->add_option("query", flags->query, "The KQL text (default: standard input)");
  sub->callback([flags] { SetExitCode(RunQuery(*flags)); });
}

}  // namespace

QUARRY_COMMAND(query, Setup);

}  // namespace quarry::cli
