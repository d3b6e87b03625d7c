// The query conformance table (Query/Conformance/queries.json) through the official @azure/cosmos SDK: every query in
// pages of three, cross-partition ones through the SDK's own query plan pipeline, compared with the expected results.
// Usage: COSMOS_ENDPOINT=... COSMOS_KEY=... node conformance-queries.js
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { CosmosClient } = require("@azure/cosmos");

const table = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "Query", "Conformance", "queries.json"), "utf8"));
const client = new CosmosClient({
  endpoint: process.env.COSMOS_ENDPOINT,
  key: process.env.COSMOS_KEY,
  connectionPolicy: { enableEndpointDiscovery: false },
});

// Equal text for equal results: properties sorted, system properties dropped, unordered results sorted.
function write(value, top) {
  if (Array.isArray(value)) return `[${value.map((v) => write(v, false)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).filter((k) => !(top && k.startsWith("_"))).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(value[k], false)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
function canonical(results, ordered) {
  const items = results.map((r) => write(r, true));
  if (!ordered) items.sort();
  return `[${items.join(",")}]`;
}

(async () => {
  const { database } = await client.databases.createIfNotExists({ id: "node-conformance" });
  const { container } = await database.containers.createIfNotExists({
    id: `c-${Date.now()}`,
    partitionKey: { paths: ["/pk"], version: 2 },
  });
  for (const document of table.documents) {
    await container.items.create(document);
  }

  let failed = 0;
  for (const [index, entry] of table.queries.entries()) {
    const spec = { query: entry.query, parameters: entry.parameters ?? [] };
    const options = { maxItemCount: 3 };
    if (entry.partitionKey) options.partitionKey = entry.partitionKey;
    try {
      const { resources } = await container.items.query(spec, options).fetchAll();
      const actual = canonical(resources, entry.ordered);
      const expected = canonical(entry.expected, entry.ordered);
      if (actual !== expected) {
        failed++;
        console.log(`FAIL ${index} ${entry.query}\n  expected ${expected}\n  actual   ${actual}`);
      } else {
        console.log(`ok   ${index} ${entry.query}`);
      }
    } catch (error) {
      failed++;
      console.log(`FAIL ${index} ${entry.query}: ${error.message}`);
    }
  }

  console.log(`${table.queries.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
