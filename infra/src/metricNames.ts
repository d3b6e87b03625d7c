/**
 * The custom metrics the function app emits through OpenTelemetry to Azure Monitor. They land in
 * Application Insights `customMetrics` under exactly these names; the dashboard and the alerts
 * query them from here, so a rename happens in one place. Units follow the OpenTelemetry semantic
 * conventions: durations in seconds, sizes in bytes. The same instruments are scraped locally by
 * Prometheus as `pipeline_*` (dots become underscores, with a unit suffix and `_total` on counters;
 * see README "Observability" and dashboards/grafana/pipeline.json).
 */
export const metricNames = {
  /** Counter; dimensions `outcome` (accepted | rejected | throttled | unavailable | too_large) and `reason`. */
  ingestEvents: "pipeline.ingest.events",
  /** Histogram, bytes per POST body. */
  ingestRequestBytes: "pipeline.ingest.request.bytes",
  /** Histogram, events per Event Hubs batch sent by ingest. */
  ingestBatchEvents: "pipeline.ingest.batch.events",
  /** Histogram, seconds per Event Hubs send. */
  eventHubsSendDuration: "pipeline.eventhubs.send.duration",
  /** Counter, sends refused with ServerBusy / quota exceeded. */
  eventHubsThrottled: "pipeline.eventhubs.throttled",
  /** Gauge, events between a partition's head and the projector's position; dimension `partition`. */
  projectorLag: "pipeline.projector.lag",
  /** Histogram, seconds from Event Hubs enqueue to the Cosmos DB write. */
  projectorEnqueuedToApplied: "pipeline.projector.enqueued_to_applied",
  /** Histogram, seconds from ingest accepting the POST to the Cosmos DB write. */
  e2ePostToApplied: "pipeline.e2e.post_to_applied",
  /** Histogram, RU per Cosmos DB request; dimension `operation`. */
  cosmosRequestCharge: "pipeline.cosmos.request_charge",
  /** Counter, Cosmos DB 429 responses; dimension `operation`. */
  cosmosThrottled: "pipeline.cosmos.throttled",
  /** Counter, events written to the dead-letter container. */
  deadLetters: "pipeline.deadletters",
  /** Counter, redelivered or re-posted events the projector skipped. */
  duplicatesSkipped: "pipeline.duplicates_skipped",
} as const;

export type MetricName = (typeof metricNames)[keyof typeof metricNames];

export const allMetricNames: readonly MetricName[] = Object.values(metricNames);
