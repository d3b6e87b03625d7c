import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import type { RegionalConfig } from "../config";
import { alertQueries } from "../monitoring/queries";

export interface AlertTargets {
  resourceGroupName: pulumi.Input<string>;
  eventHubsNamespaceId: pulumi.Input<string>;
  applicationInsightsId: pulumi.Input<string>;
  /** The global stack's action group. */
  actionGroupId: pulumi.Input<string>;
}

export interface Alerts {
  eventHubsThrottling: monitor.MetricAlert;
  consumerLag: monitor.ScheduledQueryRule;
  deadLetters: monitor.ScheduledQueryRule;
  function5xx: monitor.ScheduledQueryRule;
}

/**
 * The region's alert rules. They live in the regional stack because Azure validates an alert's
 * scope when the rule is created: a rule can only exist once the resource it watches does.
 */
export function createAlerts(config: RegionalConfig, targets: AlertTargets): Alerts {
  const region = config.region;

  // Event Hubs' own count of refused requests: the namespace is out of throughput units.
  const eventHubsThrottling = new monitor.MetricAlert("alert-event-hubs-throttling", {
    ruleName: `Event Hubs throttling (${region})`,
    description: "Event Hubs refused requests (ServerBusy): raise throughput units or partitions.",
    resourceGroupName: targets.resourceGroupName,
    location: "global",
    scopes: [targets.eventHubsNamespaceId],
    severity: 2,
    enabled: true,
    evaluationFrequency: "PT1M",
    windowSize: "PT5M",
    autoMitigate: true,
    criteria: {
      odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
      allOf: [
        {
          criterionType: "StaticThresholdCriterion",
          name: "throttled",
          metricNamespace: "Microsoft.EventHub/namespaces",
          metricName: "ThrottledRequests",
          operator: monitor.Operator.GreaterThan,
          threshold: 0,
          timeAggregation: monitor.AggregationTypeEnum.Total,
        },
      ],
    },
    actions: [{ actionGroupId: targets.actionGroupId }],
  });

  const logAlert = (
    key: keyof typeof alertQueries,
    title: string,
    description: string,
    severity: number,
    threshold: number,
    timeAggregation: monitor.TimeAggregation,
  ) => {
    const spec = alertQueries[key];
    return new monitor.ScheduledQueryRule(`alert-${key}`, {
      ruleName: `${title} (${region})`,
      displayName: `${title} (${region})`,
      description,
      resourceGroupName: targets.resourceGroupName,
      location: region,
      kind: monitor.Kind.LogAlert,
      scopes: [targets.applicationInsightsId],
      severity,
      enabled: true,
      evaluationFrequency: "PT5M",
      windowSize: "PT5M",
      autoMitigate: true,
      criteria: {
        allOf: [
          {
            query: spec.query,
            metricMeasureColumn: spec.measure,
            timeAggregation,
            // The scheduledQueryRules API spells operators out; the SDK's ConditionOperator enum ("gt") belongs to another API.
            operator: "GreaterThan",
            threshold,
            dimensions: spec.dimensions.map((name) => ({ name, operator: monitor.DimensionOperator.Include, values: ["*"] })),
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
          },
        ],
      },
      actions: { actionGroups: [targets.actionGroupId] },
    });
  };

  return {
    eventHubsThrottling,
    consumerLag: logAlert(
      "consumerLag",
      "Projector consumer lag",
      `A partition's projector is more than ${config.alerts.consumerLagEvents} events behind.`,
      2,
      config.alerts.consumerLagEvents,
      monitor.TimeAggregation.Maximum,
    ),
    deadLetters: logAlert(
      "deadLetters",
      "Dead letters",
      "Events were dead-lettered: inspect the deadletters container and replay after fixing the cause.",
      2,
      0,
      monitor.TimeAggregation.Total,
    ),
    function5xx: logAlert(
      "function5xx",
      "Function 5xx",
      "A function returned HTTP 5xx; the handler should answer every bad input with a 4xx problem details.",
      1,
      0,
      monitor.TimeAggregation.Total,
    ),
  };
}
