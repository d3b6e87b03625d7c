import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { GlobalConfig } from "../src/config";
import { deployGlobal } from "../src/global/stack";
import { runProgram, single, type DeclaredResource } from "./harness";

const config: GlobalConfig = {
  kind: "global",
  namePrefix: "pipeline",
  nameSuffix: "test01",
  location: "westeurope",
  regions: ["westeurope"],
  cosmos: { throughput: "serverless", autoscaleMaxRu: 1000, multiRegionWrites: false },
  alertEmail: "ops@example.com",
};

describe("global stack with serverless Cosmos DB", () => {
  let resources: DeclaredResource[];
  before(async () => {
    resources = await runProgram(() => deployGlobal(config), "global");
  });

  test("the account has the serverless capability and the database no provisioned throughput", () => {
    assert.deepEqual(single(resources, "cosmosdb:DatabaseAccount").inputs["capabilities"], [{ name: "EnableServerless" }]);
    assert.deepEqual(single(resources, "cosmosdb:SqlResourceSqlDatabase").inputs["options"], {});
  });

  test("one region means one Front Door origin", () => {
    assert.equal(resources.filter((r) => r.type === "azure-native:cdn:AFDOrigin").length, 1);
  });
});
