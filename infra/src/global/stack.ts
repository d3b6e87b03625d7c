import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import type { GlobalConfig } from "../config";
import { Names } from "../naming";
import { createActionGroup } from "./actionGroup";
import { cosmosNames, createCosmos } from "./cosmos";
import { createDashboard } from "./dashboard";
import { createFrontDoor } from "./frontDoor";

/** The global stack: what every region shares. Its outputs are the regional stacks' inputs. */
export function deployGlobal(config: GlobalConfig) {
  const names = new Names(config);
  const client = authorization.getClientConfigOutput();
  const group = new resources.ResourceGroup("global", {
    resourceGroupName: names.globalResourceGroup(),
    location: config.location,
  });

  const cosmos = createCosmos(config, names, group.name);
  const frontDoor = createFrontDoor(config, names, group.name);
  const actionGroup = createActionGroup(config, names, group.name);
  const dashboard = createDashboard(config, names, group.name, client.subscriptionId, cosmos.account.id);

  return {
    resources: { group, cosmos, frontDoor, actionGroup, dashboard },
    outputs: {
      regions: config.regions,
      cosmosAccountId: cosmos.account.id,
      cosmosAccountName: cosmos.account.name,
      cosmosResourceGroupName: group.name,
      cosmosEndpoint: cosmos.account.documentEndpoint,
      cosmosDatabaseName: cosmosNames.database,
      frontDoorId: frontDoor.profile.frontDoorId,
      frontDoorHostName: frontDoor.endpoint.hostName,
      actionGroupId: actionGroup.id,
      dashboardId: dashboard.id,
    },
  };
}

/** The names the regional stacks read from the global stack's outputs. */
export type GlobalStackOutputs = ReturnType<typeof deployGlobal>["outputs"];
