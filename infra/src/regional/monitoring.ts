import * as pulumi from "@pulumi/pulumi";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import type { RegionalConfig } from "../config";
import type { Names } from "../naming";

export interface Monitoring {
  workspace: operationalinsights.Workspace;
  applicationInsights: applicationinsights.Component;
}

/**
 * The region's Log Analytics workspace (diagnostic logs) and workspace-based Application Insights
 * (function telemetry and the custom metrics). Local auth is off: telemetry is accepted only with
 * an Entra ID token, which the function app's identity gets through Monitoring Metrics Publisher.
 */
export function createMonitoring(config: RegionalConfig, names: Names, resourceGroupName: pulumi.Input<string>): Monitoring {
  const workspace = new operationalinsights.Workspace("logs", {
    workspaceName: names.logAnalyticsWorkspace(config.region),
    resourceGroupName,
    location: config.region,
    sku: { name: operationalinsights.WorkspaceSkuNameEnum.PerGB2018 },
    retentionInDays: 30,
  });

  const applicationInsights = new applicationinsights.Component("app-insights", {
    resourceName: names.applicationInsights(config.region),
    resourceGroupName,
    location: config.region,
    kind: "web",
    applicationType: applicationinsights.ApplicationType.Web,
    workspaceResourceId: workspace.id,
    ingestionMode: applicationinsights.IngestionMode.LogAnalytics,
    disableLocalAuth: true,
  });

  return { workspace, applicationInsights };
}
