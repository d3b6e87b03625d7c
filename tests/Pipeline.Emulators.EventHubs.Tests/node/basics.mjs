// Conformance of the emulator with the official JS SDK: properties, sends, every start position, round trip.
// Prints one JSON object of results for the C# test to assert on.
import { EventHubProducerClient, EventHubConsumerClient, earliestEventPosition, latestEventPosition } from "@azure/event-hubs";

const connectionString = process.env.EH_CONNECTION_STRING;
const hub = process.env.EH_HUB;
const results = {};

function receive(consumer, partitionId, startPosition, count, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const events = [];
    let subscription;
    const timer = setTimeout(async () => { await subscription.close(); resolve(events); }, timeoutMs);
    subscription = consumer.subscribe(partitionId, {
      processEvents: async (batch) => {
        events.push(...batch);
        if (events.length >= count) { clearTimeout(timer); await subscription.close(); resolve(events); }
      },
      processError: async (err) => { clearTimeout(timer); await subscription.close(); reject(err); },
    }, { startPosition, maxBatchSize: 100, maxWaitTimeInSeconds: 1 });
  });
}

const producer = new EventHubProducerClient(connectionString, hub);
const consumer = new EventHubConsumerClient("$Default", connectionString, hub);
try {
  const props = await producer.getEventHubProperties();
  results.hub = { name: props.name, partitionIds: props.partitionIds, createdOnIsDate: props.createdOn instanceof Date };
  const empty = await producer.getPartitionProperties("0");
  results.emptyPartition = empty;

  // A batch for partition 1 with properties, content type and a binary body.
  const batch = await producer.createBatch({ partitionId: "1" });
  for (let i = 0; i < 5; i++) {
    batch.tryAdd({ body: { n: i }, properties: { idx: i, kind: "test" }, contentType: "application/json", messageId: `m${i}`, correlationId: `c${i}` });
  }
  await producer.sendBatch(batch);
  const single = await producer.createBatch({ partitionId: "1" });
  single.tryAdd({ body: Buffer.from([1, 2, 3]) });
  await producer.sendBatch(single);
  const p1 = await producer.getPartitionProperties("1");
  results.partition1 = p1;

  const all = await receive(consumer, "1", earliestEventPosition, 6);
  results.earliest = all.map((e) => ({
    body: Buffer.isBuffer(e.body) ? [...e.body] : e.body,
    properties: e.properties, contentType: e.contentType, messageId: e.messageId, correlationId: e.correlationId,
    sequenceNumber: e.sequenceNumber, offset: e.offset, enqueuedTimeUtc: e.enqueuedTimeUtc instanceof Date ? e.enqueuedTimeUtc.getTime() : null,
    partitionKey: e.partitionKey,
  }));
  const third = all[2];
  results.fromSequenceInclusive = (await receive(consumer, "1", { sequenceNumber: third.sequenceNumber, isInclusive: true }, 4)).map((e) => e.sequenceNumber);
  results.fromSequenceExclusive = (await receive(consumer, "1", { sequenceNumber: third.sequenceNumber }, 3)).map((e) => e.sequenceNumber);
  results.fromOffsetInclusive = (await receive(consumer, "1", { offset: third.offset, isInclusive: true }, 4)).map((e) => e.sequenceNumber);
  results.fromOffsetExclusive = (await receive(consumer, "1", { offset: third.offset }, 3)).map((e) => e.sequenceNumber);
  results.fromEnqueuedTime = (await receive(consumer, "1", { enqueuedOn: new Date(all[0].enqueuedTimeUtc.getTime() - 1) }, 6)).map((e) => e.sequenceNumber);
  results.fromLatestBeforeSend = (await receive(consumer, "1", latestEventPosition, 1, 1500)).length;

  // Latest: a receiver started at the end sees only what is sent afterwards (and is woken up by it).
  const later = receive(consumer, "2", latestEventPosition, 1, 8000);
  await new Promise((r) => setTimeout(r, 1000));
  await producer.sendBatch([{ body: "after" }], { partitionId: "2" });
  results.latest = (await later).map((e) => e.body);

  // Partition keys land where the SDK's mapper says.
  await producer.sendBatch([{ body: "k1" }], { partitionKey: "stream-42" });
  const keyed = [];
  for (const id of props.partitionIds) {
    const p = await producer.getPartitionProperties(id);
    if (!p.isEmpty && id !== "1" && id !== "2") keyed.push(id);
  }
  results.keyedPartitions = keyed;
} catch (e) {
  results.error = { name: e.name, code: e.code, message: e.message };
} finally {
  const started = Date.now();
  await producer.close();
  await consumer.close();
  results.closeMs = Date.now() - started;
}
console.log(JSON.stringify(results));
