import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";

export interface DiagnosticTargets {
  workspaceId: pulumi.Input<string>;
  eventHubsNamespaceId: pulumi.Input<string>;
  functionAppId: pulumi.Input<string>;
  storageAccountId: pulumi.Input<string>;
}

/** Sends platform logs and metrics of the region's Event Hubs, function app and storage to Log Analytics. */
export function createDiagnostics(targets: DiagnosticTargets): monitor.DiagnosticSetting[] {
  const setting = (
    name: string,
    resourceUri: pulumi.Input<string>,
    logs: monitor.DiagnosticSettingArgs["logs"],
    metricCategory: string,
  ) =>
    new monitor.DiagnosticSetting(`diagnostics-${name}`, {
      name: "to-log-analytics",
      resourceUri,
      workspaceId: targets.workspaceId,
      // Resource-specific tables (e.g. AZMSOperationalLogs) instead of the shared AzureDiagnostics table.
      logAnalyticsDestinationType: "Dedicated",
      ...(logs === undefined ? {} : { logs }),
      metrics: [{ category: metricCategory, enabled: true }],
    });

  return [
    setting("event-hubs", targets.eventHubsNamespaceId, [{ categoryGroup: "allLogs", enabled: true }], "AllMetrics"),
    setting("function-app", targets.functionAppId, [{ category: "FunctionAppLogs", enabled: true }], "AllMetrics"),
    // Storage accounts expose only metrics; request logs live on the blob service.
    setting("storage", targets.storageAccountId, undefined, "Transaction"),
    setting(
      "storage-blob",
      pulumi.interpolate`${targets.storageAccountId}/blobServices/default`,
      [{ categoryGroup: "allLogs", enabled: true }],
      "Transaction",
    ),
  ];
}
