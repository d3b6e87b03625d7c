// Point reads or point creates of 1 KB items with @azure/cosmos against a running emulator, for CosmosGatewayBenchmark.
// Usage: COSMOS_ENDPOINT=... COSMOS_KEY=... MODE=read|write SECONDS=5 ITEMS=10000 CONCURRENCY=64 node point-operations.cjs
// Prints "start" when the measured window opens (after a warm-up) and one JSON line with count, seconds and CPU at the end.
"use strict";
const https = require("node:https");
const { CosmosClient } = require("@azure/cosmos");

const endpoint = process.env.COSMOS_ENDPOINT;
const mode = process.env.MODE ?? "read";
const seconds = Number(process.env.SECONDS ?? "5");
const items = Number(process.env.ITEMS ?? "10000");
const concurrency = Number(process.env.CONCURRENCY ?? "64");
// Over HTTP the SDK's own keep-alive agent is used: with an agent of ours it refuses plain HTTP.
const agent = endpoint.startsWith("https") ? new https.Agent({ rejectUnauthorized: false, keepAlive: true, maxSockets: concurrency }) : undefined;
const client = new CosmosClient({ endpoint, key: process.env.COSMOS_KEY, agent, connectionPolicy: { enableEndpointDiscovery: false } });
const container = client.database("bench").container("items");
const payload = "x".repeat(1024 - 60);
let created = 0;

async function operation() {
  if (mode === "write") {
    const n = created++;
    const pk = "p" + (n % 1000);
    await container.items.create({ id: `node-${process.pid}-${n}`, pk, payload });
  } else {
    const i = Math.floor(Math.random() * items);
    const { statusCode } = await container.item(String(i), "p" + (i % 1000)).read();
    if (statusCode !== 200) throw new Error(`read ${i}: ${statusCode}`);
  }
}

async function run(durationMs) {
  let count = 0;
  const end = performance.now() + durationMs;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      await operation();
      count++;
    }
  }));
  return count;
}

(async () => {
  await run(2000);
  process.stdout.write("start\n");
  const cpu = process.cpuUsage();
  const began = performance.now();
  const count = await run(seconds * 1000);
  const elapsed = (performance.now() - began) / 1000;
  const used = process.cpuUsage(cpu);
  process.stdout.write(JSON.stringify({ count, seconds: elapsed, cpuMicroseconds: used.user + used.system }) + "\n");
  agent?.destroy();
  process.exit(0);
})().catch(error => {
  console.error(error);
  process.exit(1);
});
