import { createHash } from "node:crypto";

/**
 * Stack configuration: every `pipeline:*` key, its default, and the checks that turn a bad value
 * into a clear error before anything is sent to Azure.
 */

/** Where configuration values come from: `pulumi.Config` in a deployment, a plain map in tests. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export type CosmosThroughputMode = "autoscale" | "serverless";
export type EventHubsSku = "Standard" | "Premium";

/** Settings shared by both kinds of stack; names derive from them, so every stack must agree. */
export interface NamingConfig {
  /** Lower-case letters and digits; the first part of every resource name. */
  namePrefix: string;
  /** Short lower-case hex suffix that makes globally unique names (storage, Event Hubs, sites, Cosmos). */
  nameSuffix: string;
}

export interface GlobalConfig extends NamingConfig {
  kind: "global";
  /** Region of the global resource group, the dashboard and the action group. */
  location: string;
  /** The regions with a regional stack; the first is Cosmos DB's write region (failover priority 0). */
  regions: string[];
  cosmos: {
    throughput: CosmosThroughputMode;
    /** Shared database autoscale maximum (RU/s); ignored when serverless. */
    autoscaleMaxRu: number;
    multiRegionWrites: boolean;
  };
  alertEmail: string;
}

export interface RegionalConfig extends NamingConfig {
  kind: "regional";
  /** The Azure region of this stack (`azure-native:location`). */
  region: string;
  /** Fully qualified name of the global stack, `<org>/<project>/<stack>`. */
  globalStack: string;
  eventHubs: {
    sku: EventHubsSku;
    /** Throughput units (Standard) or processing units (Premium). */
    capacity: number;
    autoInflate: boolean;
    maxThroughputUnits: number;
    partitions: number;
    retentionDays: number;
  };
  functionApp: {
    instanceMemoryMb: 512 | 2048 | 4096;
    maximumInstanceCount: number;
    alwaysReadyHttpInstances: number;
  };
  alerts: {
    /** Events behind the head of a partition before the consumer-lag alert fires. */
    consumerLagEvents: number;
  };
}

export type StackConfig = GlobalConfig | RegionalConfig;

/** The defaults, in one place so that the README and the tests can quote them. */
export const defaults = {
  namePrefix: "pipeline",
  cosmosThroughput: "autoscale" as CosmosThroughputMode,
  cosmosAutoscaleMaxRu: 1000,
  cosmosMultiRegionWrites: false,
  eventHubsSku: "Standard" as EventHubsSku,
  eventHubsCapacity: 1,
  eventHubsAutoInflate: true,
  eventHubsMaxThroughputUnits: 4,
  partitions: 4,
  retentionDays: 1,
  functionInstanceMemoryMb: 2048 as const,
  functionMaximumInstances: 100,
  functionAlwaysReadyHttp: 1,
  consumerLagAlertEvents: 10_000,
} as const;

/** A configuration value that cannot be used; the message names the key and what is allowed. */
export class ConfigError extends Error {
  constructor(key: string, problem: string) {
    super(`pipeline:${key} ${problem}`);
    this.name = "ConfigError";
  }
}

/** Per-tier hub limits from the Event Hubs quotas page (see shared/reference/limits-and-anchors.md). */
const eventHubsLimits: Record<EventHubsSku, { maxPartitions: number; maxUnits: number; maxRetentionDays: number }> = {
  Standard: { maxPartitions: 32, maxUnits: 40, maxRetentionDays: 7 },
  Premium: { maxPartitions: 100, maxUnits: 16, maxRetentionDays: 90 },
};

export interface StackContext {
  /** `azure-native:location` of the stack, when set. */
  location: string | undefined;
  /** Pulumi organization and project, used for the name suffix and the global stack's default name. */
  organization: string;
  project: string;
}

export function readStackConfig(source: ConfigSource, context: StackContext): StackConfig {
  const kind = source.get("kind");
  const naming = readNaming(source, context);
  switch (kind) {
    case "global":
      return readGlobal(source, context, naming);
    case "regional":
      return readRegional(source, context, naming);
    default:
      throw new ConfigError("kind", `must be "global" or "regional" (got ${JSON.stringify(kind)})`);
  }
}

function readNaming(source: ConfigSource, context: StackContext): NamingConfig {
  const namePrefix = source.get("namePrefix") ?? defaults.namePrefix;
  if (!/^[a-z][a-z0-9]{2,10}$/.test(namePrefix)) {
    throw new ConfigError("namePrefix", "must be 3-11 lower-case letters or digits, starting with a letter");
  }
  const nameSuffix = source.get("nameSuffix") ?? defaultSuffix(`${context.organization}/${context.project}/${namePrefix}`);
  if (!/^[a-z0-9]{4,8}$/.test(nameSuffix)) {
    throw new ConfigError("nameSuffix", "must be 4-8 lower-case letters or digits");
  }
  return { namePrefix, nameSuffix };
}

function defaultSuffix(seed: string): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, 6);
}

function readGlobal(source: ConfigSource, context: StackContext, naming: NamingConfig): GlobalConfig {
  const regions = readList(source, "regions");
  if (regions.length === 0) throw new ConfigError("regions", "must list at least one region");
  regions.forEach((r) => checkRegion("regions", r));
  if (new Set(regions).size !== regions.length) throw new ConfigError("regions", "must not repeat a region");

  const throughput = readChoice(source, "cosmosThroughput", ["autoscale", "serverless"] as const, defaults.cosmosThroughput);
  const multiRegionWrites = readBoolean(source, "cosmosMultiRegionWrites", defaults.cosmosMultiRegionWrites);
  if (throughput === "serverless" && regions.length > 1) {
    throw new ConfigError("cosmosThroughput", "serverless accounts are single-region; use autoscale with more than one region");
  }
  if (throughput === "serverless" && multiRegionWrites) {
    throw new ConfigError("cosmosMultiRegionWrites", "is not available on serverless accounts");
  }
  const autoscaleMaxRu = readInteger(source, "cosmosAutoscaleMaxRu", defaults.cosmosAutoscaleMaxRu, 1000, 1_000_000);
  if (autoscaleMaxRu % 1000 !== 0) throw new ConfigError("cosmosAutoscaleMaxRu", "must be a multiple of 1000");

  const alertEmail = source.get("alertEmail");
  if (alertEmail === undefined || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alertEmail)) {
    throw new ConfigError("alertEmail", "must be the e-mail address that receives alerts");
  }
  const location = context.location ?? regions[0]!;
  checkRegion("location", location);
  return {
    kind: "global",
    ...naming,
    location,
    regions,
    cosmos: { throughput, autoscaleMaxRu, multiRegionWrites },
    alertEmail,
  };
}

function readRegional(source: ConfigSource, context: StackContext, naming: NamingConfig): RegionalConfig {
  if (context.location === undefined) {
    throw new ConfigError("kind", "regional stacks need azure-native:location (the region to deploy)");
  }
  checkRegion("location", context.location);
  const sku = readChoice(source, "eventHubsSku", ["Standard", "Premium"] as const, defaults.eventHubsSku);
  const limits = eventHubsLimits[sku];
  const capacity = readInteger(source, "eventHubsCapacity", defaults.eventHubsCapacity, 1, limits.maxUnits);
  // Auto-inflate is a Standard-tier feature; Premium scales by processing units.
  const autoInflate = sku === "Standard" && readBoolean(source, "eventHubsAutoInflate", defaults.eventHubsAutoInflate);
  const maxThroughputUnits = readInteger(
    source,
    "eventHubsMaxThroughputUnits",
    Math.max(defaults.eventHubsMaxThroughputUnits, capacity),
    1,
    limits.maxUnits,
  );
  if (autoInflate && maxThroughputUnits < capacity) {
    throw new ConfigError("eventHubsMaxThroughputUnits", `must be at least eventHubsCapacity (${capacity})`);
  }
  const partitions = readInteger(source, "partitions", defaults.partitions, 1, limits.maxPartitions);
  const retentionDays = readInteger(source, "retentionDays", defaults.retentionDays, 1, limits.maxRetentionDays);

  const memory = readInteger(source, "functionInstanceMemoryMb", defaults.functionInstanceMemoryMb, 512, 4096);
  if (memory !== 512 && memory !== 2048 && memory !== 4096) {
    throw new ConfigError("functionInstanceMemoryMb", "must be 512, 2048 or 4096 (Flex Consumption instance sizes)");
  }
  const maximumInstanceCount = readInteger(source, "functionMaximumInstances", defaults.functionMaximumInstances, 40, 1000);
  const alwaysReadyHttpInstances = readInteger(source, "functionAlwaysReadyHttp", defaults.functionAlwaysReadyHttp, 0, maximumInstanceCount);
  const consumerLagEvents = readInteger(source, "consumerLagAlertEvents", defaults.consumerLagAlertEvents, 1, Number.MAX_SAFE_INTEGER);

  return {
    kind: "regional",
    ...naming,
    region: context.location,
    globalStack: source.get("globalStack") ?? `${context.organization}/${context.project}/global`,
    eventHubs: { sku, capacity, autoInflate, maxThroughputUnits, partitions, retentionDays },
    functionApp: { instanceMemoryMb: memory, maximumInstanceCount, alwaysReadyHttpInstances },
    alerts: { consumerLagEvents },
  };
}

function checkRegion(key: string, region: string): void {
  // Azure's programmatic region names: "westeurope", "eastus2", "southcentralus".
  if (!/^[a-z]+[0-9]?$/.test(region)) {
    throw new ConfigError(key, `must use Azure region names such as "westeurope" (got ${JSON.stringify(region)})`);
  }
}

function readList(source: ConfigSource, key: string): string[] {
  const raw = source.get(key);
  if (raw === undefined) throw new ConfigError(key, "is required");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(key, "must be a YAML list of strings");
  }
  if (!Array.isArray(parsed) || !parsed.every((x): x is string => typeof x === "string")) {
    throw new ConfigError(key, "must be a YAML list of strings");
  }
  return parsed;
}

function readInteger(source: ConfigSource, key: string, fallback: number, min: number, max: number): number {
  const raw = source.get(key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(key, `must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

function readBoolean(source: ConfigSource, key: string, fallback: boolean): boolean {
  const raw = source.get(key);
  if (raw === undefined) return fallback;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw new ConfigError(key, `must be true or false (got ${JSON.stringify(raw)})`);
}

function readChoice<T extends string>(source: ConfigSource, key: string, choices: readonly T[], fallback: T): T {
  const raw = source.get(key);
  if (raw === undefined) return fallback;
  const match = choices.find((c) => c === raw);
  if (match === undefined) throw new ConfigError(key, `must be one of ${choices.join(", ")} (got ${JSON.stringify(raw)})`);
  return match;
}
