import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { RegionalConfig } from "../src/config";
import { metricNames } from "../src/metricNames";
import { Names } from "../src/naming";
import { builtInRoles, cosmosBuiltInDataContributor } from "../src/regional/roles";
import { deployRegional } from "../src/regional/stack";
import { fakePrincipal, globalStackOutputs, ofType, runProgram, single, subscriptionId, type DeclaredResource } from "./harness";
import { assertNoKeyBasedAuth } from "./keyAuth";

export function regionalConfig(region: string, overrides: Partial<RegionalConfig["eventHubs"]> = {}): RegionalConfig {
  return {
    kind: "regional",
    namePrefix: "pipeline",
    nameSuffix: "test01",
    region,
    globalStack: "organization/pipeline/global",
    eventHubs: { sku: "Standard", capacity: 2, autoInflate: true, maxThroughputUnits: 8, partitions: 4, retentionDays: 1, ...overrides },
    functionApp: { instanceMemoryMb: 2048, maximumInstanceCount: 100, alwaysReadyHttpInstances: 1 },
    alerts: { consumerLagEvents: 5000 },
  };
}

/** The behaviour every regional stack must have, run against one region's configuration. */
export function regionalSuite(config: RegionalConfig): void {
  const names = new Names(config);
  const region = config.region;
  const appName = names.functionApp(region);
  const principal = fakePrincipal(appName);

  describe(`regional stack (${region}, ${config.eventHubs.partitions} partitions)`, () => {
    let resources: DeclaredResource[];
    let settings: Record<string, string>;
    before(async () => {
      resources = await runProgram(() => deployRegional(config), region);
      const site = single(resources, "web:WebApp");
      settings = Object.fromEntries(site.inputs["siteConfig"].appSettings.map((s: { name: string; value: string }) => [s.name, s.value]));
    });

    test("every located resource is in the stack's region and its resource group", () => {
      const group = single(resources, "resources:ResourceGroup");
      assert.equal(group.inputs["resourceGroupName"], `pipeline-${region}`);
      const located = resources.filter((r) => typeof r.inputs["location"] === "string" && r.inputs["location"] !== "global");
      assert.ok(located.length >= 6);
      for (const r of located) assert.equal(r.inputs["location"], region, `${r.type} ${r.name}`);
      for (const r of resources.filter((r) => r.type !== "azure-native:resources:ResourceGroup" && r.inputs["location"] !== undefined)) {
        assert.equal(r.inputs["resourceGroupName"], `pipeline-${region}`, `${r.type} ${r.name}`);
      }
    });

    test("the hub has the configured partition count and the projector and archive consumer groups", () => {
      const hub = single(resources, "eventhub:EventHub");
      assert.equal(hub.inputs["eventHubName"], "events");
      assert.equal(hub.inputs["partitionCount"], config.eventHubs.partitions);
      assert.deepEqual(ofType(resources, "eventhub:ConsumerGroup").map((g) => g.inputs["consumerGroupName"]).sort(), ["archive", "projector"]);
    });

    test("the Event Hubs namespace has the configured SKU, capacity and auto-inflate maximum", () => {
      const namespace = single(resources, "eventhub:Namespace");
      assert.deepEqual(namespace.inputs["sku"], { name: config.eventHubs.sku, tier: config.eventHubs.sku, capacity: config.eventHubs.capacity });
      assert.equal(namespace.inputs["isAutoInflateEnabled"], config.eventHubs.autoInflate);
      assert.equal(namespace.inputs["maximumThroughputUnits"], config.eventHubs.autoInflate ? config.eventHubs.maxThroughputUnits : undefined);
      assert.equal(namespace.inputs["namespaceName"], names.eventHubsNamespace(region));
    });

    test("no key-based auth: Event Hubs, storage and Application Insights accept only Entra ID", () => {
      assertNoKeyBasedAuth(resources, ["eventhub:Namespace", "storage:StorageAccount", "applicationinsights:Component"]);
      const account = single(resources, "storage:StorageAccount");
      assert.equal(account.inputs["allowBlobPublicAccess"], false);
      assert.equal(account.inputs["minimumTlsVersion"], "TLS1_2");
      for (const policy of [...ofType(resources, "web:WebAppScmAllowed"), ...ofType(resources, "web:WebAppFtpAllowed")]) {
        assert.equal(policy.inputs["allow"], false);
      }
      assert.equal(ofType(resources, "web:WebAppScmAllowed").length + ofType(resources, "web:WebAppFtpAllowed").length, 2);
    });

    test("the storage account has the deployment-package and archive containers, both private", () => {
      const containers = ofType(resources, "storage:BlobContainer");
      assert.deepEqual(containers.map((c) => c.inputs["containerName"]).sort(), ["archive", "deployments"]);
      for (const c of containers) assert.equal(c.inputs["publicAccess"], "None");
    });

    test("Application Insights is workspace-based on the region's Log Analytics workspace", () => {
      const component = single(resources, "applicationinsights:Component");
      const workspace = single(resources, "operationalinsights:Workspace");
      assert.match(component.inputs["workspaceResourceId"], new RegExp(`/${workspace.inputs["workspaceName"]}$`));
    });

    test("the function app runs the custom handler on Flex Consumption with the configured scale", () => {
      const plan = single(resources, "web:AppServicePlan");
      assert.deepEqual(plan.inputs["sku"], { name: "FC1", tier: "FlexConsumption" });
      assert.equal(plan.inputs["reserved"], true);
      const site = single(resources, "web:WebApp");
      const app = site.inputs["functionAppConfig"];
      assert.deepEqual(app.runtime, { name: "custom", version: "1.0" });
      assert.deepEqual(app.scaleAndConcurrency, {
        instanceMemoryMB: config.functionApp.instanceMemoryMb,
        maximumInstanceCount: config.functionApp.maximumInstanceCount,
        alwaysReady: [{ name: "http", instanceCount: config.functionApp.alwaysReadyHttpInstances }],
      });
      assert.equal(site.inputs["identity"].type, "SystemAssigned");
      assert.equal(site.inputs["name"], appName);
    });

    test("the package is deployed from the deployments container with the app's own identity", () => {
      const storage = single(resources, "web:WebApp").inputs["functionAppConfig"].deployment.storage;
      assert.equal(storage.type, "blobContainer");
      assert.equal(storage.value, `https://${names.storageAccount(region)}.blob.core.windows.net/deployments`);
      assert.deepEqual(storage.authentication, { type: "SystemAssignedIdentity" });
    });

    test("app settings name endpoints and identities, never keys", () => {
      assert.deepEqual(settings, {
        AzureWebJobsStorage__accountName: names.storageAccount(region),
        EventHubConnection__fullyQualifiedNamespace: `${names.eventHubsNamespace(region)}.servicebus.windows.net`,
        EventHubName: "events",
        ProjectorConsumerGroup: "projector",
        ArchiveConsumerGroup: "archive",
        CosmosDb__accountEndpoint: globalStackOutputs.cosmosEndpoint,
        CosmosDb__databaseName: "pipeline",
        APPLICATIONINSIGHTS_CONNECTION_STRING: settings["APPLICATIONINSIGHTS_CONNECTION_STRING"],
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "Authorization=AAD",
      });
      assert.match(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] ?? "", new RegExp(names.applicationInsights(region)));
      for (const [name, value] of Object.entries(settings)) {
        assert.doesNotMatch(String(value), /AccountKey=|SharedAccessKey=|AccountEndpoint=.*AccountKey/i, name);
      }
    });

    test("only this Front Door profile reaches the app", () => {
      const siteConfig = single(resources, "web:WebApp").inputs["siteConfig"];
      assert.equal(siteConfig.ipSecurityRestrictionsDefaultAction, "Deny");
      assert.deepEqual(siteConfig.ipSecurityRestrictions.map((r: { ipAddress: string; headers: unknown }) => [r.ipAddress, r.headers]), [
        ["AzureFrontDoor.Backend", { "x-azure-fdid": [globalStackOutputs.frontDoorId] }],
      ]);
    });

    test("the app's identity has exactly the roles it needs, each on the narrowest scope", () => {
      const assignments = ofType(resources, "authorization:RoleAssignment");
      const nameKey: Record<string, string> = {
        "eventhub:Namespace": "namespaceName",
        "storage:StorageAccount": "accountName",
        "applicationinsights:Component": "resourceName",
      };
      const id = (type: string) => {
        const r = single(resources, type);
        return `/subscriptions/${subscriptionId}/resourceGroups/test/providers/${type.replace(":", "/")}/${r.inputs[nameKey[type]!]}`;
      };
      const role = (guid: string) => `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
      assert.deepEqual(
        assignments.map((a) => [a.inputs["roleDefinitionId"], a.inputs["scope"], a.inputs["principalId"]]).sort(),
        [
          [role(builtInRoles.eventHubsDataSender), id("eventhub:Namespace"), principal],
          [role(builtInRoles.eventHubsDataReceiver), id("eventhub:Namespace"), principal],
          [role(builtInRoles.storageBlobDataOwner), id("storage:StorageAccount"), principal],
          [role(builtInRoles.monitoringMetricsPublisher), id("applicationinsights:Component"), principal],
        ].sort(),
      );
      for (const a of assignments) {
        assert.equal(a.inputs["principalType"], "ServicePrincipal");
        assert.match(a.inputs["roleAssignmentName"], /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      }
    });

    test("the function app's is the only managed identity in the region", () => {
      assert.deepEqual(resources.filter((r) => r.inputs["identity"] !== undefined).map((r) => r.type), ["azure-native:web:WebApp"]);
    });

    test("the built-in role GUIDs are the documented ones", () => {
      assert.deepEqual(builtInRoles, {
        eventHubsDataSender: "2b629674-e913-4c01-ae53-ef4638d8f975",
        eventHubsDataReceiver: "a638d3c7-ab3a-418d-83e6-5f17a39d4fde",
        storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        monitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
      });
      assert.equal(cosmosBuiltInDataContributor, "00000000-0000-0000-0000-000000000002");
    });

    test("the app's identity is a Cosmos DB Built-in Data Contributor on the pipeline database of the global account", () => {
      const assignment = single(resources, "cosmosdb:SqlResourceSqlRoleAssignment");
      assert.equal(assignment.inputs["accountName"], globalStackOutputs.cosmosAccountName);
      assert.equal(assignment.inputs["resourceGroupName"], globalStackOutputs.cosmosResourceGroupName);
      assert.equal(assignment.inputs["roleDefinitionId"], `${globalStackOutputs.cosmosAccountId}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002`);
      assert.equal(assignment.inputs["scope"], `${globalStackOutputs.cosmosAccountId}/dbs/pipeline`);
      assert.equal(assignment.inputs["principalId"], principal);
    });

    test("the global stack is read through a stack reference", () => {
      const reference = resources.filter((r) => r.type === "pulumi:pulumi:StackReference");
      assert.deepEqual(reference.map((r) => r.inputs["name"]), [config.globalStack]);
    });

    test("Event Hubs, the function app and storage send diagnostics to the region's workspace", () => {
      const settingsByTarget = ofType(resources, "monitor:DiagnosticSetting").map((d) => String(d.inputs["resourceUri"]));
      const workspaceName = single(resources, "operationalinsights:Workspace").inputs["workspaceName"];
      for (const d of ofType(resources, "monitor:DiagnosticSetting")) assert.match(d.inputs["workspaceId"], new RegExp(`/${workspaceName}$`));
      for (const [type, key] of [["eventhub:Namespace", "namespaceName"], ["web:WebApp", "name"], ["storage:StorageAccount", "accountName"]] as const) {
        const target = single(resources, type).inputs[key];
        assert.ok(settingsByTarget.some((uri) => uri.endsWith(`/${target}`)), `${type} has no diagnostic setting`);
      }
      assert.ok(settingsByTarget.some((uri) => uri.endsWith("/blobServices/default")), "blob request logs");
    });

    test("Event Hubs throttling alerts on the namespace's ThrottledRequests", () => {
      const alert = single(resources, "monitor:MetricAlert");
      assert.match(alert.inputs["scopes"][0], new RegExp(`/${names.eventHubsNamespace(region)}$`));
      const criterion = alert.inputs["criteria"].allOf[0];
      assert.equal(criterion.metricName, "ThrottledRequests");
      assert.equal(criterion.operator, "GreaterThan");
      assert.equal(criterion.threshold, 0);
      assert.deepEqual(alert.inputs["actions"], [{ actionGroupId: globalStackOutputs.actionGroupId }]);
    });

    test("consumer lag, dead letters and function 5xx alert from Application Insights with the custom metric names", () => {
      const rules = Object.fromEntries(ofType(resources, "monitor:ScheduledQueryRule").map((r) => [r.name, r.inputs]));
      assert.deepEqual(Object.keys(rules).sort(), ["alert-consumerLag", "alert-deadLetters", "alert-function5xx"]);
      const lag = rules["alert-consumerLag"]!.criteria.allOf[0];
      assert.match(lag.query, new RegExp(`name == "${metricNames.projectorLag.replace(/\./g, "\\.")}"`));
      assert.equal(lag.threshold, config.alerts.consumerLagEvents);
      assert.deepEqual(lag.dimensions.map((d: { name: string }) => d.name), ["partition"]);
      assert.match(rules["alert-deadLetters"]!.criteria.allOf[0].query, new RegExp(`"${metricNames.deadLetters.replace(/\./g, "\\.")}"`));
      assert.match(rules["alert-function5xx"]!.criteria.allOf[0].query, /toint\(resultCode\) >= 500/);
      for (const rule of Object.values(rules)) {
        assert.match(rule.scopes[0], new RegExp(`/${names.applicationInsights(region)}$`));
        assert.deepEqual(rule.actions, { actionGroups: [globalStackOutputs.actionGroupId] });
        assert.equal(rule.criteria.allOf[0].operator, "GreaterThan");
      }
    });
  });
}
