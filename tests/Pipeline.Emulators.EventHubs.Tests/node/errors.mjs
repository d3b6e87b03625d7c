// Error conformance with the JS SDK: wrong key, unknown hub, epochs, the 5-reader limit, client close time.
import { EventHubProducerClient, EventHubConsumerClient, earliestEventPosition } from "@azure/event-hubs";

const connectionString = process.env.EH_CONNECTION_STRING;
const hub = process.env.EH_HUB;
const results = {};
const describe = (e) => ({ name: e?.name, code: e?.code, message: e?.message });

async function attempt(fn) {
  try { await fn(); return { ok: true }; } catch (e) { return describe(e); }
}

// Wrong key: the CBS put-token is answered 401.
{
  const wrong = connectionString.replace(/SharedAccessKey=[^;]*/, "SharedAccessKey=not-the-key");
  const producer = new EventHubProducerClient(wrong, hub, { retryOptions: { maxRetries: 0 } });
  results.wrongKey = await attempt(() => producer.getEventHubProperties());
  await producer.close();
}

// Unknown hub: $management READ and a send both report MessagingEntityNotFound.
{
  const producer = new EventHubProducerClient(connectionString, "no-such-hub", { retryOptions: { maxRetries: 0 } });
  results.unknownHubProperties = await attempt(() => producer.getEventHubProperties());
  results.unknownHubSend = await attempt(() => producer.sendBatch([{ body: "x" }], { partitionId: "0" }));
  await producer.close();
}

// Oversize: the SDK sizes batches from the max-message-size the emulator advertised on attach.
{
  const producer = new EventHubProducerClient(connectionString, hub, { retryOptions: { maxRetries: 0 } });
  const batch = await producer.createBatch({ partitionId: "0" });
  results.maxSizeInBytes = batch.maxSizeInBytes;
  results.oversizeAdded = batch.tryAdd({ body: Buffer.alloc(1024 * 1024 + 10) });
  results.oversizeSend = await attempt(() => producer.sendBatch([{ body: Buffer.alloc(1024 * 1024 + 10) }], { partitionId: "0" }));
  await producer.sendBatch([{ body: "one" }, { body: "two" }], { partitionId: "0" });
  await producer.close();
}

function subscribe(client, partitionId, options) {
  const state = { events: 0, errors: [] };
  state.subscription = client.subscribe(partitionId, {
    processEvents: async (events) => { state.events += events.length; },
    processError: async (err) => { state.errors.push(describe(err)); },
  }, { startPosition: earliestEventPosition, maxWaitTimeInSeconds: 1, ...options });
  return state;
}
const until = async (cond, ms = 8000) => { const end = Date.now() + ms; while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50)); };

// Epochs: a higher owner level takes the partition; a lower one is refused.
{
  const a = new EventHubConsumerClient("$Default", connectionString, hub, { retryOptions: { maxRetries: 0 } });
  const b = new EventHubConsumerClient("$Default", connectionString, hub, { retryOptions: { maxRetries: 0 } });
  const c = new EventHubConsumerClient("$Default", connectionString, hub, { retryOptions: { maxRetries: 0 } });
  const first = subscribe(a, "0", { ownerLevel: 1 });
  await until(() => first.events >= 2);
  const second = subscribe(b, "0", { ownerLevel: 2 });
  await until(() => first.errors.length > 0 && second.events >= 2);
  const third = subscribe(c, "0", { ownerLevel: 1 });
  await until(() => third.errors.length > 0);
  results.epochs = { firstEvents: first.events, firstErrors: first.errors, secondEvents: second.events, secondErrors: second.errors, lowerErrors: third.errors };
  for (const s of [first, second, third]) await s.subscription.close();
  await Promise.all([a.close(), b.close(), c.close()]);
}

// At most 5 readers without an epoch per consumer group and partition.
{
  const clients = Array.from({ length: 6 }, () => new EventHubConsumerClient("$Default", connectionString, hub, { retryOptions: { maxRetries: 0 } }));
  const subs = [];
  for (const client of clients) {
    subs.push(subscribe(client, "1", {}));
    await new Promise((r) => setTimeout(r, 300));
  }
  await until(() => subs.some((s) => s.errors.length > 0));
  results.readerLimit = subs.map((s) => s.errors);
  for (const s of subs) await s.subscription.close();
  await Promise.all(clients.map((c) => c.close()));
}

// A client's close completes promptly (no 60 s wait on a failed connection).
{
  const producer = new EventHubProducerClient(connectionString, hub);
  const consumer = new EventHubConsumerClient("$Default", connectionString, hub);
  await producer.sendBatch([{ body: "close" }], { partitionId: "2" });
  const sub = subscribe(consumer, "2", {});
  await until(() => sub.events >= 1);
  await sub.subscription.close();
  const started = Date.now();
  await Promise.all([producer.close(), consumer.close()]);
  results.closeMs = Date.now() - started;
}
console.log(JSON.stringify(results));
