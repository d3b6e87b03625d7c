import * as pulumi from "@pulumi/pulumi";
import * as web from "@pulumi/azure-native/web";
import type { RegionalConfig } from "../config";
import type { Names } from "../naming";
import { eventHubsNames } from "./eventHubs";
import { storageContainers } from "./storage";

/** What the function app reads from the global stack. */
export interface GlobalOutputs {
  cosmosEndpoint: pulumi.Input<string>;
  cosmosDatabaseName: pulumi.Input<string>;
  /** Front Door's instance id: the app accepts traffic only from this Front Door profile. */
  frontDoorId: pulumi.Input<string>;
}

export interface FunctionAppInputs {
  resourceGroupName: pulumi.Input<string>;
  storageAccountName: pulumi.Input<string>;
  storageBlobEndpoint: pulumi.Input<string>;
  eventHubsFullyQualifiedNamespace: pulumi.Input<string>;
  applicationInsightsConnectionString: pulumi.Input<string>;
  global: GlobalOutputs;
}

export interface FunctionApp {
  plan: web.AppServicePlan;
  site: web.WebApp;
  /** Object id of the app's system-assigned identity, the principal of every role assignment. */
  principalId: pulumi.Output<string>;
  defaultHostName: pulumi.Output<string>;
}

/**
 * The Flex Consumption function app running the custom handler. Every connection is
 * identity-based: the settings name endpoints, never keys, and the system-assigned identity
 * gets exactly the roles in roles.ts.
 */
export function createFunctionApp(config: RegionalConfig, names: Names, inputs: FunctionAppInputs): FunctionApp {
  const plan = new web.AppServicePlan("plan", {
    name: names.appServicePlan(config.region),
    resourceGroupName: inputs.resourceGroupName,
    location: config.region,
    kind: "functionapp",
    sku: { name: "FC1", tier: "FlexConsumption" },
    // Flex Consumption runs on Linux only.
    reserved: true,
  });

  const appSettings: Record<string, pulumi.Input<string>> = {
    AzureWebJobsStorage__accountName: inputs.storageAccountName,
    EventHubConnection__fullyQualifiedNamespace: inputs.eventHubsFullyQualifiedNamespace,
    EventHubName: eventHubsNames.hub,
    ProjectorConsumerGroup: eventHubsNames.projectorConsumerGroup,
    ArchiveConsumerGroup: eventHubsNames.archiveConsumerGroup,
    CosmosDb__accountEndpoint: inputs.global.cosmosEndpoint,
    CosmosDb__databaseName: inputs.global.cosmosDatabaseName,
    APPLICATIONINSIGHTS_CONNECTION_STRING: inputs.applicationInsightsConnectionString,
    // Application Insights has local auth off: the host authenticates with the app's identity.
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "Authorization=AAD",
  };

  const site = new web.WebApp("function-app", {
    name: names.functionApp(config.region),
    resourceGroupName: inputs.resourceGroupName,
    location: config.region,
    kind: "functionapp,linux",
    serverFarmId: plan.id,
    httpsOnly: true,
    identity: { type: web.ManagedServiceIdentityType.SystemAssigned },
    functionAppConfig: {
      deployment: {
        storage: {
          type: web.FunctionsDeploymentStorageType.BlobContainer,
          value: pulumi.interpolate`${inputs.storageBlobEndpoint}/${storageContainers.deployments}`,
          authentication: { type: web.AuthenticationType.SystemAssignedIdentity },
        },
      },
      // The custom-handler runtime: host.json names the executable (handler/Pipeline.Functions).
      runtime: { name: web.RuntimeName.Custom, version: "1.0" },
      scaleAndConcurrency: {
        instanceMemoryMB: config.functionApp.instanceMemoryMb,
        maximumInstanceCount: config.functionApp.maximumInstanceCount,
        // HTTP functions scale as one group; keeping an instance warm removes ingest cold starts.
        alwaysReady:
          config.functionApp.alwaysReadyHttpInstances > 0
            ? [{ name: "http", instanceCount: config.functionApp.alwaysReadyHttpInstances }]
            : [],
      },
    },
    siteConfig: {
      appSettings: Object.entries(appSettings).map(([name, value]) => ({ name, value })),
      minTlsVersion: web.SupportedTlsVersions.SupportedTlsVersions_1_2,
      ftpsState: web.FtpsState.Disabled,
      http20Enabled: true,
      // Only Front Door (this profile, proven by X-Azure-FDID) reaches the app; deployments use the SCM site.
      ipSecurityRestrictionsDefaultAction: web.DefaultAction.Deny,
      ipSecurityRestrictions: [
        {
          name: "front-door",
          action: "Allow",
          priority: 100,
          tag: web.IpFilterTag.ServiceTag,
          ipAddress: "AzureFrontDoor.Backend",
          headers: { "x-azure-fdid": [inputs.global.frontDoorId] },
        },
      ],
      scmIpSecurityRestrictionsUseMain: false,
    },
  });

  // No publishing passwords: deployments authenticate with Entra ID too.
  for (const [kind, Policy] of [
    ["scm", web.WebAppScmAllowed],
    ["ftp", web.WebAppFtpAllowed],
  ] as const) {
    new Policy(`basic-auth-${kind}`, { name: site.name, resourceGroupName: inputs.resourceGroupName, allow: false });
  }

  const principalId = site.identity.apply((identity) => {
    if (identity?.principalId === undefined) {
      throw new Error(`function app ${names.functionApp(config.region)} has no system-assigned identity`);
    }
    return identity.principalId;
  });

  return { plan, site, principalId, defaultHostName: site.defaultHostName };
}
