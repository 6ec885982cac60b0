#include "hunt/kql_safety.h"

#include <gtest/gtest.h>

namespace quarry::hunt {
namespace {

TEST(KqlSafetyTest, OrdinaryQueriesPass) {
  for (const char* q : {
           "SigninLogs | where TimeGenerated > ago(1d) | take 10",
           "DeviceInfo | project DeviceName, ['database'] = 1 | take 5",
           "let database = 3; print database",
           "SigninLogs | where UserPrincipalName == \"cluster('x').database('y')\"",
           "SigninLogs | where AppDisplayName == @'externaldata \\'",
           "T | where x == h\"workspace('w')\" // .show tables\n| take 1",
           "T | extend s = ```multi\n.drop table T\n```",
           "DeviceProcessEvents | where ProcessCommandLine has 'evaluate http_request'",
       }) {
    EXPECT_TRUE(CheckKqlSafety(q).ok()) << q << ": " << CheckKqlSafety(q).ToString();
  }
}

TEST(KqlSafetyTest, RefusesOutsideAccessAndManagement) {
  struct Case {
    const char* kql;
    const char* message;
  };
  const Case cases[] = {
      {"externaldata (x:string) [@\"https://evil/x.csv\"]",
       "query refused: 'externaldata' at line 1, column 1: reading external data is not allowed; "
       "query the workspace's own tables"},
      {"SigninLogs\n| union workspace(\"other\").SigninLogs",
       "query refused: cross-resource function 'workspace()' at line 2, column 9: queries may only "
       "read the workspace Quarry was pointed at"},
      {"cluster ('c').database('d').T | take 1",
       "query refused: cross-resource function 'cluster()' at line 1, column 1: queries may only "
       "read the workspace Quarry was pointed at"},
      {"  // comment first\n.show tables",
       "query refused: management command '.show' at line 2, column 1: Quarry only runs "
       "read-only queries; control commands are never sent"},
      {"print 1; .set-or-append T <| print 2",
       "query refused: management command '.set' at line 1, column 10: Quarry only runs "
       "read-only queries; control commands are never sent"},
      {"print 1 | evaluate http_request('https://x')",
       "query refused: plugin 'http_request' at line 1, column 20: plugins that reach other "
       "services or run code are not allowed"},
      {"T | where a == \"unterminated",
       "query refused: unterminated string literal at line 1, column 16: the query cannot be "
       "checked"},
  };
  for (const auto& c : cases) {
    Status s = CheckKqlSafety(c.kql);
    ASSERT_FALSE(s.ok()) << c.kql;
    EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
    EXPECT_EQ(s.message(), c.message) << c.kql;
  }
  EXPECT_FALSE(CheckKqlSafety("DATABASE(\"d\").T").ok());
  EXPECT_FALSE(CheckKqlSafety("external_data (a:int) ['x']").ok());
}

}  // namespace
}  // namespace quarry::hunt
