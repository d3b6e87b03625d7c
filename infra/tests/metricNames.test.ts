import assert from "node:assert/strict";
import { test } from "node:test";
import { allMetricNames } from "../src/metricNames";
import { alertQueries, queries } from "../src/monitoring/queries";

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
