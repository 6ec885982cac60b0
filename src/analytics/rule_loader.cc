#include "analytics/rule_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>

#include "common/data_path.h"
#include "common/time.h"

namespace quarry::analytics {
namespace {

// Where an error is: "file line N, field 'x'".
class Context {
 public:
  explicit Context(const std::string& file) : file_(file) {}
  Status Error(const YAML::Node& node, std::string_view field, std::string_view what) const {
    std::string where = file_;
    if (node.IsDefined() && node.Mark().line >= 0) {
      where += " line " + std::to_string(node.Mark().line + 1);
    }
    if (!field.empty()) where += ", field '" + std::string(field) + "'";
    return InvalidArgument(where + ": " + std::string(what));
  }
  Status Error(const YAML::Mark& mark, std::string_view what) const {
    return InvalidArgument(file_ + " line " + std::to_string(mark.line + 1) + ": " +
                           std::string(what));
  }

 private:
  const std::string& file_;
};

bool IsPlain(const YAML::Node& n) { return n.Tag() == "?"; }

// Plain scalars become bools, numbers and nulls; quoted ones stay strings.
Json ScalarToJson(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (!IsPlain(n)) return s;
  if (s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True") return true;
  if (s == "false" || s == "False") return false;
  static const std::regex kInt("[-+]?[0-9]+");
  static const std::regex kReal("[-+]?([0-9]*\\.[0-9]+|[0-9]+\\.[0-9]*)([eE][-+]?[0-9]+)?");
  if (std::regex_match(s, kInt)) {
    try {
      return std::stoll(s);
    } catch (const std::out_of_range&) {
      return s;
    }
  }
  if (std::regex_match(s, kReal)) return std::stod(s);
  return s;
}

Json YamlToJson(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence: {
      Json arr = Json::array();
      for (const auto& child : n) arr.push_back(YamlToJson(child));
      return arr;
    }
    case YAML::NodeType::Map: {
      Json obj = Json::object();
      for (const auto& kv : n) obj[kv.first.Scalar()] = YamlToJson(kv.second);
      return obj;
    }
    case YAML::NodeType::Scalar:
      return ScalarToJson(n);
    default:
      return nullptr;
  }
}

Result<std::string> RequiredString(const Context& ctx, const YAML::Node& root,
                                   const char* field) {
  YAML::Node n = root[field];
  if (!n.IsDefined() || n.IsNull()) return ctx.Error(root, field, "is required");
  if (!n.IsScalar()) return ctx.Error(n, field, "must be text");
  if (n.Scalar().empty()) return ctx.Error(n, field, "must not be empty");
  return n.Scalar();
}

Result<std::string> OptionalString(const Context& ctx, const YAML::Node& root,
                                   const char* field) {
  YAML::Node n = root[field];
  if (!n.IsDefined() || n.IsNull()) return std::string();
  if (!n.IsScalar()) return ctx.Error(n, field, "must be text");
  return n.Scalar();
}

Result<std::vector<std::string>> StringList(const Context& ctx, const YAML::Node& root,
                                            const char* field) {
  std::vector<std::string> out;
  YAML::Node n = root[field];
  if (!n.IsDefined() || n.IsNull()) return out;
  if (n.IsScalar()) {
    out.push_back(n.Scalar());
    return out;
  }
  if (!n.IsSequence()) return ctx.Error(n, field, "must be a list of text");
  for (const auto& item : n) {
    if (!item.IsScalar()) return ctx.Error(item, field, "must be a list of text");
    out.push_back(item.Scalar());
  }
  return out;
}

Result<std::vector<EntityMapping>> ParseEntities(const Context& ctx, const YAML::Node& root) {
  std::vector<EntityMapping> out;
  YAML::Node n = root["entityMappings"];
  if (!n.IsDefined() || n.IsNull()) return ctx.Error(root, "entityMappings", "is required");
  // Short form: {host: DeviceName, account: AccountName}.
  if (n.IsMap()) {
    for (const auto& kv : n) {
      auto kind = EntityKindFromName(kv.first.Scalar());
      if (!kind) {
        return ctx.Error(kv.first, "entityMappings",
                         "unknown entity type '" + kv.first.Scalar() +
                             "' (host, account, ip, process, file, hash, url)");
      }
      std::vector<std::string> columns;
      if (kv.second.IsScalar()) {
        columns.push_back(kv.second.Scalar());
      } else if (kv.second.IsSequence()) {
        for (const auto& c : kv.second) columns.push_back(c.Scalar());
      } else {
        return ctx.Error(kv.second, "entityMappings", "expected a column name or a list of them");
      }
      for (auto& c : columns) out.push_back(EntityMapping{*kind, std::move(c)});
    }
  } else if (n.IsSequence()) {
    // Sentinel form: [{entityType: Host, fieldMappings: [{identifier: HostName, columnName: X}]}]
    for (const auto& item : n) {
      YAML::Node type = item["entityType"];
      if (!type.IsScalar()) return ctx.Error(item, "entityMappings", "entityType is required");
      auto kind = EntityKindFromName(type.Scalar());
      if (!kind) {
        return ctx.Error(type, "entityMappings", "unknown entity type '" + type.Scalar() + "'");
      }
      YAML::Node maps = item["fieldMappings"];
      if (!maps.IsSequence()) {
        return ctx.Error(item, "entityMappings", "fieldMappings must be a list");
      }
      for (const auto& m : maps) {
        YAML::Node col = m["columnName"];
        if (!col.IsScalar()) {
          return ctx.Error(m, "entityMappings", "columnName is required");
        }
        out.push_back(EntityMapping{*kind, col.Scalar()});
      }
    }
  } else {
    return ctx.Error(n, "entityMappings", "must be a map (entity: column) or a list");
  }
  if (out.empty()) return ctx.Error(n, "entityMappings", "must map at least one entity");
  return out;
}

// Expands `_repeat`, `_step` and `{n}` in one fixture row.
Status ExpandRow(const Context& ctx, const YAML::Node& row_node, std::vector<FixtureRow>* out) {
  if (!row_node.IsMap()) return ctx.Error(row_node, "tests", "each row must be a map of columns");
  FixtureRow base;
  int64_t repeat = 1;
  int64_t step = 0;
  for (const auto& kv : row_node) {
    const std::string& key = kv.first.Scalar();
    if (key == "_repeat") {
      Json v = ScalarToJson(kv.second);
      if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 10000) {
        return ctx.Error(kv.second, "_repeat", "must be a whole number from 1 to 10000");
      }
      repeat = v.get<int64_t>();
    } else if (key == "_step") {
      auto ts = ParseTimespan(kv.second.Scalar());
      if (!ts) return ctx.Error(kv.second, "_step", "must be a timespan such as 30s or 5m");
      step = *ts;
    } else {
      base[key] = YamlToJson(kv.second);
    }
  }
  for (int64_t i = 0; i < repeat; ++i) {
    FixtureRow row = base;
    for (auto& [col, value] : row) {
      if (!value.is_string()) continue;
      std::string s = value.get<std::string>();
      if (step != 0 && (col == "TimeGenerated" || col == "Timestamp")) {
        auto t = ParseDatetime(s);
        if (!t) return ctx.Error(row_node, col, "'" + s + "' is not a datetime");
        value = FormatDatetime(*t + i * step);
        continue;
      }
      size_t pos;
      while ((pos = s.find("{n}")) != std::string::npos) s.replace(pos, 3, std::to_string(i));
      value = s;
    }
    out->push_back(std::move(row));
  }
  return Status::Ok();
}

Result<Fixture> ParseFixture(const Context& ctx, const YAML::Node& n, const char* field) {
  Fixture f;
  if (!n.IsMap()) return ctx.Error(n, field, "must be a map with 'tables'");
  if (YAML::Node min = n["minHits"]; min.IsDefined()) {
    Json v = ScalarToJson(min);
    if (!v.is_number_integer() || v.get<int64_t>() < 1) {
      return ctx.Error(min, "minHits", "must be a whole number of at least 1");
    }
    f.min_hits = static_cast<size_t>(v.get<int64_t>());
  }
  YAML::Node tables = n["tables"];
  if (!tables.IsMap()) return ctx.Error(n, field, "needs 'tables' (table name: list of rows)");
  for (const auto& kv : tables) {
    if (!kv.second.IsSequence()) {
      return ctx.Error(kv.second, field, "table '" + kv.first.Scalar() + "' must be a list of rows");
    }
    auto& rows = f.tables[kv.first.Scalar()];
    for (const auto& row : kv.second) QUARRY_RETURN_IF_ERROR(ExpandRow(ctx, row, &rows));
  }
  return f;
}

Result<Rule> ParseRuleNode(const Context& ctx, const YAML::Node& root, const std::string& file) {
  if (!root.IsMap()) return ctx.Error(root, "", "a rule must be a YAML map");
  Rule r;
  r.source_file = file;
  QUARRY_ASSIGN_OR_RETURN(r.id, RequiredString(ctx, root, "id"));
  QUARRY_ASSIGN_OR_RETURN(r.name, RequiredString(ctx, root, "name"));
  QUARRY_ASSIGN_OR_RETURN(r.description, RequiredString(ctx, root, "description"));
  QUARRY_ASSIGN_OR_RETURN(r.value, OptionalString(ctx, root, "value"));
  QUARRY_ASSIGN_OR_RETURN(std::string severity, RequiredString(ctx, root, "severity"));
  auto sev = SeverityFromName(severity);
  if (!sev) {
    return ctx.Error(root["severity"], "severity",
                     "expected one of Informational, Low, Medium, High, got '" + severity + "'");
  }
  r.severity = *sev;
  QUARRY_ASSIGN_OR_RETURN(r.tactics, StringList(ctx, root, "tactics"));
  QUARRY_ASSIGN_OR_RETURN(r.techniques, StringList(ctx, root, "relevantTechniques"));
  static const std::regex kTechnique("T[0-9]{4}(\\.[0-9]{3})?");
  if (r.techniques.empty()) {
    return ctx.Error(root, "relevantTechniques", "needs at least one ATT&CK technique id");
  }
  for (const auto& t : r.techniques) {
    if (!std::regex_match(t, kTechnique)) {
      return ctx.Error(root["relevantTechniques"], "relevantTechniques",
                       "'" + t + "' is not an ATT&CK technique id (T1234 or T1234.001)");
    }
  }
  QUARRY_ASSIGN_OR_RETURN(r.tables, StringList(ctx, root, "requiredTables"));
  if (r.tables.empty()) return ctx.Error(root, "requiredTables", "needs at least one table");
  QUARRY_ASSIGN_OR_RETURN(r.query, RequiredString(ctx, root, "query"));
  QUARRY_ASSIGN_OR_RETURN(r.entities, ParseEntities(ctx, root));
  QUARRY_ASSIGN_OR_RETURN(r.false_positives, StringList(ctx, root, "knownFalsePositives"));
  QUARRY_ASSIGN_OR_RETURN(r.recommendations, StringList(ctx, root, "recommendations"));
  QUARRY_ASSIGN_OR_RETURN(r.tags, StringList(ctx, root, "tags"));
  QUARRY_ASSIGN_OR_RETURN(r.version, OptionalString(ctx, root, "version"));
  QUARRY_ASSIGN_OR_RETURN(std::string time_column, OptionalString(ctx, root, "timeColumn"));
  if (!time_column.empty()) r.time_column = time_column;
  QUARRY_ASSIGN_OR_RETURN(std::string period, OptionalString(ctx, root, "queryPeriod"));
  if (!period.empty()) {
    auto ticks = ParseTimespan(period);
    if (!ticks || *ticks < 0) {
      return ctx.Error(root["queryPeriod"], "queryPeriod",
                       "'" + period + "' is not a timespan such as 14d");
    }
    r.query_period_ticks = *ticks;
  }
  if (YAML::Node tests = root["tests"]; tests.IsDefined() && !tests.IsNull()) {
    if (!tests.IsMap()) return ctx.Error(tests, "tests", "must be a map");
    if (YAML::Node now = tests["now"]; now.IsDefined()) {
      auto t = ParseDatetime(now.Scalar());
      if (!t) return ctx.Error(now, "tests.now", "'" + now.Scalar() + "' is not a datetime");
      r.fixture_now = *t;
    }
    if (YAML::Node pos = tests["positive"]; pos.IsDefined()) {
      QUARRY_ASSIGN_OR_RETURN(r.positive, ParseFixture(ctx, pos, "tests.positive"));
    }
    if (YAML::Node neg = tests["negative"]; neg.IsDefined()) {
      QUARRY_ASSIGN_OR_RETURN(r.negative, ParseFixture(ctx, neg, "tests.negative"));
    }
  }
  return r;
}

}  // namespace

Result<Rule> ParseRule(std::string_view yaml_text, const std::string& file) {
  Context ctx(file);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return ctx.Error(e.mark, "not valid YAML: " + e.msg);
  }
  try {
    return ParseRuleNode(ctx, root, file);
  } catch (const YAML::Exception& e) {
    return ctx.Error(e.mark, "unexpected YAML shape: " + e.msg);
  }
}

Result<Rule> LoadRuleFile(const std::string& path) {
  QUARRY_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return ParseRule(text, path);
}

Result<std::vector<Rule>> LoadRuleDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFound("rules folder '" + dir + "' not found");
  std::vector<std::string> paths;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string ext = it->path().extension().string();
    if (ext == ".yaml" || ext == ".yml") paths.push_back(it->path().string());
  }
  if (ec) return Unavailable("cannot list rules folder '" + dir + "': " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::vector<Rule> rules;
  std::string errors;
  std::map<std::string, std::string> seen;  // id -> file
  for (const auto& path : paths) {
    auto rule = LoadRuleFile(path);
    if (!rule.ok()) {
      errors += rule.status().message() + "\n";
      continue;
    }
    auto [it, inserted] = seen.emplace(rule->id, path);
    if (!inserted) {
      errors += path + ": rule id '" + rule->id + "' is already used by " + it->second + "\n";
      continue;
    }
    rules.push_back(std::move(rule).value());
  }
  if (!errors.empty()) {
    errors.pop_back();
    return InvalidArgument(errors);
  }
  return rules;
}

Result<std::vector<Rule>> LoadBuiltinRules() {
  QUARRY_ASSIGN_OR_RETURN(std::string dir, FindDataPath("rules"));
  return LoadRuleDirectory(dir);
}

}  // namespace quarry::analytics
