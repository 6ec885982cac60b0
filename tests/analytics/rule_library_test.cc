// Checks on the built-in rule library that need no KQL engine: every file loads, ids are unique,
// every rule carries each field issue 7 lists, ATT&CK ids exist in the catalog, tables are
// built-in ones, every fixture builds against the built-in schemas, every behaviour the issue
// names has a rule, and no query names a host, user or address of the cyber range (rules are
// behavioural, not keyed to one dataset). (Running the fixtures is rule_fixture_test.cc.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "analytics/fixture_catalog.h"
#include "analytics/rule_loader.h"
#include "attack/catalog.h"
#include "range/range_options.h"
#include "range/rng.h"
#include "range/world.h"
#include "schemas/builtin_schemas.h"

namespace quarry::analytics {
namespace {

const std::vector<Rule>& Library() {
  static const auto* rules = [] {
    auto r = LoadRuleDirectory(std::string(QUARRY_SOURCE_ROOT) + "/rules");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return new std::vector<Rule>(r.ok() ? std::move(r).value() : std::vector<Rule>{});
  }();
  return *rules;
}

TEST(RuleLibraryTest, LoadsAtLeastSixtyRules) { EXPECT_GE(Library().size(), 60u); }

TEST(RuleLibraryTest, TechniquesExistAndAreActive) {
  auto catalog = attack::BuiltinCatalog();
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  for (const auto& rule : Library()) {
    for (const auto& id : rule.techniques) {
      const attack::Technique* t = (*catalog)->FindTechnique(id);
      ASSERT_NE(t, nullptr) << rule.id << ": unknown technique " << id;
      EXPECT_FALSE(t->revoked || t->deprecated) << rule.id << ": " << id << " is retired";
    }
  }
}

TEST(RuleLibraryTest, TablesAreBuiltinAndFixturesBuild) {
  auto schemas = BuiltinSchemas();
  ASSERT_TRUE(schemas.ok()) << schemas.status().ToString();
  for (const auto& rule : Library()) {
    for (const auto& table : rule.tables) {
      EXPECT_TRUE((*schemas)->Find(table).has_value()) << rule.id << ": unknown table " << table;
    }
    EXPECT_FALSE(rule.positive.tables.empty()) << rule.id << " has no positive fixture";
    EXPECT_FALSE(rule.negative.tables.empty()) << rule.id << " has no negative fixture";
    for (const Fixture* f : {&rule.positive, &rule.negative}) {
      auto catalog = FixtureCatalog::Build(*f, **schemas, rule.id);
      EXPECT_TRUE(catalog.ok()) << rule.id << ": " << catalog.status().ToString();
    }
  }
}

TEST(RuleLibraryTest, EveryRuleSaysWhyItMattersAndWhatMayLookAlike) {
  for (const auto& rule : Library()) {
    EXPECT_FALSE(rule.value.empty()) << rule.id;
    EXPECT_FALSE(rule.false_positives.empty()) << rule.id;
    EXPECT_FALSE(rule.tactics.empty()) << rule.id;
    EXPECT_FALSE(rule.version.empty()) << rule.id;
  }
}

TEST(RuleLibraryTest, QueriesCiteTheirEvidence) {
  for (const auto& rule : Library()) {
    EXPECT_TRUE(rule.query.find("_ItemId") != std::string::npos) << rule.id;
  }
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Issue 7's list: id, name, description, why it matters, severity, tactics, ATT&CK techniques,
// required tables, the query, entity mappings, known false positives, version, and positive and
// negative fixtures. The loader lets a user's own rule leave some out; the built-in ones may not.
TEST(RuleLibraryTest, EveryRuleCarriesEveryFieldTheIssueLists) {
  static const std::regex kTopLevelSeverity(R"((^|\n)severity:[ \t]*(Informational|Low|Medium|High)[ \t]*(\n|$))");
  for (const auto& rule : Library()) {
    SCOPED_TRACE(rule.source_file);
    EXPECT_TRUE(std::regex_match(rule.id, std::regex("QR-[A-Z0-9]+-[0-9]{3}"))) << rule.id;
    EXPECT_FALSE(rule.name.empty());
    EXPECT_FALSE(rule.description.empty());
    EXPECT_FALSE(rule.value.empty());
    EXPECT_TRUE(std::regex_search(ReadFile(rule.source_file), kTopLevelSeverity))
        << "no top-level severity line";
    EXPECT_FALSE(rule.tactics.empty());
    EXPECT_FALSE(rule.techniques.empty());
    EXPECT_FALSE(rule.tables.empty());
    EXPECT_FALSE(rule.query.empty());
    EXPECT_FALSE(rule.entities.empty());
    EXPECT_FALSE(rule.false_positives.empty());
    EXPECT_TRUE(std::regex_match(rule.version, std::regex("[0-9]+\\.[0-9]+\\.[0-9]+"))) << rule.version;
    EXPECT_FALSE(rule.positive.tables.empty());
    EXPECT_FALSE(rule.negative.tables.empty());
  }
}

// One row per behaviour issue 7 names: the ATT&CK family a rule for it reports, and a word its
// name or query must use (lower case), so the technique id alone cannot stand in for it.
struct Behaviour {
  const char* what;
  const char* technique;  // a rule's technique must be in this family (or be this sub-technique)
  const char* word;
};

constexpr Behaviour kBehaviours[] = {
    {"brute force", "T1110.001", "logonfailed"},
    {"password spray", "T1110.003", "dcount"},
    {"impossible travel", "T1078", "impossible travel"},
    {"unfamiliar location (first-seen country)", "T1078", "country never seen"},
    {"MFA fatigue", "T1621", "500121"},
    {"encoded PowerShell", "T1059.001", "ncodedcommand"},
    {"PowerShell download cradle", "T1059.001", "downloadstring"},
    {"certutil", "T1105", "certutil"},
    {"bitsadmin", "T1197", "bitsadmin"},
    {"mshta", "T1218.005", "mshta"},
    {"rundll32", "T1218.011", "rundll32"},
    {"regsvr32", "T1218.010", "regsvr32"},
    {"InstallUtil", "T1218.004", "installutil"},
    {"wmic", "T1047", "wmic"},
    {"LSASS dump", "T1003.001", "lsass"},
    {"comsvcs MiniDump", "T1003.001", "comsvcs"},
    {"procdump", "T1003.001", "procdump"},
    {"SAM hive", "T1003.002", "sam"},
    {"NTDS", "T1003.003", "ntds"},
    {"Run keys", "T1547.001", "\\currentversion\\run"},
    {"services", "T1543.003", "service"},
    {"scheduled tasks", "T1053.005", "schtasks"},
    {"WMI subscription", "T1546.003", "wmi"},
    {"new accounts", "T1136.001", "/add"},
    {"group changes", "T1098", "group"},
    {"UAC bypass", "T1548.002", "fodhelper"},
    {"audit policy tampering", "T1562.002", "auditpol"},
    {"Defender tampering", "T1562.001", "defender"},
    {"log clearing", "T1070.001", "wevtutil"},
    {"discovery burst", "T1087", "whoami"},
    {"PsExec", "T1021.002", "psexesvc"},
    {"WMI lateral movement", "T1047", "wmiprvse"},
    {"SMBExec", "T1021.002", "__output"},
    {"RDP", "T1021.001", "remoteinteractive"},
    {"beaconing periodicity", "T1071", "stdev"},
    {"rare ports", "T1571", "remoteport"},
    {"exfiltration volume", "T1048", "volume"},
    {"ransomware-like file activity", "T1486", "filerenamed"},
    {"NSG malicious flows", "T1133", "azurenetworkanalytics_cl"},
    {"NSG scans", "T1046", "azurenetworkanalytics_cl"},
    {"Azure role assignments", "T1098.003", "roleassignments"},
    {"Azure run command", "T1651", "runcommand"},
    {"Azure mass deletion", "T1485", "delete"},
    {"credentials added to apps", "T1098.001", "credentials"},
};

bool InFamily(const std::string& technique, std::string_view wanted) {
  return technique == wanted ||
         (wanted.find('.') == std::string_view::npos && technique.rfind(std::string(wanted) + ".", 0) == 0);
}

TEST(RuleLibraryTest, EveryBehaviourTheIssueNamesHasARule) {
  for (const Behaviour& b : kBehaviours) {
    std::vector<std::string> ids;
    for (const auto& rule : Library()) {
      bool technique = std::any_of(rule.techniques.begin(), rule.techniques.end(),
                                   [&](const std::string& t) { return InFamily(t, b.technique); });
      std::string text = Lower(rule.name + "\n" + rule.query);
      if (technique && text.find(b.word) != std::string::npos) ids.push_back(rule.id);
    }
    EXPECT_FALSE(ids.empty()) << "no rule for " << b.what << " (" << b.technique << ", name or query using '"
                              << b.word << "')";
  }
}

// Whole-word, case-insensitive: "dave" must not match "davenport".
bool NamesWord(const std::string& lower_text, const std::string& word) {
  if (word.size() < 3) return false;
  for (size_t at = lower_text.find(word); at != std::string::npos; at = lower_text.find(word, at + 1)) {
    auto edge = [&](size_t i) {
      return i >= lower_text.size() || !(std::isalnum(static_cast<unsigned char>(lower_text[i])) ||
                                         lower_text[i] == '_' || lower_text[i] == '-');
    };
    if ((at == 0 || edge(at - 1)) && edge(at + word.size())) return true;
  }
  return false;
}

TEST(RuleLibraryTest, NoQueryNamesAHostUserOrAddressOfTheRange) {
  for (uint64_t seed : {1u, 7u, 11u, 42u}) {
    range::RangeOptions options;
    options.seed = seed;
    range::Rng rng(seed);
    range::World world = range::BuildWorld(options, rng);
    std::set<std::string> names = {Lower(world.domain), Lower(world.netbios), world.subscription_id,
                                   world.entra_tenant_id};
    for (const auto& h : world.hosts) {
      names.insert(Lower(h.name));
      for (const auto* v : {&h.private_ip, &h.public_ip, &h.resource_group, &h.nsg}) {
        if (!v->empty()) names.insert(Lower(*v));
      }
    }
    for (const auto& u : world.users) {
      names.insert(Lower(u.account));
      names.insert(Lower(u.upn));
      if (!u.home_ip.empty()) names.insert(u.home_ip);
    }
    for (const auto& ip : world.office_ips) names.insert(ip);
    for (const auto& ip : world.dns_servers) names.insert(ip);
    // Range names that are also Windows artefacts a rule must be able to name.
    for (const char* artefact : {"sam", "system"}) names.erase(artefact);
    for (const auto& rule : Library()) {
      std::string query = Lower(rule.query);
      for (const auto& name : names) {
        EXPECT_FALSE(NamesWord(query, name)) << rule.id << " names '" << name << "' of the range (seed "
                                             << seed << ")";
      }
    }
  }
}

}  // namespace
}  // namespace quarry::analytics
