#include "attack/catalog.h"

#include <gtest/gtest.h>

namespace quarry::attack {
namespace {

const Catalog& Builtin() {
  auto cat = BuiltinCatalog();
  EXPECT_TRUE(cat.ok()) << cat.status().ToString();
  return **cat;
}

TEST(TechniqueIdTest, NormalizesCaseAndSpace) {
  EXPECT_EQ(NormalizeTechniqueId(" t1059.001 "), "T1059.001");
  EXPECT_EQ(NormalizeTechniqueId("T1110"), "T1110");
  EXPECT_FALSE(NormalizeTechniqueId("T110"));
  EXPECT_FALSE(NormalizeTechniqueId("T1110.03"));
  EXPECT_FALSE(NormalizeTechniqueId("TA0006"));
  EXPECT_FALSE(NormalizeTechniqueId("1110.003"));
}

TEST(TechniqueIdTest, Family) {
  EXPECT_EQ(FamilyRoot("T1059.001"), "T1059");
  EXPECT_EQ(FamilyRoot("T1059"), "T1059");
  EXPECT_TRUE(SameFamily("T1059", "T1059.001"));
  EXPECT_TRUE(SameFamily("t1059.003", "T1059.001"));
  EXPECT_FALSE(SameFamily("T1059.001", "T1105"));
  EXPECT_FALSE(SameFamily("", ""));
}

TEST(CatalogTest, LoadsEveryRowOfTheShippedData) {
  const Catalog& cat = Builtin();
  EXPECT_EQ(cat.technique_count(), 835u);  // 836 lines minus the header
  ASSERT_EQ(cat.tactics().size(), 14u);
  EXPECT_EQ(cat.tactics().front().name, "Reconnaissance");
  EXPECT_EQ(cat.tactics().back().name, "Impact");
}

TEST(CatalogTest, FindsTechniqueById) {
  const Catalog& cat = Builtin();
  const Technique* t = cat.FindTechnique("t1110.003");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->id, "T1110.003");
  EXPECT_EQ(t->name, "Password Spraying");
  EXPECT_TRUE(t->is_subtechnique);
  EXPECT_EQ(t->parent_id, "T1110");
  EXPECT_EQ(cat.DisplayName(*t), "Brute Force: Password Spraying");
  EXPECT_EQ(cat.TacticNames(*t), std::vector<std::string>{"Credential Access"});
  EXPECT_EQ(cat.FindTechnique("T9999"), nullptr);
  EXPECT_EQ(cat.FindTechnique("not an id"), nullptr);
}

TEST(CatalogTest, RevokedAndDeprecatedAreKnownWithTheirStatus) {
  const Catalog& cat = Builtin();
  const Technique* revoked = cat.FindTechnique("T1002");
  ASSERT_NE(revoked, nullptr);
  EXPECT_TRUE(revoked->revoked);
  EXPECT_EQ(revoked->revoked_by, "T1560");
  const Technique* deprecated = cat.FindTechnique("T1043");
  ASSERT_NE(deprecated, nullptr);
  EXPECT_TRUE(deprecated->deprecated);
  EXPECT_EQ(deprecated->name, "Commonly Used Port");
}

TEST(CatalogTest, FindsByNameWithParentToDisambiguate) {
  const Catalog& cat = Builtin();
  const Technique* ps = cat.FindTechniqueByName("powershell");
  ASSERT_NE(ps, nullptr);
  EXPECT_EQ(ps->id, "T1059.001");
  const Technique* create = cat.FindTechniqueByName("Local Account", "T1136");
  ASSERT_NE(create, nullptr);
  EXPECT_EQ(create->id, "T1136.001");
  const Technique* discover = cat.FindTechniqueByName("local account", "T1087.002");
  ASSERT_NE(discover, nullptr);
  EXPECT_EQ(discover->id, "T1087.001");
  EXPECT_EQ(cat.FindTechniqueByName("Definitely Not A Technique"), nullptr);
}

TEST(CatalogTest, TacticLookupAcceptsIdShortnameAndName) {
  const Catalog& cat = Builtin();
  for (const char* text : {"TA0006", "credential-access", "Credential Access", "credential_access"}) {
    const Tactic* t = cat.FindTactic(text);
    ASSERT_NE(t, nullptr) << text;
    EXPECT_EQ(t->name, "Credential Access") << text;
  }
  EXPECT_EQ(cat.FindTactic("Lateral Thinking"), nullptr);
  const Technique* valid = cat.FindTechnique("T1078");
  ASSERT_NE(valid, nullptr);
  EXPECT_TRUE(cat.HasTactic(*valid, "Initial Access"));
  EXPECT_TRUE(cat.HasTactic(*valid, "persistence"));
  EXPECT_FALSE(cat.HasTactic(*valid, "Exfiltration"));
  EXPECT_EQ(cat.TacticNames(*valid),
            (std::vector<std::string>{"Initial Access", "Persistence", "Privilege Escalation",
                                      "Defense Evasion"}));
}

TEST(CatalogTest, ParseErrorsNameFileLineAndField) {
  std::string tactics = "id\tshortname\tname\torder\nTA0006\tcredential-access\tCredential Access\t8\n";
  std::string header =
      "id\tname\ttactics\tis_subtechnique\tparent_id\tstatus\tdeprecated\trevoked\trevoked_by\t"
      "platforms\n";
  auto bad_bool = Catalog::Parse(
      header + "T1110\tBrute Force\tcredential-access\tmaybe\t\tactive\tfalse\tfalse\t\tWindows\n",
      tactics);
  ASSERT_FALSE(bad_bool.ok());
  EXPECT_EQ(bad_bool.status().message(),
            "enterprise_techniques.tsv line 2, field 'is_subtechnique': expected true or false, "
            "found 'maybe'");
  auto short_row = Catalog::Parse(header + "T1110\tBrute Force\n", tactics);
  ASSERT_FALSE(short_row.ok());
  EXPECT_NE(short_row.status().message().find("line 2"), std::string::npos);
  auto bad_order = Catalog::Parse(header, "h\th\th\th\nTA1\tx\tX\tfirst\n");
  ASSERT_FALSE(bad_order.ok());
  EXPECT_EQ(bad_order.status().message(), "tactics.tsv line 2, field 'order': not a number: 'first'");
}

}  // namespace
}  // namespace quarry::attack
