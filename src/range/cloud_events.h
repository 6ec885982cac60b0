// CloudEvents: writes the Entra ID, Azure and alert tables the way those services fill them —
// SigninLogs (result codes, location details, device details, MFA), AuditLogs (initiator and
// targets), AzureActivity (Start / Success pairs with authorization and claims), Traffic
// Analytics NSG flow aggregates (AzureNetworkAnalytics_CL), DeviceInfo, AlertInfo and
// AlertEvidence. Shared by background activity and planted scenarios. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "range/row_buffer.h"
#include "range/rng.h"
#include "range/world.h"

namespace quarry::range {

struct SigninSpec {
  const User* user = nullptr;
  std::string ip;
  Location location;
  std::string result_type = "0";  // Entra error code as text ("0" = success)
  std::string app = "Office 365 Exchange Online";  // AppDisplayName
  std::string resource = "Office 365 Exchange Online";
  std::string user_agent;        // "" = a browser typical of the device
  std::string os = "Windows 10";
  std::string browser = "Edge 121.0.0";
  std::string device_name;       // "" for unmanaged devices
  bool mfa = false;              // MFA performed (or attempted, for MFA failures)
  std::string mfa_method = "Mobile app notification";
  std::string mfa_detail;        // Status.additionalDetails text
  std::string risk_level = "none";
  std::string client_app = "Browser";
};

// The managed device a user usually signs in from (DeviceDetail.displayName).
std::string UsualDeviceName(const User& user);

// Text of an Entra sign-in error code (ResultDescription), "" for unknown codes.
std::string_view SigninErrorText(std::string_view code);

struct FlowSpec {
  const Host* vm = nullptr;
  std::string flow_type = "ExternalPublic";  // IntraVNet, ExternalPublic, MaliciousFlow, ...
  char direction = 'I';
  char status = 'D';
  int port = 0;
  char l4 = 'T';
  std::string peer_ip;                  // the other side; public IPs go in Src/DestPublicIPs_s
  std::vector<std::string> public_ips;  // several scanners aggregated into one row
  int flows = 1;
  std::string rule;                     // NSG rule name
  std::string country;                  // for public peers
  int64_t bytes_out = 0, bytes_in = 0;
};

class CloudEvents {
 public:
  CloudEvents(const World& world, RowBuffer& out, Rng& rng) : world_(world), out_(out), rng_(rng) {}

  Row& Signin(const SigninSpec& s, int64_t time, int tag = -1);
  // An AuditLogs row initiated by `actor` (nullptr = an application named `app_actor`).
  Row& Audit(int64_t time, std::string_view activity, std::string_view category,
             std::string_view operation_type, const User* actor, std::string_view app_actor,
             const User* target_user, std::string_view target_name,
             std::string_view target_type, std::string_view result, int tag = -1,
             nlohmann::ordered_json modified = nlohmann::ordered_json::array());
  // AzureActivity: the Start and the final row of one operation (2 rows; the final one is
  // returned). `caller` is a UPN or a service principal object id.
  Row& Activity(int64_t time, std::string_view caller, std::string_view caller_ip,
                std::string_view operation_value, std::string_view operation_name,
                std::string_view resource_group, std::string_view resource_id,
                bool success, int tag = -1, nlohmann::ordered_json properties = {});
  // One Traffic Analytics aggregate for the hour interval that contains `time`.
  Row& Flow(const FlowSpec& f, int64_t time, int tag = -1);
  Row& DeviceInfo(const Host& host, int64_t time, int tag = -1);
  Row& AlertInfo(int64_t time, std::string_view alert_id, std::string_view title,
                 std::string_view category, std::string_view severity,
                 std::string_view techniques, int tag = -1);
  Row& AlertEvidence(int64_t time, std::string_view alert_id, std::string_view title,
                     std::string_view category, std::string_view techniques,
                     std::string_view entity_type, std::string_view role, int tag = -1);

  // "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/virtualMachines/<vm>"
  std::string VmResourceId(const Host& host) const;
  std::string ResourceId(std::string_view rg, std::string_view provider_path) const;

 private:
  const World& world_;
  RowBuffer& out_;
  Rng& rng_;
};

}  // namespace quarry::range
