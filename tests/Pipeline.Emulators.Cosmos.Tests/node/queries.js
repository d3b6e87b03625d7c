// SQL queries through the official @azure/cosmos SDK: query plans, cross-partition ORDER BY, aggregates, GROUP BY,
// partition-scoped queries, paging with continuation tokens and syntax errors.
// Usage: COSMOS_ENDPOINT=... COSMOS_KEY=... node queries.js
"use strict";
const https = require("node:https");
const assert = require("node:assert/strict");
const { CosmosClient } = require("@azure/cosmos");

const endpoint = process.env.COSMOS_ENDPOINT;
const key = process.env.COSMOS_KEY;
const agent = endpoint.startsWith("https") ? new https.Agent({ rejectUnauthorized: false, keepAlive: true }) : undefined;
const client = new CosmosClient({ endpoint, key, agent, connectionPolicy: { enableEndpointDiscovery: false } });

const checks = [];
function check(name, fn) {
  checks.push({ name, fn });
}

let container;
const range = (n) => Array.from({ length: n }, (_, i) => i);

check("seed thirty rows in three partitions", async () => {
  const { database } = await client.databases.createIfNotExists({ id: "node-queries" });
  ({ container } = await database.containers.createIfNotExists({ id: `q-${Date.now()}`, partitionKey: { paths: ["/pk"] } }));
  for (const n of range(30)) {
    await container.items.create({ id: `i${n}`, pk: `p${n % 3}`, n, name: `name${n % 7}`, tags: range(n % 3).map((t) => `t${t}`) });
  }
});

check("cross-partition ORDER BY across small pages", async () => {
  const { resources } = await container.items.query("SELECT VALUE c.n FROM c ORDER BY c.n DESC", { maxItemCount: 7 }).fetchAll();
  assert.deepEqual(resources, range(30).reverse());
});

check("partition-scoped query with parameters", async () => {
  const query = { query: "SELECT VALUE c.n FROM c WHERE c.n >= @min", parameters: [{ name: "@min", value: 10 }] };
  const { resources } = await container.items.query(query, { partitionKey: "p1" }).fetchAll();
  assert.deepEqual(resources, [10, 13, 16, 19, 22, 25, 28]);
});

check("aggregates and GROUP BY", async () => {
  const value = async (q) => (await container.items.query(q).fetchAll()).resources;
  assert.deepEqual(await value("SELECT VALUE COUNT(1) FROM c"), [30]);
  assert.deepEqual(await value("SELECT VALUE AVG(c.n) FROM c"), [14.5]);
  assert.deepEqual(await value("SELECT c.pk, COUNT(1) AS rows FROM c GROUP BY c.pk"), [
    { pk: "p0", rows: 10 },
    { pk: "p1", rows: 10 },
    { pk: "p2", rows: 10 },
  ]);
});

check("TOP, OFFSET LIMIT, DISTINCT and JOIN", async () => {
  const value = async (q) => (await container.items.query(q).fetchAll()).resources;
  assert.deepEqual(await value("SELECT TOP 3 VALUE c.id FROM c ORDER BY c.n DESC"), ["i29", "i28", "i27"]);
  assert.deepEqual(await value("SELECT VALUE c.n FROM c ORDER BY c.n OFFSET 5 LIMIT 3"), [5, 6, 7]);
  assert.deepEqual(await value("SELECT DISTINCT VALUE c.name FROM c ORDER BY c.name"), range(7).map((i) => `name${i}`));
  assert.deepEqual(await value("SELECT VALUE t FROM c JOIN t IN c.tags WHERE c.n < 3"), ["t0", "t0", "t1"]);
});

check("paging resumes from a continuation token in a new iterator", async () => {
  // Cross-partition ORDER BY hands out continuation tokens only with query control (the SDK's composite token).
  const query = "SELECT VALUE c.n FROM c WHERE c.n > 3 ORDER BY c.n";
  const options = { maxItemCount: 5, enableQueryControl: true };
  const served = [];
  let token;
  do {
    const page = await container.items.query(query, { ...options, continuationToken: token }).fetchNext();
    served.push(...page.resources);
    token = page.continuationToken;
  } while (token);
  assert.deepEqual(served, range(30).slice(4));
});

check("partition-scoped paging resumes from the gateway's token", async () => {
  const query = "SELECT VALUE c.n FROM c ORDER BY c.n DESC";
  const first = await container.items.query(query, { maxItemCount: 3, partitionKey: "p2" }).fetchNext();
  assert.deepEqual(first.resources, [29, 26, 23]);
  assert.ok(first.continuationToken);
  const rest = await container.items.query(query, { maxItemCount: 3, partitionKey: "p2", continuationToken: first.continuationToken }).fetchAll();
  assert.deepEqual(rest.resources, [20, 17, 14, 11, 8, 5, 2]);
});

check("syntax errors are 400 with the position", async () => {
  try {
    await container.items.query("SELECT * FROM c WHERE c.n >").fetchAll();
    assert.fail("the query succeeded");
  } catch (error) {
    assert.equal(error.code, 400);
    assert.match(error.message, /position 27/);
  }
});

(async () => {
  const results = [];
  let failed = 0;
  for (const { name, fn } of checks) {
    try {
      await fn();
      results.push(`ok   ${name}`);
    } catch (error) {
      failed++;
      results.push(`FAIL ${name}: ${error.stack ?? error}`);
    }
  }
  console.log(results.join("\n"));
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
})();
