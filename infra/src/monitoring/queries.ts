import { metricNames, type MetricName } from "../metricNames";

/**
 * The KQL the dashboard and the log alerts run against Application Insights. OpenTelemetry
 * metrics arrive pre-aggregated per export interval (`valueSum`, `valueCount`, `valueMax`, no
 * buckets), so histograms chart as mean and max, and counters as the sum of `valueSum`.
 */

const bin = "bin(timestamp, 1m)";

function metric(name: MetricName): string {
  return `customMetrics\n| where name == "${name}"`;
}

export const queries = {
  ingestRate: `${metric(metricNames.ingestEvents)}
| extend outcome = tostring(customDimensions.outcome)
| summarize events = sum(valueSum) by outcome, ${bin}
| render timechart`,

  ingestRejectionsByReason: `${metric(metricNames.ingestEvents)}
| where tostring(customDimensions.outcome) == "rejected"
| extend reason = tostring(customDimensions.reason)
| summarize rejected = sum(valueSum) by reason, ${bin}
| render timechart`,

  ingestPayload: `customMetrics
| where name in ("${metricNames.ingestRequestBytes}", "${metricNames.ingestBatchEvents}")
| summarize mean = sum(valueSum) / sum(valueCount) by name, ${bin}
| render timechart`,

  eventHubsSend: `customMetrics
| where name in ("${metricNames.eventHubsSendDuration}", "${metricNames.eventHubsThrottled}")
| summarize total = sum(valueSum), mean = sum(valueSum) / sum(valueCount) by name, ${bin}
// Throttled sends are a count per minute; send duration (recorded in seconds) is a mean in ms.
| extend value = iff(name == "${metricNames.eventHubsThrottled}", total, 1000 * mean)
| project timestamp, name, value
| render timechart`,

  functionExecutions: `requests
| summarize executions = count(), failures = countif(success == false), meanDurationMs = avg(duration) by ${bin}
| render timechart`,

  functionDurationByFunction: `requests
| summarize p50 = percentile(duration, 50), p95 = percentile(duration, 95), p99 = percentile(duration, 99) by operation_Name, ${bin}
| render timechart`,

  consumerLag: `${metric(metricNames.projectorLag)}
| extend partition = tostring(customDimensions.partition)
| summarize lag = max(valueMax) by partition, ${bin}
| render timechart`,

  cosmosRequestCharge: `customMetrics
| where name in ("${metricNames.cosmosRequestCharge}", "${metricNames.cosmosThrottled}")
| extend series = iff(name == "${metricNames.cosmosThrottled}", "429s", strcat("RU ", tostring(customDimensions.operation)))
| summarize value = sum(valueSum) by series, ${bin}
| render timechart`,

  deadLettersAndDuplicates: `customMetrics
| where name in ("${metricNames.deadLetters}", "${metricNames.duplicatesSkipped}")
| summarize events = sum(valueSum) by name, ${bin}
| render timechart`,

  endToEndLatency: `customMetrics
| where name in ("${metricNames.e2ePostToApplied}", "${metricNames.projectorEnqueuedToApplied}")
// Recorded in seconds (OpenTelemetry semantic conventions), charted in ms.
| summarize meanMs = 1000 * sum(valueSum) / sum(valueCount), maxMs = 1000 * max(valueMax) by name, ${bin}
| render timechart`,
} as const;

/** Log-alert queries: each returns one numeric column (and dimensions) per evaluation window. */
export const alertQueries = {
  consumerLag: {
    query: `${metric(metricNames.projectorLag)}
| extend partition = tostring(customDimensions.partition)
| summarize lag = max(valueMax) by partition`,
    measure: "lag",
    dimensions: ["partition"],
  },
  deadLetters: {
    query: `${metric(metricNames.deadLetters)}
| summarize deadLetters = sum(valueSum)`,
    measure: "deadLetters",
    dimensions: [],
  },
  function5xx: {
    query: `requests
| where toint(resultCode) >= 500
| summarize failures = count() by operation_Name`,
    measure: "failures",
    dimensions: ["operation_Name"],
  },
} as const;
