// Benchmark (not part of the test suite): cold start of the emulator CLI, JS SDK -> emulator send and
// emulator -> JS SDK receive with 1 KB events. Run from the repository root after a Release build:
//   node tests/Pipeline.Emulators.EventHubs.Tests/node/bench.mjs [events]
import { spawn } from "node:child_process";
import { EventHubProducerClient, EventHubConsumerClient, earliestEventPosition } from "@azure/event-hubs";

const total = Number(process.argv[2] ?? "100000");
const cli = process.env.PIPELINE_CLI ?? "tools/Pipeline.Cli/bin/Release/net10.0/pipeline.dll";
const body = Buffer.alloc(1024, 7);

const t0 = performance.now();
const emulator = spawn("dotnet", [cli, "emulator", "eventhubs", "--port", "0", "--admin-port", "0", "--config", "emulators/EventHubs/Config.sample.json"]);
const port = await new Promise((resolve, reject) => {
  let out = "";
  emulator.stdout.on("data", (d) => { out += d; const m = /amqp:\/\/127\.0\.0\.1:(\d+) \(started in (\d+) ms\)/.exec(out); if (m) resolve({ port: m[1], inProcessMs: Number(m[2]) }); });
  emulator.on("exit", (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
});
const coldStartMs = performance.now() - t0;
const connectionString = `Endpoint=sb://127.0.0.1:${port.port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true`;

async function sendAll(producers, count) {
  const perProducer = Math.ceil(count / producers.length);
  const started = performance.now();
  await Promise.all(producers.map(async (producer, index) => {
    let sent = 0;
    while (sent < perProducer) {
      const batch = await producer.createBatch({ partitionId: String(index % 4) });
      while (sent < perProducer && batch.tryAdd({ body })) sent++;
      await producer.sendBatch(batch);
    }
  }));
  return Math.round((perProducer * producers.length) / ((performance.now() - started) / 1000));
}

const results = { events: total, eventBytes: body.length, coldStartMs: Math.round(coldStartMs), inProcessStartMs: port.inProcessMs };
const one = [new EventHubProducerClient(connectionString, "events")];
await one[0].getEventHubProperties();
results.send1ProducerEventsPerSec = await sendAll(one, total);
const four = Array.from({ length: 4 }, () => new EventHubProducerClient(connectionString, "events"));
results.send4ProducersEventsPerSec = await sendAll(four, total);

const latencies = [];
for (let i = 0; i < 200; i++) { const s = performance.now(); await one[0].sendBatch([{ body }], { partitionId: "0" }); latencies.push(performance.now() - s); }
latencies.sort((a, b) => a - b);
results.singleSendMedianMs = Number(latencies[100].toFixed(2));

const consumer = new EventHubConsumerClient("$Default", connectionString, "events");
const expected = total * 2 + 200;
let received = 0;
const receiveStarted = performance.now();
await new Promise((resolve, reject) => {
  const sub = consumer.subscribe({
    processEvents: async (events) => { received += events.length; if (received >= expected) resolve(sub); },
    processError: async (err) => reject(err),
  }, { startPosition: earliestEventPosition, maxBatchSize: 1000, prefetchCount: 2000 });
});
results.receiveEventsPerSec = Math.round(received / ((performance.now() - receiveStarted) / 1000));

const closeStarted = performance.now();
await Promise.all([...one, ...four].map((p) => p.close()));
await consumer.close();
results.clientCloseMs = Math.round(performance.now() - closeStarted);
try {
  // Linux only: CPU seconds the emulator process used, to tell whether it or the JS client was the bottleneck.
  const fields = (await import("node:fs")).readFileSync(`/proc/${emulator.pid}/stat`, "utf8").split(") ")[1].split(" ");
  results.emulatorCpuSeconds = Number(((Number(fields[11]) + Number(fields[12])) / 100).toFixed(1));
  results.benchWallSeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
} catch { /* not Linux */ }
emulator.kill("SIGTERM");
console.log(JSON.stringify(results));
