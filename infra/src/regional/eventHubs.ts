import * as pulumi from "@pulumi/pulumi";
import * as eventhub from "@pulumi/azure-native/eventhub";
import type { RegionalConfig } from "../config";
import type { Names } from "../naming";

/** Hub and consumer-group names the function app reads from its settings. */
export const eventHubsNames = {
  hub: "events",
  /** The projector function folds events into Cosmos DB. */
  projectorConsumerGroup: "projector",
  /** The archive function writes JSON lines to Blob storage: a second, independent subscriber. */
  archiveConsumerGroup: "archive",
} as const;

export interface EventHubs {
  namespace: eventhub.Namespace;
  hub: eventhub.EventHub;
  consumerGroups: eventhub.ConsumerGroup[];
  /** `<namespace>.servicebus.windows.net`, for `EventHubConnection__fullyQualifiedNamespace`. */
  fullyQualifiedNamespace: pulumi.Output<string>;
}

/** The regional Event Hubs namespace: partitions absorb the ingest traffic; only Entra ID may send or receive. */
export function createEventHubs(config: RegionalConfig, names: Names, resourceGroupName: pulumi.Input<string>): EventHubs {
  const settings = config.eventHubs;
  const namespace = new eventhub.Namespace("event-hubs", {
    namespaceName: names.eventHubsNamespace(config.region),
    resourceGroupName,
    location: config.region,
    sku: { name: settings.sku, tier: settings.sku, capacity: settings.capacity },
    isAutoInflateEnabled: settings.autoInflate,
    // ARM rejects a maximum when auto-inflate is off.
    ...(settings.autoInflate ? { maximumThroughputUnits: settings.maxThroughputUnits } : {}),
    disableLocalAuth: true,
    minimumTlsVersion: eventhub.TlsVersion.TlsVersion_1_2,
    kafkaEnabled: false,
  });

  const hub = new eventhub.EventHub("hub", {
    eventHubName: eventHubsNames.hub,
    namespaceName: namespace.name,
    resourceGroupName,
    partitionCount: settings.partitions,
    messageRetentionInDays: settings.retentionDays,
  });

  const consumerGroups = [eventHubsNames.projectorConsumerGroup, eventHubsNames.archiveConsumerGroup].map(
    (name) =>
      new eventhub.ConsumerGroup(`consumer-group-${name}`, {
        consumerGroupName: name,
        eventHubName: hub.name,
        namespaceName: namespace.name,
        resourceGroupName,
      }),
  );

  return {
    namespace,
    hub,
    consumerGroups,
    fullyQualifiedNamespace: pulumi.interpolate`${namespace.name}.servicebus.windows.net`,
  };
}
