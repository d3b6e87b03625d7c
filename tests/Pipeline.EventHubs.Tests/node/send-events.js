// Sends a fixed set of events with the official @azure/event-hubs SDK, so the .NET test can check that our
// consumer reads them intact. Usage: node send-events.js <connectionString> <partitionId>
const { EventHubProducerClient } = require("@azure/event-hubs");

async function main() {
  const [connectionString, partitionId] = process.argv.slice(2);
  const client = new EventHubProducerClient(connectionString);
  const batch = await client.createBatch({ partitionId });
  for (let i = 0; i < 3; i++) {
    const added = batch.tryAdd({
      body: Buffer.from([i, 1, 2, 250 + i]),
      contentType: "application/octet-stream",
      messageId: `js-${i}`,
      correlationId: `js-correlation-${i}`,
      properties: { index: i, origin: "javascript", flag: true },
    });
    if (!added) throw new Error(`event ${i} did not fit`);
  }
  await client.sendBatch(batch);
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
