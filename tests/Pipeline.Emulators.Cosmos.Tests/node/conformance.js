// Drives the emulator with the official @azure/cosmos SDK (the conformance oracle) and fails on any disagreement.
// Usage: COSMOS_ENDPOINT=... COSMOS_KEY=... node conformance.js
"use strict";
const https = require("node:https");
const assert = require("node:assert/strict");
const { CosmosClient, ChangeFeedStartFrom, StatusCodes, PatchOperationType } = require("@azure/cosmos");

const endpoint = process.env.COSMOS_ENDPOINT;
const key = process.env.COSMOS_KEY;
// The emulator's certificate is self-signed: trust it through an agent for this client only.
const agent = endpoint.startsWith("https") ? new https.Agent({ rejectUnauthorized: false, keepAlive: true }) : undefined;
const client = new CosmosClient({ endpoint, key, agent, connectionPolicy: { enableEndpointDiscovery: false } });

const checks = [];
function check(name, fn) {
  checks.push({ name, fn });
}

async function expectStatus(promise, status, substatus) {
  try {
    await promise;
  } catch (error) {
    assert.equal(error.code, status, `expected ${status}, got ${error.code}: ${error.message}`);
    if (substatus !== undefined) {
      assert.equal(error.substatus ?? 0, substatus);
    }
    return error;
  }
  assert.fail(`expected status ${status}, but the call succeeded`);
}

async function drainChangeFeed(iterator) {
  const items = [];
  let continuation;
  while (iterator.hasMoreResults) {
    const page = await iterator.readNext();
    continuation = page.continuationToken;
    if (page.statusCode === StatusCodes.NotModified) break;
    items.push(...page.result);
  }
  return { items, continuation };
}

let container;

check("database and container create, read, list", async () => {
  const { database } = await client.databases.createIfNotExists({ id: "node-db" });
  const created = await database.containers.createIfNotExists({ id: `c-${Date.now()}`, partitionKey: { paths: ["/pk"] }, throughput: 400 });
  container = created.container;
  const { resource } = await container.read();
  assert.deepEqual(resource.partitionKey.paths, ["/pk"]);
  const { resources } = await database.containers.readAll().fetchAll();
  assert.ok(resources.some((c) => c.id === container.id));
});

check("create, read with system properties, 404 for missing", async () => {
  const { resource, statusCode, requestCharge } = await container.items.create({ id: "a", pk: "p1", n: 1 });
  assert.equal(statusCode, 201);
  assert.ok(requestCharge >= 5);
  for (const name of ["_rid", "_self", "_etag", "_ts", "_lsn"]) assert.ok(resource[name] !== undefined, name);
  const read = await container.item("a", "p1").read();
  assert.equal(read.statusCode, 200);
  assert.equal(read.resource.n, 1);
  assert.equal(read.requestCharge, 1);
  const missing = await container.item("missing", "p1").read();
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.resource, undefined);
});

check("409 on duplicate create, upsert replaces", async () => {
  await expectStatus(container.items.create({ id: "a", pk: "p1" }), 409);
  const { statusCode, resource } = await container.items.upsert({ id: "a", pk: "p1", n: 2 });
  assert.equal(statusCode, 200);
  assert.equal(resource.n, 2);
});

check("412 on stale etag, 304 on matching if-none-match", async () => {
  const { resource, etag } = await container.item("a", "p1").read();
  await container.item("a", "p1").replace({ ...resource, n: 3 }, { accessCondition: { type: "IfMatch", condition: etag } });
  await expectStatus(container.item("a", "p1").replace({ ...resource, n: 4 }, { accessCondition: { type: "IfMatch", condition: etag } }), 412);
  const current = await container.item("a", "p1").read();
  const notModified = await container.item("a", "p1").read({ accessCondition: { type: "IfNoneMatch", condition: current.etag } });
  assert.equal(notModified.statusCode, 304);
});

check("patch operations and conditional patch", async () => {
  await container.items.create({ id: "p", pk: "p1", n: 1, tags: ["x"] });
  const { resource } = await container.item("p", "p1").patch([
    { op: PatchOperationType.incr, path: "/n", value: 2 },
    { op: PatchOperationType.add, path: "/tags/-", value: "y" },
    { op: PatchOperationType.set, path: "/s", value: "v" },
  ]);
  assert.equal(resource.n, 3);
  assert.deepEqual(resource.tags, ["x", "y"]);
  await expectStatus(
    container.item("p", "p1").patch({ condition: "from c where c.n = 99", operations: [{ op: "set", path: "/s", value: "w" }] }),
    412,
  );
});

check("delete then 404", async () => {
  await container.items.create({ id: "d", pk: "p2" });
  const { statusCode } = await container.item("d", "p2").delete();
  assert.equal(statusCode, 204);
  await expectStatus(container.item("d", "p2").delete(), 404);
});

check("malformed ids are refused (400 from the emulator, or by the SDK before sending)", async () => {
  await assert.rejects(container.items.create({ id: "a/b", pk: "p1" }), (error) => error.code === 400 || /illegal/.test(error.message));
  await expectStatus(container.items.create({ id: "trailing ", pk: "p1" }), 400);
});

check("read all items", async () => {
  const { resources } = await container.items.readAll().fetchAll();
  assert.deepEqual(resources.map((r) => r.id).sort(), ["a", "p"]);
});

check("change feed from beginning, continuation, partition key", async () => {
  const iterator = container.items.getChangeFeedIterator({ changeFeedStartFrom: ChangeFeedStartFrom.Beginning() });
  const { items, continuation } = await drainChangeFeed(iterator);
  assert.deepEqual(items.map((i) => i.id).sort(), ["a", "p"]);
  const lsns = items.map((i) => i._lsn);
  assert.deepEqual(lsns, [...lsns].sort((x, y) => x - y));

  await container.items.create({ id: "later", pk: "p3" });
  const resumed = container.items.getChangeFeedIterator({ changeFeedStartFrom: ChangeFeedStartFrom.Continuation(continuation) });
  const next = await drainChangeFeed(resumed);
  assert.deepEqual(next.items.map((i) => i.id), ["later"]);

  const scoped = container.items.getChangeFeedIterator({ changeFeedStartFrom: ChangeFeedStartFrom.Beginning("p3") });
  const p3 = await drainChangeFeed(scoped);
  assert.deepEqual(p3.items.map((i) => i.id), ["later"]);

  const now = container.items.getChangeFeedIterator({ changeFeedStartFrom: ChangeFeedStartFrom.Now() });
  const empty = await now.readNext();
  assert.equal(empty.result.length, 0);
});

check("offer read and replace", async () => {
  const { resource: offer } = await container.readOffer();
  assert.equal(offer.content.offerThroughput, 400);
  offer.content.offerThroughput = 800;
  const { resource: replaced } = await client.offer(offer.id).replace(offer);
  assert.equal(replaced.content.offerThroughput, 800);
});

check("general queries are a clear 400", async () => {
  const error = await expectStatus(container.items.query("SELECT c.id FROM c ORDER BY c.n").fetchAll(), 400);
  assert.match(error.message, /part 2/);
});

check("transactional batch applies every operation atomically", async () => {
  const response = await container.items.batch(
    [
      { operationType: "Create", resourceBody: { id: "b1", pk: "p9", n: 1 } },
      { operationType: "Upsert", resourceBody: { id: "b2", pk: "p9" } },
      { operationType: "Read", id: "b1" },
      { operationType: "Patch", id: "b1", resourceBody: { operations: [{ op: "incr", path: "/n", value: 1 }] } },
      { operationType: "Delete", id: "b2" },
    ],
    "p9",
  );
  assert.deepEqual(response.result.map((r) => r.statusCode), [201, 201, 200, 200, 204]);
  assert.equal((await container.item("b1", "p9").read()).resource.n, 2);
  assert.equal((await container.item("b2", "p9").read()).statusCode, 404);
});

check("a failing transactional batch writes nothing: 207, the failing status, 424 for the rest", async () => {
  const response = await container.items.batch(
    [
      { operationType: "Create", resourceBody: { id: "b3", pk: "p9" } },
      { operationType: "Create", resourceBody: { id: "b1", pk: "p9" } },
    ],
    "p9",
  );
  assert.equal(response.code, 207);
  assert.deepEqual(response.result.map((r) => r.statusCode), [424, 409]);
  assert.equal((await container.item("b3", "p9").read()).statusCode, 404);
});

check("bulk runs each operation on its own", async () => {
  const results = await container.items.executeBulkOperations([
    { operationType: "Create", partitionKey: "p8", resourceBody: { id: "k1", pk: "p8" } },
    { operationType: "Create", partitionKey: "p9", resourceBody: { id: "b1", pk: "p9" } },
    { operationType: "Upsert", partitionKey: "p7", resourceBody: { id: "k2", pk: "p7" } },
  ]);
  const statuses = results.map((r) => r.response?.statusCode ?? r.error?.code);
  assert.deepEqual(statuses, [201, 409, 201]);
  assert.equal((await container.item("k2", "p7").read()).statusCode, 200);
});

check("wrong key is 401", async () => {
  const wrong = new CosmosClient({ endpoint, key: Buffer.alloc(64, 7).toString("base64"), agent, connectionPolicy: { enableEndpointDiscovery: false } });
  await expectStatus(wrong.databases.readAll().fetchAll(), 401);
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
