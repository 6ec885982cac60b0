#include "hunt/query_builder.h"

#include "common/time.h"
#include "hunt/kql_safety.h"
#include "hunt/table_profile.h"
#include "schemas/builtin_schemas.h"

namespace quarry::hunt {
namespace {

std::string Or(const std::vector<std::string>& terms) {
  if (terms.size() == 1) return terms.front();
  std::string out = "(";
  for (size_t i = 0; i < terms.size(); ++i) out += (i ? " or " : "") + terms[i];
  return out + ")";
}

// `column` as a string expression: dynamic columns are compared through tostring().
std::string AsText(const std::string& column, const std::optional<Schema>& schema) {
  if (schema) {
    if (auto idx = schema->IndexOf(column); idx && schema->field(*idx).type == Type::kDynamic) {
      return "tostring(" + column + ")";
    }
  }
  return column;
}

std::string LocalPart(const std::string& upn) {
  size_t at = upn.find('@');
  return at == std::string::npos ? upn : upn.substr(0, at);
}

}  // namespace

std::string KqlString(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    }
  }
  return out + "\"";
}

Result<std::vector<BuiltQuery>> BuildQueries(const HuntPlan& plan, const GuardrailConfig& config,
                                             const KqlValidator& validate) {
  auto schemas = BuiltinSchemas();
  std::vector<BuiltQuery> queries;
  for (const auto& table : plan.tables) {
    const TableProfile* profile = FindTableProfile(table);
    if (profile == nullptr) return NotFound("no hunting profile for table '" + table + "'");
    std::optional<Schema> schema;
    if (schemas.ok()) schema = (*schemas)->Find(table);
    BuiltQuery q;
    q.table = table;
    q.row_cap = config.row_cap;
    std::vector<std::string> wheres;
    wheres.push_back(profile->time_column + " >= datetime(" + FormatDatetime(plan.start_ticks) +
                     ") and " + profile->time_column + " < datetime(" +
                     FormatDatetime(plan.end_ticks) + ")");
    auto missing = [&](const char* what) {
      q.notes.push_back(table + " has no " + what + " column: " + what + " filter not applied");
    };

    if (plan.device_name) {
      const std::string& host = *plan.device_name;
      std::vector<std::string> terms;
      for (const auto& dc : profile->device_columns) {
        std::string col = AsText(dc.column, schema);
        if (dc.kind == DeviceColumnKind::kHostName) {
          terms.push_back(col + " =~ " + KqlString(host));
          terms.push_back(col + " startswith " + KqlString(host + "."));
        } else {
          terms.push_back(col + " =~ " + KqlString(host));
          terms.push_back(col + " endswith " + KqlString("/" + host));
        }
      }
      if (terms.empty()) missing("device"); else wheres.push_back(Or(terms));
    }
    if (plan.user_principal_name) {
      const std::string& user = *plan.user_principal_name;
      bool is_upn = user.find('@') != std::string::npos;
      std::vector<std::string> terms;
      for (const auto& uc : profile->user_columns) {
        std::string col = AsText(uc.column, schema);
        switch (uc.kind) {
          case UserColumnKind::kUpn:
            terms.push_back(col + " =~ " + KqlString(user));
            if (!is_upn) terms.push_back(col + " startswith " + KqlString(user + "@"));
            break;
          case UserColumnKind::kAccountName:
            terms.push_back(col + " =~ " + KqlString(LocalPart(user)));
            break;
          case UserColumnKind::kDynamicText:
            terms.push_back(col + " has " + KqlString(user));
            break;
        }
      }
      if (terms.empty()) missing("user"); else wheres.push_back(Or(terms));
    }
    if (plan.caller) {
      std::vector<std::string> terms;
      for (const auto& c : profile->caller_columns) terms.push_back(AsText(c, schema) + " =~ " + KqlString(*plan.caller));
      if (terms.empty()) missing("caller"); else wheres.push_back(Or(terms));
    }
    if (plan.ip_address) {
      std::vector<std::string> terms;
      for (const auto& c : profile->ip_columns) terms.push_back(AsText(c, schema) + " =~ " + KqlString(*plan.ip_address));
      for (const auto& c : profile->ip_list_columns) terms.push_back(AsText(c, schema) + " has " + KqlString(*plan.ip_address));
      if (terms.empty()) missing("IP address"); else wheres.push_back(Or(terms));
    }
    if (plan.port) {
      std::vector<std::string> terms;
      for (const auto& c : profile->port_columns) terms.push_back(c + " == " + std::to_string(*plan.port));
      if (terms.empty()) missing("port"); else wheres.push_back(Or(terms));
    }
    if (plan.process_name) {
      std::vector<std::string> terms;
      for (const auto& c : profile->process_columns) terms.push_back(AsText(c, schema) + " =~ " + KqlString(*plan.process_name));
      if (terms.empty()) missing("process"); else wheres.push_back(Or(terms));
    }

    std::string kql = table;
    for (const auto& w : wheres) kql += "\n| where " + w;
    auto fields = plan.fields.find(table);
    const std::vector<std::string>& cols =
        fields != plan.fields.end() && !fields->second.empty() ? fields->second : profile->default_fields;
    kql += "\n| project ";
    for (size_t i = 0; i < cols.size(); ++i) kql += (i ? ", " : "") + cols[i];
    kql += "\n| sort by " + profile->time_column + " desc";
    kql += "\n| take " + std::to_string(config.row_cap);
    QUARRY_RETURN_IF_ERROR(CheckKqlSafety(kql).WithContext("built query for " + table));
    if (validate) QUARRY_RETURN_IF_ERROR(validate(kql).WithContext("built query for " + table));
    q.kql = std::move(kql);
    queries.push_back(std::move(q));
  }
  return queries;
}

}  // namespace quarry::hunt
