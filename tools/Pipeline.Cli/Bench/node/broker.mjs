// `pipeline bench` broker comparison: the official @azure/event-hubs SDK against the Event Hubs emulator, measured the
// same way as our client (1 KB events, full batches per partition, 4 sends in flight; drain every partition; then
// single-event send latency). Usage: node broker.mjs <connection string> <hub> <events> <partitions>
import { EventHubProducerClient, EventHubConsumerClient, earliestEventPosition } from "@azure/event-hubs";

const [connectionString, hub, countText, partitionsText] = process.argv.slice(2);
const total = Number(countText);
const partitions = Number(partitionsText);
const body = Buffer.alloc(1024, 7);
const cpuStart = process.cpuUsage();

const producer = new EventHubProducerClient(connectionString, hub);
await producer.getEventHubProperties();
let next = 0;
const sendStarted = performance.now();
await Promise.all(Array.from({ length: 4 }, async () => {
  while (next < total) {
    const partitionId = String(next % partitions);
    const batch = await producer.createBatch({ partitionId });
    while (next < total && batch.tryAdd({ body })) next++;
    await producer.sendBatch(batch);
  }
}));
const sendSeconds = (performance.now() - sendStarted) / 1000;

const consumer = new EventHubConsumerClient("$Default", connectionString, hub);
let received = 0;
const receiveStarted = performance.now();
const subscription = await new Promise((resolve, reject) => {
  const sub = consumer.subscribe({
    processEvents: async (events) => { received += events.length; if (received >= total) resolve(sub); },
    processError: async (err) => reject(err),
  }, { startPosition: earliestEventPosition, maxBatchSize: 1000, prefetchCount: 2000 });
});
const receiveSeconds = (performance.now() - receiveStarted) / 1000;
await subscription.close();

const latencies = [];
for (let i = 0; i < 200; i++) {
  const started = performance.now();
  await producer.sendBatch([{ body }], { partitionId: "0" });
  latencies.push(performance.now() - started);
}
latencies.sort((a, b) => a - b);
const at = (p) => Number(latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * p / 100) - 1)].toFixed(2));

await producer.close();
await consumer.close();
const cpu = process.cpuUsage(cpuStart);
console.log(JSON.stringify({
  sendEventsPerSecond: Math.round(total / sendSeconds),
  receiveEventsPerSecond: Math.round(received / receiveSeconds),
  singleSendMs: { p50: at(50), p95: at(95), p99: at(99) },
  clientCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
}));
