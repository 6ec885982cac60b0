#include "range/cloud_events.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

#include "common/time.h"
#include "common/json_text.h"

namespace quarry::range {
namespace {

using Json = nlohmann::ordered_json;

struct ErrorText {
  const char* code;
  const char* text;
};

// Entra ID sign-in error codes (AADSTS<code>) and their published descriptions.
const ErrorText kSigninErrors[] = {
    {"0", ""},
    {"50126", "Error validating credentials due to invalid username or password."},
    {"50074", "Strong Authentication is required."},
    {"50076",
     "Due to a configuration change made by your administrator, or because you moved to a new "
     "location, you must use multi-factor authentication to access the resource."},
    {"50140",
     "This error occurred due to 'Keep me signed in' interrupt when the user was signing in."},
    {"500121", "Authentication failed during strong authentication request."},
    {"50053",
     "Account is locked because user tried to sign in too many times with an incorrect user ID "
     "or password."},
    {"50055", "The password is expired."},
    {"50057", "The user account is disabled."},
    {"53003", "Access has been blocked by Conditional Access policies."},
    {"50158", "External security challenge not satisfied."},
    {"50034", "The user account does not exist in the directory."},
    {"50125", "Sign-in was interrupted due to a password reset or password registration entry."},
};

std::string Upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}


std::string_view BaseNameOf(std::string_view resource_id) {
  size_t slash = resource_id.rfind('/');
  return slash == std::string_view::npos ? resource_id : resource_id.substr(slash + 1);
}

}  // namespace

std::string UsualDeviceName(const User& user) {
  return user.guest ? "" : fmt::format("ws-{}", 10 + StableHash(user.upn) % 90);
}

std::string_view SigninErrorText(std::string_view code) {
  for (const auto& e : kSigninErrors) {
    if (code == e.code) return e.text;
  }
  return "";
}

Row& CloudEvents::Signin(const SigninSpec& s, int64_t time, int tag) {
  const User& u = *s.user;
  Row& row = out_.Add("SigninLogs", time, tag);
  bool ok = s.result_type == "0";
  std::string id = rng_.Guid();
  row.Set("OperationName", "Sign-in activity").Set("OperationVersion", "1.0");
  row.Set("Category", "SignInLogs").Set("Level", ok ? "4" : "4");
  row.Set("SourceSystem", "Azure AD").SetTime("CreatedDateTime", time);
  row.Set("Id", id).Set("CorrelationId", rng_.Guid()).Set("OriginalRequestId", id);
  row.Set("UserPrincipalName", u.upn).Set("UserDisplayName", u.display_name);
  row.Set("Identity", u.display_name).Set("UserId", u.object_id);
  row.Set("SignInIdentifier", u.upn).Set("SignInIdentifierType", "userPrincipalName");
  row.Set("AlternateSignInName", u.upn);
  row.Set("UserType", u.guest ? "Guest" : "Member");
  row.Set("AADTenantId", world_.entra_tenant_id).Set("ResourceTenantId", world_.entra_tenant_id);
  row.Set("HomeTenantId", u.guest ? FakeDigest("fabrikam-tenant", 8) + "-5f1c-4d8e-9a41-" +
                                        FakeDigest("fabrikam", 12)
                                  : world_.entra_tenant_id);
  row.Set("AppDisplayName", s.app).Set("AppId", FakeDigest("app:" + s.app, 8) + "-0000-0ff1-ce00-" +
                                                    FakeDigest("app2:" + s.app, 12));
  row.Set("ResourceDisplayName", s.resource).Set("ResourceIdentity", FakeDigest("res:" + s.resource, 8) +
                                                                       "-0000-0000-c000-000000000000");
  row.Set("ClientAppUsed", s.client_app).SetBool("IsInteractive", true);
  row.Set("IPAddress", s.ip).Set("Location", s.location.country);
  row.Set("AutonomousSystemNumber", std::to_string(1000 + StableHash(s.ip.substr(0, s.ip.rfind('.'))) % 60000));
  row.SetJson("LocationDetails", Json{{"city", s.location.city},
                                      {"state", s.location.state},
                                      {"countryOrRegion", s.location.country},
                                      {"geoCoordinates",
                                       {{"latitude", s.location.latitude},
                                        {"longitude", s.location.longitude}}}});
  bool managed = !s.device_name.empty();
  row.SetJson("DeviceDetail", Json{{"deviceId", managed ? FakeDigest(s.device_name, 8) + "-" +
                                                              FakeDigest(s.device_name + "#", 4) + "-4" +
                                                              FakeDigest(s.device_name + "##", 3) + "-a" +
                                                              FakeDigest(s.device_name + "###", 3) + "-" +
                                                              FakeDigest(s.device_name + "####", 12)
                                                        : ""},
                                   {"displayName", s.device_name},
                                   {"operatingSystem", s.os},
                                   {"browser", s.browser},
                                   {"isCompliant", managed},
                                   {"isManaged", managed},
                                   {"trustType", managed ? "Azure AD joined" : ""}});
  std::string ua = s.user_agent;
  if (ua.empty()) {
    ua = s.os.starts_with("Windows")
             ? "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0"
             : s.os.starts_with("iOS")
                   ? "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 "
                     "(KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1"
                   : "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, "
                     "like Gecko) Chrome/121.0.0.0 Safari/537.36";
  }
  row.Set("UserAgent", ua);
  std::string desc(SigninErrorText(s.result_type));
  row.Set("ResultType", s.result_type).Set("ResultSignature", ok ? "SUCCESS" : "FAILURE");
  row.Set("ResultDescription", ok ? "" : desc);
  Json status{{"errorCode", std::stoi(s.result_type)}};
  if (!ok) status["failureReason"] = desc;
  if (!s.mfa_detail.empty()) status["additionalDetails"] = s.mfa_detail;
  row.SetJson("Status", status);
  row.Set("AuthenticationRequirement", s.mfa ? "multiFactorAuthentication" : "singleFactorAuthentication");
  Json auth = Json::array();
  auth.push_back(Json{{"authenticationStepDateTime", FormatDatetime(time)},
                      {"authenticationMethod", "Password"},
                      {"succeeded", s.result_type != "50126" && s.result_type != "50053"},
                      {"authenticationStepResultDetail",
                       s.result_type == "50126" ? "Invalid username or password" : "Correct password"}});
  if (s.mfa) {
    auth.push_back(Json{{"authenticationStepDateTime", FormatDatetime(time)},
                        {"authenticationMethod", s.mfa_method},
                        {"succeeded", ok},
                        {"authenticationStepResultDetail",
                         ok ? "MFA successfully completed" : s.mfa_detail}});
    row.SetJson("MfaDetail", Json{{"authMethod", s.mfa_method}, {"authDetail", nullptr}});
  }
  row.Set("AuthenticationDetails", JsonText(auth));
  row.Set("ConditionalAccessStatus", s.result_type == "53003" ? "failure" : ok ? "success" : "notApplied");
  row.Set("RiskLevelDuringSignIn", s.risk_level).Set("RiskLevelAggregated", s.risk_level);
  row.Set("RiskState", s.risk_level == "none" ? "none" : "atRisk");
  row.Set("RiskDetail", "none").SetBool("IsRisky", s.risk_level != "none");
  row.Set("TokenIssuerType", "AzureAD").Set("TokenIssuerName", "");
  row.Set("UniqueTokenIdentifier", rng_.Hex(22));
  row.Set("DurationMs", static_cast<int64_t>(0));
  row.Set("ProcessingTimeInMilliseconds", std::to_string(40 + rng_.Below(400)));
  row.SetBool("FlaggedForReview", false);
  row.Set("CrossTenantAccessType", u.guest ? "b2bCollaboration" : "none");
  return row;
}

Row& CloudEvents::Audit(int64_t time, std::string_view activity, std::string_view category,
                        std::string_view operation_type, const User* actor,
                        std::string_view app_actor, const User* target_user,
                        std::string_view target_name, std::string_view target_type,
                        std::string_view result, int tag, Json modified) {
  Row& row = out_.Add("AuditLogs", time, tag);
  row.Set("ActivityDisplayName", activity).Set("OperationName", activity);
  row.SetTime("ActivityDateTime", time).Set("Category", category);
  row.Set("AADOperationType", operation_type).Set("AADTenantId", world_.entra_tenant_id);
  std::string id = rng_.Guid();
  std::string correlation = rng_.Guid();
  row.Set("Id", "Directory_" + id).Set("CorrelationId", correlation);
  row.Set("Level", "Informational").Set("Location", "US").Set("LoggedByService", "Core Directory");
  row.Set("OperationVersion", "1.0").Set("SourceSystem", "Azure AD");
  row.Set("Result", result).Set("ResultType", result == "success" ? "Success" : "Failure");
  row.Set("ResultDescription", "").Set("ResultSignature", "None").Set("DurationMs", int64_t{0});
  row.Set("ResourceId", "/tenants/" + world_.entra_tenant_id + "/providers/Microsoft.aadiam");
  row.Set("ResourceGroup", "Microsoft.aadiam").Set("Resource", "Microsoft.aadiam");
  row.Set("ResourceProvider", "Microsoft.aadiam");
  Json initiated;
  if (actor != nullptr) {
    row.Set("Identity", actor->display_name);
    initiated["user"] = Json{{"id", actor->object_id},
                             {"displayName", nullptr},
                             {"userPrincipalName", actor->upn},
                             {"ipAddress", actor->home_ip}};
  } else {
    row.Set("Identity", app_actor);
    initiated["app"] = Json{{"appId", nullptr},
                            {"displayName", app_actor},
                            {"servicePrincipalId", FakeDigest(std::string(app_actor), 8) +
                                                       "-1c2b-4e5f-8a9b-" + FakeDigest(std::string(app_actor) + "#", 12)},
                            {"servicePrincipalName", nullptr}};
  }
  row.SetJson("InitiatedBy", initiated);
  Json target{{"id", target_user ? target_user->object_id : FakeDigest(std::string(target_name), 8) +
                                                               "-7d1e-4c3b-9f2a-" +
                                                               FakeDigest(std::string(target_name) + "#", 12)},
              {"displayName", target_user ? target_user->display_name : std::string(target_name)},
              {"type", target_type},
              {"modifiedProperties", std::move(modified)}};
  if (target_user) target["userPrincipalName"] = target_user->upn;
  row.SetJson("TargetResources", Json::array({target}));
  row.SetJson("AdditionalDetails", Json::array({Json{{"key", "User-Agent"},
                                                     {"value", "Microsoft Azure Graph Client Library 1.0"}}}));
  return row;
}

std::string CloudEvents::ResourceId(std::string_view rg, std::string_view provider_path) const {
  return fmt::format("/subscriptions/{}/resourceGroups/{}/providers/{}", world_.subscription_id,
                     Upper(rg), provider_path);
}

std::string CloudEvents::VmResourceId(const Host& host) const {
  return ResourceId(host.resource_group.empty() ? "rg-corp-endpoints" : host.resource_group,
                    "Microsoft.Compute/virtualMachines/" + host.name);
}

Row& CloudEvents::Activity(int64_t time, std::string_view caller, std::string_view caller_ip,
                           std::string_view operation_value, std::string_view operation_name,
                           std::string_view resource_group, std::string_view resource_id,
                           bool success, int tag, Json properties) {
  std::string correlation = rng_.Guid();
  std::string op_upper = Upper(operation_value);
  std::string provider = op_upper.substr(0, op_upper.find('/'));
  bool is_user = caller.find('@') != std::string_view::npos;
  Json claims{{"aud", "https://management.core.windows.net/"},
              {"iss", "https://sts.windows.net/" + world_.entra_tenant_id + "/"},
              {"ipaddr", std::string(caller_ip)},
              {"http://schemas.microsoft.com/identity/claims/objectidentifier",
               is_user ? FakeDigest(std::string(caller), 8) + "-0b1c-4d2e-8f3a-" + FakeDigest(std::string(caller) + "#", 12)
                       : std::string(caller)}};
  if (is_user) claims["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"] = std::string(caller);
  Json authorization{{"action", std::string(operation_value)},
                     {"scope", std::string(resource_id)},
                     {"evidence", {{"role", "Owner"}, {"principalType", is_user ? "User" : "ServicePrincipal"}}}};
  Row* last = nullptr;
  for (int phase = 0; phase < 2; ++phase) {
    int64_t t = time + phase * (2 + static_cast<int64_t>(rng_.Below(40))) * kTicksPerSecond;
    Row& row = out_.Add("AzureActivity", t, tag);
    std::string status = phase == 0 ? "Start" : (success ? "Success" : "Failure");
    row.Set("OperationNameValue", op_upper).Set("OperationName", operation_name);
    row.Set("ActivityStatusValue", status).Set("ActivityStatus", status == "Start" ? "Started" : status == "Success" ? "Succeeded" : "Failed");
    row.Set("ActivitySubstatusValue", phase == 0 ? "" : success ? "OK (HTTP Status Code: 200)" : "Forbidden (HTTP Status Code: 403)");
    row.Set("Caller", caller).Set("CallerIpAddress", caller_ip);
    row.Set("CategoryValue", "Administrative").Set("Category", "Administrative");
    row.Set("Level", success ? "Informational" : "Error");
    std::string event_data_id = rng_.Guid();
    std::string operation_id = rng_.Guid();
    row.Set("CorrelationId", correlation).Set("EventDataId", event_data_id).Set("OperationId", operation_id);
    row.SetTime("EventSubmissionTimestamp", t + (30 + static_cast<int64_t>(rng_.Below(120))) * kTicksPerSecond);
    row.Set("ResourceGroup", Upper(resource_group)).Set("ResourceId", resource_id);
    row.Set("Resource", std::string(BaseNameOf(resource_id)));
    row.Set("ResourceProviderValue", provider).Set("ResourceProvider", provider);
    row.Set("SubscriptionId", world_.subscription_id).Set("SourceSystem", "Azure");
    row.Set("Hierarchy", world_.entra_tenant_id + "/" + world_.subscription_id);
    row.Set("HTTPRequest", JsonText(Json{{"clientRequestId", rng_.Guid()}, {"clientIpAddress", std::string(caller_ip)}, {"method", op_upper.ends_with("/DELETE") ? "DELETE" : op_upper.ends_with("/WRITE") ? "PUT" : "POST"}}));
    row.SetJson("Authorization_d", authorization).Set("Authorization", JsonText(authorization));
    row.SetJson("Claims_d", claims).Set("Claims", JsonText(claims));
    Json props = properties.is_null() ? Json::object() : properties;
    props["eventCategory"] = "Administrative";
    props["entity"] = std::string(resource_id);
    props["message"] = std::string(operation_value);
    props["hierarchy"] = world_.entra_tenant_id + "/" + world_.subscription_id;
    row.SetJson("Properties_d", props).Set("Properties", JsonText(props));
    last = &row;
  }
  return *last;
}

}  // namespace quarry::range
