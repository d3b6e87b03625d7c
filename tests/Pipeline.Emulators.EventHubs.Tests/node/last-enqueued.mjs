// Conformance of the receiver runtime metric (com.microsoft:enable-receiver-runtime-metric) with the official JS SDK:
// subscribe with trackLastEnqueuedEventProperties and read partitionContext.lastEnqueuedEventProperties, on a partition
// with events and on an empty one. Prints one JSON object for the C# test to assert on.
import { EventHubProducerClient, EventHubConsumerClient, earliestEventPosition } from "@azure/event-hubs";

const connectionString = process.env.EH_CONNECTION_STRING;
const hub = process.env.EH_HUB;
const results = {};

const asJson = (p) => p && ({
  sequenceNumber: p.sequenceNumber,
  offset: p.offset,
  enqueuedOn: p.enqueuedOn instanceof Date ? p.enqueuedOn.getTime() : p.enqueuedOn,
  retrievedOn: p.retrievedOn instanceof Date ? p.retrievedOn.getTime() : p.retrievedOn,
});

// The context's properties as seen in the first processEvents call (an empty one after maxWaitTime on an empty partition).
function firstBatch(consumer, partitionId, track) {
  return new Promise((resolve, reject) => {
    let subscription;
    const timer = setTimeout(async () => { await subscription.close(); reject(new Error("no processEvents call in 10 s")); }, 10000);
    subscription = consumer.subscribe(partitionId, {
      processEvents: async (events, context) => {
        clearTimeout(timer);
        const seen = { events: events.length, firstSequenceNumber: events[0]?.sequenceNumber, last: asJson(context.lastEnqueuedEventProperties) };
        await subscription.close();
        resolve(seen);
      },
      processError: async (err) => { clearTimeout(timer); await subscription.close(); reject(err); },
    }, { startPosition: earliestEventPosition, maxBatchSize: 1, maxWaitTimeInSeconds: 1, trackLastEnqueuedEventProperties: track });
  });
}

const producer = new EventHubProducerClient(connectionString, hub);
const consumer = new EventHubConsumerClient("$Default", connectionString, hub);
try {
  await producer.sendBatch([0, 1, 2, 3, 4].map((n) => ({ body: { n } })), { partitionId: "0" });
  const partition = await producer.getPartitionProperties("0");
  results.partition = { lastEnqueuedSequenceNumber: partition.lastEnqueuedSequenceNumber, lastEnqueuedOffset: partition.lastEnqueuedOffset, lastEnqueuedOnUtc: partition.lastEnqueuedOnUtc.getTime() };
  results.tracked = await firstBatch(consumer, "0", true);
  results.untracked = await firstBatch(consumer, "0", false);
  results.empty = await firstBatch(consumer, "1", true);
} catch (e) {
  results.error = { name: e.name, code: e.code, message: e.message };
} finally {
  await producer.close();
  await consumer.close();
}
console.log(JSON.stringify(results));
