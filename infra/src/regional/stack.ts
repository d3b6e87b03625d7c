import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import type { RegionalConfig } from "../config";
import type { GlobalStackOutputs } from "../global/stack";
import { Names } from "../naming";
import { createAlerts } from "./alerts";
import { createDiagnostics } from "./diagnostics";
import { eventHubsNames, createEventHubs } from "./eventHubs";
import { createFunctionApp } from "./functionApp";
import { createMonitoring } from "./monitoring";
import { assignRoles } from "./roles";
import { createStorage } from "./storage";

/** Reads one output of the global stack, failing the deployment if the global stack lacks it. */
function globalOutput(reference: pulumi.StackReference, key: keyof GlobalStackOutputs): pulumi.Output<string> {
  return reference.requireOutput(key).apply((value: unknown) => {
    if (typeof value !== "string" || value.length === 0) {
      throw new Error(`global stack output "${key}" is missing; run \`pulumi up -s global\` first`);
    }
    return value;
  });
}

/** One region: Event Hubs, storage, monitoring, the function app, its roles, diagnostics and alerts. */
export function deployRegional(config: RegionalConfig) {
  const names = new Names(config);
  const client = authorization.getClientConfigOutput();
  const global = new pulumi.StackReference("global", { name: config.globalStack });
  const cosmos = {
    accountId: globalOutput(global, "cosmosAccountId"),
    accountName: globalOutput(global, "cosmosAccountName"),
    resourceGroupName: globalOutput(global, "cosmosResourceGroupName"),
    endpoint: globalOutput(global, "cosmosEndpoint"),
    databaseName: globalOutput(global, "cosmosDatabaseName"),
  };

  const group = new resources.ResourceGroup("region", {
    resourceGroupName: names.regionalResourceGroup(config.region),
    location: config.region,
  });

  const eventHubs = createEventHubs(config, names, group.name);
  const storage = createStorage(config, names, group.name);
  const monitoring = createMonitoring(config, names, group.name);
  const functionApp = createFunctionApp(config, names, {
    resourceGroupName: group.name,
    storageAccountName: storage.account.name,
    storageBlobEndpoint: storage.blobEndpoint,
    eventHubsFullyQualifiedNamespace: eventHubs.fullyQualifiedNamespace,
    applicationInsightsConnectionString: monitoring.applicationInsights.connectionString,
    global: {
      cosmosEndpoint: cosmos.endpoint,
      cosmosDatabaseName: cosmos.databaseName,
      frontDoorId: globalOutput(global, "frontDoorId"),
    },
  });

  const roles = assignRoles(config.region, {
    subscriptionId: client.subscriptionId,
    principalId: functionApp.principalId,
    eventHubsNamespaceId: eventHubs.namespace.id,
    storageAccountId: storage.account.id,
    applicationInsightsId: monitoring.applicationInsights.id,
    cosmos,
  });

  const diagnostics = createDiagnostics({
    workspaceId: monitoring.workspace.id,
    eventHubsNamespaceId: eventHubs.namespace.id,
    functionAppId: functionApp.site.id,
    storageAccountId: storage.account.id,
  });

  const alerts = createAlerts(config, {
    resourceGroupName: group.name,
    eventHubsNamespaceId: eventHubs.namespace.id,
    applicationInsightsId: monitoring.applicationInsights.id,
    actionGroupId: globalOutput(global, "actionGroupId"),
  });

  return {
    resources: { global, group, eventHubs, storage, monitoring, functionApp, roles, diagnostics, alerts },
    outputs: {
      region: config.region,
      resourceGroupName: group.name,
      functionAppName: functionApp.site.name,
      functionAppHostName: functionApp.defaultHostName,
      eventHubsNamespace: eventHubs.namespace.name,
      eventHubName: eventHubsNames.hub,
      partitions: config.eventHubs.partitions,
      storageAccountName: storage.account.name,
      applicationInsightsName: monitoring.applicationInsights.name,
    },
  };
}
