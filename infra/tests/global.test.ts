import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { GlobalConfig } from "../src/config";
import { deployGlobal } from "../src/global/stack";
import { allMetricNames } from "../src/metricNames";
import { Names } from "../src/naming";
import { assertNoKeyBasedAuth } from "./keyAuth";
import { ofType, runProgram, single, subscriptionId, type DeclaredResource } from "./harness";

const config: GlobalConfig = {
  kind: "global",
  namePrefix: "pipeline",
  nameSuffix: "test01",
  location: "westeurope",
  regions: ["westeurope", "eastus", "southeastasia"],
  cosmos: { throughput: "autoscale", autoscaleMaxRu: 4000, multiRegionWrites: true },
  alertEmail: "ops@example.com",
};
const names = new Names(config);

describe("global stack", () => {
  let resources: DeclaredResource[];
  before(async () => {
    resources = await runProgram(() => deployGlobal(config), "global");
  });

  test("the Cosmos DB account is replicated to every configured region in order, with session consistency", () => {
    const account = single(resources, "cosmosdb:DatabaseAccount");
    assert.deepEqual(
      account.inputs["locations"].map((l: { locationName: string; failoverPriority: number }) => [l.locationName, l.failoverPriority]),
      [["westeurope", 0], ["eastus", 1], ["southeastasia", 2]],
    );
    assert.equal(account.inputs["consistencyPolicy"].defaultConsistencyLevel, "Session");
    assert.equal(account.inputs["enableMultipleWriteLocations"], true);
    assert.equal(account.inputs["kind"], "GlobalDocumentDB");
  });

  test("the database shares the configured autoscale maximum", () => {
    const database = single(resources, "cosmosdb:SqlResourceSqlDatabase");
    assert.equal(database.inputs["databaseName"], "pipeline");
    assert.deepEqual(database.inputs["options"], { autoscaleSettings: { maxThroughput: 4000 } });
  });

  test("the events, deadletters and leases containers have their partition keys", () => {
    const containers = Object.fromEntries(
      ofType(resources, "cosmosdb:SqlResourceSqlContainer").map((c) => [c.inputs["containerName"], c.inputs["resource"].partitionKey.paths]),
    );
    assert.deepEqual(containers, { events: ["/streamId"], deadletters: ["/partitionId"], leases: ["/id"] });
  });

  test("the events container indexes only the history query's paths, like the store's own provisioning", () => {
    const byName = Object.fromEntries(
      ofType(resources, "cosmosdb:SqlResourceSqlContainer").map((c) => [c.inputs["containerName"], c.inputs["resource"].indexingPolicy]),
    );
    assert.deepEqual(byName["events"].includedPaths, [{ path: "/i/?" }, { path: "/n/?" }]);
    assert.deepEqual(byName["events"].excludedPaths, [{ path: "/*" }]);
    assert.equal(byName["leases"], undefined);
  });

  test("Front Door has one origin per configured region, each the region's function app", () => {
    const origins = ofType(resources, "cdn:AFDOrigin");
    assert.deepEqual(
      origins.map((o) => o.inputs["hostName"]).sort(),
      config.regions.map((r) => names.functionAppHostName(r)).sort(),
    );
    for (const origin of origins) assert.equal(origin.inputs["originHostHeader"], origin.inputs["hostName"]);
  });

  test("Front Door probes GET /api/health over HTTPS and routes /api/* to the function apps", () => {
    const group = single(resources, "cdn:AFDOriginGroup");
    const probe = group.inputs["healthProbeSettings"];
    assert.equal(probe.probePath, "/api/health");
    assert.equal(probe.probeRequestType, "GET");
    assert.equal(probe.probeProtocol, "Https");
    const route = single(resources, "cdn:Route");
    assert.deepEqual(route.inputs["patternsToMatch"], ["/api/*"]);
    assert.equal(route.inputs["forwardingProtocol"], "HttpsOnly");
    assert.match(route.inputs["originGroup"].id, /function-apps$/);
    assert.equal(single(resources, "cdn:Profile").inputs["sku"].name, "Standard_AzureFrontDoor");
  });

  test("the dashboard charts every custom metric the function app emits", () => {
    const dashboard = JSON.stringify(single(resources, "portal:Dashboard").inputs["properties"]);
    const missing = allMetricNames.filter((name) => !dashboard.includes(`\\"${name}\\"`));
    assert.deepEqual(missing, []);
  });

  test("the dashboard queries every region's Application Insights and charts each namespace and the Cosmos account", () => {
    const dashboard = JSON.stringify(single(resources, "portal:Dashboard").inputs["properties"]);
    for (const region of config.regions) {
      assert.ok(dashboard.includes(`/resourceGroups/${names.regionalResourceGroup(region)}/providers/Microsoft.Insights/components/${names.applicationInsights(region)}`), region);
      assert.ok(dashboard.includes(`/subscriptions/${subscriptionId}/resourceGroups/pipeline-${region}/providers/Microsoft.EventHub/namespaces/${names.eventHubsNamespace(region)}`), region);
    }
    for (const metric of ["IncomingMessages", "OutgoingMessages", "ThrottledRequests", "TotalRequestUnits", "TotalRequests"]) {
      assert.ok(dashboard.includes(`"${metric}"`), metric);
    }
    assert.ok(dashboard.includes("DatabaseAccount/pipeline-test01"), "the Cosmos account's id");
  });

  test("the dashboard's tiles do not overlap", () => {
    const parts: { position: { x: number; y: number } }[] = single(resources, "portal:Dashboard").inputs["properties"].lenses[0].parts;
    const cells = parts.map((p) => `${p.position.x},${p.position.y}`);
    assert.equal(new Set(cells).size, parts.length);
    assert.ok(parts.length >= 10);
  });

  test("alerts go to the configured e-mail address", () => {
    const group = single(resources, "monitor:ActionGroup");
    assert.deepEqual(
      group.inputs["emailReceivers"].map((r: { emailAddress: string }) => r.emailAddress),
      ["ops@example.com"],
    );
    assert.equal(group.inputs["enabled"], true);
  });

  test("the global stack creates no managed identity and no role assignment", () => {
    assert.deepEqual(resources.filter((r) => r.inputs["identity"] !== undefined || r.type.includes("RoleAssignment")), []);
  });

  test("no key-based auth: the Cosmos DB account accepts only Entra ID", () => {
    assertNoKeyBasedAuth(resources, ["cosmosdb:DatabaseAccount"]);
  });
});
