#include "attack/mapping_check.h"

#include <gtest/gtest.h>

namespace quarry::attack {
namespace {

const Catalog& Builtin() {
  auto cat = BuiltinCatalog();
  EXPECT_TRUE(cat.ok()) << cat.status().ToString();
  return **cat;
}

TEST(MappingCheckTest, ExactMappingIsValid) {
  auto check = CheckMapping(Builtin(), {"Credential Access", "Brute Force", "Password Spraying",
                                        "T1110.003"});
  EXPECT_EQ(check.status, MappingStatus::kValid);
  EXPECT_TRUE(check.notes.empty());
  EXPECT_EQ(check.canonical.id, "T1110.003");
  EXPECT_EQ(check.canonical.technique, "Brute Force");
  EXPECT_EQ(check.canonical.sub_technique, "Password Spraying");
}

TEST(MappingCheckTest, CaseAndDisplayFormAreAccepted) {
  auto check = CheckMapping(Builtin(), {"execution", "Command and Scripting Interpreter: PowerShell",
                                        "powershell", "t1059.001"});
  EXPECT_EQ(check.status, MappingStatus::kValid);
  EXPECT_EQ(check.canonical.tactic, "Execution");
  EXPECT_EQ(check.canonical.technique, "Command and Scripting Interpreter");
  EXPECT_EQ(check.canonical.sub_technique, "PowerShell");
}

TEST(MappingCheckTest, UnknownIdIsInvalid) {
  auto check = CheckMapping(Builtin(), {"Execution", "Made Up", "", "T1999"});
  EXPECT_EQ(check.status, MappingStatus::kInvalid);
  ASSERT_EQ(check.notes.size(), 1u);
  EXPECT_EQ(check.notes[0], "T1999 is not an ATT&CK Enterprise technique");
  EXPECT_EQ(check.canonical.id, "T1999");
}

TEST(MappingCheckTest, MalformedIdIsInvalid) {
  auto check = CheckMapping(Builtin(), {"Execution", "PowerShell", "", "T59.1"});
  EXPECT_EQ(check.status, MappingStatus::kInvalid);
  ASSERT_EQ(check.notes.size(), 1u);
  EXPECT_NE(check.notes[0].find("not shaped like"), std::string::npos);
}

TEST(MappingCheckTest, RevokedIdIsReplacedBySuccessor) {
  auto check = CheckMapping(Builtin(), {"Exfiltration", "Data Compressed", "", "T1002"});
  EXPECT_EQ(check.status, MappingStatus::kRepaired);
  EXPECT_EQ(check.canonical.id, "T1560");
  EXPECT_EQ(check.canonical.technique, "Archive Collected Data");
  EXPECT_EQ(check.canonical.tactic, "Collection");
  ASSERT_FALSE(check.notes.empty());
  EXPECT_EQ(check.notes[0],
            "T1002 (Data Compressed) was revoked by MITRE; replaced by T1560 (Archive Collected "
            "Data)");
}

TEST(MappingCheckTest, RevokedToSubTechniqueFillsParentName) {
  auto check = CheckMapping(Builtin(), {"Persistence", "Winlogon Helper DLL", "", "T1004"});
  EXPECT_EQ(check.status, MappingStatus::kRepaired);
  EXPECT_EQ(check.canonical.id, "T1547.004");
  EXPECT_EQ(check.canonical.technique, "Boot or Logon Autostart Execution");
  EXPECT_EQ(check.canonical.sub_technique, "Winlogon Helper DLL");
  EXPECT_EQ(check.canonical.tactic, "Persistence");
}

TEST(MappingCheckTest, DeprecatedIsInvalid) {
  auto check = CheckMapping(Builtin(), {"Command and Control", "Commonly Used Port", "", "T1043"});
  EXPECT_EQ(check.status, MappingStatus::kInvalid);
  ASSERT_EQ(check.notes.size(), 1u);
  EXPECT_EQ(check.notes[0], "T1043 (Commonly Used Port) is deprecated in ATT&CK and has no "
                            "replacement");
}

TEST(MappingCheckTest, InconsistentTacticIsCorrected) {
  auto check = CheckMapping(Builtin(), {"Exfiltration", "Brute Force", "", "T1110"});
  EXPECT_EQ(check.status, MappingStatus::kRepaired);
  EXPECT_EQ(check.canonical.tactic, "Credential Access");
  ASSERT_EQ(check.notes.size(), 1u);
  EXPECT_EQ(check.notes[0], "tactic 'Exfiltration' is not a tactic of T1110 (its tactics: "
                            "Credential Access); using 'Credential Access'");
}

TEST(MappingCheckTest, SeveralConsistentTacticsAreKept) {
  auto check = CheckMapping(Builtin(), {"initial-access, Persistence", "Valid Accounts", "", "T1078"});
  EXPECT_EQ(check.status, MappingStatus::kValid);
  EXPECT_EQ(check.canonical.tactic, "Initial Access, Persistence");
}

TEST(MappingCheckTest, WrongNamesAreCorrectedFromTheId) {
  auto check = CheckMapping(Builtin(), {"Credential Access", "Password Guessing Attack", "", "T1110"});
  EXPECT_EQ(check.status, MappingStatus::kRepaired);
  EXPECT_EQ(check.canonical.technique, "Brute Force");
  ASSERT_EQ(check.notes.size(), 1u);
  EXPECT_EQ(check.notes[0],
            "technique name 'Password Guessing Attack' corrected to 'Brute Force' (T1110)");
}

TEST(MappingCheckTest, MissingIdIsFilledFromNames) {
  auto check = CheckMapping(Builtin(), {"", "Create Account", "Local Account", ""});
  EXPECT_EQ(check.status, MappingStatus::kRepaired);
  EXPECT_EQ(check.canonical.id, "T1136.001");
  EXPECT_EQ(check.canonical.tactic, "Persistence");
}

TEST(MappingCheckTest, NothingToGoOnIsInvalid) {
  auto check = CheckMapping(Builtin(), {"Execution", "", "", ""});
  EXPECT_EQ(check.status, MappingStatus::kInvalid);
  ASSERT_EQ(check.notes.size(), 1u);
  EXPECT_EQ(check.notes[0], "no ATT&CK id and no known technique name");
}

}  // namespace
}  // namespace quarry::attack
