// Partition keys: the SDK's own mapper (imported from its dist) against the emulator's placement.
// Prints { mapper: { "<count>": [ids for key-0..key-N] }, placement: { mismatches, checked } }.
import { EventHubProducerClient, EventHubConsumerClient, earliestEventPosition } from "@azure/event-hubs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve("@azure/event-hubs"));
const { mapPartitionKeyToId } = await import(pathToFileURL(path.join(dist, "impl", "partitionKeyToIdMapper.js")).href);

const keyCount = Number(process.env.EH_KEY_COUNT ?? "1000");
const keys = Array.from({ length: keyCount }, (_, i) => (i % 3 === 0 ? `stream-${i}` : i % 3 === 1 ? `${i}-é-ünïcode-${"x".repeat(i % 29)}` : `k${i}`));
const mapper = {};
for (const count of [1, 2, 3, 4, 7, 16, 32]) mapper[count] = keys.map((k) => mapPartitionKeyToId(k, count));

const connectionString = process.env.EH_CONNECTION_STRING;
const hub = process.env.EH_HUB;
const producer = new EventHubProducerClient(connectionString, hub);
const consumer = new EventHubConsumerClient("$Default", connectionString, hub);
const placementKeys = keys.slice(0, Number(process.env.EH_SEND_COUNT ?? "300"));
const placement = { checked: 0, mismatches: [] };
try {
  const { partitionIds } = await producer.getEventHubProperties();
  for (const key of placementKeys) await producer.sendBatch([{ body: key }], { partitionKey: key });
  const seen = new Map();
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(), 15000);
    const sub = consumer.subscribe({
      processEvents: async (events, ctx) => {
        for (const e of events) seen.set(e.body, { partition: ctx.partitionId, key: e.partitionKey });
        if (seen.size >= placementKeys.length) { clearTimeout(timer); resolve(); }
      },
      processError: async (err) => { clearTimeout(timer); reject(err); },
    }, { startPosition: earliestEventPosition, maxBatchSize: 500, maxWaitTimeInSeconds: 1 });
    sub; // closed with the client
  });
  for (const key of placementKeys) {
    placement.checked++;
    const got = seen.get(key);
    const expected = String(mapPartitionKeyToId(key, partitionIds.length));
    if (!got || got.partition !== expected || got.key !== key) placement.mismatches.push({ key, expected, got });
  }
} finally {
  await producer.close();
  await consumer.close();
}
console.log(JSON.stringify({ keys, mapper, placement }));
