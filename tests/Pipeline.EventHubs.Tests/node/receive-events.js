// Reads <count> events from one partition with the official @azure/event-hubs SDK and prints them as JSON,
// so the .NET test can check what our producer wrote. Usage: node receive-events.js <connectionString> <partitionId> <count>
const { EventHubConsumerClient, earliestEventPosition } = require("@azure/event-hubs");

async function main() {
  const [connectionString, partitionId, countText] = process.argv.slice(2);
  const count = Number(countText);
  const client = new EventHubConsumerClient("$Default", connectionString);
  const received = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${count} events arrived`)), 30000);
    const subscription = client.subscribe(
      partitionId,
      {
        processEvents: async (events) => {
          for (const event of events) {
            received.push({
              body: Buffer.from(event.body).toString("base64"),
              contentType: event.contentType ?? null,
              messageId: event.messageId ?? null,
              correlationId: event.correlationId ?? null,
              properties: event.properties ?? {},
              partitionKey: event.partitionKey ?? null,
              sequenceNumber: event.sequenceNumber,
            });
          }
          if (received.length >= count) {
            clearTimeout(timer);
            await subscription.close();
            resolve();
          }
        },
        processError: async (error) => {
          clearTimeout(timer);
          reject(error);
        },
      },
      { startPosition: earliestEventPosition, skipParsingBodyAsJson: true, maxWaitTimeInSeconds: 1 },
    );
  });
  await client.close();
  process.stdout.write(JSON.stringify(received));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
