import * as pulumi from "@pulumi/pulumi";

/** A resource as the program declared it: its Pulumi type token, logical name and resolved inputs. */
export interface DeclaredResource {
  type: string;
  name: string;
  // Inputs are whatever each azure-native type accepts; tests read them as plain JSON.
  inputs: Record<string, any>;
}

export const subscriptionId = "11111111-2222-3333-4444-555555555555";
export const fakePrincipal = (resourceName: string) => `principal-of-${resourceName}`;

/** Outputs a deployed global stack would publish, as the regional stacks read them. */
export const globalStackOutputs = {
  regions: ["westeurope", "eastus"],
  cosmosAccountId: `/subscriptions/${subscriptionId}/resourceGroups/pipeline-global/providers/Microsoft.DocumentDB/databaseAccounts/pipeline-test01`,
  cosmosAccountName: "pipeline-test01",
  cosmosResourceGroupName: "pipeline-global",
  cosmosEndpoint: "https://pipeline-test01.documents.azure.com:443/",
  cosmosDatabaseName: "pipeline",
  frontDoorId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  frontDoorHostName: "pipeline-test01-api.z01.azurefd.net",
  actionGroupId: `/subscriptions/${subscriptionId}/resourceGroups/pipeline-global/providers/Microsoft.Insights/actionGroups/pipeline-test01-alerts`,
  dashboardId: `/subscriptions/${subscriptionId}/resourceGroups/pipeline-global/providers/Microsoft.Portal/dashboards/pipeline-test01-dashboard`,
};

// The explicit-name input of each azure-native type, which becomes its `name` output in Azure.
const nameInputs = [
  "accountName",
  "databaseName",
  "containerName",
  "profileName",
  "endpointName",
  "originGroupName",
  "originName",
  "routeName",
  "dashboardName",
  "actionGroupName",
  "namespaceName",
  "eventHubName",
  "consumerGroupName",
  "workspaceName",
  "resourceName",
  "ruleName",
  "roleAssignmentName",
  "name",
];

function outputName(type: string, inputs: Record<string, any>): string | undefined {
  // Child resources carry their parent's name too; the most specific key is the resource's own.
  const own: Record<string, string> = {
    "azure-native:resources:ResourceGroup": "resourceGroupName",
    "azure-native:cosmosdb:SqlResourceSqlDatabase": "databaseName",
    "azure-native:cosmosdb:SqlResourceSqlContainer": "containerName",
    "azure-native:cdn:AFDEndpoint": "endpointName",
    "azure-native:cdn:AFDOriginGroup": "originGroupName",
    "azure-native:cdn:AFDOrigin": "originName",
    "azure-native:cdn:Route": "routeName",
    "azure-native:eventhub:EventHub": "eventHubName",
    "azure-native:eventhub:ConsumerGroup": "consumerGroupName",
    "azure-native:storage:BlobContainer": "containerName",
  };
  const key = own[type] ?? nameInputs.find((k) => typeof inputs[k] === "string");
  return key === undefined ? undefined : inputs[key];
}

function armId(type: string, name: string): string {
  const [, module, kind] = type.split(":");
  return `/subscriptions/${subscriptionId}/resourceGroups/test/providers/${module}/${kind}/${name}`;
}

/**
 * Runs a Pulumi program under Pulumi's mocks and returns every resource it declared. All
 * resources are awaited, so a resource the program forgot to return is still recorded.
 */
export async function runProgram(program: () => { outputs: Record<string, unknown> }, stack = "test"): Promise<DeclaredResource[]> {
  const declared: DeclaredResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = args.inputs as Record<string, any>;
        declared.push({ type: args.type, name: args.name, inputs });
        if (args.type === "pulumi:pulumi:StackReference") {
          return { id: String(inputs["name"]), state: { ...inputs, outputs: globalStackOutputs, secretOutputNames: [] } };
        }
        const name = outputName(args.type, inputs) ?? args.name;
        const state: Record<string, unknown> = { ...inputs, name };
        switch (args.type) {
          case "azure-native:web:WebApp":
            state["identity"] = { type: "SystemAssigned", principalId: fakePrincipal(name), tenantId: "tenant" };
            state["defaultHostName"] = `${name}.azurewebsites.net`;
            break;
          case "azure-native:applicationinsights:Component":
            state["connectionString"] = `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://${name}.in.applicationinsights.azure.com/`;
            break;
          case "azure-native:cosmosdb:DatabaseAccount":
            state["documentEndpoint"] = `https://${name}.documents.azure.com:443/`;
            break;
          case "azure-native:cdn:Profile":
            state["frontDoorId"] = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
            break;
          case "azure-native:cdn:AFDEndpoint":
            state["hostName"] = `${name}.z01.azurefd.net`;
            break;
        }
        return { id: armId(args.type, name), state };
      },
      call(args) {
        if (args.token === "azure-native:authorization:getClientConfig") {
          return { subscriptionId, tenantId: "tenant", clientId: "client", objectId: "deployer" };
        }
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    "pipeline",
    stack,
    false,
    "organization",
  );

  const created: pulumi.Resource[] = [];
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      created.push(args.resource);
      return undefined;
    });
    return program().outputs;
  });
  await Promise.all(created.map((resource) => new Promise((resolve) => resource.urn.apply(resolve))));
  return declared.filter((r) => r.type !== "pulumi:pulumi:Stack");
}

export function ofType(resources: DeclaredResource[], type: string): DeclaredResource[] {
  return resources.filter((r) => r.type === `azure-native:${type}`);
}

export function single(resources: DeclaredResource[], type: string): DeclaredResource {
  const matches = ofType(resources, type);
  if (matches.length !== 1) throw new Error(`expected exactly one ${type}, found ${matches.length}`);
  return matches[0]!;
}

/** Resolves an Output in a test (values are always known under mocks). */
export function resolve<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((done) => output.apply(done));
}
