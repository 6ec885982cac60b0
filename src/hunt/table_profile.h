// What the hunt knows about each supported table: the columns it returns by default and which
// columns hold each kind of entity (device, user, IP, port, process, Azure caller), so the
// planner can fill `fields` and the query builder can turn a plan's entities into exact filters.
// Data, not logic; the defaults are a superset of the seeds' allow-list (ARCHITECTURE.md).
//
// Thread-safe: immutable static data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quarry::hunt {

// How a column holds a user.
enum class UserColumnKind {
  kUpn,          // a UPN ("alice@contoso.com"); a bare account name matches its "name@" prefix
  kAccountName,  // a bare account name ("alice"); a UPN matches by its local part
  kDynamicText,  // a dynamic/JSON column: matched with `has` on tostring(column)
};

struct UserColumn {
  std::string column;
  UserColumnKind kind;
};

// How a column holds a device.
enum class DeviceColumnKind {
  kHostName,  // "web-1" or its FQDN "web-1.contoso.local"
  kVmPath,    // Traffic Analytics "resourcegroup/vmname"
};

struct DeviceColumn {
  std::string column;
  DeviceColumnKind kind;
};

struct TableProfile {
  std::string table;
  std::string time_column;
  std::vector<std::string> default_fields;
  std::vector<DeviceColumn> device_columns;
  std::vector<UserColumn> user_columns;
  std::vector<std::string> ip_columns;       // string columns holding one IP
  std::vector<std::string> ip_list_columns;  // string columns holding several IPs (use `has`)
  std::vector<std::string> port_columns;     // numeric
  std::vector<std::string> process_columns;  // process file names
  std::vector<std::string> caller_columns;   // Azure caller
};

const std::vector<TableProfile>& TableProfiles();
// nullptr for a table the hunt has no profile for. Exact (canonical) name.
const TableProfile* FindTableProfile(std::string_view table);

}  // namespace quarry::hunt
