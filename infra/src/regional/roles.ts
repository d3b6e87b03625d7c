import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as cosmosdb from "@pulumi/azure-native/cosmosdb";
import { deterministicGuid } from "../naming";

/**
 * Built-in Azure role definitions the function app needs, by their fixed GUIDs
 * (Microsoft Learn, "Azure built-in roles").
 */
export const builtInRoles = {
  eventHubsDataSender: "2b629674-e913-4c01-ae53-ef4638d8f975",
  eventHubsDataReceiver: "a638d3c7-ab3a-418d-83e6-5f17a39d4fde",
  storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  monitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
} as const;

/** Cosmos DB's data-plane role (a Cosmos SQL role definition, not an Azure RBAC one). */
export const cosmosBuiltInDataContributor = "00000000-0000-0000-0000-000000000002";

export interface RoleTargets {
  subscriptionId: pulumi.Input<string>;
  principalId: pulumi.Input<string>;
  eventHubsNamespaceId: pulumi.Input<string>;
  storageAccountId: pulumi.Input<string>;
  applicationInsightsId: pulumi.Input<string>;
  cosmos: {
    accountId: pulumi.Input<string>;
    accountName: pulumi.Input<string>;
    resourceGroupName: pulumi.Input<string>;
    databaseName: pulumi.Input<string>;
  };
}

export interface Roles {
  azure: authorization.RoleAssignment[];
  cosmos: cosmosdb.SqlResourceSqlRoleAssignment;
}

/**
 * Exactly the access the function app's identity needs, each on the narrowest scope: send and
 * receive on its namespace, blob data on its storage account (host storage, package, archive),
 * metric publishing on its Application Insights, and data access to the one Cosmos database.
 */
export function assignRoles(region: string, targets: RoleTargets): Roles {
  const grant = (key: keyof typeof builtInRoles, scope: pulumi.Input<string>) => {
    const roleGuid = builtInRoles[key];
    return new authorization.RoleAssignment(`role-${key}`, {
      roleAssignmentName: pulumi
        .all([scope, targets.principalId])
        .apply(([s, principal]) => deterministicGuid(s, principal, roleGuid)),
      scope,
      principalId: targets.principalId,
      // Skips the directory lookup that fails while a new identity is still replicating.
      principalType: authorization.PrincipalType.ServicePrincipal,
      roleDefinitionId: pulumi.interpolate`/subscriptions/${targets.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
      description: `Pipeline function app (${region})`,
    });
  };

  const azure = [
    grant("eventHubsDataSender", targets.eventHubsNamespaceId),
    grant("eventHubsDataReceiver", targets.eventHubsNamespaceId),
    grant("storageBlobDataOwner", targets.storageAccountId),
    grant("monitoringMetricsPublisher", targets.applicationInsightsId),
  ];

  const databaseScope = pulumi.interpolate`${targets.cosmos.accountId}/dbs/${targets.cosmos.databaseName}`;
  const cosmos = new cosmosdb.SqlResourceSqlRoleAssignment("role-cosmos-data-contributor", {
    accountName: targets.cosmos.accountName,
    resourceGroupName: targets.cosmos.resourceGroupName,
    roleAssignmentId: pulumi
      .all([databaseScope, targets.principalId])
      .apply(([s, principal]) => deterministicGuid(s, principal, cosmosBuiltInDataContributor)),
    roleDefinitionId: pulumi.interpolate`${targets.cosmos.accountId}/sqlRoleDefinitions/${cosmosBuiltInDataContributor}`,
    principalId: targets.principalId,
    scope: databaseScope,
  });

  return { azure, cosmos };
}
