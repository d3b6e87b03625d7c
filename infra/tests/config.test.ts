import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { ConfigError, defaults, readStackConfig, type ConfigSource, type StackContext } from "../src/config";

const infraDir = join(__dirname, "..", "..");
const context: StackContext = { location: "westeurope", organization: "acme", project: "pipeline" };

/** What `new pulumi.Config("pipeline").get(key)` returns: lists as JSON, scalars as strings. */
function source(values: Record<string, unknown>): ConfigSource {
  return {
    get: (key) => {
      const value = values[key];
      if (value === undefined) return undefined;
      return typeof value === "object" ? JSON.stringify(value) : String(value);
    },
  };
}

function stackFile(name: string): { pipeline: Record<string, unknown>; location: string | undefined } {
  const document = parse(readFileSync(join(infraDir, name), "utf8")) as { config: Record<string, unknown> };
  const pipeline: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document.config)) {
    if (key.startsWith("pipeline:")) pipeline[key.slice("pipeline:".length)] = value;
  }
  const location = document.config["azure-native:location"];
  return { pipeline, location: typeof location === "string" ? location : undefined };
}

const global = { kind: "global", regions: ["westeurope", "eastus"], alertEmail: "ops@example.com" };
const regional = { kind: "regional" };

describe("stack configuration", () => {
  test("a regional stack takes the documented defaults", () => {
    const config = readStackConfig(source(regional), context);
    assert.equal(config.kind, "regional");
    if (config.kind !== "regional") return;
    assert.deepEqual(config.eventHubs, {
      sku: "Standard",
      capacity: defaults.eventHubsCapacity,
      autoInflate: true,
      maxThroughputUnits: defaults.eventHubsMaxThroughputUnits,
      partitions: defaults.partitions,
      retentionDays: 1,
    });
    assert.equal(config.region, "westeurope");
    assert.equal(config.globalStack, "acme/pipeline/global");
    assert.equal(config.functionApp.instanceMemoryMb, 2048);
  });

  test("a global stack takes the documented defaults", () => {
    const config = readStackConfig(source(global), context);
    assert.equal(config.kind, "global");
    if (config.kind !== "global") return;
    assert.deepEqual(config.cosmos, { throughput: "autoscale", autoscaleMaxRu: 1000, multiRegionWrites: false });
    assert.deepEqual(config.regions, ["westeurope", "eastus"]);
  });

  test("every stack of one project derives the same name suffix", () => {
    const a = readStackConfig(source(global), context);
    const b = readStackConfig(source(regional), { ...context, location: "eastus" });
    assert.equal(a.nameSuffix, b.nameSuffix);
    assert.match(a.nameSuffix, /^[0-9a-f]{6}$/);
    assert.notEqual(readStackConfig(source(regional), { ...context, organization: "other" }).nameSuffix, a.nameSuffix);
  });

  const rejected: [string, Record<string, unknown>, StackContext, RegExp][] = [
    ["a missing kind", {}, context, /pipeline:kind/],
    ["more partitions than Standard allows", { ...regional, partitions: 33 }, context, /pipeline:partitions .*1 to 32/],
    ["a Flex instance size that does not exist", { ...regional, functionInstanceMemoryMb: 1024 }, context, /functionInstanceMemoryMb/],
    ["an auto-inflate maximum below the capacity", { ...regional, eventHubsCapacity: 6, eventHubsMaxThroughputUnits: 4 }, context, /eventHubsMaxThroughputUnits/],
    ["a regional stack without a location", regional, { ...context, location: undefined }, /azure-native:location/],
    ["serverless Cosmos DB in two regions", { ...global, cosmosThroughput: "serverless" }, context, /serverless/],
    ["an autoscale maximum that is not a multiple of 1000", { ...global, cosmosAutoscaleMaxRu: 1500 }, context, /multiple of 1000/],
    ["a global stack without an alert address", { ...global, alertEmail: undefined }, context, /alertEmail/],
    ["a display name instead of a region name", { ...global, regions: ["West Europe"] }, context, /region names/],
    ["a repeated region", { ...global, regions: ["eastus", "eastus"] }, context, /repeat/],
    ["a boolean that is not true or false", { ...regional, eventHubsAutoInflate: "yes" }, context, /true or false/],
  ];
  for (const [what, values, ctx, message] of rejected) {
    test(`rejects ${what} with a ConfigError naming the key`, () => {
      assert.throws(() => readStackConfig(source(values), ctx), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    });
  }

  test("the sample stack files are valid and hold no secrets", () => {
    const files = readdirSync(infraDir).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
    assert.deepEqual(files.sort(), ["Pulumi.eastus.yaml", "Pulumi.global.yaml", "Pulumi.westeurope.yaml"]);
    for (const file of files) {
      const text = readFileSync(join(infraDir, file), "utf8");
      assert.doesNotMatch(text, /secure:|encryptionsalt|password|key:/i, file);
      const { pipeline, location } = stackFile(file);
      const config = readStackConfig(source(pipeline), { ...context, location });
      assert.equal(config.kind, file === "Pulumi.global.yaml" ? "global" : "regional", file);
    }
  });

  test("every region of the global stack has a regional stack file for that region", () => {
    const { pipeline } = stackFile("Pulumi.global.yaml");
    for (const region of pipeline["regions"] as string[]) {
      assert.equal(stackFile(`Pulumi.${region}.yaml`).location, region);
    }
  });
});
