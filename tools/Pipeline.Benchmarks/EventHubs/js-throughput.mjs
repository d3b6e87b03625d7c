// The JS SDK half of `pipeline.benchmarks eventhubs`: the same workload as our client, against the same emulator.
// Sends EH_EVENTS events of EH_BODY_BYTES with one producer (full batches to partition EH_PARTITION, EH_IN_FLIGHT
// sends outstanding), then reads them back with one subscription. Prints one JSON line: rates and node's CPU seconds.
import { EventHubProducerClient, EventHubConsumerClient, earliestEventPosition } from "@azure/event-hubs";

const connectionString = process.env.EH_CONNECTION_STRING;
const hub = process.env.EH_HUB;
const partitionId = process.env.EH_PARTITION ?? "1";
const total = Number(process.env.EH_EVENTS ?? "100000");
const inFlight = Number(process.env.EH_IN_FLIGHT ?? "4");
const body = Buffer.alloc(Number(process.env.EH_BODY_BYTES ?? "1024"), 7);

function cpuSeconds(since) {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

const producer = new EventHubProducerClient(connectionString, hub);
const consumer = new EventHubConsumerClient("$Default", connectionString, hub);
const results = {};
try {
  const before = await producer.getPartitionProperties(partitionId);
  const firstSequenceNumber = before.lastEnqueuedSequenceNumber + 1;

  // Warm-up: JIT and link attach should not count against the rate.
  await producer.sendBatch([{ body }], { partitionId });

  let sent = 0;
  const pending = new Set();
  let cpu = process.cpuUsage();
  let started = performance.now();
  while (sent < total) {
    const batch = await producer.createBatch({ partitionId });
    while (sent < total && batch.tryAdd({ body })) sent++;
    const send = producer.sendBatch(batch).finally(() => pending.delete(send));
    pending.add(send);
    if (pending.size >= inFlight) await Promise.race(pending);
  }
  await Promise.all(pending);
  results.sendSeconds = (performance.now() - started) / 1000;
  results.sendCpuSeconds = cpuSeconds(cpu);
  results.sent = sent;

  // Reads from the first event this run sent (the warm-up event included, so the count is total + 1).
  const expected = total + 1;
  let received = 0;
  cpu = process.cpuUsage();
  started = performance.now();
  await new Promise((resolve, reject) => {
    const subscription = consumer.subscribe(partitionId, {
      processEvents: async (events) => {
        received += events.length;
        if (received >= expected) {
          resolve(subscription);
        }
      },
      processError: async (error) => reject(error),
    }, { startPosition: { sequenceNumber: firstSequenceNumber - 1 }, maxBatchSize: 1000, prefetchCount: 2000 });
  });
  results.receiveSeconds = (performance.now() - started) / 1000;
  results.receiveCpuSeconds = cpuSeconds(cpu);
  results.received = received;
} catch (e) {
  results.error = { name: e.name, code: e.code, message: e.message };
} finally {
  await producer.close();
  await consumer.close();
}
console.log(JSON.stringify(results));
