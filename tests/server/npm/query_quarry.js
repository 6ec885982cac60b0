// Queries `quarry serve` through Microsoft's official Log Analytics client
// (@azure/monitor-query-logs) and checks the typed results. Exits non-zero on the first mismatch.
// Environment: QUARRY_URL (https://127.0.0.1:PORT), QUARRY_TOKEN, NODE_PATH (the npm cache's
// node_modules), and NODE_EXTRA_CA_CERTS (the server's self-signed certificate).
"use strict";
const assert = require("node:assert/strict");
const { LogsQueryClient, LogsQueryResultStatus } = require("@azure/monitor-query-logs");

function credential(token) {
  return {
    getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600 * 1000 }),
  };
}

async function main() {
  const url = process.env.QUARRY_URL;
  const token = process.env.QUARRY_TOKEN;
  assert.ok(url && token, "QUARRY_URL and QUARRY_TOKEN must be set");
  const client = new LogsQueryClient(credential(token), { endpoint: `${url}/v1` });
  const workspace = "00000000-0000-0000-0000-000000000000";
  const all = { startTime: new Date("2024-04-01T00:00:00Z"), endTime: new Date("2024-06-01T00:00:00Z") };

  // 1. Typed columns: datetime -> Date, int/long -> number, bool, dynamic -> object.
  const result = await client.queryWorkspace(
    workspace,
    "DeviceNetworkEvents | project TimeGenerated, DeviceName, RemotePort, InitiatingProcessFileSize," +
      " IsInitiatingProcessRemoteSession, AdditionalFields | order by TimeGenerated asc",
    all,
  );
  assert.equal(result.status, LogsQueryResultStatus.Success, JSON.stringify(result));
  const table = result.tables[0];
  assert.deepEqual(
    table.columnDescriptors.map((c) => `${c.name}:${c.type}`),
    [
      "TimeGenerated:datetime",
      "DeviceName:string",
      "RemotePort:int",
      "InitiatingProcessFileSize:long",
      "IsInitiatingProcessRemoteSession:bool",
      "AdditionalFields:dynamic",
    ],
  );
  assert.equal(table.rows.length, 3);
  const [first, second, third] = table.rows;
  assert.ok(first[0] instanceof Date, "datetime is a Date");
  assert.equal(first[0].toISOString(), "2024-05-01T10:00:00.123Z");
  assert.equal(first[1], "web-1.contoso.example");
  assert.equal(first[2], 443);
  assert.equal(first[3], 1048576);
  assert.equal(first[4], false);
  assert.deepEqual(first[5], { direction: "outbound", tags: ["c2", 1] });
  assert.equal(second[2], 8443);
  assert.equal(second[3], 9007199254740991);
  assert.equal(second[4], true);
  assert.equal(second[5], null);
  assert.equal(third[1], "db-1.contoso.example");
  assert.equal(third[4], null);

  // 2. The timespan scopes the tables: one day keeps the two rows of 2024-05-01.
  const day = await client.queryWorkspace(workspace, "DeviceNetworkEvents | count", {
    startTime: new Date("2024-05-01T00:00:00Z"),
    endTime: new Date("2024-05-02T00:00:00Z"),
  });
  assert.equal(day.status, LogsQueryResultStatus.Success);
  assert.equal(day.tables[0].rows[0][0], 2);

  // 3. Aggregation with timespan and real numbers.
  const agg = await client.queryWorkspace(
    workspace,
    "DeviceNetworkEvents | summarize n = count(), avg_port = avg(RemotePort) by ActionType | order by ActionType asc",
    { duration: "P3650D" },
  );
  assert.equal(agg.status, LogsQueryResultStatus.Success);
  assert.deepEqual(
    agg.tables[0].columnDescriptors.map((c) => c.type),
    ["string", "long", "real"],
  );
  assert.deepEqual(agg.tables[0].rows[0], ["ConnectionFailed", 1, 8443]);
  assert.deepEqual(agg.tables[0].rows[1], ["ConnectionSuccess", 2, 938]);

  // 4. A bad query is the API's error: the SDK throws a RestError with status 400.
  await assert.rejects(
    client.queryWorkspace(workspace, "DeviceNetworkEvents | wher x", all),
    (e) => e.statusCode === 400 && /BadArgumentError/.test(JSON.stringify(e.details ?? e.message)),
  );

  // 5. A wrong token is refused.
  const stranger = new LogsQueryClient(credential("wrong-token"), { endpoint: `${url}/v1` });
  await assert.rejects(
    stranger.queryWorkspace(workspace, "DeviceNetworkEvents | count", all),
    (e) => e.statusCode === 401,
  );
  console.log("ok: @azure/monitor-query-logs read typed results from quarry serve");
}

main().catch((e) => {
  console.error("FAILED:", e && e.stack ? e.stack : e);
  process.exit(1);
});
