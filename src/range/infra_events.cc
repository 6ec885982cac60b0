// CloudEvents: the NSG flow, DeviceInfo and alert tables (the identity and Azure control-plane
// tables are in cloud_events.cc).
#include <fmt/core.h>

#include "common/time.h"
#include "range/cloud_events.h"

namespace quarry::range {
namespace {

using Json = nlohmann::ordered_json;

std::string_view L7For(int port) {
  switch (port) {
    case 22: return "ssh";
    case 23: return "telnet";
    case 53: return "dns";
    case 80: case 8080: return "http";
    case 443: case 8443: return "https";
    case 445: return "smb";
    case 1433: return "mssql";
    case 3306: return "mysql";
    case 3389: return "rdp";
    case 5432: return "postgresql";
    case 5900: return "vnc";
    default: return "unknown";
  }
}

std::string OsVersionName(OsKind os) {
  switch (os) {
    case OsKind::kWindows10: return "Windows10";
    case OsKind::kWindows11: return "Windows11";
    case OsKind::kWindowsServer2019: return "WindowsServer2019";
    case OsKind::kWindowsServer2022: return "WindowsServer2022";
    case OsKind::kUbuntu: return "Linux";
  }
  return "Windows11";
}

}  // namespace

Row& CloudEvents::Flow(const FlowSpec& f, int64_t time, int tag) {
  const Host& vm = *f.vm;
  int64_t interval_start = FloorDiv(time, kTicksPerHour) * kTicksPerHour;
  // Traffic Analytics publishes an interval's aggregates some minutes after it closes.
  int64_t processed = interval_start + kTicksPerHour + (5 + static_cast<int64_t>(rng_.Below(20))) * kTicksPerMinute;
  Row& row = out_.Add("AzureNetworkAnalytics_CL", processed, tag);
  std::string rg = vm.resource_group.empty() ? "rg-prod-app" : vm.resource_group;
  bool inbound = f.direction == 'I';
  bool is_public = f.flow_type != "IntraVNet" && f.flow_type != "InterVNet";
  row.Set("SubType_s", "FlowLog").Set("FASchemaVersion_s", "2").Set("SourceSystem", "RestAPI");
  row.SetTime("TimeProcessed_t", processed);
  row.SetTime("FlowIntervalStartTime_t", interval_start);
  row.SetTime("FlowIntervalEndTime_t", interval_start + kTicksPerHour);
  row.SetTime("FlowStartTime_t", time);
  row.SetTime("FlowEndTime_t", time + (1 + static_cast<int64_t>(rng_.Below(600))) * kTicksPerSecond);
  row.Set("FlowType_s", f.flow_type);
  if (inbound) {
    if (!is_public) row.Set("SrcIP_s", f.peer_ip);
    row.Set("DestIP_s", vm.private_ip);
  } else {
    row.Set("SrcIP_s", vm.private_ip);
    if (!is_public) row.Set("DestIP_s", f.peer_ip);
  }
  row.Set("DestPort_d", static_cast<int64_t>(f.port));
  row.Set("L4Protocol_s", std::string(1, f.l4)).Set("L7Protocol_s", L7For(f.port));
  row.Set("FlowDirection_s", std::string(1, f.direction)).Set("FlowStatus_s", std::string(1, f.status));
  std::string nsg = vm.nsg.empty() ? vm.name + "-nsg" : vm.nsg;
  row.Set("NSGList_s", world_.subscription_id + "/" + rg + "/" + nsg);
  row.Set("NSGRule_s", f.rule).Set("NSGRuleType_s", f.rule.starts_with("Default") ? "Default" : "User Defined");
  row.Set("MACAddress_s", vm.mac);
  std::string vm_path = rg + "/" + vm.name;
  std::string nic = rg + "/" + vm.name + "-nic";
  row.Set("Subscription1_g", world_.subscription_id).Set("Region1_s", "eastus");
  row.Set("VM_s", vm_path).Set("NIC_s", nic).Set("Subnet_s", vm.subnet).Set("Region_s", "eastus");
  if (inbound) {
    row.Set("VM2_s", vm_path).Set("NIC2_s", nic).Set("Subnet2_s", vm.subnet).Set("Region2_s", "eastus");
    row.Set("Subscription2_g", world_.subscription_id);
  } else {
    row.Set("VM1_s", vm_path).Set("NIC1_s", nic).Set("Subnet1_s", vm.subnet);
  }
  if (is_public) {
    row.Set("VMIP_s", vm.private_ip);
    if (!f.country.empty()) row.Set("Country_s", f.country);
    std::vector<std::string> ips = f.public_ips;
    if (ips.empty()) ips.push_back(f.peer_ip);
    std::string list;
    int per_ip = std::max(1, f.flows / static_cast<int>(ips.size()));
    for (const auto& ip : ips) {
      if (!list.empty()) list += " ";
      int64_t pkts = f.status == 'A' ? 3 + static_cast<int64_t>(rng_.Below(20)) : 1;
      list += fmt::format("{}|{}|{}|{}|{}|{}|{}", ip, per_ip, per_ip, pkts * per_ip,
                          f.status == 'A' ? pkts * per_ip : 0, 60 * pkts * per_ip,
                          f.status == 'A' ? f.bytes_in : 0);
    }
    row.Set(inbound ? "SrcPublicIPs_s" : "DestPublicIPs_s", list);
    row.Set("PublicIPs_s", list);
  }
  double flows = f.flows;
  row.Set("AllowedInFlows_d", inbound && f.status == 'A' ? flows : 0.0);
  row.Set("DeniedInFlows_d", inbound && f.status == 'D' ? flows : 0.0);
  row.Set("AllowedOutFlows_d", !inbound && f.status == 'A' ? flows : 0.0);
  row.Set("DeniedOutFlows_d", !inbound && f.status == 'D' ? flows : 0.0);
  row.Set("FlowCount_d", flows).Set("CompletedFlows_d", f.status == 'A' ? flows : 0.0);
  row.Set("OutboundBytes_d", static_cast<double>(f.bytes_out)).Set("InboundBytes_d", static_cast<double>(f.bytes_in));
  row.Set("OutboundPackets_d", static_cast<double>(f.bytes_out / 900 + f.flows));
  row.Set("InboundPackets_d", static_cast<double>(f.bytes_in / 900 + (f.status == 'A' ? f.flows : 0)));
  row.SetBool("IsFlowCapturedAtUDRHop_b", false);
  row.Set("Computer", "");
  return row;
}

Row& CloudEvents::DeviceInfo(const Host& host, int64_t time, int tag) {
  Row& row = out_.Add("DeviceInfo", time, tag);
  row.Set("DeviceId", host.device_id).Set("DeviceName", host.name);
  row.Set("ClientVersion", host.windows() ? "10.8760.22621.1010" : "101.24012.0001");
  row.Set("PublicIP", host.public_ip.empty() ? world_.office_ips[StableHash(host.name) % world_.office_ips.size()]
                                             : host.public_ip);
  row.Set("OSArchitecture", "64-bit").Set("OSPlatform", OsVersionName(host.os));
  int64_t build = host.os == OsKind::kWindows10 ? 19045 : host.os == OsKind::kWindows11 ? 22631
                  : host.os == OsKind::kWindowsServer2019 ? 17763 : host.os == OsKind::kWindowsServer2022 ? 20348 : 0;
  if (build) row.Set("OSBuild", build);
  row.Set("OSVersion", host.windows() ? (host.os == OsKind::kWindows10 ? "22H2" : host.server() ? "" : "23H2") : "22.04");
  row.Set("OSDistribution", host.windows() ? "" : "Ubuntu");
  row.Set("OSVersionInfo", host.windows() ? "" : "22.04");
  row.SetBool("IsAzureADJoined", host.windows() && !host.server());
  row.Set("JoinType", host.windows() ? (host.server() ? "Domain Joined" : "Hybrid Azure AD Join") : "");
  if (host.windows() && !host.server()) row.Set("AadDeviceId", host.aad_device_id);
  Json users = Json::array();
  if (host.primary_user >= 0) {
    const User& u = world_.users[host.primary_user];
    users.push_back(Json{{"UserName", u.account}, {"DomainName", world_.netbios}, {"Sid", u.sid}});
  }
  row.SetJson("LoggedOnUsers", users);
  row.Set("MachineGroup", host.machine_group).Set("OnboardingStatus", "Onboarded");
  row.Set("DeviceCategory", "Endpoint");
  row.Set("DeviceType", host.server() ? "Server" : "Workstation");
  row.Set("Model", host.azure_vm ? "Virtual Machine" : "Latitude 7440");
  row.Set("Vendor", host.azure_vm ? "Microsoft Corporation" : "Dell Inc.");
  row.SetBool("IsInternetFacing", !host.public_ip.empty());
  row.Set("SensorHealthState", "Active").SetBool("IsExcluded", false);
  row.Set("ExposureLevel", !host.public_ip.empty() ? "High" : host.server() ? "Medium" : "Low");
  row.Set("AssetValue", host.role == HostRole::kDomainController ? "High" : "Normal");
  if (host.azure_vm) {
    row.Set("AzureResourceId", CloudEvents::VmResourceId(host));
    row.Set("AzureVmId", FakeDigest(host.device_id + "vm", 8) + "-4f1d-4c2a-9e3b-" + FakeDigest(host.device_id, 12));
    row.Set("AzureVmSubscriptionId", world_.subscription_id);
    row.Set("CloudPlatforms", "[\"Azure\"]");
  }
  row.SetBool("IsTransient", false);
  row.Set("DeviceManualTags", host.machine_group == "Cyber Range" ? "[\"cyber-range\"]" : "[]");
  row.Set("ConnectivityType", "Streamlined");
  return row;
}

Row& CloudEvents::AlertInfo(int64_t time, std::string_view alert_id, std::string_view title,
                            std::string_view category, std::string_view severity,
                            std::string_view techniques, int tag) {
  Row& row = out_.Add("AlertInfo", time, tag);
  row.Set("AlertId", alert_id).Set("Title", title).Set("Category", category);
  row.Set("Severity", severity).Set("ServiceSource", "Microsoft Defender for Endpoint");
  row.Set("DetectionSource", "EDR").Set("AttackTechniques", techniques);
  return row;
}

Row& CloudEvents::AlertEvidence(int64_t time, std::string_view alert_id, std::string_view title,
                                std::string_view category, std::string_view techniques,
                                std::string_view entity_type, std::string_view role, int tag) {
  Row& row = out_.Add("AlertEvidence", time, tag);
  row.Set("AlertId", alert_id).Set("Title", title).Set("Categories", "[\"" + std::string(category) + "\"]");
  row.Set("AttackTechniques", techniques).Set("ServiceSource", "Microsoft Defender for Endpoint");
  row.Set("DetectionSource", "EDR").Set("EntityType", entity_type).Set("EvidenceRole", role);
  return row;
}

}  // namespace quarry::range
