#include "hunt/table_profile.h"

namespace quarry::hunt {
namespace {

using D = DeviceColumnKind;
using U = UserColumnKind;

std::vector<TableProfile> MakeProfiles() {
  std::vector<TableProfile> p;
  p.push_back({"SigninLogs", "TimeGenerated",
               {"TimeGenerated", "UserPrincipalName", "UserDisplayName", "OperationName",
                "Category", "ResultType", "ResultSignature", "ResultDescription", "AppDisplayName",
                "ClientAppUsed", "IPAddress", "Location", "LocationDetails", "UserAgent",
                "ConditionalAccessStatus", "AuthenticationRequirement", "RiskLevelDuringSignIn",
                "IsInteractive"},
               {},
               {{"UserPrincipalName", U::kUpn}},
               {"IPAddress"}, {}, {}, {}, {}});
  p.push_back({"AuditLogs", "TimeGenerated",
               {"TimeGenerated", "OperationName", "ActivityDisplayName", "Category", "Result",
                "ResultReason", "InitiatedBy", "TargetResources", "LoggedByService",
                "AdditionalDetails"},
               {},
               {{"InitiatedBy", U::kDynamicText}, {"TargetResources", U::kDynamicText}},
               {}, {"InitiatedBy"}, {}, {}, {}});
  p.push_back({"AzureActivity", "TimeGenerated",
               {"TimeGenerated", "OperationNameValue", "ActivityStatusValue", "ResourceGroup",
                "Caller", "CallerIpAddress", "Category", "ResourceProviderValue", "ResourceId",
                "SubscriptionId"},
               {},
               {{"Caller", U::kUpn}},
               {"CallerIpAddress"}, {}, {}, {}, {"Caller"}});
  p.push_back({"AzureNetworkAnalytics_CL", "TimeGenerated",
               {"TimeGenerated", "FlowType_s", "SrcIP_s", "SrcPublicIPs_s", "DestIP_s",
                "DestPublicIPs_s", "DestPort_d", "L4Protocol_s", "FlowDirection_s",
                "FlowStatus_s", "NSGRule_s", "VM_s", "AllowedInFlows_d", "AllowedOutFlows_d",
                "DeniedInFlows_d", "DeniedOutFlows_d"},
               {{"VM_s", D::kVmPath}, {"VM1_s", D::kVmPath}, {"VM2_s", D::kVmPath}},
               {},
               {"SrcIP_s", "DestIP_s", "VMIP_s"}, {"SrcPublicIPs_s", "DestPublicIPs_s"},
               {"DestPort_d"}, {}, {}});
  p.push_back({"DeviceLogonEvents", "TimeGenerated",
               {"TimeGenerated", "DeviceName", "AccountDomain", "AccountName", "ActionType",
                "LogonType", "Protocol", "FailureReason", "IsLocalAdmin", "RemoteIP",
                "RemoteIPType", "RemotePort", "RemoteDeviceName", "InitiatingProcessFileName"},
               {{"DeviceName", D::kHostName}},
               {{"AccountName", U::kAccountName}},
               {"RemoteIP"}, {}, {"RemotePort"}, {"InitiatingProcessFileName"}, {}});
  p.push_back({"DeviceProcessEvents", "TimeGenerated",
               {"TimeGenerated", "DeviceName", "AccountDomain", "AccountName", "ActionType",
                "FileName", "FolderPath", "SHA256", "ProcessCommandLine",
                "InitiatingProcessAccountName", "InitiatingProcessFileName",
                "InitiatingProcessCommandLine", "InitiatingProcessParentFileName"},
               {{"DeviceName", D::kHostName}},
               {{"AccountName", U::kAccountName},
                {"InitiatingProcessAccountName", U::kAccountName}},
               {}, {}, {}, {"FileName", "InitiatingProcessFileName"}, {}});
  p.push_back({"DeviceNetworkEvents", "TimeGenerated",
               {"TimeGenerated", "DeviceName", "ActionType", "RemoteIP", "RemotePort",
                "RemoteUrl", "LocalIP", "LocalPort", "Protocol", "InitiatingProcessAccountName",
                "InitiatingProcessFileName", "InitiatingProcessCommandLine"},
               {{"DeviceName", D::kHostName}},
               {{"InitiatingProcessAccountName", U::kAccountName}},
               {"RemoteIP", "LocalIP"}, {}, {"RemotePort", "LocalPort"},
               {"InitiatingProcessFileName"}, {}});
  p.push_back({"DeviceFileEvents", "TimeGenerated",
               {"TimeGenerated", "DeviceName", "ActionType", "FileName", "FolderPath",
                "PreviousFileName", "SHA256", "FileOriginUrl", "FileOriginIP",
                "InitiatingProcessAccountName", "InitiatingProcessFileName",
                "InitiatingProcessCommandLine"},
               {{"DeviceName", D::kHostName}},
               {{"InitiatingProcessAccountName", U::kAccountName}},
               {"FileOriginIP", "RequestSourceIP"}, {}, {}, {"InitiatingProcessFileName"}, {}});
  p.push_back({"DeviceRegistryEvents", "TimeGenerated",
               {"TimeGenerated", "DeviceName", "ActionType", "RegistryKey", "RegistryValueName",
                "RegistryValueData", "PreviousRegistryValueData", "InitiatingProcessAccountName",
                "InitiatingProcessFileName", "InitiatingProcessCommandLine"},
               {{"DeviceName", D::kHostName}},
               {{"InitiatingProcessAccountName", U::kAccountName}},
               {}, {}, {}, {"InitiatingProcessFileName"}, {}});
  p.push_back({"DeviceInfo", "TimeGenerated",
               {"TimeGenerated", "DeviceName", "OSPlatform", "OSVersion", "PublicIP",
                "IsAzureADJoined", "OnboardingStatus", "DeviceType", "ExposureLevel",
                "IsInternetFacing", "SensorHealthState", "LoggedOnUsers"},
               {{"DeviceName", D::kHostName}},
               {{"LoggedOnUsers", U::kDynamicText}},
               {"PublicIP"}, {}, {}, {}, {}});
  p.push_back({"AlertInfo", "TimeGenerated",
               {"TimeGenerated", "AlertId", "Title", "Category", "Severity", "ServiceSource",
                "DetectionSource", "AttackTechniques"},
               {}, {}, {}, {}, {}, {}, {}});
  p.push_back({"AlertEvidence", "TimeGenerated",
               {"TimeGenerated", "AlertId", "Title", "Categories", "EntityType", "EvidenceRole",
                "DeviceName", "AccountName", "AccountUpn", "RemoteIP", "LocalIP", "RemoteUrl",
                "FileName", "FolderPath", "SHA256", "ProcessCommandLine", "Severity"},
               {{"DeviceName", D::kHostName}},
               {{"AccountUpn", U::kUpn}, {"AccountName", U::kAccountName}},
               {"RemoteIP", "LocalIP"}, {}, {}, {"FileName"}, {}});
  return p;
}

}  // namespace

const std::vector<TableProfile>& TableProfiles() {
  static const std::vector<TableProfile> kProfiles = MakeProfiles();
  return kProfiles;
}

const TableProfile* FindTableProfile(std::string_view table) {
  for (const auto& p : TableProfiles()) {
    if (p.table == table) return &p;
  }
  return nullptr;
}

}  // namespace quarry::hunt
