import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { allMetricNames } from "../src/metricNames";
import { alertQueries, queries } from "../src/monitoring/queries";

// Tests run from the compiled bin/tests/ folder.
const repoRoot = join(__dirname, "..", "..", "..");

// The contract with the function app's OpenTelemetry instruments: changing a name breaks the dashboard and alerts.
const contract = [
  "pipeline.ingest.events",
  "pipeline.ingest.request.bytes",
  "pipeline.ingest.batch.events",
  "pipeline.eventhubs.send.duration",
  "pipeline.eventhubs.throttled",
  "pipeline.projector.lag",
  "pipeline.projector.enqueued_to_applied",
  "pipeline.e2e.post_to_applied",
  "pipeline.cosmos.request_charge",
  "pipeline.cosmos.throttled",
  "pipeline.deadletters",
  "pipeline.duplicates_skipped",
];

test("the custom metric names are exactly the ones the function app emits", () => {
  assert.deepEqual([...allMetricNames].sort(), [...contract].sort());
});

test("every custom metric is queried by at least one dashboard tile", () => {
  const kql = Object.values(queries).join("\n");
  assert.deepEqual(allMetricNames.filter((name) => !kql.includes(`"${name}"`)), []);
});

test("every query names metrics only from the list", () => {
  const kql = [...Object.values(queries), ...Object.values(alertQueries).map((a) => a.query)].join("\n");
  const quoted = [...kql.matchAll(/"(pipeline\.[a-z0-9_.]+)"/g)].map((m) => m[1]);
  assert.ok(quoted.length > 0);
  assert.deepEqual(quoted.filter((name) => !contract.includes(name!)), []);
});

test("the function app's instruments carry exactly these names", async () => {
  const sources = await Promise.all(
    ["functions/Telemetry/FunctionMetrics.cs", "src/Pipeline.Cosmos/Diagnostics/StoreMetrics.cs"].map((file) => readFile(join(repoRoot, file), "utf8")),
  );
  const declared = [...sources.join("\n").matchAll(/"(pipeline\.[a-z0-9_.]+)"/g)].map((m) => m[1]!);
  assert.deepEqual([...new Set(declared)].sort(), [...contract].sort());
});

test("the Grafana dashboard charts every metric under its Prometheus name", async () => {
  const dashboard = await readFile(join(repoRoot, "dashboards", "grafana", "pipeline.json"), "utf8");
  const missing = contract.filter((name) => !dashboard.includes(name.replaceAll(".", "_")));
  assert.deepEqual(missing, []);
});
