import * as pulumi from "@pulumi/pulumi";
import * as portal from "@pulumi/azure-native/portal";
import type { GlobalConfig } from "../config";
import { resourceId, type Names } from "../naming";
import { queries } from "../monitoring/queries";

/** One tile: a KQL chart over every region's Application Insights, or a platform-metrics chart. */
type Tile =
  | { kind: "logs"; title: string; subtitle: string; query: string; yColumns: string[]; splitBy?: string }
  | { kind: "metrics"; title: string; metrics: PlatformMetric[] };

interface PlatformMetric {
  resourceId: string;
  namespace: string;
  name: string;
  displayName: string;
  /** Azure Monitor aggregation: 1 Sum, 3 Max, 4 Average. */
  aggregation: 1 | 3 | 4;
  splitBy?: string;
}

const cosmosNamespace = "microsoft.documentdb/databaseaccounts";
const tileWidth = 6;
const tileHeight = 4;

/** Resource IDs of what the regional stacks create, derived from the shared naming rules. */
function regionalIds(names: Names, subscriptionId: string, region: string) {
  const group = names.regionalResourceGroup(region);
  return {
    applicationInsights: resourceId(subscriptionId, group, "Microsoft.Insights/components", names.applicationInsights(region)),
    eventHubsNamespace: resourceId(subscriptionId, group, "Microsoft.EventHub/namespaces", names.eventHubsNamespace(region)),
  };
}

export function dashboardTiles(config: GlobalConfig, names: Names, subscriptionId: string, cosmosAccountId: string): Tile[] {
  const regions = config.regions.map((region) => ({ region, ...regionalIds(names, subscriptionId, region) }));
  const logs = (title: string, subtitle: string, query: string, yColumns: string[], splitBy?: string): Tile =>
    splitBy === undefined
      ? { kind: "logs", title, subtitle, query, yColumns }
      : { kind: "logs", title, subtitle, query, yColumns, splitBy };
  const eventHubsMetric = (name: string, displayName: string): PlatformMetric[] =>
    regions.map((r) => ({
      resourceId: r.eventHubsNamespace,
      namespace: "microsoft.eventhub/namespaces",
      name,
      displayName: `${displayName} (${r.region})`,
      aggregation: 1,
    }));

  return [
    logs("Ingest rate", "events/min accepted and rejected", queries.ingestRate, ["events"], "outcome"),
    logs("Ingest rejections", "rejected events/min by reason", queries.ingestRejectionsByReason, ["rejected"], "reason"),
    {
      kind: "metrics",
      title: "Event Hubs incoming, outgoing, throttled",
      metrics: [
        ...eventHubsMetric("IncomingMessages", "Incoming"),
        ...eventHubsMetric("OutgoingMessages", "Outgoing"),
        ...eventHubsMetric("ThrottledRequests", "Throttled"),
      ],
    },
    logs("Event Hubs sends", "mean send ms and throttled sends seen by ingest", queries.eventHubsSend, ["value"], "name"),
    logs("Function executions", "executions, failures, mean duration", queries.functionExecutions, ["executions", "failures", "meanDurationMs"]),
    logs("Function duration", "p50 / p95 / p99 ms by function", queries.functionDurationByFunction, ["p50", "p95", "p99"], "operation_Name"),
    logs("Consumer lag", "events behind per partition (projector)", queries.consumerLag, ["lag"], "partition"),
    {
      kind: "metrics",
      title: "Cosmos DB request units",
      metrics: [{ resourceId: cosmosAccountId, namespace: cosmosNamespace, name: "TotalRequestUnits", displayName: "RU", aggregation: 1 }],
    },
    {
      // Azure Monitor splits a chart by a dimension only when it has a single metric.
      kind: "metrics",
      title: "Cosmos DB requests by status (429 = throttled)",
      metrics: [
        { resourceId: cosmosAccountId, namespace: cosmosNamespace, name: "TotalRequests", displayName: "Requests", aggregation: 1, splitBy: "StatusCode" },
      ],
    },
    logs("Cosmos DB charge seen by the app", "RU by operation and 429s", queries.cosmosRequestCharge, ["value"], "series"),
    logs("Dead letters and duplicates", "events/min", queries.deadLettersAndDuplicates, ["events"], "name"),
    logs("End-to-end latency", "POST → applied and enqueue → applied, mean and max ms", queries.endToEndLatency, ["meanMs", "maxMs"], "name"),
    logs("Ingest payloads", "mean request bytes and events per POST", queries.ingestPayload, ["mean"], "name"),
  ];
}

function logsPart(tile: Extract<Tile, { kind: "logs" }>, scope: string[]) {
  return {
    type: "Extension/Microsoft_OperationsManagementSuite_Workspace/PartType/LogsDashboardPart",
    inputs: [
      { name: "resourceTypeMode", isOptional: true, value: "components" },
      { name: "ComponentId", isOptional: true, value: scope[0] },
      { name: "Scope", isOptional: true, value: { resourceIds: scope } },
      { name: "Version", isOptional: true, value: "2.0" },
      { name: "TimeRange", isOptional: true, value: "PT1H" },
      { name: "Query", isOptional: true, value: `${tile.query}\n` },
      { name: "ControlType", isOptional: true, value: "FrameControlChart" },
      { name: "SpecificChart", isOptional: true, value: "Line" },
      { name: "PartTitle", isOptional: true, value: tile.title },
      { name: "PartSubTitle", isOptional: true, value: tile.subtitle },
      {
        name: "Dimensions",
        isOptional: true,
        value: {
          xAxis: { name: "timestamp", type: "datetime" },
          yAxis: tile.yColumns.map((name) => ({ name, type: "real" })),
          splitBy: tile.splitBy === undefined ? [] : [{ name: tile.splitBy, type: "string" }],
          aggregation: "Sum",
        },
      },
      { name: "IsQueryContainTimeRange", isOptional: true, value: false },
    ],
    settings: {},
  };
}

function metricsPart(tile: Extract<Tile, { kind: "metrics" }>) {
  const splitBy = tile.metrics.find((m) => m.splitBy !== undefined)?.splitBy;
  const chart = {
    metrics: tile.metrics.map((m) => ({
      resourceMetadata: { id: m.resourceId },
      name: m.name,
      namespace: m.namespace,
      aggregationType: m.aggregation,
      metricVisualization: { displayName: m.displayName },
    })),
    ...(splitBy === undefined ? {} : { grouping: { dimension: splitBy, sort: 2, top: 10 } }),
    title: tile.title,
    titleKind: 2,
    visualization: { chartType: 2, legendVisualization: { isVisible: true, position: 2, hideSubtitle: false } },
    timespan: { relative: { duration: 3_600_000 }, showUTCTime: false, grain: 1 },
  };
  return {
    type: "Extension/HubsExtension/PartType/MonitorChartPart",
    inputs: [
      { name: "options", isOptional: true, value: { chart } },
      { name: "sharedTimeRange", isOptional: true },
    ],
    settings: { content: { options: { chart } } },
  };
}

/** The Azure portal dashboard: traffic, Event Hubs, functions, lag, Cosmos DB, dead letters and latency across regions. */
export function createDashboard(
  config: GlobalConfig,
  names: Names,
  resourceGroupName: pulumi.Input<string>,
  subscriptionId: pulumi.Input<string>,
  cosmosAccountId: pulumi.Input<string>,
): portal.Dashboard {
  const properties = pulumi.all([subscriptionId, cosmosAccountId]).apply(([subscription, cosmosId]) => {
    const tiles = dashboardTiles(config, names, subscription, cosmosId);
    const scope = config.regions.map((region) => regionalIds(names, subscription, region).applicationInsights);
    return {
      lenses: [
        {
          order: 0,
          parts: tiles.map((tile, index) => ({
            position: { x: (index % 2) * tileWidth, y: Math.floor(index / 2) * tileHeight, colSpan: tileWidth, rowSpan: tileHeight },
            metadata: tile.kind === "logs" ? logsPart(tile, scope) : metricsPart(tile),
          })),
        },
      ],
      metadata: {
        model: {
          timeRange: { value: { relative: { duration: 24, timeUnit: 1 } }, type: "MsPortalFx.Composition.Configuration.ValueTypes.TimeRange" },
        },
      },
    };
  });

  return new portal.Dashboard("dashboard", {
    dashboardName: names.dashboard(),
    resourceGroupName,
    location: config.location,
    tags: { "hidden-title": `Pipeline (${config.namePrefix})` },
    properties,
  });
}
